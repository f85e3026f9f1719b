"""Store benchmarks (issue: foundation).

1. Unlock time with the shipped Argon2id parameters (aim 0.3–1 s).
2. 100,000 entries inserted through the ledger service in one transaction:
   SQLCipher vs plain SQLite on the same schema, same run (target ≤ 1.5×).

Run: .venv/bin/python bench/bench_store.py [--rows N] [--repeat K]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

from paizhu_desktop.core import storage
from paizhu_desktop.core.demo import chronicle_items
from paizhu_desktop.core.keyslots import DEFAULT_KDF, KeyFile
from paizhu_desktop.core.session import Administrators, UserSession


def bench_unlock(folder: Path, repeat: int) -> list[float]:
    db = folder / "unlock.db"
    s, _ = UserSession.create(db, "bench", "Jizhun-2026!",
                              admins=Administrators.sharing("Jizhun-2026!"), kdf=DEFAULT_KDF)
    s.close()
    kf = KeyFile.load(storage.keyfile_path(db))
    times = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        kf.unlock_with_password("bench", "Jizhun-2026!")
        times.append(time.perf_counter() - t0)
    return times


def insert_rows(session: UserSession, rows: list[dict[str, object]]) -> float:
    t0 = time.perf_counter()
    session.ledgers.add_many("chronicle", rows)
    return time.perf_counter() - t0


def plain_engine(path: Path, _key: bytes, *, readonly: bool = False):  # type: ignore[no-untyped-def]
    """The same engine setup on stock sqlite3 (no encryption) for the ratio."""
    import sqlite3

    from sqlalchemy import create_engine, event

    def creator():  # type: ignore[no-untyped-def]
        c = sqlite3.connect(str(path), check_same_thread=False, isolation_level=None)
        c.execute("PRAGMA journal_mode = WAL")
        c.execute("PRAGMA synchronous = FULL")
        c.execute("PRAGMA temp_store = MEMORY")
        return c

    engine = create_engine("sqlite://", creator=creator)

    @event.listens_for(engine, "begin")
    def _begin(conn):  # type: ignore[no-untyped-def]
        conn.exec_driver_sql("BEGIN IMMEDIATE" if conn.get_execution_options().get(
            "paizhu_write") else "BEGIN")

    return engine


def bench_insert(folder: Path, n: int, repeat: int) -> tuple[list[float], list[float]]:
    import random

    rows = list(chronicle_items(n, 2026, random.Random(1)))
    enc, plain = [], []
    original = storage.make_engine
    original_check = storage.check_file_shape
    for i in range(repeat):
        for kind in ("cipher", "plain"):
            path = folder / f"{kind}{i}.db"
            if kind == "plain":
                storage.make_engine = plain_engine  # type: ignore[assignment]
                storage.check_file_shape = lambda p: None  # type: ignore[assignment]
            try:
                s, _ = UserSession.create(path, "bench", "Jizhun-2026!",
                                          admins=Administrators.sharing("Jizhun-2026!"))
                (enc if kind == "cipher" else plain).append(insert_rows(s, rows))
                s.close()
            finally:
                storage.make_engine = original
                storage.check_file_shape = original_check
    return enc, plain


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--rows", type=int, default=100_000)
    ap.add_argument("--repeat", type=int, default=3)
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        unlock = bench_unlock(folder, 5)
        print(f"unlock (Argon2id m={DEFAULT_KDF.memory_kib} KiB, t={DEFAULT_KDF.iterations}, "
              f"p={DEFAULT_KDF.lanes}): median {statistics.median(unlock):.3f} s "
              f"(min {min(unlock):.3f}, max {max(unlock):.3f}); target 0.3–1 s")
        enc, plain = bench_insert(folder, args.rows, args.repeat)
        me, mp = statistics.median(enc), statistics.median(plain)
        print(f"insert {args.rows} chronicle entries (service path: validate, row, FTS, "
              f"revision, audit) in one transaction, median of {args.repeat}:")
        print(f"  SQLCipher {me:.2f} s   plain SQLite {mp:.2f} s   ratio {me / mp:.2f}× "
              f"(target ≤ 1.5×)")
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""Signed audit chain: what signing costs a write, a login and ``verify``.

1. A year of chronicle entries added one by one through the ledger service
   (each signs its audit record): entries per second.
2. Login: the account replay (signatures of the account records) and the own
   anchor check — the part of a login that is not Argon2id.
3. verify on that database: every link and signature, the permission replay,
   every entry, revision and attachment against the chain.

Run: .venv/bin/python bench/bench_verify.py [--entries N]
"""

from __future__ import annotations

import argparse
import tempfile
import time
from pathlib import Path

from paizhu_desktop.core.demo import make_demo
from paizhu_desktop.core.integrity import account_replay
from paizhu_desktop.core.keyslots import KdfCost
from paizhu_desktop.core.session import UserSession

#: Argon2id at its cheapest: the figures below are what signing adds, not unlocking.
CHEAP = KdfCost(memory_kib=1024, iterations=1, lanes=1)
PASSWORD = "Jizhun-2026!"


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--entries", type=int, default=10_000)
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        db = Path(tmp) / "bench.db"
        t = time.perf_counter()
        session = make_demo(db, PASSWORD, entries=args.entries, kdf=CHEAP)
        made = time.perf_counter() - t
        with session.db.reading() as conn:
            records = conn.exec_driver_sql("SELECT count(*) FROM audit_log").scalar_one()
        session.close()
        print(f"demo database: {args.entries} chronicle entries, {records} signed audit "
              f"records in {made:.1f} s ({records / made:.0f} records/s, each signed)")

        t = time.perf_counter()
        s = UserSession.open(db, "demo", PASSWORD, kdf=CHEAP)
        login = time.perf_counter() - t
        with s.db.reading() as conn:
            t = time.perf_counter()
            account_replay(conn, s.db.db_id)
            replay = time.perf_counter() - t
        print(f"login (cheap Argon2id): {login:.2f} s, "
              f"of which account replay {replay * 1000:.0f} ms")
        t = time.perf_counter()
        report = s.verify()
        took = time.perf_counter() - t
        s.close()
        print(f"verify: {report.audit_entries} records, {report.entries_checked} entries in "
              f"{took:.2f} s ({report.audit_entries / took:.0f} records/s); "
              f"{'ok' if report.ok else report.problems[:3]}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

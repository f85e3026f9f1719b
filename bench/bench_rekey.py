"""Re-keying the database (issue "Hardening", 密钥更换): how long a new database key
takes on a 100,000-entry database, and that it leaves every entry readable.

The re-key re-encrypts every page (SQLCipher ``PRAGMA rekey``, rollback journal) and
reseals each account's slot to the new key; it runs when an account is disabled, loses
its reading roles, or an administrator asks.

Run: .venv/bin/python bench/bench_rekey.py [--rows N]
"""

from __future__ import annotations

import argparse
import random
import tempfile
import time
from pathlib import Path

from paizhu_desktop.core.demo import chronicle_items
from paizhu_desktop.core.keyslots import KdfCost
from paizhu_desktop.core.session import Administrators, UserSession

PASSWORD = "Jizhun-2026!"
#: Cheap Argon2id: the figures are the re-key's, not the logins'.
CHEAP = KdfCost(memory_kib=1024, iterations=1, lanes=1)


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--rows", type=int, default=100_000)
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "rekey.db"
        s, _ = UserSession.create(path, "bench", PASSWORD,
                                  admins=Administrators.sharing(PASSWORD), kdf=CHEAP)
        t = time.perf_counter()
        s.ledgers.add_many("chronicle", chronicle_items(args.rows, 2026, random.Random(1)))
        filled = time.perf_counter() - t
        s.close()
        size_mb = path.stat().st_size / 1e6
        print(f"{args.rows} chronicle entries added in {filled:.1f} s; database {size_mb:.0f} MB")
        admin = UserSession.open(path, "xitong", PASSWORD, kdf=CHEAP)
        t = time.perf_counter()
        admin.rekey("基准测量")
        took = time.perf_counter() - t
        admin.close()
        print(f"re-key (every page re-encrypted, every slot resealed): {took:.1f} s "
              f"({size_mb / took:.0f} MB/s)")
        t = time.perf_counter()
        s = UserSession.open(path, "bench", PASSWORD, kdf=CHEAP)
        count = s.ledgers.count("chronicle")
        s.close()
        auditor = UserSession.open(path, "shenji", PASSWORD, kdf=CHEAP)
        report = auditor.verify()
        auditor.close()
        print(f"after the re-key: {count} entries read back, verify "
              f"{'ok' if report.ok else report.problems[:2]} ({time.perf_counter() - t:.1f} s)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

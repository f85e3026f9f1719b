"""The compliance calendar on a large database: every duty's instances for a year.

Target (the compliance-calendar issue): computing every instance for a year on a
database of 100,000 entries takes under 0.2 s.

The database: the demo year, then ten years of records in the ledgers that duties
read — a 组务会 every week, 议定事项 with deadlines (some done, some late, some
open), 大事记 汇总 — and chronicle entries up to the total.

Run: .venv/bin/python bench/bench_compliance.py [--entries 100000]
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import statistics
import tempfile
import time
from pathlib import Path

from paizhu_desktop.core import compliance
from paizhu_desktop.core.demo import chronicle_items, make_demo
from paizhu_desktop.core.keyslots import KdfCost
from paizhu_desktop.core.session import UserSession

CHEAP = KdfCost(memory_kib=1024, iterations=1, lanes=1)
PASSWORD = "Jizhun-2026!"
TARGET_S = 0.2


def fill(session: UserSession, total: int, rng: random.Random) -> int:
    """Ten years of meetings and 议定事项, then chronicle entries up to ``total``."""
    today = dt.date.today()
    first = dt.date(today.year - 9, 1, 5)
    meetings, items = [], []
    day = first
    while day <= today:
        meetings.append({"date": day.isoformat(), "host": "组长", "recorder": "记录员",
                         "attendees": "全体人员", "discussion": "研究本周工作。",
                         "agenda": [{"topic": "研究本周监督检查工作", "category": "3"}]})
        for _ in range(40):
            deadline = day + dt.timedelta(days=rng.randint(3, 40))
            item: dict[str, object] = {"decided_on": day.isoformat(), "owner": "demo",
                                       "matter": f"落实第{len(items) + 1}项议定事项",
                                       "deadline": deadline.isoformat()}
            items.append(item)
        day += dt.timedelta(days=7)
    added = 0
    for ledger, rows in (("group_meeting", meetings), ("action_item", items)):
        for i in range(0, len(rows), 2000):
            added += session.ledgers.add_many(ledger, rows[i:i + 2000])
    # The demo's own year has signed-off months (第五十条 locks them): earlier years only.
    years = range(first.year, today.year)
    per_year = max(0, (total - added) // len(years))
    for year in years:
        batch = list(chronicle_items(per_year, year, rng))
        for i in range(0, len(batch), 2000):
            added += session.ledgers.add_many("chronicle", batch[i:i + 2000])
    return added


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--entries", type=int, default=100_000)
    ap.add_argument("--runs", type=int, default=7)
    args = ap.parse_args()
    rng = random.Random(2026)
    with tempfile.TemporaryDirectory() as tmp:
        db = Path(tmp) / "bench.db"
        t = time.perf_counter()
        session = make_demo(db, PASSWORD, entries=60, kdf=CHEAP)
        added = fill(session, args.entries, rng)
        with session.db.reading() as conn:
            total = sum(conn.exec_driver_sql(f"SELECT count(*) FROM {d.table_name}").scalar_one()
                        for d in session.catalog.ledgers())
        print(f"database: {total} entries ({added} added for the bench) "
              f"in {time.perf_counter() - t:.0f} s")
        today = dt.date.today()
        year_times, attention_times = [], []
        for _ in range(args.runs):
            t = time.perf_counter()
            items = compliance.instances(session, on=today)
            year_times.append(time.perf_counter() - t)
            t = time.perf_counter()
            red = compliance.attention(session, on=today)
            attention_times.append(time.perf_counter() - t)
        year_s = statistics.median(year_times)
        print(f"every instance of {today.year} ({len(items)} instances of "
              f"{len(session.catalog.duties())} duties): median {year_s * 1000:.0f} ms, "
              f"best {min(year_times) * 1000:.0f} ms "
              f"(target < {TARGET_S * 1000:.0f} ms: ratio {year_s / TARGET_S:.2f})")
        print(f"待办 (due soon and overdue since the start, this person's): {len(red)} items, "
              f"median {statistics.median(attention_times) * 1000:.0f} ms")
        session.close()
        return 0 if year_s < TARGET_S else 1


if __name__ == "__main__":
    raise SystemExit(main())

"""Statistics on a county database of 30 groups × 10 years (about a million entries).

Targets (the county-office issue): the 统计 page's figures compute in under 1 s,
any one figure in under 0.5 s. The page computes a year against the last (同比,
one scan of both years) and, when its 趋势 tab is shown, every figure over every
year: both are timed against the page's 1 s. The entries are written straight into the ledger
tables with their ``origin`` (a benchmark of counting, not of importing: the
audit chain is not built, so this database would not pass verify).

Run: .venv/bin/python bench/bench_statistics.py [--groups 30] [--years 10]
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import statistics as stat
import tempfile
import time
import uuid
from pathlib import Path

from sqlalchemy import insert

from paizhu_desktop.core import statistics
from paizhu_desktop.core.keyslots import KdfCost
from paizhu_desktop.core.schema import handoff_groups
from paizhu_desktop.core.session import Administrators, UserSession

CHEAP = KdfCost(memory_kib=1024, iterations=1, lanes=1)
PASSWORD = "Jizhun-2026!"
#: Entries per group and year, by ledger (a busy group's year).
PER_YEAR = {"chronicle": 2600, "group_meeting": 50, "action_item": 320, "seal_use": 330}


def rows(ledger: str, origin: str, year: int, n: int,
         rng: random.Random) -> list[dict[str, object]]:
    out: list[dict[str, object]] = []
    for _ in range(n):
        day = dt.date(year, 1, 1) + dt.timedelta(days=rng.randrange(365))
        row = {"id": str(uuid.uuid4()), "classification": "内部", "retention": "",
               "status": "", "voided": False, "void_reason": "", "voided_at": "",
               "voided_by": "", "created_at": "2026-01-01T00:00", "created_by": "bench",
               "updated_at": "2026-01-01T00:00", "updated_by": "bench", "version": 1,
               "search_text": "", "content_hash": "0" * 64, "origin": origin,
               "desc_version": 1}
        if ledger == "chronicle":
            row.update(f_date_start=day.isoformat(), f_category=str(rng.randint(1, 6)))
        elif ledger == "group_meeting":
            row.update(f_date=day.isoformat())
        elif ledger == "action_item":
            row.update(f_decided_on=day.isoformat(), status=rng.choice(["open", "done"]))
        else:
            row.update(f_requested_at=day.isoformat() + " 09:00", status="stamped",
                       f_impressions=rng.randint(1, 5))
        out.append(row)
    return out


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--groups", type=int, default=30)
    ap.add_argument("--years", type=int, default=10)
    args = ap.parse_args()
    rng = random.Random(2026)
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "county.db"
        county, _ = UserSession.create(path, "county", PASSWORD, mode="county",
                                       admins=Administrators.sharing(PASSWORD),
                                       group_name="示例县纪委监委", kdf=CHEAP)
        catalog = county.catalog
        this_year = dt.date.today().year
        t = time.perf_counter()
        total = 0
        with county.db.transaction() as conn:
            for g in range(args.groups):
                origin = uuid.uuid4().hex
                conn.execute(insert(handoff_groups), {
                    "db_id": origin, "group_name": f"示例县纪委监委派驻第{g + 1}纪检监察组",
                    "first_import_at": "2026-01-01", "last_import_at": "2026-01-01"})
                for year in range(this_year - args.years + 1, this_year + 1):
                    for ledger, n in PER_YEAR.items():
                        table = catalog.table(ledger)
                        conn.execute(insert(table), rows(ledger, origin, year, n, rng))
                        total += n
        print(f"county database: {args.groups} groups × {args.years} years = {total} entries "
              f"in {time.perf_counter() - t:.0f} s")
        page, one, page_cpu, one_cpu, both, years = [], [], [], [], [], []
        both_cpu, years_cpu = [], []
        for _ in range(5):
            t, c = time.perf_counter(), time.process_time()
            statistics.compare(county, this_year, "month")
            both.append(time.perf_counter() - t)
            both_cpu.append(time.process_time() - c)
            t, c = time.perf_counter(), time.process_time()
            trend = statistics.trend(county)
            years.append(time.perf_counter() - t)
            years_cpu.append(time.process_time() - c)
            t, c = time.perf_counter(), time.process_time()
            statistics.compute(county, this_year, "month")
            page.append(time.perf_counter() - t)
            page_cpu.append(time.process_time() - c)
            t, c = time.perf_counter(), time.process_time()
            statistics.compute(county, this_year - 3, "quarter", figure_ids=["interference"])
            one.append(time.perf_counter() - t)
            one_cpu.append(time.process_time() - c)
        page_s, one_s = stat.median(page), stat.median(one)
        # CPU time beside wall time: on a shared machine the wall clock waits for others.
        print(f"every figure of a year, by month, {args.groups} groups: median "
              f"{page_s * 1000:.0f} ms, CPU {stat.median(page_cpu) * 1000:.0f} ms "
              f"(target < 1000 ms: ratio {page_s:.2f})")
        print(f"one figure recomputed: median {one_s * 1000:.0f} ms, CPU "
              f"{stat.median(one_cpu) * 1000:.0f} ms (target < 500 ms: ratio {one_s / 0.5:.2f})")
        both_s, years_s = stat.median(both), stat.median(years)
        print(f"a year against the last (同比), every figure by month: median "
              f"{both_s * 1000:.0f} ms, CPU {stat.median(both_cpu) * 1000:.0f} ms "
              f"(target < 1000 ms: ratio {both_s:.2f})")
        print(f"trend of every figure over {len(trend.years)} years: median "
              f"{years_s * 1000:.0f} ms, CPU {stat.median(years_cpu) * 1000:.0f} ms "
              f"(target < 1000 ms: ratio {years_s:.2f})")
        county.close()
        return 0 if max(page_s, both_s, years_s) < 1 and one_s < 0.5 else 1


if __name__ == "__main__":
    raise SystemExit(main())

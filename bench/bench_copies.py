"""Copies of a 秘密 register, each with its 份号 (献县办法 第五十八条, GB/T 9704-2012 7.2.1).

A register of N chronicle entries (default 300) is rendered once for the preview, then
printed as C copies (default 5): the print log, C 涉密载体 and the copies' PDF in one
transaction. Prints the seconds of each and the PDF sizes: the copies draw every page
once as a form, so C copies should cost about one rendering and one copy's size.
Usage: PYTHONPATH=src python bench/bench_copies.py [--entries N] [--copies C]
"""

from __future__ import annotations

import argparse
import tempfile
import time
from pathlib import Path

from paizhu_desktop.core.keyslots import KdfCost
from paizhu_desktop.core.permissions import Role
from paizhu_desktop.core.printing.jobs import issue
from paizhu_desktop.core.printing.service import print_register
from paizhu_desktop.core.session import Administrators, NewAccount, UserSession

#: The database's key slots are not what is measured here: make them cheap.
CHEAP_KDF = KdfCost(memory_kib=1024, iterations=1, lanes=1)
PASSWORD = "Qiushi-2026!"


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--entries", type=int, default=300)
    parser.add_argument("--copies", type=int, default=5)
    args = parser.parse_args()
    admins = Administrators(NewAccount("xitong", PASSWORD, "系统管理员"),
                            NewAccount("anquan", PASSWORD, "安全保密管理员"),
                            NewAccount("shenji", PASSWORD, "安全审计员"))
    with tempfile.TemporaryDirectory() as tmp:
        s, _ = UserSession.create(Path(tmp) / "bench.db", "zhangzz", PASSWORD, admins=admins,
                                  group_name="示例县纪委监委派驻第一纪检监察组", kdf=CHEAP_KDF)
        assert Role.LEADER in s.user.roles
        told = "透露并登记报告，已按规定向组长报告并记录在案。"
        s.ledgers.add_many("chronicle", [
            {"date_start": f"2026-{i % 12 + 1:02d}-{i % 28 + 1:02d}", "importance": 1,
             "category": "5",
             "content": f"第{i}次：有人打听某问题线索的办理情况，工作人员未予" + told * (1 + i % 3)}
            for i in range(args.entries)])
        first = s.ledgers.list("chronicle")[0]
        s.ledgers.edit("chronicle", first.id, {}, classification="秘密", retention="10年")
        t0 = time.perf_counter()
        job = print_register(s, "chronicle", year=2026)
        t1 = time.perf_counter()
        pdf = issue(s, job, "派驻组涉密打印机", args.copies)
        t2 = time.perf_counter()
        print(f"{args.entries} 条，{job.pages} 页：预览 {t1 - t0:.2f} s，{len(job.pdf) // 1024} KB")
        print(f"{args.copies} 份（份号 {job.copy_numbers[0]}–{job.copy_numbers[-1]}）："
              f"登记并生成 {t2 - t1:.2f} s，{len(pdf) // 1024} KB")
        s.close()


if __name__ == "__main__":
    main()

"""Render the pages of assessment, the duty record and 巡察 rectification on a demo
database to docs/screenshots/ (30-…, 36-记实评分), and the 全程记实得分季度通报 and a
考核计分表 to docs/samples/: ``python tools/screenshots_assessment.py [OUT_DIR [SAMPLES]]``.
"""

from __future__ import annotations

import datetime as dt
import os
import sys
import tempfile
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtWidgets import QApplication  # noqa: E402

from paizhu_desktop.core.demo import make_demo  # noqa: E402
from paizhu_desktop.core.printing.record_scores_paper import print_record_scores  # noqa: E402
from paizhu_desktop.core.printing.service import print_document  # noqa: E402
from paizhu_desktop.core.session import UserSession  # noqa: E402
from paizhu_desktop.gui.app import setup_application  # noqa: E402
from paizhu_desktop.gui.main_window import MainWindow  # noqa: E402

sys.path.insert(0, str(Path(__file__).parent))
from screenshots import PASSWORD, settle, shoot  # noqa: E402
from screenshots_branch import page_png  # noqa: E402

PAGES = (("score_sheet", "30-考核计分"), ("duty_record", "31-全程记实"),
         ("inspection_rectification", "32-巡察整改督办"), ("group_assessment", "33-派驻机构考核"),
         ("host_duty_check", "34-责任清单落实监督"))


def main() -> int:
    out = Path(sys.argv[1] if len(sys.argv) > 1 else "docs/screenshots")
    out.mkdir(parents=True, exist_ok=True)
    app = QApplication(sys.argv)
    setup_application(app)
    with tempfile.TemporaryDirectory() as tmp:
        db = Path(tmp) / "演示数据库.db"
        make_demo(db, PASSWORD, entries=60).close()
        session = UserSession.open(db, "demo", PASSWORD)
        w = MainWindow(session, demo=True)
        w.resize(1366, 768)
        w.show()
        settle(app)
        for ledger, name in PAGES:
            p = w.open_ledger(ledger)
            assert p is not None
            p.table.selectRow(0)
            settle(app, 300)
            shoot(w, out, name)
        # 濮阳·全程记实 第十五条: the monthly and quarterly scores, the second quarter chosen.
        page = w.show_record_scores()
        page.quarter.setCurrentIndex(1)
        settle(app, 300)
        shoot(w, out, "36-记实评分")
        samples = Path(sys.argv[2] if len(sys.argv) > 2 else "docs/samples")
        samples.mkdir(parents=True, exist_ok=True)
        notice = print_record_scores(session, dt.date.today().year, 2)
        page_png(notice, samples, "全程记实得分季度通报")
        sheet = session.ledgers.list("score_sheet")[0]
        page_png(print_document(session, "score_sheet", "考核计分表", entry_id=sheet.id),
                 samples, "考核计分表")
        w.close()
        session.close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

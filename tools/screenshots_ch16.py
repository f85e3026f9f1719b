"""Render the pages of 献县办法 第十六章 内部责任制度 on a demo database.

Usage: ``python tools/screenshots_ch16.py`` (offscreen, 1366×768). Writes
docs/screenshots/40-职责分工.png, 41-用印登记-B角代审.png, 42-待办-B角.png and the
first page of the printed 职责分工 register to docs/samples/职责分工登记簿.png.
"""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QSize, QTimer  # noqa: E402
from PySide6.QtGui import QImage  # noqa: E402
from PySide6.QtPdf import QPdfDocument  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402

from paizhu_desktop.core.demo import make_demo  # noqa: E402
from paizhu_desktop.core.printing.service import print_register  # noqa: E402
from paizhu_desktop.core.session import UserSession  # noqa: E402
from paizhu_desktop.gui.app import setup_application  # noqa: E402
from paizhu_desktop.gui.main_window import MainWindow  # noqa: E402

PASSWORD = "Shili-2026!"


def settle(app: QApplication, ms: int = 200) -> None:
    QTimer.singleShot(ms, app.quit)
    app.exec()


def main() -> int:
    shots, samples = Path("docs/screenshots"), Path("docs/samples")
    app = QApplication(sys.argv)
    setup_application(app)
    with tempfile.TemporaryDirectory() as tmp:
        db = Path(tmp) / "演示数据库.db"
        make_demo(db, PASSWORD, entries=60).close()
        session = UserSession.open(db, "demo", PASSWORD)
        w = MainWindow(session, demo=True)
        w.resize(1366, 768)
        w.show()
        p = w.open_ledger("post_assignment")
        assert p is not None
        p.table.selectRow(0)
        settle(app)
        w.grab().save(str(shots / "40-职责分工.png"))
        seal = w.open_ledger("seal_use")
        assert seal is not None
        own = [e for e in session.ledgers.list("seal_use")
               if e.values.get("stand_in")]
        seal.open_entry(own[0].id)
        settle(app)
        w.grab().save(str(shots / "41-用印登记-B角代审.png"))
        w.close()
        job = print_register(session, "post_assignment")
        session.close()

        backup = UserSession.open(db, "wangmy", PASSWORD)
        bw = MainWindow(backup, demo=True)
        bw.resize(1366, 768)
        bw.show()
        bw.show_tasks()
        settle(app)
        bw.grab().save(str(shots / "42-待办-B角.png"))
        bw.close()
        backup.close()

        pdf_path = Path(tmp) / "register.pdf"
        pdf_path.write_bytes(job.pdf)
        doc = QPdfDocument()
        doc.load(str(pdf_path))
        size = doc.pagePointSize(min(1, doc.pageCount() - 1)).toSize()
        image: QImage = doc.render(min(1, doc.pageCount() - 1),
                                   QSize(size.width() * 2, size.height() * 2))
        image.save(str(samples / "职责分工登记簿.png"))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

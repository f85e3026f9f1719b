"""Render the 外出离岗登记 and the B角 standing in while the 组长 is away (献县办法
第六十五条) on a demo database.

Usage: ``python tools/screenshots_absence.py`` (offscreen, 1366×768). Writes
docs/screenshots/47-外出离岗登记.png, 48-用印登记-组长外出B角代审.png,
49-待办-组长外出.png, 50-职责分工-B角须为本组人员.png and the first page of the printed
register to docs/samples/外出离岗登记簿.png. For the 待办 the 组长 is sent away again
today on the copy of the demo (the demo's own trip lies in the past).
"""

from __future__ import annotations

import datetime as dt
import os
import sys
import tempfile
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QSize, Qt, QTimer  # noqa: E402
from PySide6.QtGui import QImage, QPainter  # noqa: E402
from PySide6.QtPdf import QPdfDocument  # noqa: E402
from PySide6.QtTest import QTest  # noqa: E402
from PySide6.QtWidgets import QApplication, QComboBox, QLineEdit, QPlainTextEdit  # noqa: E402

from paizhu_desktop.core.demo import make_demo  # noqa: E402
from paizhu_desktop.core.printing.service import print_register  # noqa: E402
from paizhu_desktop.core.session import UserSession  # noqa: E402
from paizhu_desktop.gui.app import setup_application  # noqa: E402
from paizhu_desktop.gui.main_window import MainWindow  # noqa: E402

PASSWORD = "Shili-2026!"


def settle(app: QApplication, ms: int = 200) -> None:
    QTimer.singleShot(ms, app.quit)
    app.exec()


def window(session: UserSession) -> MainWindow:
    w = MainWindow(session, demo=True)
    w.resize(1366, 768)
    w.show()
    return w


def main() -> int:
    shots, samples = Path("docs/screenshots"), Path("docs/samples")
    app = QApplication(sys.argv)
    setup_application(app)
    with tempfile.TemporaryDirectory() as tmp:
        db = Path(tmp) / "演示数据库.db"
        make_demo(db, PASSWORD, entries=60).close()
        session = UserSession.open(db, "demo", PASSWORD)
        w = window(session)
        page = w.open_ledger("absence")
        assert page is not None
        page.open_entry(session.ledgers.list("absence")[0].id)
        settle(app)
        w.grab().save(str(shots / "47-外出离岗登记.png"))
        seal = w.open_ledger("seal_use")
        assert seal is not None
        meanwhile = [e for e in session.ledgers.list("seal_use")
                     if "外出" in str(e.values.get("stand_in") or "")]
        seal.open_entry(meanwhile[0].id)
        settle(app)
        w.grab().save(str(shots / "48-用印登记-组长外出B角代审.png"))
        # A B角 who holds no account is refused under the field (the core's check).
        division = w.open_ledger("post_assignment")
        assert division is not None
        division.new_entry()
        division.findChild(QLineEdit, "post").setText("综合文秘岗")
        division.findChild(QPlainTextEdit, "responsibilities").setPlainText("负责公文办理")
        primary = division.findChild(QComboBox, "primary")
        primary.setCurrentIndex(primary.findData("lihq"))
        backup = division.findChild(QComboBox, "backup")
        backup.setEditText("王某某")
        QTest.mouseClick(division.save_button, Qt.MouseButton.LeftButton)
        settle(app)
        w.grab().save(str(shots / "50-职责分工-B角须为本组人员.png"))
        division.form.clear()
        w.close()
        job = print_register(session, "absence")

        # The 组长 away today: his B角 finds a member's seal request in his 待办.
        now = dt.datetime.now().replace(second=0, microsecond=0)
        trip = session.ledgers.add("absence", {
            "kind": "trip", "reason": "赴省纪委监委汇报派驻监督工作（演示）", "destination": "石家庄市",
            "leaves_county": True, "leaves_at": (now - dt.timedelta(hours=2)).isoformat(),
            "returns_at": (now + dt.timedelta(days=2)).replace(hour=18, minute=0).isoformat(),
            "handover": "用印审批由B角王明远代行"}).id
        session.ledgers.step("absence", trip, "file_own",
                             data={"reported_to": "已书面报告县纪委监委（第三十九条（九））"})
        session.close()
        member = UserSession.open(db, "zhaojg", PASSWORD)
        member.ledgers.add("seal_use", {"document": "关于示例县审计局廉政风险点排查情况的反馈",
                                        "purpose": "送达驻在部门", "impressions": 1})
        member.close()
        backup_session = UserSession.open(db, "wangmy", PASSWORD)
        bw = window(backup_session)
        bw.show_tasks()
        table = bw.tasks_page.table
        seal_row = next(r for r in range(table.rowCount())
                        if table.item(r, 0).text() == "用印登记")
        table.selectRow(seal_row)
        table.scrollToItem(table.item(seal_row, 0))
        settle(app)
        bw.grab().save(str(shots / "49-待办-组长外出.png"))
        bw.close()
        backup_session.close()

        pdf_path = Path(tmp) / "register.pdf"
        pdf_path.write_bytes(job.pdf)
        doc = QPdfDocument()
        doc.load(str(pdf_path))
        size = doc.pagePointSize(min(1, doc.pageCount() - 1)).toSize()
        page_image: QImage = doc.render(min(1, doc.pageCount() - 1),
                                        QSize(size.width() * 2, size.height() * 2))
        # The page is rendered transparent: on white, as it prints.
        image = QImage(page_image.size(), QImage.Format.Format_RGB32)
        image.fill(Qt.GlobalColor.white)
        painter = QPainter(image)
        painter.drawImage(0, 0, page_image)
        painter.end()
        image.save(str(samples / "外出离岗登记簿.png"))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

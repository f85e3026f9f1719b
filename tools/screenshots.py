"""Render each screen of the application on a demo database to docs/screenshots/.

Usage: ``python tools/screenshots.py [OUT_DIR]`` (runs offscreen; 1366×768).
The demo database is made in a temporary folder and removed afterwards.
"""

from __future__ import annotations

import os
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QDialog, QWidget

from paizhu_desktop.core.demo import make_demo
from paizhu_desktop.core.session import UserSession

from paizhu_desktop.gui.app import setup_application
from paizhu_desktop.gui.login import LoginDialog
from paizhu_desktop.gui.main_window import MainWindow

PASSWORD = "Shili-2026!"  # the demo password (gui.app.DEMO_PASSWORD)


def settle(app: QApplication, ms: int = 150) -> None:
    QTimer.singleShot(ms, app.quit)
    app.exec()


def shoot(widget: QWidget, out: Path, name: str) -> None:
    widget.grab().save(str(out / f"{name}.png"))
    print(out / f"{name}.png")


def chron_year() -> int:
    import datetime as dt

    return dt.date.today().year


def main() -> int:
    out = Path(sys.argv[1] if len(sys.argv) > 1 else "docs/screenshots")
    out.mkdir(parents=True, exist_ok=True)
    app = QApplication(sys.argv)
    setup_application(app)
    with tempfile.TemporaryDirectory() as tmp:
        db = Path(tmp) / "演示数据库.db"
        make_demo(db, PASSWORD, entries=120).close()

        login = LoginDialog(db)
        login.show()
        login.username.setText("demo")
        settle(app)
        shoot(login, out, "01-登录")
        login.close()

        session = UserSession.open(db, "demo", PASSWORD)
        w = MainWindow(session, demo=True)
        w.resize(1366, 768)
        w.show()
        settle(app)
        shoot(w, out, "02-待办事项")

        def page(ledger: str, pick: Callable[[object], None] | None = None,
                 row: int = 0) -> None:
            p = w.open_ledger(ledger)
            assert p is not None
            p.table.selectRow(row)
            if pick is not None:
                pick(p)
            settle(app)

        page("chronicle")
        shoot(w, out, "03-大事记")
        page("group_meeting")
        shoot(w, out, "04-组务会")
        page("action_item")
        shoot(w, out, "05-议定事项")
        seal = w.open_ledger("seal_use")
        assert seal is not None
        page("seal_use", row=max(0, seal.model.rowCount() - 3))
        shoot(w, out, "06-用印登记")
        page("chronicle_review")
        shoot(w, out, "07-大事记审定")

        w.lock()
        settle(app)
        shoot(w, out, "08-锁定")
        w.unlock(PASSWORD)

        p = w.open_ledger("seal_use")
        assert p is not None
        p.table.selectRow(p.model.rowCount() - 1)
        settle(app)
        from paizhu_desktop.gui.workflow import StepDialog

        entry = p.current_entry()
        assert entry is not None and p.desc.workflow is not None
        dlg = StepDialog(p.desc, entry, p.desc.workflow.step("reject"), w)
        dlg.show()
        settle(app)
        shoot(dlg, out, "09-审批对话框")
        dlg.done(QDialog.DialogCode.Rejected)

        chron = w.open_ledger("chronicle")
        assert chron is not None
        rendering = chron.print_register({"year": chron_year(), "month": None, "half": None},
                                         show=False)
        while rendering is not None and not rendering.done:  # rendered on a worker thread
            settle(app, 50)
        preview = chron.preview
        assert preview is not None
        preview.resize(1100, 740)
        preview.show()
        settle(app, 600)
        shoot(preview, out, "10-打印预览")
        preview.close()

        from paizhu_desktop.gui.printing import FontSettingsDialog

        fonts = FontSettingsDialog(session, w)
        fonts.show()
        settle(app)
        shoot(fonts, out, "11-打印字体")
        fonts.close()

        from paizhu_desktop.gui.handoff import ExportDialog

        exp = ExportDialog(session, w)
        exp.show()
        exp.findChild(QWidget, "generatePassphrase").click()
        settle(app)
        shoot(exp, out, "12-导出交接文件")
        exp.close()

        from paizhu_desktop.gui.coverage import CoverageDialog

        cov = CoverageDialog(session.catalog, w)
        cov.regulation.setCurrentIndex(cov.regulation.findData("献县办法"))
        cov.show()
        cov.table.selectRow(59)  # 献县办法 第六十条
        settle(app)
        shoot(cov, out, "13-制度覆盖")
        cov.close()
        w.close()
        session.close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

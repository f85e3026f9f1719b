"""The main window at the two screen sizes it must fit (1024×768 and 1366×768), on a
demo database, to docs/screenshots/ (files named by size): two ledgers, the 日历 page
(month view and list) and 待办事项.

Usage: ``python tools/screenshots_sizes.py [OUT_DIR]`` (runs offscreen). The window is
given the size it takes on such a screen: the width less its frame, the height less
a task bar and the title bar.
"""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QEventLoop, QTimer
from PySide6.QtWidgets import QApplication, QPlainTextEdit

from paizhu_desktop.core.demo import make_demo
from paizhu_desktop.core.keyslots import KdfCost

from paizhu_desktop.gui.app import setup_application
from paizhu_desktop.gui.main_window import FRAME_ALLOWANCE, MainWindow

PASSWORD = "Shili-2026!"
SIZES = ((1024, 768), (1366, 768))
#: A task bar at the bottom of the screen.
TASK_BAR = 40


def settle(ms: int = 200) -> None:
    # Not app.quit(): in Qt 6 that closes the window, which asks about unsaved edits.
    loop = QEventLoop()
    QTimer.singleShot(ms, loop.quit)
    loop.exec()


def main() -> int:
    out = Path(sys.argv[1] if len(sys.argv) > 1 else "docs/screenshots")
    out.mkdir(parents=True, exist_ok=True)
    app = QApplication(sys.argv)
    setup_application(app)
    with tempfile.TemporaryDirectory() as tmp:
        session = make_demo(Path(tmp) / "演示数据库.db", PASSWORD, entries=120,
                            kdf=KdfCost(1024, 1, 1))
        w = MainWindow(session, demo=True)
        w.show()
        for width, height in SIZES:
            w.resize(width - FRAME_ALLOWANCE[0], height - TASK_BAR - FRAME_ALLOWANCE[1])
            for ledger, row in (("chronicle", 0), ("seal_use", 0)):
                p = w.open_ledger(ledger)
                assert p is not None
                p.table.selectRow(row)
                if ledger == "chronicle":
                    content = p.form.findChild(QPlainTextEdit, "content")
                    assert content is not None
                    content.setPlainText(content.toPlainText() + "（补充）")
                settle()
                title = "大事记" if ledger == "chronicle" else "用印登记"
                name = out / f"{width}x{height}-{title}.png"
                w.grab().save(str(name))
                print(name)
                p.discard_edits()
            # The compliance calendar (month and list) and 待办 with the duties due.
            page = w.show_calendar()
            for tab, title in ((0, "日历-月历"), (1, "日历-列表")):
                page.tabs.setCurrentIndex(tab)
                settle()
                name = out / f"{width}x{height}-{title}.png"
                w.grab().save(str(name))
                print(name)
            w.show_tasks()
            settle()
            name = out / f"{width}x{height}-待办事项.png"
            w.grab().save(str(name))
            print(name)
        w.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())

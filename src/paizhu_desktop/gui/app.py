"""Starting the application: ``paizhu-desktop [--db PATH]``.

Without ``--db`` it opens the most recent real database (remembered by path in the
user's config folder); while there is none, the demo database in the user's data
directory, created on first start and clearly marked 演示数据, whose login dialog
offers 新建数据库… (the set-up wizard).
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from PySide6.QtCore import QLibraryInfo, QLocale, QTranslator
from PySide6.QtGui import QFont, QFontDatabase, QIcon
from PySide6.QtWidgets import QApplication, QMessageBox

from paizhu_desktop.gui import databases
from paizhu_desktop.gui.databases import DEMO_FILE, DEMO_PASSWORD, demo_path, ensure_demo
from paizhu_desktop.gui.errors import install_excepthook, user_message
from paizhu_desktop.gui.main_window import MainWindow
from paizhu_desktop.gui.recent import RecentDatabases, default_database_dir

__all__ = ["DEMO_FILE", "DEMO_PASSWORD", "data_dir", "demo_path", "ensure_demo", "main",
           "setup_application"]


def data_dir() -> Path:
    """The user's data directory (platform-appropriate)."""
    return default_database_dir()


def setup_application(app: QApplication) -> None:
    """Chinese for Qt's own dialogs and a bundled CJK font so the UI never shows boxes."""
    QLocale.setDefault(QLocale(QLocale.Language.Chinese, QLocale.Country.China))
    translations = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
    for name in ("qtbase_zh_CN", "qt_zh_CN"):
        tr = QTranslator(app)
        if tr.load(name, translations):
            app.installTranslator(tr)
    try:
        from paizhu_desktop.core.fontfiles import resources_dir
    except ImportError:
        return
    families: list[str] = []
    fonts = resources_dir() / "fonts"
    for path in sorted(fonts.glob("*.tt[fc]")) if fonts.is_dir() else []:
        font_id = QFontDatabase.addApplicationFont(str(path))
        if font_id >= 0:
            families += QFontDatabase.applicationFontFamilies(font_id)
    ui_family = next((f for f in families if "Hei" in f or "黑" in f), None)
    if ui_family:
        font = QFont(ui_family)
        font.setPointSize(10)
        app.setFont(font)


class _ChineseHelp(argparse.HelpFormatter):
    def add_usage(self, usage: str | None, actions: Any, groups: Any,
                  prefix: str | None = None) -> None:
        super().add_usage(usage, actions, groups, "用法：" if prefix is None else prefix)


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of ``paizhu-desktop``."""
    # Whatever Qt writes (a PDF printed to file) is the user's alone, as core.files does.
    os.umask(0o077)
    parser = argparse.ArgumentParser(prog="paizhu-desktop", description="派驻纪检监察组日常管理",
                                     add_help=False, formatter_class=_ChineseHelp)
    parser._optionals.title = "选项"
    parser.add_argument("-h", "--help", action="help", default=argparse.SUPPRESS,
                        help="显示本帮助并退出")
    parser.add_argument("--db",
                        help="数据库文件（省略则打开最近使用的数据库，没有时打开演示数据库）")
    parser.add_argument("--timing", action="store_true", help="打印启动各阶段用时")
    args = parser.parse_args(list(sys.argv[1:] if argv is None else argv))
    t0 = time.perf_counter()
    app = QApplication.instance() or QApplication(sys.argv[:1])
    app.setApplicationName("派驻纪检监察组日常管理")
    QApplication.setWindowIcon(QIcon(str(Path(__file__).parents[1] / "resources/icons/paizhu.svg")))
    setup_application(app)  # type: ignore[arg-type]
    install_excepthook()
    databases.window_class = MainWindow
    path = Path(args.db).expanduser() if args.db else databases.start_path(RecentDatabases())
    if databases.is_demo(path):
        try:
            ensure_demo(path)
        except Exception as exc:
            QMessageBox.critical(None, "无法创建演示数据库", user_message(exc))
            return 1
    login = databases.make_login(path)
    login.show()
    if args.timing:
        print(f"启动到登录窗口：{time.perf_counter() - t0:.2f} 秒", flush=True)
    if login.exec() != login.DialogCode.Accepted or login.session is None:
        window = None
        if login.choice == "new":
            window = databases.new_database(None)
        elif login.choice == "open":
            window = databases.open_database(None)
        if window is None and login.choice:
            window = databases.login_and_show(path)
        if window is None:
            return 0
        return int(app.exec())
    t1 = time.perf_counter()
    databases.show_window(login.session, path)
    if args.timing:
        app.processEvents()
        print(f"登录到主窗口：{time.perf_counter() - t1:.2f} 秒", flush=True)
    return int(app.exec())


if __name__ == "__main__":
    raise SystemExit(main())

"""The 关于 dialog, laid out in Qt Designer (``gui/ui/about.ui``) and loaded at run time.

A fixed dialog is the one place a Designer file pays off; the ledger forms stay
generated from the ledger descriptions. The .ui is package data, so it is found
next to this module in a checkout, a pip install and a PyInstaller build alike.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QFile, QIODevice
from PySide6.QtUiTools import QUiLoader
from PySide6.QtWidgets import QDialog, QLabel, QWidget

from paizhu_desktop.core.ledgers.catalog import Catalog

from paizhu_desktop import __version__

UI_FILE = Path(__file__).resolve().parent / "ui" / "about.ui"


def built_chapters_text(catalog: Catalog) -> str:
    """One line per chapter of 献县办法 that has built ledgers, e.g.
    “第七章 会议制度（第三十二–三十四条）：组务会记录、会议纪要、议定事项”."""
    lines = []
    for chapter in catalog.chapters:
        ledgers = catalog.in_chapter(chapter)
        if ledgers:
            names = "、".join(d.name for d in ledgers)
            lines.append(f"{chapter.heading}（{chapter.articles}）：{names}")
    return "\n".join(lines)


def about_dialog(catalog: Catalog, parent: QWidget | None = None) -> QDialog:
    """Build the 关于 dialog (not shown). Its close button is ``aboutClose``."""
    ui = QFile(str(UI_FILE))
    if not ui.open(QIODevice.OpenModeFlag.ReadOnly):
        # Only a broken installation gets here: a bug to report, not a user error.
        raise RuntimeError(f"cannot open {UI_FILE}: {ui.errorString()}")
    try:
        dialog = QUiLoader().load(ui, parent)
    finally:
        ui.close()
    version = dialog.findChild(QLabel, "aboutVersion")
    chapters = dialog.findChild(QLabel, "aboutChapters")
    if not isinstance(dialog, QDialog) or version is None or chapters is None:
        raise TypeError(f"{UI_FILE} is not the 关于 dialog gui/about.py expects")
    # Filled here rather than in the .ui so they cannot go stale.
    version.setText(f"版本 {__version__}")
    chapters.setText(built_chapters_text(catalog))
    return dialog


def show_about(catalog: Catalog, parent: QWidget | None = None) -> None:
    """Show the 关于 dialog modally and dispose of it afterwards."""
    dialog = about_dialog(catalog, parent)
    try:
        dialog.exec()
    finally:
        dialog.deleteLater()

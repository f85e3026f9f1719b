"""The 关于 dialog from ui/about.ui: Chinese text, version, closed with its button."""

from __future__ import annotations

import pytest
from pytestqt.qtbot import QtBot

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QLabel, QPushButton

from paizhu_desktop.core.regulations.catalog import CATALOG
from paizhu_desktop.core.session import UserSession

from paizhu_desktop.gui.about import about_dialog
from paizhu_desktop.gui.main_window import MainWindow

from gui_helpers import when_modal
from paizhu_desktop import __version__

pytestmark = pytest.mark.gui


def texts(dialog: QDialog) -> str:
    return "\n".join(label.text() for label in dialog.findChildren(QLabel))


def test_about_dialog_text_version_and_close(qtbot: QtBot) -> None:
    dialog = about_dialog(CATALOG)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    assert dialog.objectName() == "aboutDialog"
    assert dialog.windowTitle() == "关于"
    text = texts(dialog)
    assert "派驻纪检监察组日常管理" in text
    assert f"版本 {__version__}" in text
    assert "献县派驻机构日常管理办法" in text
    assert "本程序不联网，数据加密保存在本机" in text
    # The chapters come from the catalog, so they follow what is built.
    assert "第十二章 大事记制度（第四十八–五十条）：大事记" in text
    with qtbot.waitSignal(dialog.accepted):
        qtbot.mouseClick(dialog.findChild(QPushButton, "aboutClose"), Qt.MouseButton.LeftButton)
    assert not dialog.isVisible()


def test_help_menu_opens_about_and_its_button_closes_it(qtbot: QtBot,
                                                        session: UserSession) -> None:
    window = MainWindow(session)
    qtbot.addWidget(window)
    window.show()
    seen: list[str] = []

    def close(dialog: QDialog) -> None:
        seen.append(texts(dialog))
        qtbot.mouseClick(dialog.findChild(QPushButton, "aboutClose"), Qt.MouseButton.LeftButton)

    when_modal(QDialog, close)
    window.about()  # returns once the button has closed the modal dialog
    assert seen and f"版本 {__version__}" in seen[0]

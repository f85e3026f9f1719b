"""Editing in the window: nothing typed is lost, the window fits small screens,
and the keyboard reaches every field."""

from __future__ import annotations

import time

import pytest
from pytestqt.qtbot import QtBot

from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import (
    QApplication,
    QLineEdit,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QWidget,
)

from paizhu_desktop.core.session import UserSession

from paizhu_desktop.gui.form import DateEdit
from paizhu_desktop.gui.ledger_page import UNSAVED_TEXT, LedgerPage
from paizhu_desktop.gui.main_window import MIN_WINDOW_HEIGHT, MIN_WINDOW_WIDTH, MainWindow

from gui_helpers import current_page as page
from gui_helpers import open_window, type_chinese, when_modal

pytestmark = pytest.mark.gui


@pytest.fixture
def window(qtbot: QtBot, session: UserSession) -> MainWindow:
    for i in range(3):
        session.ledgers.add("chronicle", {"date_start": f"2026-03-0{i + 1}", "category": "2",
                                          "content": f"开展第{i + 1}次专项监督检查"})
    w = open_window(qtbot, session)
    w.open_ledger("chronicle")
    return w


def answer(button: str) -> list[QMessageBox]:
    """Click ``button`` (unsavedSave/unsavedDiscard/unsavedCancel) of the next
    保存/放弃/取消 box; the list receives the box that was asked."""
    asked: list[QMessageBox] = []

    def click(box: QMessageBox) -> None:
        asked.append(box)
        assert box.objectName() == "unsavedDialog"
        labels = {b.objectName(): b.text() for b in box.findChildren(QPushButton)}
        assert labels["unsavedSave"] == "保存" and labels["unsavedCancel"] == "取消"
        assert "放弃" in labels["unsavedDiscard"]
        found = box.findChild(QPushButton, button)
        assert found is not None
        found.click()

    when_modal(QMessageBox, click)
    return asked


def click_row(qtbot: QtBot, p: LedgerPage, row: int) -> None:
    rect = p.table.visualRect(p.model.index(row, 0))
    qtbot.mouseClick(p.table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())


def edit_first_row(w: MainWindow, qtbot: QtBot) -> tuple[LedgerPage, QPlainTextEdit]:
    p = page(w)
    click_row(qtbot, p, 0)
    content = p.form.findChild(QPlainTextEdit, "content")
    assert content is not None
    assert p.form.entry is not None and not p.dirty
    type_chinese(content, "改写后的大事记内容，尚未保存")
    return p, content


def test_a_changed_form_says_so(qtbot: QtBot, window: MainWindow) -> None:
    p = page(window)
    click_row(qtbot, p, 0)
    p.form_message.setText("已保存（第 1 版）。")
    type_chinese(p.form.findChild(QLineEdit, "place"), "县纪委会议室")
    assert p.dirty
    assert p.form_message.text() == UNSAVED_TEXT
    assert "已保存" not in p.form_message.text()
    assert p.form_title.text().startswith("●") and "已修改" in p.form_title.text()
    assert window.isWindowModified()
    nav = window.nav.currentItem()
    assert nav is not None and "未保存" in nav.text(0)
    qtbot.keyClick(p.form.findChild(QLineEdit, "place"), Qt.Key.Key_S,
                   Qt.KeyboardModifier.ControlModifier)
    assert not p.dirty and "已保存（第 2 版）" in p.form_message.text()
    assert not window.isWindowModified() and "未保存" not in nav.text(0)


def test_another_row_asks_and_cancel_keeps_row_and_text(qtbot: QtBot,
                                                         window: MainWindow) -> None:
    p, content = edit_first_row(window, qtbot)
    first = p.form.entry
    assert first is not None
    asked = answer("unsavedCancel")
    click_row(qtbot, p, 1)
    assert asked
    assert p.form.entry is not None and p.form.entry.id == first.id
    assert p.table.currentIndex().row() == 0
    assert content.toPlainText() == "改写后的大事记内容，尚未保存" and p.dirty


def test_another_row_discard_shows_it(qtbot: QtBot, window: MainWindow) -> None:
    p, content = edit_first_row(window, qtbot)
    second = p.model.entry(1)
    assert second is not None
    answer("unsavedDiscard")
    click_row(qtbot, p, 1)
    assert p.form.entry is not None and p.form.entry.id == second.id
    assert content.toPlainText() == second.values["content"] and not p.dirty
    assert not window.session.ledgers.list("chronicle", search="改写后的大事记")


def test_another_row_save_saves_then_shows_it(qtbot: QtBot, window: MainWindow) -> None:
    p, _content = edit_first_row(window, qtbot)
    second = p.model.entry(1)
    assert second is not None
    answer("unsavedSave")
    click_row(qtbot, p, 1)
    assert [e.version for e in window.session.ledgers.list(
        "chronicle", search="改写后的大事记")] == [2]
    assert p.form.entry is not None and p.form.entry.id == second.id and not p.dirty


def test_new_entry_asks_first(qtbot: QtBot, window: MainWindow) -> None:
    p, content = edit_first_row(window, qtbot)
    answer("unsavedCancel")
    window.action_new.trigger()
    assert p.form.entry is not None and content.toPlainText().startswith("改写后")


def test_switching_ledger_asks_and_cancel_stays(qtbot: QtBot, window: MainWindow) -> None:
    p, content = edit_first_row(window, qtbot)
    here = window.nav.currentItem()
    asked = answer("unsavedCancel")
    window.nav.setCurrentItem(window.nav.topLevelItem(0))  # 待办事项
    assert asked
    assert window.current_page() is p and window.nav.currentItem() is here
    assert content.toPlainText().startswith("改写后") and p.dirty
    answer("unsavedDiscard")
    window.nav.setCurrentItem(window.nav.topLevelItem(0))
    assert window.content.currentWidget() is window.tasks_page and not p.dirty


def test_closing_the_window_asks(qtbot: QtBot, window: MainWindow) -> None:
    p, content = edit_first_row(window, qtbot)
    window.nav.blockSignals(True)  # elsewhere in the window: the close still finds it
    window.show_tasks()
    window.nav.blockSignals(False)
    asked = answer("unsavedCancel")
    window.action_quit.trigger()  # 退出 (Ctrl+Q)
    assert asked and window.isVisible()
    assert window.current_page() is p and content.toPlainText().startswith("改写后")
    assert window.session.db is not None
    answer("unsavedSave")
    window.close()
    assert not window.isVisible()
    assert not p.dirty


def test_idle_lock_keeps_the_edit(qtbot: QtBot, window: MainWindow) -> None:
    p, content = edit_first_row(window, qtbot)
    window.idle.last_activity = time.time() - 3600
    window.idle.check()
    assert window.is_locked
    qtbot.keyClicks(window.lock_screen.password, "Qiushi-2026!")
    qtbot.keyClick(window.lock_screen.password, Qt.Key.Key_Return)
    assert not window.is_locked
    assert content.toPlainText() == "改写后的大事记内容，尚未保存" and p.dirty
    assert p.form_message.text() == UNSAVED_TEXT


@pytest.mark.parametrize("size", [(1024, 768), (1366, 768)])
def test_fits_small_screens(qtbot: QtBot, window: MainWindow, size: tuple[int, int]) -> None:
    assert MIN_WINDOW_WIDTH <= 1024 - 16 and MIN_WINDOW_HEIGHT <= 768 - 80
    screen = window.screen().availableGeometry()
    assert window.width() <= screen.width() and window.height() <= screen.height()
    window.resize(size[0] - 16, size[1] - 60)
    qtbot.waitUntil(lambda: window.width() == size[0] - 16)
    p = page(window)
    scroll = p.findChild(QScrollArea, "formScroll")
    assert scroll is not None and scroll.widget() is p.form
    # Every button of the page is wholly inside the window.
    for b in p.findChildren(QPushButton):
        if b.isVisible():
            top_left = b.mapTo(window, QPoint(0, 0))
            assert top_left.x() >= 0 and top_left.x() + b.width() <= window.width(), \
                b.objectName()
            assert top_left.y() + b.height() <= window.height(), b.objectName()
    assert p.table.isVisible() and p.table.width() > 250


def test_tab_walks_the_form_and_back_to_the_list(qtbot: QtBot, window: MainWindow) -> None:
    p = page(window)
    click_row(qtbot, p, 0)
    end = p.form.findChild(DateEdit, "date_end")
    assert end is not None and end.value() is None  # an empty optional date
    p.table.setFocus()
    qtbot.waitUntil(lambda: p.table.hasFocus())
    seen: list[str] = []
    for _ in range(12):
        focused = QApplication.focusWidget()
        assert focused is not None
        qtbot.keyClick(focused, Qt.Key.Key_Tab)
        now = QApplication.focusWidget()
        assert now is not None
        seen.append(now.objectName())
        if now.objectName() == "retention":
            break
    assert seen == ["date_start", "date_end", "importance", "category", "place", "people",
                    "content", "classification", "retention"]
    assert p.table.currentIndex().row() == 0  # the list's Tab did not walk cells
    for _ in range(9):
        focused = QApplication.focusWidget()
        assert focused is not None
        qtbot.keyClick(focused, Qt.Key.Key_Backtab, Qt.KeyboardModifier.ShiftModifier)
    assert QApplication.focusWidget() is p.table


def test_enter_moves_on_and_never_saves(qtbot: QtBot, window: MainWindow) -> None:
    p = page(window)
    p.new_entry()
    place = p.form.findChild(QLineEdit, "place")
    type_chinese(place, "县财政局")
    qtbot.keyClick(place, Qt.Key.Key_Return)
    people = p.form.findChild(QWidget, "people")
    assert QApplication.focusWidget() is people
    assert p.model.rowCount() == 3 and p.dirty
    end = p.form.findChild(DateEdit, "date_end")
    end.setFocus()
    qtbot.keyClick(end, Qt.Key.Key_Enter)
    assert QApplication.focusWidget() is p.form.findChild(QWidget, "importance")


def test_escape_clears_the_search(qtbot: QtBot, window: MainWindow) -> None:
    p = page(window)
    search = p.findChild(QLineEdit, "filterSearch")
    type_chinese(search, "第2次")
    p.apply_filters()
    assert p.model.rowCount() == 1
    qtbot.keyClick(search, Qt.Key.Key_Escape)
    assert search.text() == ""
    qtbot.waitUntil(lambda: p.model.rowCount() == 3)


def test_a_step_asks_first_and_cancel_keeps_the_edit(qtbot: QtBot, window: MainWindow) -> None:
    """A step reloads the entry: with unsaved edits it asks, and 取消 takes no step."""
    session = window.session
    entry = session.ledgers.add("seal_use", {"document": "派驻组十月份工作总结",
                                             "purpose": "报送县纪委监委", "impressions": 1})
    p = window.open_ledger("seal_use")
    assert p is not None
    p.open_entry(entry.id)
    purpose = p.form.findChild(QPlainTextEdit, "purpose")
    assert purpose is not None
    type_chinese(purpose, "报送县纪委监委（改）")
    wf = p.desc.workflow
    assert wf is not None
    asked = answer("unsavedCancel")
    assert not p.workflow.take(wf.steps[0], note="撤回")
    assert asked and p.dirty and purpose.toPlainText() == "报送县纪委监委（改）"
    assert session.ledgers.get("seal_use", entry.id).version == entry.version

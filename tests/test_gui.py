"""The window driven through its real widgets (pytest-qt)."""

from __future__ import annotations

import time
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QComboBox, QLabel, QLineEdit, QPlainTextEdit

from paizhu_desktop.core.permissions import Role
from paizhu_desktop.core.regulations.xianxian.chapters import CHAPTERS
from paizhu_desktop.core.session import UserSession

from paizhu_desktop.gui.ledger_page import VoidDialog
from paizhu_desktop.gui.login import LoginDialog
from paizhu_desktop.gui.main_window import MainWindow

from conftest import LEADER, PASSWORD, add_account
from gui_helpers import current_page as page
from gui_helpers import open_window, type_chinese, when_modal

pytestmark = pytest.mark.gui


@pytest.fixture
def window(qtbot: QtBot, session: UserSession) -> MainWindow:
    for i in range(3):
        session.ledgers.add("chronicle", {"date_start": f"2026-03-0{i + 1}", "category": "2",
                                          "content": f"开展第{i + 1}次专项监督检查，严明纪律"})
    w = open_window(qtbot, session)
    w.open_ledger("chronicle")
    return w


def find(w: MainWindow, cls: type, name: str):  # type: ignore[no-untyped-def]
    found = page(w).findChild(cls, name)
    assert found is not None, name
    return found


def test_login_shows_chinese_error_then_opens(qtbot: QtBot, session: UserSession,
                                               db_path: Path) -> None:
    session.close()
    dlg = LoginDialog(db_path)
    qtbot.addWidget(dlg)
    dlg.show()
    # The dialog names no account: a plain text field, empty.
    assert isinstance(dlg.username, QLineEdit) and dlg.username.text() == ""
    qtbot.keyClicks(dlg.username, LEADER)
    qtbot.keyClicks(dlg.password, "wrong-password")
    qtbot.mouseClick(dlg.login_button, Qt.MouseButton.LeftButton)
    assert dlg.error.text() == "用户名或密码不正确。"
    assert dlg.session is None
    dlg.password.clear()
    qtbot.keyClicks(dlg.password, PASSWORD)
    qtbot.keyClick(dlg.password, Qt.Key.Key_Return)
    assert dlg.session is not None and dlg.session.user.username == LEADER
    dlg.session.close()


def test_navigation_lists_all_chapters_and_the_article(window: MainWindow) -> None:
    nav = window.nav
    # 待办事项, 日历 and 统计 first, then the eighteen chapters of 献县办法, then the other
    # regulations.
    labels = [nav.topLevelItem(i).text(0) for i in range(nav.topLevelItemCount())]
    chapters = [t.split("（")[0] for t in labels if t.startswith(("第", "濮阳", "杨陵", "庆城"))]
    assert len(chapters) == len(window.session.catalog.chapters)
    assert labels[:3] == ["待办事项", "日历", "统计"]
    assert chapters[:18] == [c.heading for c in CHAPTERS]
    assert any(t.startswith("濮阳·谈话制度") for t in chapters[18:])
    assert any("第十二章" in t and "尚未建设" not in t for t in labels)
    assert any("第三章" in t and "尚未建设" not in t for t in labels)
    catalog = window.session.catalog
    unbuilt = [c.heading for c in catalog.chapters if c.planned and not catalog.in_chapter(c)]
    for heading in unbuilt:  # a chapter with no ledger yet says so
        assert any(t.startswith(heading) and "尚未建设" in t for t in labels)
    article = find(window, QLabel, "articleLabel")
    assert "第四十八–五十条" in article.text()
    assert "（第十二章 大事记制度）" in article.text() and "Chapter(" not in article.text()


def test_a_chapter_of_another_regulation_opens_its_own_page(window: MainWindow) -> None:
    """Chapter numbers repeat across regulations (濮阳·谈话制度 is its 2nd heading)."""
    nav = window.nav
    item = next(nav.topLevelItem(i) for i in range(nav.topLevelItemCount())
                if nav.topLevelItem(i).text(0).startswith("濮阳·谈话制度"))
    nav.setCurrentItem(item)
    title = window.content.currentWidget().findChild(QLabel)
    assert "濮阳·谈话制度" in title.text() and "领导体制" not in title.text()


def test_model_is_sound(window: MainWindow, qtmodeltester) -> None:  # type: ignore[no-untyped-def]
    qtmodeltester.check(page(window).model)


def test_create_chronicle_entry_through_the_form(qtbot: QtBot, window: MainWindow) -> None:
    """献县办法 第四十八条: an entry typed in Chinese is saved and listed."""
    p = page(window)
    window.action_new.trigger()
    type_chinese(find(window, QPlainTextEdit, "content"), "组长列席驻在部门党组会议，提出监督意见")
    type_chinese(find(window, QLineEdit, "place"), "县财政局会议室")
    category = find(window, QComboBox, "category")
    category.setCurrentIndex(category.findData("3"))
    qtbot.mouseClick(find(window, type(p.save_button), "saveButton"), Qt.MouseButton.LeftButton)
    assert "已保存" in p.form_message.text()
    assert p.model.rowCount() == 4
    assert [e.values["place"] for e in window.session.ledgers.list(
        "chronicle", search="党组会议")] == ["县财政局会议室"]


def test_bad_field_shows_message_and_keeps_typed_text(qtbot: QtBot, window: MainWindow) -> None:
    p = page(window)
    p.new_entry()
    type_chinese(find(window, QLineEdit, "place"), "派驻组会议室")
    qtbot.keyClick(find(window, QLineEdit, "place"), Qt.Key.Key_S,
                   Qt.KeyboardModifier.ControlModifier)
    error = find(window, QLabel, "content_error")
    assert not error.isHidden() and "不能为空" in error.text()
    cat_error = find(window, QLabel, "category_error")
    assert "类别" in cat_error.text()
    assert find(window, QLineEdit, "place").text() == "派驻组会议室"
    assert p.model.rowCount() == 3


def test_category_five_turns_the_form_secret(window: MainWindow) -> None:
    """献县办法 第四十八条(五): the form proposes 秘密 for case enquiries."""
    page(window).new_entry()
    category = find(window, QComboBox, "category")
    category.setCurrentIndex(category.findData("5"))
    assert find(window, QComboBox, "classification").currentText() == "秘密"
    assert find(window, QLineEdit, "retention").text()


def test_void_with_reason(qtbot: QtBot, window: MainWindow) -> None:
    p = page(window)
    p.table.selectRow(0)
    target = p.current_entry()
    assert target is not None

    def answer(dlg: VoidDialog) -> None:
        type_chinese(dlg.reason, "重复登记")
        dlg.findChild(type(p.save_button), "voidConfirm").click()

    when_modal(VoidDialog, answer)
    qtbot.mouseClick(p.void_button, Qt.MouseButton.LeftButton)
    assert "已作废" in p.form_message.text()
    assert p.model.rowCount() == 2
    voided = window.session.ledgers.get("chronicle", target.id)
    assert voided.voided and voided.void_reason == "重复登记"


def test_member_cannot_void_from_the_window(qtbot: QtBot, session: UserSession,
                                            db_path: Path) -> None:
    session.ledgers.add("chronicle", {"date_start": "2026-03-01", "category": "2",
                                      "content": "工作人员查看的条目"})
    add_account(session, "li", [Role.MEMBER])
    member = UserSession.open(db_path, "li", PASSWORD)
    w = MainWindow(member)
    qtbot.addWidget(w)
    p = w.open_ledger("chronicle")
    assert p is not None
    p.table.selectRow(0)
    assert not p.void_button.isEnabled()
    assert p.void_current("强行作废") is False
    assert "没有“作废条目”的权限" in p.form_message.text()


def test_filter_by_chinese_substring(qtbot: QtBot, window: MainWindow) -> None:
    p = page(window)
    window.session.ledgers.add("chronicle", {"date_start": "2026-04-01", "category": "1",
                                             "content": "传达学习县纪委全会精神"})
    p.apply_filters()
    assert p.model.rowCount() == 4
    type_chinese(p.filter_search, "纪律")
    qtbot.waitUntil(lambda: p.model.rowCount() == 3)
    type_chinese(p.filter_search, "全会精神")
    qtbot.waitUntil(lambda: p.model.rowCount() == 1)
    p.filter_search.clear()
    qtbot.waitUntil(lambda: p.model.rowCount() == 4)
    p.filter_year.setCurrentIndex(p.filter_year.findData(2025))
    assert p.model.rowCount() == 0


def test_lock_hides_content_keeps_typed_text_and_clears_clipboard(qtbot: QtBot,
                                                                 window: MainWindow) -> None:
    p = page(window)
    p.table.selectRow(0)
    p.table.setFocus()
    p.copy_selected()
    assert "专项监督检查" in QGuiApplication.clipboard().text()
    p.new_entry()
    type_chinese(find(window, QPlainTextEdit, "content"), "尚未保存的大事记内容")
    qtbot.keyClick(window, Qt.Key.Key_L, Qt.KeyboardModifier.ControlModifier)
    assert window.is_locked
    assert not window.work.isVisible() and window.lock_screen.isVisible()
    assert QGuiApplication.clipboard().text() == ""
    qtbot.keyClicks(window.lock_screen.password, "wrong-pass")
    qtbot.keyClick(window.lock_screen.password, Qt.Key.Key_Return)
    assert window.is_locked and "不正确" in window.lock_screen.error.text()
    qtbot.keyClicks(window.lock_screen.password, PASSWORD)
    qtbot.keyClick(window.lock_screen.password, Qt.Key.Key_Return)
    assert not window.is_locked
    assert find(window, QPlainTextEdit, "content").toPlainText() == "尚未保存的大事记内容"


def test_idle_time_on_the_wall_clock_locks(window: MainWindow) -> None:
    """A machine resumed from sleep: the wall clock jumped, the window locks at once."""
    now = [time.time()]
    window.idle.clock = lambda: now[0]
    window.idle.reset()
    window.idle.check()
    assert not window.is_locked
    now[0] += 10 * 60 + 1
    window.idle.check()
    assert window.is_locked


def test_classified_entry_cannot_be_copied(qtbot: QtBot, window: MainWindow) -> None:
    """献县办法 第五十八条: no copying of 秘密 entries."""
    window.session.ledgers.add("chronicle", {"date_start": "2026-01-01", "category": "5",
                                             "content": "有人打听某案件办理进展"})
    QGuiApplication.clipboard().setText("原有内容")
    p = page(window)
    p.apply_filters()
    p.table.selectRow(0)
    assert p.current_entry() is not None and p.current_entry().classification.value == "秘密"
    p.copy_selected()
    assert QGuiApplication.clipboard().text() == "原有内容"
    content = find(window, QPlainTextEdit, "content")
    content.selectAll()
    content.setFocus()
    qtbot.keyClick(content, Qt.Key.Key_C, Qt.KeyboardModifier.ControlModifier)
    assert QGuiApplication.clipboard().text() == "原有内容"
    assert content.contextMenuPolicy() == Qt.ContextMenuPolicy.NoContextMenu


def test_history_dialog_shows_versions(qtbot: QtBot, window: MainWindow) -> None:
    p = page(window)
    p.table.selectRow(0)
    entry = p.current_entry()
    assert entry is not None
    window.session.ledgers.edit("chronicle", entry.id, {"place": "县审计局"})
    p.apply_filters()
    p.select_entry(entry.id)
    from paizhu_desktop.gui.history import HistoryDialog

    seen = []

    def check(dlg: HistoryDialog) -> None:
        seen.append((dlg.versions.rowCount(), dlg.versions.item(1, 4).text()))
        dlg.reject()

    when_modal(HistoryDialog, check)
    p.show_history()
    assert seen and seen[0][0] == 2 and "县审计局" in seen[0][1]


def test_scheduled_backup_runs_off_the_gui_thread(qtbot: QtBot, window: MainWindow,
                                                  db_path: Path) -> None:
    from paizhu_desktop.core.backup import list_backups

    with qtbot.waitSignal(window.backup_signals.done, timeout=20_000) as blocker:
        window.backup_now()
    assert "已自动备份" in blocker.args[0]
    assert len(list_backups(db_path)) == 1


def test_unreadable_database_offers_the_latest_backup_read_only(
        qtbot: QtBot, session: UserSession, db_path: Path) -> None:
    """An error never deletes data: the newest good backup opens read-only."""
    from PySide6.QtWidgets import QMessageBox

    from paizhu_desktop.core.backup import make_backup

    from gui_helpers import when_modal

    session.ledgers.add("chronicle", {"date_start": "2026-05-01", "category": "2",
                                      "content": "备份中的条目"})
    make_backup(session.db, "定期")
    session.close()
    data = db_path.read_bytes()
    db_path.write_bytes(data[: len(data) // 2 + 10])
    dlg = LoginDialog(db_path)
    qtbot.addWidget(dlg)
    dlg.show()
    dlg.username.setText(LEADER)
    qtbot.keyClicks(dlg.password, PASSWORD)

    def accept(box: QMessageBox) -> None:
        box.findChild(type(box.buttons()[0]), "openBackupButton").click()

    when_modal(QMessageBox, accept)
    dlg.try_login()
    assert dlg.session is not None and dlg.session.db.readonly
    w = MainWindow(dlg.session)
    qtbot.addWidget(w)
    p = w.open_ledger("chronicle")
    assert p is not None
    assert p.model.rowCount() == 1 and not p.save_button.isEnabled()
    assert w.statusBar().findChild(QLabel, "readonlyMark") is not None


def test_idle_time_is_configurable_and_stored_encrypted(window: MainWindow) -> None:
    from paizhu_desktop.core.settings import get_setting

    assert window.idle.idle_seconds == 10 * 60
    assert window.set_idle_minutes(3)
    assert window.idle.idle_seconds == 180 and get_setting(window.session, "idle_lock_minutes") == 3
    assert not window.set_idle_minutes(0)
    assert "1–60" in window.statusBar().currentMessage()

"""Daily use in the window: 切换用户, shortcuts on every menu action, Qt's dialogs in
Chinese, 备份与恢复, 核对纸质件, and which database the program starts on."""

from __future__ import annotations

from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import QApplication, QDialogButtonBox, QMenu, QMessageBox

from paizhu_desktop.core.backup import list_backups
from paizhu_desktop.core.printing.jobs import VERIFY_MENU, record_print
from paizhu_desktop.core.printing.service import print_register
from paizhu_desktop.core.session import UserSession

from paizhu_desktop.gui import databases
from paizhu_desktop.gui.app import setup_application
from paizhu_desktop.gui.backups import BackupsDialog
from paizhu_desktop.gui.login import LoginDialog
from paizhu_desktop.gui.paper_check import PaperCheckDialog
from paizhu_desktop.gui.recent import RecentDatabases

from conftest import LEADER, PASSWORD, admin_session
from gui_helpers import open_window, when_modal


@pytest.fixture(autouse=True)
def private_config(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Recent databases remembered in the test's own folder, never the user's."""
    folder = tmp_path / "配置"
    monkeypatch.setattr("paizhu_desktop.gui.recent.config_dir", lambda: folder)
    monkeypatch.setattr("paizhu_desktop.gui.recent.default_database_dir",
                        lambda: tmp_path / "用户数据")
    monkeypatch.setattr("paizhu_desktop.gui.databases.default_database_dir",
                        lambda: tmp_path / "用户数据")
    return folder


def _log_in(name: str) -> None:
    def fill(dlg: LoginDialog) -> None:
        assert dlg.username.text() == ""  # no account is suggested
        dlg.username.setText(name)
        dlg.password.setText(PASSWORD)
        dlg.try_login()

    when_modal(LoginDialog, fill)


def test_switch_user_from_the_lock_screen(qtbot: QtBot, session: UserSession) -> None:
    window = open_window(qtbot, session)
    window.lock()
    assert window.lock_screen.switch_button.isVisible()
    _log_in("xitong")
    qtbot.mouseClick(window.lock_screen.switch_button, Qt.MouseButton.LeftButton)
    assert not window.isVisible()
    new = databases.WINDOWS[-1]
    qtbot.addWidget(new)
    assert new.session.user.username == "xitong" and new is not window
    assert not new.is_locked
    new.close()


def test_every_menu_action_has_a_shortcut(qtbot: QtBot, session: UserSession) -> None:
    for s in (session, admin_session(session), admin_session(session, "anquan")):
        window = open_window(qtbot, s)
        missing = []
        seen = []
        for top in window.menuBar().actions():
            menu = top.menu()
            assert isinstance(menu, QMenu)
            for action in menu.actions():
                if action.isSeparator() or action.menu() is not None:
                    continue
                seen.append(action.text())
                if action.shortcut().isEmpty():
                    missing.append(action.text())
        assert not missing, missing
        assert "切换用户(&W)" in seen and "修改密码(&M)…" in seen
        assert "新建数据库(&N)…" in seen and "备份与恢复(&K)…" in seen
        shortcuts = [a.shortcut().toString() for a in window.findChildren(type(window.action_lock))
                     if not a.shortcut().isEmpty()]
        assert len(shortcuts) == len(set(shortcuts)), shortcuts
        window.close()


def test_qt_dialogs_are_chinese(qtbot: QtBot) -> None:
    setup_application(QApplication.instance())  # type: ignore[arg-type]
    assert QCoreApplication.translate("QFileDialog", "Look in:") == "查找范围："
    box = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                           | QDialogButtonBox.StandardButton.Cancel)
    qtbot.addWidget(box)
    assert [b.text() for b in box.buttons()] == ["确定", "取消"]


def test_backup_restore_and_open_read_only(qtbot: QtBot, session: UserSession,
                                           db_path: Path) -> None:
    session.ledgers.add("chronicle", {"date_start": "2026-05-01", "category": "2",
                                      "content": "备份之前的条目"})
    window = open_window(qtbot, session)
    dlg = BackupsDialog(session, window, on_restore=lambda b, pw: None,
                        on_open=lambda b, pw: None)
    qtbot.addWidget(dlg)
    assert dlg.message.text() == "还没有备份。"
    made = dlg.backup()
    assert made is not None and "已备份并校验" in dlg.message.text()
    assert dlg.table.rowCount() == 1 and dlg.selected() == made
    session.ledgers.add("chronicle", {"date_start": "2026-05-02", "category": "2",
                                      "content": "备份之后的条目"})
    # Read-only: a window of its own, marked, never in the recent list.
    ro = databases.open_backup_readonly(session, made, PASSWORD, window)
    assert ro is not None and ro.session.db.readonly
    qtbot.addWidget(ro)
    assert RecentDatabases().paths() == []
    ro.close()

    def done(box: QMessageBox) -> None:
        assert box.objectName() == "restoreResult" and "已从" in box.text()
        _log_in(LEADER)
        box.accept()

    when_modal(QMessageBox, done)
    new = databases.restore_and_login(window, session, made, PASSWORD)
    assert new is not None
    qtbot.addWidget(new)
    contents = [e.summary for e in new.session.ledgers.list("chronicle")]
    assert any("备份之前" in c for c in contents) and not any("备份之后" in c for c in contents)
    assert len(list_backups(db_path)) >= 1
    assert RecentDatabases().paths() == [db_path.resolve()]
    new.close()


def test_paper_check(qtbot: QtBot, session: UserSession) -> None:
    session.ledgers.add("chronicle", {"date_start": "2026-03-02", "category": "2",
                                      "content": "专项检查"})
    job = print_register(session, "chronicle", year=2026)
    record_print(session, job, "办公室打印机")
    dlg = PaperCheckDialog(session)
    qtbot.addWidget(dlg)
    assert dlg.windowTitle() == VERIFY_MENU  # what the register's cover names
    dlg.digest.setText(job.footer)  # the whole footer line, as typed from the paper
    qtbot.mouseClick(dlg.check_button, Qt.MouseButton.LeftButton)
    assert "一致" in dlg.outcome.text() and "不一致" not in dlg.outcome.text()
    entry = session.ledgers.list("chronicle")[0]
    session.ledgers.edit("chronicle", entry.id, {"content": "专项检查（改）"})
    changed = dlg.check()
    assert changed is not None and not changed.ok and "不一致" in dlg.outcome.text()
    dlg.digest.setText("0000-0000-0000")
    found = dlg.check()
    assert found is None and "没有摘要为" in dlg.outcome.text()


def test_start_on_the_demo_until_a_real_database_exists(session: UserSession,
                                                        db_path: Path) -> None:
    recent = RecentDatabases()
    assert databases.start_path(recent) == databases.demo_path()
    recent.add(db_path)
    assert databases.start_path(recent) == db_path.resolve()
    login = databases.make_login(db_path)
    assert login.username.text() == "" and login.findChild(type(login.new_button),
                                                           "newDatabaseButton")
    login.deleteLater()


def test_cli_help_headings_are_chinese() -> None:
    from paizhu_desktop.cli import build_parser

    text = build_parser().format_help()
    assert text.startswith("用法：paizhu") and "选项:" in text and "显示本帮助并退出" in text
    assert "usage:" not in text and "options:" not in text and "show this help" not in text


def test_a_reset_password_is_changed_at_login(qtbot: QtBot, session: UserSession,
                                              db_path: Path) -> None:
    from paizhu_desktop.gui.password_dialog import ChangePasswordDialog

    from conftest import add_account

    add_account(session, "lisi", display_name="李四")
    admin = admin_session(session)
    admin.reset_password("lisi", "Qiuyue-Ming-42")
    admin.close()
    window = open_window(qtbot, session)
    seen: list[str] = []

    def change(dlg: ChangePasswordDialog) -> None:
        seen.append(dlg.findChild(type(dlg.error), "changePasswordReason").text())
        dlg.old.setText("Qiuyue-Ming-42")
        dlg.new.setText("Dongxue-Bai-57")
        dlg.confirm.setText("Dongxue-Bai-57")
        dlg.submit()

    def notice(box: QMessageBox) -> None:
        box.accept()
        when_modal(ChangePasswordDialog, change)

    def fill(dlg: LoginDialog) -> None:
        dlg.username.setText("lisi")
        dlg.password.setText("Qiuyue-Ming-42")
        when_modal(QMessageBox, notice)
        dlg.try_login()

    when_modal(LoginDialog, fill)
    new = databases.login_and_show(db_path, previous=window)
    assert new is not None and not window.isVisible()
    qtbot.addWidget(new)
    assert seen and "请现在改为只有您知道的密码" in seen[0]
    assert not new.session.must_change_password
    new.close()
    UserSession.open(db_path, "lisi", "Dongxue-Bai-57").close()


def test_new_database_from_the_window(qtbot: QtBot, session: UserSession,
                                      tmp_path: Path) -> None:
    from paizhu_desktop.gui.setup_wizard import SetupWizard

    from conftest import CHEAP_KDF

    window = open_window(qtbot, session)
    target = tmp_path / "正式" / "台账.db"

    def run(wizard: SetupWizard) -> None:
        wizard.place.path.setText(str(target))
        wizard.place.group_name.setText("示例县纪委监委派驻第三纪检监察组")
        wizard.next()
        boxes = wizard.accounts.boxes
        boxes["leader"].username.setText("zhaozz")
        for key, pw in (("leader", "Qingfeng-2026!"), ("system", "Guanli#Hao88"),
                        ("security", "Baomi#Yan77x"), ("auditor", "Heshi#Cha66y")):
            boxes[key].password.setText(pw)
            boxes[key].confirm.setText(pw)
        wizard.next()
        wizard.recovery.kept.setChecked(True)
        wizard.accept()

    when_modal(SetupWizard, run)
    new = databases.new_database(window, kdf=CHEAP_KDF)
    assert new is not None and not window.isVisible()
    qtbot.addWidget(new)
    assert new.session.user.username == "zhaozz" and target.exists()
    assert RecentDatabases().most_recent() == target.resolve()
    assert databases.start_path(RecentDatabases()) == target.resolve()
    new.close()

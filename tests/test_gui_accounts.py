"""The pages of 三员: accounts, roles, policy, lockouts — the core's rules, in Chinese."""

from __future__ import annotations

from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from paizhu_desktop.core.errors import AuthError
from paizhu_desktop.core.keyslots import KeyFile
from paizhu_desktop.core.permissions import Role
from paizhu_desktop.core.session import UserSession
from paizhu_desktop.core.settings import get_setting
from paizhu_desktop.core.storage import keyfile_path

from paizhu_desktop.gui.accounts import (
    AccountsPage,
    NewAccountDialog,
    PolicyDialog,
    ResetPasswordDialog,
    RolesDialog,
)

from conftest import (
    ADMINS,
    AUDITOR,
    CHEAP_KDF,
    LEADER,
    PASSWORD,
    SECURITY_ADMIN,
    SYSTEM_ADMIN,
    admin_session,
)
from gui_helpers import type_chinese

NEW_PW = "Chunfeng-Hua-31"


@pytest.fixture
def recovery(tmp_path: Path) -> tuple[Path, str]:
    path = tmp_path / "库" / "p.db"
    s, key = UserSession.create(path, LEADER, PASSWORD, admins=ADMINS, kdf=CHEAP_KDF)
    s.close()
    return path, key


def test_system_admin_adds_resets_and_disables(qtbot: QtBot, session: UserSession) -> None:
    admin = admin_session(session)
    try:
        page = AccountsPage(admin)
        qtbot.addWidget(page)
        assert set(page.buttons) == {"addAccountButton", "resetPasswordButton",
                                     "disableAccountButton"}
        dlg = NewAccountDialog(admin, page)
        qtbot.addWidget(dlg)
        dlg.username.setText("lisi")
        type_chinese(dlg.display_name, "李四")
        dlg.password.setText("lisi-2026-ABC")
        assert dlg.hint.text() == "密码不能含有账号名。"
        dlg.password.setText(NEW_PW)
        dlg.confirm.setText(NEW_PW)
        assert dlg.hint.text() == ""
        assert dlg.submit()
        page.refresh()
        assert "李四" in [page.table.item(r, 1).text() for r in range(page.table.rowCount())]
        # A business account: reset by the system admin.
        reset = ResetPasswordDialog(admin, admin.get_user("lisi"), page)
        qtbot.addWidget(reset)
        assert not reset.needs_key
        reset.password.setText("Qiuyue-Ming-42")
        reset.confirm.setText("Qiuyue-Ming-42")
        assert reset.submit()
        # An administrator's password without the key: the core refuses, in Chinese.
        reset = ResetPasswordDialog(admin, admin.get_user(AUDITOR), page)
        qtbot.addWidget(reset)
        assert reset.needs_key
        reset.password.setText("Qiuyue-Ming-42")
        reset.confirm.setText("Qiuyue-Ming-42")
        reset.recovery_key.setText("AAAA-BBBB")
        assert not reset.submit() and reset.error.text()
        # Disabling an administrator needs the key; a business account does not.
        assert not page.disable(AUDITOR)
        assert "恢复密钥" in page.message.text()
        assert page.disable("lisi")
        assert "已停用" in page.message.text()
    finally:
        admin.close()
    with pytest.raises(AuthError):
        UserSession.open(session.db.path, "lisi", "Qiuyue-Ming-42", kdf=CHEAP_KDF)


def test_admin_password_reset_with_the_recovery_key(qtbot: QtBot,
                                                    recovery: tuple[Path, str]) -> None:
    path, key = recovery
    admin = UserSession.open(path, SYSTEM_ADMIN, PASSWORD, kdf=CHEAP_KDF)
    try:
        reset = ResetPasswordDialog(admin, admin.get_user(AUDITOR))
        qtbot.addWidget(reset)
        reset.recovery_key.setText(key)
        reset.password.setText("Qiuyue-Ming-42")
        reset.confirm.setText("Qiuyue-Ming-42")
        assert reset.submit(), reset.error.text()
    finally:
        admin.close()
    UserSession.open(path, AUDITOR, "Qiuyue-Ming-42", kdf=CHEAP_KDF).close()


def test_security_admin_roles_policy_and_lockout(qtbot: QtBot, session: UserSession) -> None:
    sysadmin = admin_session(session)
    sysadmin.add_user("wangwu", NEW_PW, display_name="王五")
    sysadmin.close()
    for _ in range(10):
        with pytest.raises(AuthError):
            UserSession.open(session.db.path, "wangwu", "wrong-password", kdf=CHEAP_KDF)
    sec = admin_session(session, SECURITY_ADMIN)
    try:
        page = AccountsPage(sec)
        qtbot.addWidget(page)
        assert set(page.buttons) == {"setRolesButton", "liftLockoutButton", "policyButton"}
        page.select("wangwu")
        row = [page.table.item(r, 0).text() for r in range(page.table.rowCount())].index("wangwu")
        assert page.table.item(row, 3).text().startswith("已锁定")
        page.lift_lockout()
        assert page.message.text() == "已解除“王五”的锁定。"
        roles = RolesDialog(sec, sec.get_user("wangwu"))
        qtbot.addWidget(roles)
        roles.checks[Role.MEMBER].setChecked(True)
        assert roles.submit()
        assert sec.get_user("wangwu").roles == frozenset({Role.MEMBER})
        # Its own roles: the core says no.
        own = RolesDialog(sec, sec.get_user(SECURITY_ADMIN))
        qtbot.addWidget(own)
        assert not own.submit() and "三员分立" in own.error.text()
        policy = PolicyDialog(sec)
        qtbot.addWidget(policy)
        policy.fields["password_min_length"].setValue(12)
        policy.fields["lockout_after"].setValue(5)
        assert policy.submit()
        assert get_setting(sec, "password_min_length") == 12
        assert sec.password_policy().min_length == 12
    finally:
        sec.close()
    UserSession.open(session.db.path, "wangwu", NEW_PW, kdf=CHEAP_KDF).close()
    assert KeyFile.load(keyfile_path(session.db.path)).usernames()

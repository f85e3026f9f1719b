"""The window of 三员: administrators see their own pages, never the ledgers."""

from __future__ import annotations

from pathlib import Path

from pytestqt.qtbot import QtBot

from PySide6.QtWidgets import QTableWidget

from paizhu_desktop.core.permissions import Role
from paizhu_desktop.core.session import UserSession

from conftest import AUDITOR, CHEAP_KDF, PASSWORD, SYSTEM_ADMIN
from gui_helpers import child, open_window


def _nav_labels(window) -> list[str]:  # type: ignore[no-untyped-def]
    return [window.nav.topLevelItem(i).text(0) for i in range(window.nav.topLevelItemCount())]


def test_system_admin_sees_accounts_and_no_ledger(qtbot: QtBot, session: UserSession,
                                                  db_path: Path) -> None:
    admin = UserSession.open(db_path, SYSTEM_ADMIN, PASSWORD, kdf=CHEAP_KDF)
    try:
        window = open_window(qtbot, admin)
        assert _nav_labels(window) == ["账号与角色"]
        table = child(window, QTableWidget, "accountsTable")
        rows = {table.item(r, 0).text(): table.item(r, 2).text()
                for r in range(table.rowCount())}
        assert rows[SYSTEM_ADMIN] == "系统管理员" and rows[AUDITOR] == "安全审计员"
        assert rows[session.user.username] == "组长"
    finally:
        admin.close()


def test_auditor_sees_the_logs_with_their_signers(qtbot: QtBot, session: UserSession,
                                                  db_path: Path) -> None:
    auditor = UserSession.open(db_path, AUDITOR, PASSWORD, kdf=CHEAP_KDF)
    try:
        window = open_window(qtbot, auditor)
        assert _nav_labels(window) == ["打印导出记录", "审计日志"]
        window.nav.setCurrentItem(window.nav.topLevelItem(1))
        page = window.content.currentWidget()
        assert page.objectName() == "auditLogPage"
        table = child(page, QTableWidget, "auditTable")
        accounts = {table.item(r, 2).text() for r in range(table.rowCount())}
        # Initialisation was signed with the recovery key's root key, and says so.
        assert any("（恢复密钥）签名" in a for a in accounts)
        # People by name, with the account: 张组长（zhangzz）.
        assert any(a.startswith(f"张组长（{session.user.username}）") for a in accounts)
    finally:
        auditor.close()


def test_log_details_read_as_chinese() -> None:
    from paizhu_desktop.gui.audit_view import describe_detail

    assert describe_detail({"consecutive": 3, "kind": "during_wait"}) == \
        "连续失败次数：3；情形：等待期内尝试"
    assert describe_detail({"step": "approve"}, {"approve": "批准"}) == "步骤：批准"
    assert describe_detail({"username": "wangmy", "after": "leader,member"}) == \
        "账号：wangmy；新角色：组长、工作人员"


def test_a_clerk_hears_of_a_missing_permission_before_filling_in_the_export(
        qtbot: QtBot, session: UserSession, db_path: Path) -> None:
    from PySide6.QtWidgets import QMessageBox

    from conftest import add_account
    from gui_helpers import when_modal

    add_account(session, "wangmy", [Role.MEMBER])
    member = UserSession.open(db_path, "wangmy", PASSWORD, kdf=CHEAP_KDF)
    try:
        window = open_window(qtbot, member)
        seen: list[str] = []

        def answer(box: QMessageBox) -> None:
            seen.append(box.objectName() + "：" + box.text())
            box.accept()

        when_modal(QMessageBox, answer)
        window.export_handoff()
        assert seen and seen[0].startswith("permissionNote：") and "导出交接文件" in seen[0]
    finally:
        member.close()

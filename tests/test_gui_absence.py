"""The window of the 外出离岗登记 and of the B角 (献县办法 第六十五条 组内实行岗位职责AB角，
避免工作脱节): the page opens and the 组长's absence saves; while he is away his B角's
待办 lists what he would decide and says who is away; a 职责分工 naming a B角 who holds
no account is refused under the field, in Chinese, by the core.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from PySide6.QtCore import QDateTime, Qt
from PySide6.QtWidgets import QComboBox, QDateTimeEdit, QLabel, QLineEdit, QPlainTextEdit

from paizhu_desktop.core.permissions import Role
from paizhu_desktop.core.session import UserSession

from conftest import LEADER, PASSWORD, add_account
from gui_helpers import child, open_window, type_chinese

pytestmark = pytest.mark.gui


def test_the_absence_page_opens_and_the_leaders_trip_saves_article_65(
        qtbot: QtBot, session: UserSession) -> None:
    w = open_window(qtbot, session)
    p = w.open_ledger("absence")
    assert p is not None
    type_chinese(child(p, QLineEdit, "reason"), "赴市纪委监委参加派驻机构业务培训")
    type_chinese(child(p, QLineEdit, "destination"), "沧州市")
    back = QDateTime.currentDateTime().addDays(3)
    child(p, QDateTimeEdit, "returns_at").setDateTime(back)
    qtbot.mouseClick(p.save_button, Qt.MouseButton.LeftButton)
    assert "已保存" in p.form_message.text(), p.form_message.text()
    [stored] = session.ledgers.list("absence")
    assert stored.values["requester"] == LEADER and stored.status == "registered"


def test_the_b_roles_inbox_while_the_leader_is_away_article_65(
        qtbot: QtBot, session: UserSession, db_path: Path) -> None:
    """The member's seal request waits in the B角's 待办 with the notice of the trip."""
    add_account(session, "wangmy", [Role.DEPUTY], display_name="王明远")
    add_account(session, "lihq", [Role.MEMBER], display_name="李慧琴")
    post = session.ledgers.add("post_assignment", {
        "post": "组长", "responsibilities": "负责全面工作（第六十四条）", "primary": LEADER,
        "backup": "wangmy", "approvals": True,
        "effective_from": (dt.date.today() - dt.timedelta(days=30)).isoformat()}).id
    session.ledgers.step("post_assignment", post, "confirm")
    now = dt.datetime.now().replace(second=0, microsecond=0)
    trip = session.ledgers.add("absence", {
        "kind": "study", "reason": "赴市纪委监委参加派驻机构业务培训", "destination": "沧州市",
        "leaves_at": (now - dt.timedelta(hours=1)).isoformat(),
        "returns_at": (now + dt.timedelta(days=2)).isoformat()}).id
    session.ledgers.step("absence", trip, "file_own", data={"reported_to": "已报告县纪委监委"})
    member = UserSession.open(db_path, "lihq", PASSWORD)
    try:
        member.ledgers.add("seal_use", {"document": "关于专项检查情况的反馈意见",
                                        "purpose": "送达驻在部门", "impressions": 1})
    finally:
        member.close()
    backup = UserSession.open(db_path, "wangmy", PASSWORD)
    try:
        bw = open_window(qtbot, backup)
        table = bw.tasks_page.table
        rows = [(table.item(r, 0).text(), table.item(r, 3).text())
                for r in range(table.rowCount())]
        assert ("用印登记", "批准、不批准") in rows
        assert "学习培训离岗" in bw.tasks_page.findings.text()
        assert "由您代行" in bw.tasks_page.findings.text()
    finally:
        backup.close()


def test_a_b_role_without_an_account_is_refused_under_the_field_article_65(
        qtbot: QtBot, session: UserSession) -> None:
    w = open_window(qtbot, session)
    p = w.open_ledger("post_assignment")
    assert p is not None
    type_chinese(child(p, QLineEdit, "post"), "综合文秘岗")
    type_chinese(child(p, QPlainTextEdit, "responsibilities"), "负责公文办理")
    primary = child(p, QComboBox, "primary")
    primary.setCurrentIndex(primary.findData(LEADER))
    backup = child(p, QComboBox, "backup")
    assert backup.isEditable() and backup.findData(LEADER) >= 0
    type_chinese(backup.lineEdit(), "王某某")
    qtbot.mouseClick(p.save_button, Qt.MouseButton.LeftButton)
    error = child(p, QLabel, "backup_error")
    assert "应为本组人员的账号" in error.text(), p.form_message.text()
    assert session.ledgers.list("post_assignment") == []

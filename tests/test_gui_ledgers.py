"""Group meetings, seal use and the inbox driven through the real widgets."""

from __future__ import annotations

from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QSpinBox,
    QTableWidget,
)

from paizhu_desktop.core.permissions import Role
from paizhu_desktop.core.session import UserSession

from paizhu_desktop.gui.workflow import StepDialog

from conftest import PASSWORD, add_account
from gui_helpers import child, open_window, type_chinese, when_modal

pytestmark = pytest.mark.gui




@pytest.fixture
def member(session: UserSession, db_path: Path) -> UserSession:
    add_account(session, "wangmy", [Role.MEMBER], display_name="王明远")
    s = UserSession.open(db_path, "wangmy", PASSWORD)
    yield s
    s.close()


def test_group_meeting_entered_through_the_form_then_into_the_chronicle(
        qtbot: QtBot, session: UserSession) -> None:
    """第三十三条 agenda classified in the form; 第四十九条 one action to the chronicle."""
    w = open_window(qtbot, session)
    p = w.open_ledger("group_meeting")
    assert p is not None
    type_chinese(child(p, QLineEdit, "host"), "张组长")
    type_chinese(child(p, QLineEdit, "recorder"), "王明远")
    type_chinese(child(p, QLineEdit, "attendees"), "张组长、王明远、李慧琴")
    qtbot.mouseClick(child(p, QPushButton, "agenda_add"), Qt.MouseButton.LeftButton)
    agenda = child(p, QTableWidget, "agenda_table")
    agenda.item(0, 0).setText("研究对县财政局开展专项检查的方案")
    topic_kind = child(p, QComboBox, "agenda_0_category")
    topic_kind.setCurrentIndex(topic_kind.findData("3"))
    type_chinese(child(p, QPlainTextEdit, "discussion"), "逐项讨论，一致同意检查方案。")
    type_chinese(child(p, QPlainTextEdit, "decisions"), "由王明远牵头于月底前完成检查。")
    child(p, QCheckBox, "important").setChecked(True)
    qtbot.mouseClick(p.save_button, Qt.MouseButton.LeftButton)
    assert "已保存" in p.form_message.text(), p.form_message.text()
    meeting = session.ledgers.list("group_meeting")[0]
    assert meeting.values["agenda"][0]["category"] == "3"

    qtbot.mouseClick(child(p, QPushButton, "derive_to_chronicle"), Qt.MouseButton.LeftButton)
    chron = w.current_page()
    assert chron is not None and chron.desc.id == "chronicle"
    content = child(chron, QPlainTextEdit, "content").toPlainText()
    assert "研究对县财政局开展专项检查的方案" in content
    assert child(chron, QComboBox, "category").currentData() == "4"
    qtbot.mouseClick(chron.save_button, Qt.MouseButton.LeftButton)
    assert "已保存" in chron.form_message.text()
    assert [e.values["source_id"] for e in session.ledgers.list("chronicle")] == [meeting.id]


def test_meeting_without_agenda_shows_the_message_and_keeps_input(
        qtbot: QtBot, session: UserSession) -> None:
    w = open_window(qtbot, session)
    p = w.open_ledger("group_meeting")
    assert p is not None
    type_chinese(child(p, QLineEdit, "host"), "张组长")
    qtbot.mouseClick(p.save_button, Qt.MouseButton.LeftButton)
    error = child(p, QLabel, "agenda_error")
    assert not error.isHidden() and "议题" in error.text()
    assert child(p, QLineEdit, "host").text() == "张组长"
    assert session.ledgers.count("group_meeting") == 0


def test_seal_request_approved_by_the_leader_not_by_the_requester(
        qtbot: QtBot, session: UserSession, member: UserSession) -> None:
    """第六十条: the member requests through the form and cannot approve; the leader can."""
    w = open_window(qtbot, member)
    p = w.open_ledger("seal_use")
    assert p is not None
    type_chinese(child(p, QLineEdit, "document"), "关于县财政局专项检查情况的报告")
    type_chinese(child(p, QPlainTextEdit, "purpose"), "报送县纪委监委")
    child(p, QSpinBox, "impressions").setValue(2)
    qtbot.mouseClick(p.save_button, Qt.MouseButton.LeftButton)
    assert "已保存" in p.form_message.text(), p.form_message.text()
    approve = child(p, QPushButton, "step_approve")
    assert approve.isVisible() and not approve.isEnabled()
    assert "组长" in approve.toolTip()
    assert "待审批" in child(p, QLabel, "workflowState").text()

    entry = member.ledgers.list("seal_use")[0]
    lw = open_window(qtbot, session)
    tasks = lw.tasks_page.table
    assert tasks.rowCount() == 1 and "批准" in tasks.item(0, 3).text()
    lw.tasks_page._open(0)
    lp = lw.current_page()
    assert lp is not None and lp.desc.id == "seal_use"
    assert lp.current_entry() is not None and lp.current_entry().id == entry.id

    def approve_with_note(dlg: StepDialog) -> None:
        type_chinese(dlg.note, "同意")
        dlg.findChild(QPushButton, "stepConfirm").click()

    when_modal(StepDialog, approve_with_note)
    qtbot.mouseClick(child(lp, QPushButton, "step_approve"), Qt.MouseButton.LeftButton)
    stored = session.ledgers.get("seal_use", entry.id)
    assert stored.status == "approved" and stored.values["approval_note"] == "同意"
    assert "批准人" in child(lp, QLabel, "workflowRecord").text()
    assert not child(lp, QPushButton, "step_approve").isVisible()
    assert not lp.save_button.isEnabled()  # content frozen after approval


def test_leader_cannot_approve_own_request_in_theopen_window(qtbot: QtBot,
                                                         session: UserSession) -> None:
    session.ledgers.add("seal_use", {"document": "派驻组十月份工作总结",
                                     "purpose": "报送县纪委监委", "impressions": 1})
    w = open_window(qtbot, session)
    p = w.open_ledger("seal_use")
    assert p is not None
    p.table.selectRow(0)
    approve = child(p, QPushButton, "step_approve")
    assert not approve.isEnabled() and "不能审批本人" in approve.toolTip()


def test_rejection_without_reason_stays_in_the_dialog(qtbot: QtBot, session: UserSession,
                                                      member: UserSession) -> None:
    entry = member.ledgers.add("seal_use", {"document": "对县审计局的监督意见书",
                                            "purpose": "送达驻在部门", "impressions": 1})
    w = open_window(qtbot, session)
    p = w.open_ledger("seal_use")
    assert p is not None
    p.open_entry(entry.id)
    seen: list[str] = []

    def reject(dlg: StepDialog) -> None:
        dlg.findChild(QPushButton, "stepConfirm").click()  # no reason: refused, dialog stays

        def then() -> None:
            seen.append(dlg.error.text())
            type_chinese(dlg.note, "文件尚未定稿")
            dlg.findChild(QPushButton, "stepConfirm").click()

        from PySide6.QtCore import QTimer

        QTimer.singleShot(50, then)

    when_modal(StepDialog, reject)
    assert p.workflow.take(p.workflow.desc.workflow.step("reject"))
    assert seen and "不批准的理由" in seen[0]
    assert session.ledgers.get("seal_use", entry.id).status == "rejected"


def test_secrecy_officer_sees_the_print_log_not_the_audit_log(
        qtbot: QtBot, session: UserSession, db_path: Path) -> None:
    """DOMAIN §2: 保密员 sees the print and export log; only the auditor the whole log."""
    from paizhu_desktop.core.actions import Action

    from paizhu_desktop.gui.audit_view import AuditLogPage

    session.log(Action.PRINT, ledger="chronicle",
                detail={"classification": "秘密", "copies": 2, "printer": "办公室打印机"})
    add_account(session, "baomi", [Role.SECRECY_OFFICER], display_name="保密员")
    officer = UserSession.open(db_path, "baomi", PASSWORD)
    w = open_window(qtbot, officer)
    labels = [w.nav.topLevelItem(i).text(0) for i in range(w.nav.topLevelItemCount())]
    assert "打印导出记录" in labels and "审计日志" not in labels
    log = w.show_log(print_log=True)
    assert isinstance(log, AuditLogPage) and log.table.rowCount() == 1
    assert "份数：2" in log.table.item(0, 6).text() and log.table.item(0, 3).text() == "打印"
    officer.close()


def test_secrecy_officer_prints_the_print_log(qtbot: QtBot, session: UserSession,
                                              db_path: Path) -> None:
    import io

    from pypdf import PdfReader

    from paizhu_desktop.core.actions import Action

    from paizhu_desktop.gui.audit_view import AuditLogPage

    session.log(Action.PRINT, ledger="chronicle",
                detail={"document": "大事记登记簿（2026年）", "classification": "秘密★10年",
                        "copies": 2, "printer": "办公室打印机"})
    add_account(session, "baomi", [Role.SECRECY_OFFICER])
    officer = UserSession.open(db_path, "baomi", PASSWORD)
    page = AuditLogPage(officer, print_log=True)
    qtbot.addWidget(page)
    dialog = page.print_log(show=False)
    assert dialog is not None
    text = "".join("".join(p.extract_text().split())
                   for p in PdfReader(io.BytesIO(dialog.doc.pdf)).pages)
    assert "打印、导出记录" in text and "办公室打印机" in text and "秘密★10年" in text
    officer.close()


def test_the_request_form_fixes_the_requester_and_sends_no_step_record_article_60(
        qtbot: QtBot, session: UserSession, member: UserSession) -> None:
    """第六十条: the form shows the member as 用印人 and cannot change it; what the steps
    record (批准人、用印编号 …) is never sent by the form, on add or on edit."""
    w = open_window(qtbot, member)
    p = w.open_ledger("seal_use")
    assert p is not None
    requester = child(p, QComboBox, "requester")
    assert not requester.isEnabled() and "不能改动" in requester.toolTip()
    recorded = sorted(p.desc.recorded_fields)
    sent = p.form.values()
    assert sent["requester"] == "wangmy"
    assert all(sent.get(name) in (None, "", []) for name in recorded)
    assert "status" not in sent
    type_chinese(child(p, QLineEdit, "document"), "关于县财政局专项检查情况的报告")
    type_chinese(child(p, QPlainTextEdit, "purpose"), "报送县纪委监委")
    qtbot.mouseClick(p.save_button, Qt.MouseButton.LeftButton)
    assert "已保存" in p.form_message.text(), p.form_message.text()
    entry = member.ledgers.list("seal_use")[0]
    assert entry.values["requester"] == "wangmy"
    approved = session.ledgers.step("seal_use", entry.id, "approve", note="同意")
    lw = open_window(qtbot, session)
    lp = lw.open_ledger("seal_use")
    assert lp is not None
    lp.open_entry(entry.id)
    back = lp.form.values()
    assert {n: back[n] for n in recorded} == {n: approved.values[n] for n in recorded}
    assert not child(lp, QComboBox, "on_behalf_of").isEnabled()  # fixed once filed
    lp.new_entry()
    assert child(lp, QComboBox, "on_behalf_of").isEnabled()


def test_a_signed_off_review_offers_the_leaders_revoke_not_void_article_50(
        qtbot: QtBot, session: UserSession, member: UserSession) -> None:
    """第五十条: 经组长审定 — undone only by the leader's 撤销审定, never by voiding."""
    review = member.ledgers.add("chronicle_review", {
        "kind": "month", "year": 2026, "period": 3, "summary": "三月份共记载大事一件。"})
    member.ledgers.step("chronicle_review", review.id, "submit")
    session.ledgers.step("chronicle_review", review.id, "sign_off", note="同意归档")
    w = open_window(qtbot, session)
    p = w.open_ledger("chronicle_review")
    assert p is not None
    p.open_entry(review.id)
    assert not p.void_button.isEnabled() and "不能作废" in p.void_button.toolTip()
    revoke = child(p, QPushButton, "step_revoke")
    assert revoke.isVisible() and revoke.isEnabled()
    assert p.workflow.take(p.desc.workflow.step("revoke"), note="三月份漏记一件，退回补记")
    assert session.ledgers.get("chronicle_review", review.id).status == "draft"

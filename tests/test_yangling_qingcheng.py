"""杨陵巡察办法 第三十三–三十八条 (referrals and rectification) and 庆城两个责任办法
第九–十三条 (the host unit's duty list) through the core."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from paizhu_desktop.core.classification import Classification
from paizhu_desktop.core.errors import RuleError, ValidationError
from paizhu_desktop.core.ledgers.duties import After, Every
from paizhu_desktop.core.permissions import Role
from paizhu_desktop.core.regulations.catalog import CATALOG
from paizhu_desktop.core.regulations.others.qingcheng import LIST_ITEMS
from paizhu_desktop.core.session import UserSession

from conftest import PASSWORD, add_account


@pytest.fixture
def member(session: UserSession, db_path: Path) -> UserSession:
    add_account(session, "wangmy", [Role.MEMBER], display_name="王明远")
    s = UserSession.open(db_path, "wangmy", PASSWORD)
    yield s
    s.close()


def _referral(s: UserSession) -> str:
    return s.ledgers.add("inspection_referral", {
        "received_on": "2025-05-06", "inspection": "区委第三轮巡察第二巡察组",
        "inspected_unit": "示例县财政局", "kind": "lead", "subject": "某科室负责人",
        "problem": "反映某科室负责人违规收受礼金。"}).id


def test_a_referral_is_secret_proposed_approved_and_fed_back(
        session: UserSession, member: UserSession) -> None:
    """杨陵巡察办法 第三十三条: 处置意见 (谈话函询、初核、立案、组织处理) by the owner,
    approved by the leader, then the result fed back to 巡察办."""
    rid = _referral(member)
    e = member.ledgers.get("inspection_referral", rid)
    assert e.classification is Classification.SECRET and e.retention
    with pytest.raises(RuleError):  # not the owner
        session.ledgers.step("inspection_referral", rid, "propose",
                             data={"disposal": "inquiry", "disposal_on": "2025-05-12"})
    e = member.ledgers.step("inspection_referral", rid, "propose",
                            data={"disposal": "preliminary", "disposal_note": "初核",
                                  "disposal_on": "2025-05-12"})
    assert e.status == "proposed"
    assert "approve" not in [st.action for st in member.ledgers.available_steps(e)]
    e = session.ledgers.step("inspection_referral", rid, "approve", note="同意初核")
    e = member.ledgers.step("inspection_referral", rid, "feed_back",
                            data={"result": "经初核，问题属实，已立案。",
                                  "fed_back_on": "2025-07-30"})
    assert e.status == "fed_back" and e.values["approver"] == "zhangzz"
    labels = [c.label for c in CATALOG.ledger("inspection_referral").field("disposal").choices]
    assert labels[:4] == ["谈话函询", "初核", "立案", "组织处理"]


def test_a_lead_handed_over_during_the_inspection_says_so_article_26(
        member: UserSession) -> None:
    """杨陵巡察办法 第二十六条: 巡察期间，经领导小组批准，巡察组可将具体问题线索移交纪检
    监察机关 — the same register and deadlines as 第三十三条, the 移交时机 recorded."""
    plain = member.ledgers.get("inspection_referral", _referral(member))
    assert plain.values["stage"] == "after"
    during = member.ledgers.add("inspection_referral", {
        "received_on": "2025-04-18", "inspection": "区委第三轮巡察第二巡察组",
        "inspected_unit": "示例县财政局", "kind": "lead", "stage": "during",
        "problem": "巡察期间发现某股长违规报销差旅费。"})
    assert during.values["stage"] == "during"
    assert "第二十六条" in CATALOG.ledger("inspection_referral").article


def test_referral_deadlines_10_working_days_and_3_months() -> None:
    """杨陵巡察办法 第三十三条: 10个工作日内提出处置意见，3个月内反馈."""
    disposal = CATALOG.duty("referral_disposal").schedule
    assert isinstance(disposal, After) and disposal.workdays == 10
    assert disposal.done_field == "disposal_on" and disposal.start_field == "received_on"
    feedback = CATALOG.duty("referral_feedback").schedule
    assert isinstance(feedback, After) and feedback.months == 3
    assert feedback.done_field == "fed_back_on"


def test_rectification_plan_and_report_deadlines() -> None:
    """杨陵巡察办法 第三十五条: 整改方案 10个工作日, 整改情况报告 3个月 after the meeting."""
    plan = CATALOG.duty("rectification_plan").schedule
    assert isinstance(plan, After) and plan.workdays == 10
    assert plan.start_field == "feedback_meeting_on" and plan.done_field == "plan_on"
    report = CATALOG.duty("rectification_report").schedule
    assert isinstance(report, After) and report.months == 3 and report.done_field == "report_on"


def test_rectification_closes_only_when_every_item_is_closed(
        session: UserSession, member: UserSession) -> None:
    """杨陵巡察办法 第三十五条 问题清单, 第三十七条 督办, 第三十八条 条条要整改、件件有着落."""
    r = member.ledgers.add("inspection_rectification", {
        "inspected_unit": "示例县财政局", "inspection": "区委第三轮巡察",
        "feedback_meeting_on": "2025-06-10", "feedback": "反馈问题三个方面共8个。",
        "plan_on": "2025-06-20",
        "follow_ups": [{"date": "2025-07-15", "way": "2", "finding": "审阅整改进展报告"}]})
    items = []
    for problem in ("“三重一大”决策程序不规范", "公务接待超标准"):
        target, values = member.ledgers.derive("inspection_rectification", r.id, "to_item")
        assert target == "rectification_item" and values["rectification_id"] == r.id
        items.append(member.ledgers.add("rectification_item", {
            **values, "problem": problem, "measures": "修订制度并开展自查",
            "responsible": "办公室主任", "deadline": "2025-08-31"}))
    member.ledgers.step("rectification_item", items[0].id, "close",
                        data={"completed_on": "2025-08-20", "verification": "查阅制度文本，属实"})
    with pytest.raises(RuleError) as refused:
        session.ledgers.step("inspection_rectification", r.id, "close", note="整改完成")
    assert "第三十八条" in refused.value.message and "1 个问题" in refused.value.message
    member.ledgers.step("rectification_item", items[1].id, "close",
                        data={"completed_on": "2025-08-28", "verification": "实地核查"})
    done = session.ledgers.step("inspection_rectification", r.id, "close", note="整改完成")
    assert done.status == "closed" and done.values["closed_by"] == "zhangzz"
    linked = {e.id for e in session.ledgers.linked("inspection_rectification", r.id)}
    assert linked == {i.id for i in items}


def test_the_report_is_not_before_the_feedback_meeting(member: UserSession) -> None:
    """杨陵巡察办法 第三十五条: the deadlines run from the feedback meeting."""
    with pytest.raises(ValidationError):
        member.ledgers.add("inspection_rectification", {
            "inspected_unit": "示例县审计局", "inspection": "区委第三轮巡察",
            "feedback_meeting_on": "2025-06-10", "feedback": "反馈问题。",
            "report_on": "2025-05-01"})


def test_every_listed_item_is_a_duty_with_its_frequency() -> None:
    """庆城两个责任办法 第九–十四条: each item of the list with its frequency."""
    duties = {d.id: d for d in CATALOG.duties()}
    meeting = duties["qingcheng_special_meeting"]
    assert isinstance(meeting.schedule, Every)
    assert (meeting.schedule.period, meeting.schedule.count) == ("year", 2)
    assert meeting.article == "庆城两个责任办法 第九条第1项"
    assert meeting.counts is not None and meeting.counts.where == {"item": "special_meeting"}
    periods = {i.code: (i.period, i.count) for i in LIST_ITEMS}
    assert periods["special_inspection"] == ("half", 1)
    assert periods["special_governance"] == ("year", 1)
    assert periods["hear_report"] == ("quarter", 1)
    assert periods["exchange_views"] == ("half", 1)
    # 第十四条 names no frequency: the 党组's assessment counts once a year, and says so.
    assessment = duties["qingcheng_member_assessment"]
    assert periods["member_assessment"] == ("year", 1)
    assert assessment.article == "庆城两个责任办法 第十四条" and "未规定频次" in assessment.note
    for item in LIST_ITEMS:
        assert f"qingcheng_{item.code}" in duties


def test_a_fulfilment_and_what_the_group_found(member: UserSession) -> None:
    """庆城两个责任办法 第九条第1项: a 党组专题会议 verified by the group, with its opinion."""
    e = member.ledgers.add("host_duty_check", {
        "done_on": "2025-03-18", "item": "special_meeting", "host_unit": "示例县人民检察院",
        "responsible": "党组书记、检察长", "content": "召开党组专题会议研究党风廉政建设。",
        "verified_by_group": "列席会议", "group_found": "建议细化责任分解。"})
    assert "第九条第1项" in CATALOG.ledger("host_duty_check").display("item", e.values)


def test_letters_are_handled_five_ways_and_secret(member: UserSession) -> None:
    """庆城两个责任办法 第十三条第11项: 直办、督办、转办、阅处、留存."""
    desc = CATALOG.ledger("petition_letter")
    assert [c.label for c in desc.field("handling").choices] == [
        "直办", "督办", "转办", "阅处", "留存"]
    e = member.ledgers.add("petition_letter", {
        "source": "来信", "summary": "反映某检察人员违规接受吃请。", "handling": "direct"})
    assert e.classification is Classification.SECRET


@pytest.mark.gui
def test_the_pages_open_and_a_form_saves(qtbot, session: UserSession) -> None:  # type: ignore[no-untyped-def]
    """庆城两个责任办法 第九条, 濮阳·考核 第十条: the pages of this part open; a 责任清单
    fulfilment and a score sheet are saved through the form."""
    from PySide6.QtCore import Qt
    from PySide6.QtWidgets import QComboBox, QLineEdit, QPlainTextEdit

    from paizhu_desktop.gui.form import DecimalEdit

    from gui_helpers import child, open_window, type_chinese

    w = open_window(qtbot, session)
    for ledger_id in ("group_assessment", "cadre_assessment", "subordinate_assessment",
                      "duty_indicator", "duty_record", "duty_notice", "duty_report",
                      "duty_speech", "duty_appraisal", "supervision_check",
                      "accountability_decision", "accountability_report",
                      "inspection_referral", "inspection_rectification", "rectification_item",
                      "petition_letter"):
        assert w.open_ledger(ledger_id) is not None, ledger_id
    p = w.open_ledger("host_duty_check")
    item = child(p, QComboBox, "item")
    item.setCurrentIndex(item.findData("special_meeting"))
    type_chinese(child(p, QLineEdit, "host_unit"), "示例县人民检察院")
    type_chinese(child(p, QLineEdit, "responsible"), "党组书记")
    type_chinese(child(p, QPlainTextEdit, "content"), "召开党组专题会议研究党风廉政建设。")
    qtbot.mouseClick(p.save_button, Qt.MouseButton.LeftButton)
    assert "已保存" in p.form_message.text(), p.form_message.text()
    assert session.ledgers.list("host_duty_check")[0].values["item"] == "special_meeting"

    p = w.open_ledger("score_sheet")
    type_chinese(child(p, QLineEdit, "unit"), "示例县财政局党组")
    for prefix in "ps":
        for part in ("daily", "vote", "survey", "test"):
            child(p, DecimalEdit, f"{prefix}_{part}_score").setValue(90)
    # 濮阳·考核 第十条, 第十四条: scores in decimals (a half point is normal).
    child(p, DecimalEdit, "p_daily_score").setValue(92.5)
    qtbot.mouseClick(p.save_button, Qt.MouseButton.LeftButton)
    assert "已保存" in p.form_message.text(), p.form_message.text()
    sheet = session.ledgers.list("score_sheet")[0].values
    # 主体 0.7 × 92.5 + 0.3 × 90 = 91.75 → × 60% = 55.05; 监督 90 × 40% = 36
    assert sheet["p_daily_score"] == "92.50" and sheet["total_score"] == "91.05"
    assert sheet["grade"] == "excellent"


# -- the compliance calendar --------------------------------------------------------

def _of(session: UserSession, duty_id: str, on: dt.date, year: int = 2025) -> list:  # type: ignore[type-arg]
    from paizhu_desktop.core.compliance import instances

    return instances(session, on=on, start=dt.date(year, 1, 1), end=dt.date(year, 12, 31),
                     duty_ids=[duty_id])


def test_referral_instances_10_working_days_and_3_months(
        session: UserSession, member: UserSession) -> None:
    """杨陵巡察办法 第三十三条: 处置意见 due 10 working days after receipt (2025-03-03 →
    2025-03-17), the feedback 3 months after (2025-06-03)."""
    from paizhu_desktop.core.compliance import State

    e = member.ledgers.add("inspection_referral", {
        "received_on": "2025-03-03", "inspection": "区委第一轮巡察第一巡察组",
        "inspected_unit": "示例县审计局", "kind": "conduct", "problem": "上班时间脱岗。"})
    [disposal] = _of(session, "referral_disposal", dt.date(2025, 3, 12))
    assert disposal.due == dt.date(2025, 3, 17) and disposal.state is State.SOON
    assert disposal.owner == "wangmy" and disposal.event == ("inspection_referral", e.id)
    member.ledgers.step("inspection_referral", e.id, "propose", data={
        "disposal": "inquiry", "disposal_note": "谈话函询", "disposal_on": "2025-03-14"})
    [disposal] = _of(session, "referral_disposal", dt.date(2025, 6, 10))
    assert disposal.state is State.DONE
    [feedback] = _of(session, "referral_feedback", dt.date(2025, 6, 10))
    assert feedback.due == dt.date(2025, 6, 3) and feedback.state is State.OVERDUE


def test_rectification_instances_plan_late_and_items_by_their_deadline(
        session: UserSession, member: UserSession) -> None:
    """杨陵巡察办法 第三十五条 整改方案 within 10 working days; 第三十七–三十八条 each item
    by its own deadline."""
    from paizhu_desktop.core.compliance import State

    r = member.ledgers.add("inspection_rectification", {
        "inspected_unit": "示例县财政局", "inspection": "区委第三轮巡察",
        "feedback_meeting_on": "2025-03-03", "feedback": "反馈问题。", "plan_on": "2025-03-20"})
    [plan] = _of(session, "rectification_plan", dt.date(2025, 4, 1))
    assert plan.due == dt.date(2025, 3, 17) and plan.state is State.LATE
    [report] = _of(session, "rectification_report", dt.date(2025, 6, 4))
    assert report.due == dt.date(2025, 6, 3) and report.state is State.OVERDUE
    _t, values = member.ledgers.derive("inspection_rectification", r.id, "to_item")
    item = member.ledgers.add("rectification_item", {
        **values, "problem": "公务接待超标准", "measures": "修订接待制度",
        "responsible": "办公室主任", "deadline": "2025-05-30"})
    [due] = _of(session, "rectification_item_due", dt.date(2025, 6, 2))
    assert due.state is State.OVERDUE
    member.ledgers.step("rectification_item", item.id, "close",
                        data={"completed_on": "2025-05-28", "verification": "已核实"})
    [due] = _of(session, "rectification_item_due", dt.date(2025, 6, 2))
    assert due.state is State.DONE


def test_the_special_meeting_twice_a_year(session: UserSession, member: UserSession) -> None:
    """庆城两个责任办法 第九条第1项: 每年至少召开两次党组专题会议 — one is not enough."""
    from paizhu_desktop.core.compliance import State

    def add(day: str) -> None:
        member.ledgers.add("host_duty_check", {
            "done_on": day, "item": "special_meeting", "host_unit": "示例县人民检察院",
            "responsible": "党组书记", "content": "召开党组专题会议。"})

    add("2025-03-18")
    [year] = _of(session, "qingcheng_special_meeting", dt.date(2026, 1, 5))
    assert year.state is State.OVERDUE and year.count == 1
    add("2025-09-22")
    [year] = _of(session, "qingcheng_special_meeting", dt.date(2026, 1, 5))
    assert year.state is State.DONE and year.count == 2
    quarters = _of(session, "qingcheng_hear_report", dt.date(2026, 1, 5))
    assert len(quarters) == 4 and all(q.state is State.OVERDUE for q in quarters)

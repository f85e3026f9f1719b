"""调研 and 督办台账 (献县办法 第三十五–三十八条), 请示报告 (第三十九–四十条) and
重要事项通报 (第四十一–四十三条), through the core API, the printers and the GUI."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from paizhu_desktop.core import compliance
from paizhu_desktop.core.classification import Classification
from paizhu_desktop.core.compliance import State
from paizhu_desktop.core.errors import PermissionDenied, RuleError, ValidationError
from paizhu_desktop.core.ledgers.duties import After
from paizhu_desktop.core.printing.service import print_document, print_register
from paizhu_desktop.core.regulations.catalog import CATALOG
from paizhu_desktop.core.regulations.xianxian.ch09_requests import MATTERS
from paizhu_desktop.core.regulations.xianxian.ch10_notifications import CONTENTS, FORMS
from paizhu_desktop.core.session import UserSession

TODAY = dt.date.today()
YEAR = TODAY.year


def _iso(days: int) -> str:
    return (TODAY + dt.timedelta(days=days)).isoformat()


# -- 第九章 请示报告 --------------------------------------------------------------------

def _request(**over: Any) -> dict[str, Any]:
    values: dict[str, Any] = {
        "kind": "request", "matter": "4", "title": "关于调整派驻组内部职责分工的请示",
        "recipient": "县纪委监委", "content": "因工作需要，拟调整组内AB角分工。"}
    values.update(over)
    return values


def test_the_eleven_matters_of_article_39_are_the_choices() -> None:
    """第三十九条 (一)–(十一): every matter of the text is a choice, labelled as in the text."""
    field = CATALOG.ledger("request_report").field("matter")
    assert len(field.choices) == 11 == len(MATTERS)
    assert field.choices[8].label.startswith("（九）主要负责人离开献县县域出差")
    assert field.choices[10].label == "（十一）其他需要请示报告的事项"


def test_a_request_is_signed_sent_replied_and_carried_out_article_40(
        team: dict[str, UserSession]) -> None:
    """第四十条: 一事一请示, in writing; the reply and how it was carried out are recorded."""
    member, leader = team["member"].ledgers, team["leader"].ledgers
    # The form's time widget always holds a time: a written one keeps no call time.
    entry = member.add("request_report", _request(phoned_at=f"{_iso(0)} 09:00"))
    assert entry.status == "draft" and entry.values["drafter"] == "wangmy"
    assert entry.values["phoned_at"] is None
    edited = member.edit("request_report", entry.id, dict(entry.values, title="关于调整分工的请示"))
    assert edited.values["title"] == "关于调整分工的请示"
    with pytest.raises(PermissionDenied):  # 签发 is the group leader's
        member.step("request_report", entry.id, "sign")
    leader.step("request_report", entry.id, "sign")
    with pytest.raises(RuleError, match="这是请示"):
        member.step("request_report", entry.id, "report", data={"sent_on": _iso(0)})
    member.step("request_report", entry.id, "send", data={"sent_on": _iso(0)})
    with pytest.raises(ValidationError):
        member.step("request_report", entry.id, "reply", data={"replied_on": _iso(0)})
    member.step("request_report", entry.id, "reply",
                data={"replied_on": _iso(0), "reply": "同意调整。"})
    done = member.step("request_report", entry.id, "carry_out",
                       data={"carried_out_on": _iso(0), "carried_out": "已按批复调整分工。"})
    assert done.status == "done" and done.values["reply"] == "同意调整。"
    assert done.values["signer"] == team["leader"].user.username


def test_a_report_needs_no_reply_article_40(team: dict[str, UserSession]) -> None:
    """第四十条: a 报告 is finished when sent; only a 请示 waits for the reply."""
    member, leader = team["member"].ledgers, team["leader"].ledgers
    entry = member.add("request_report", _request(kind="report", matter="1",
                                                  title="关于贯彻落实县纪委全会精神的报告"))
    leader.step("request_report", entry.id, "sign")
    with pytest.raises(RuleError, match="这是报告"):
        member.step("request_report", entry.id, "send", data={"sent_on": _iso(0)})
    sent = member.step("request_report", entry.id, "report", data={"sent_on": _iso(0)})
    assert sent.status == "reported"
    assert "reported" in CATALOG.ledger("request_report").workflow.finished  # type: ignore[union-attr]


def test_a_phoned_emergency_must_set_the_written_deadline_article_40(
        team: dict[str, UserSession]) -> None:
    """第四十条: 遇有紧急情况可先电话请示报告 — the call's time and the written deadline."""
    member = team["member"].ledgers
    with pytest.raises(ValidationError) as caught:
        member.add("request_report", _request(channel="phone"))
    assert set(caught.value.errors) >= {"phoned_at", "written_due"}
    with pytest.raises(ValidationError, match="不能早于"):
        member.add("request_report", _request(channel="phone", phoned_at=f"{_iso(0)} 21:40",
                                              written_due=_iso(-1)))


def test_the_written_report_follows_the_call_linked_both_ways_article_40(
        team: dict[str, UserSession]) -> None:
    """第四十条: the written report is drafted from the phoned one with one action, linked,
    only once; a late one is reported, and the duty reads the link."""
    leader = team["leader"].ledgers
    call = leader.add("request_report", _request(
        kind="report", matter="5", title="关于一名干部在抢险救灾中受伤情况的报告",
        channel="phone", phoned_at=f"{_iso(-5)} 21:40", phoned_to="县纪委监委值班室",
        written_due=_iso(-2), drafted_on=_iso(-5)))
    due_year = int(_iso(-2)[:4])
    assert any("应于" in f and "补报书面材料" in f for f in
               leader.findings("request_report", due_year))
    with pytest.raises(RuleError, match="电话请示报告不签发"):
        leader.step("request_report", call.id, "sign")
    assert leader.step("request_report", call.id, "phoned").status == "phoned"
    target, values = leader.derive("request_report", call.id, "to_written")
    assert target == "request_report" and values["channel"] == "written"
    written = leader.add("request_report", values)
    assert written.values["follows_id"] == call.id and written.values["phoned_at"] is None
    with pytest.raises(RuleError, match="书面请示报告"):
        leader.step("request_report", written.id, "phoned")
    assert [e.id for e in leader.linked("request_report", call.id)] == [written.id]
    assert leader.findings("request_report", due_year) == []
    with pytest.raises(RuleError, match="已有书面补报材料"):
        leader.add("request_report", values)
    duty = CATALOG.duty("written_after_phone")
    assert isinstance(duty.schedule, After) and duty.schedule.followed_by == "request_report"
    assert duty.article == "献县办法 第四十条"


def test_a_leaders_absence_says_where_and_when_article_39_9(
        team: dict[str, UserSession]) -> None:
    """第三十九条（九）: 主要负责人离开县域出差，离岗休假、学习 — where, from, to."""
    member = team["member"].ledgers
    with pytest.raises(ValidationError) as caught:
        member.add("request_report", _request(matter="9", title="关于组长参加培训的请示"))
    assert set(caught.value.errors) == {"away_from", "away_to", "destination"}
    entry = member.add("request_report", _request(
        matter="9", title="关于组长参加培训的请示", away_from=_iso(10), away_to=_iso(15),
        destination="省委党校"))
    assert entry.values["destination"] == "省委党校"


def test_problems_found_default_to_secret_article_39_3_and_10(
        team: dict[str, UserSession]) -> None:
    """第三十九条（三）（十）: problems and offences found are 秘密 with a 保密期限."""
    entry = team["member"].ledgers.add("request_report", _request(
        kind="report", matter="10", title="关于发现某干部违纪问题的报告"))
    assert entry.classification is Classification.SECRET and entry.retention


def test_a_request_prints_as_a_document_and_the_register_prints(
        team: dict[str, UserSession]) -> None:
    """第四十条: the written 请示 in GB/T 9704 layout; the 请示报告登记簿."""
    entry = team["member"].ledgers.add("request_report", _request())
    job = print_document(team["leader"], "request_report", "请示报告", entry_id=entry.id)
    assert job.pages == 1 and job.pdf
    assert print_register(team["leader"], "request_report", year=YEAR).pages >= 2
    team["leader"].ledgers.void("request_report", entry.id, "重复登记")
    with pytest.raises(RuleError, match="已作废"):
        print_document(team["leader"], "request_report", "请示报告", entry_id=entry.id)


# -- 第十章 重要事项通报 ----------------------------------------------------------------

def _notification(**over: Any) -> dict[str, Any]:
    values: dict[str, Any] = {
        "host_unit": "中共示例县财政局党组", "content_kind": "3", "title": "通报近期典型案例",
        "form": "oral", "content": "通报了三起违反中央八项规定精神的典型案例。",
        "informed": "党组书记钱志远及班子成员"}
    values.update(over)
    return values


def test_six_contents_and_four_forms_article_42_43() -> None:
    """第四十二条 (一)–(六) and 第四十三条 口头、书面、文件传阅、会议 are the choices."""
    assert len(CONTENTS) == 6 and CONTENTS[5].label == "（六）其他需要通报的事项"
    assert [c.label for c in FORMS] == ["口头", "书面", "文件传阅", "会议"]


def test_notification_records_who_was_told_and_how_article_41_43(
        team: dict[str, UserSession]) -> None:
    """第四十一–四十三条: to the party group, who was informed, when, in which form."""
    member = team["member"].ledgers
    with pytest.raises(ValidationError, match="会议名称"):
        member.add("notification", _notification(form="meeting"))
    with pytest.raises(ValidationError, match="标题或文号"):
        member.add("notification", _notification(form="written"))
    with pytest.raises(ValidationError, match="听取通报人员"):
        member.add("notification", _notification(informed=""))
    entry = member.add("notification", _notification(form="meeting", meeting="党组会议"))
    assert entry.values["notified_by"] == "wangmy" and entry.values["notified_on"] == _iso(0)
    edited = member.edit("notification", entry.id,
                         dict(entry.values, response="党组已研究部署警示教育。"))
    assert edited.values["response"] == "党组已研究部署警示教育。"
    voided = team["leader"].ledgers.void("notification", entry.id, "登记有误")
    assert voided.voided


def test_sensitive_opinion_is_secret_and_a_written_one_prints_article_42_5(
        team: dict[str, UserSession]) -> None:
    """第四十二条（五）: 突发重要敏感舆情 defaults to 秘密; a written 通报 prints."""
    member = team["member"].ledgers
    hot = member.add("notification", _notification(content_kind="5", title="网络舆情"))
    assert hot.classification is Classification.SECRET
    written = member.add("notification", _notification(
        form="written", document_title="关于几起典型案例的通报", document_no="示纪驻一〔2026〕5号"))
    job = print_document(team["leader"], "notification", "重要事项通报", entry_id=written.id)
    assert job.pages == 1 and job.marking == "内部"


# -- 第八章 调查研究 --------------------------------------------------------------------

def _plan(**over: Any) -> dict[str, Any]:
    values: dict[str, Any] = {
        "theme": "政府采购领域权力运行监督制约", "host_unit": "示例县财政局", "focus": "power",
        "methods": [{"method": "forum", "detail": "座谈2次"},
                    {"method": "documents", "detail": "查阅合同"}],
        "start": _iso(-40), "end": _iso(-30), "members": "王明远、李慧琴",
        "plan": "一、调研目标\n二、方法步骤"}
    values.update(over)
    return values


def test_research_plan_is_approved_by_the_leader_article_36_37(
        team: dict[str, UserSession]) -> None:
    """第三十六条 主题和方案; 第三十七条 方式 and 轻车简从; the leader 审定 the plan."""
    member, leader = team["member"].ledgers, team["leader"].ledgers
    with pytest.raises(ValidationError, match="轻车简从"):
        member.add("research_plan", _plan(frugal=False))
    with pytest.raises(ValidationError, match="调研方式"):
        member.add("research_plan", _plan(methods=[]))
    plan = member.add("research_plan", _plan())
    with pytest.raises(PermissionDenied):
        member.step("research_plan", plan.id, "approve")
    leader.step("research_plan", plan.id, "send_back", note="补充调研对象")
    returned = member.get("research_plan", plan.id)
    member.edit("research_plan", plan.id,
                dict(returned.values, plan="一、调研目标\n二、调研对象\n三、方法步骤"))
    approved = leader.step("research_plan", plan.id, "approve", note="同意")
    assert approved.status == "approved" and approved.values["approver"] == "zhangzz"


def test_report_and_follow_up_are_entered_once_from_the_plan_article_37_38(
        team: dict[str, UserSession]) -> None:
    """第三十七条 调研报告 from the plan; 第三十八条 problems into the 督办台账, linked;
    overdue and soon-due items warned; closed only when the leader verifies."""
    member, leader = team["member"].ledgers, team["leader"].ledgers
    plan = member.add("research_plan", _plan())
    _t, values = member.derive("research_plan", plan.id, "to_report")
    assert values["title"] == "关于政府采购领域权力运行监督制约的调研报告"
    assert values["methods_used"] == "座谈交流、查阅资料"
    report = member.add("research_report", dict(
        values, content="一、基本情况\n二、发现的问题", feedback_on=_iso(-20),
        feedback_way="meeting", important=True, county_reported_on=_iso(-19)))
    assert [e.id for e in member.linked("research_plan", plan.id)] == [report.id]
    _t, values = member.derive("research_report", report.id, "to_follow_up")
    assert values["important"] is True and values["report_id"] == report.id
    base = dict(values, suggestion="建立采购需求集体论证制度", responsible="分管副局长")
    late = member.add("follow_up", dict(base, problem="采购需求论证不充分", deadline=_iso(-3),
                                        opened_on=_iso(-20)))
    member.add("follow_up", dict(base, problem="合同验收一人完成", deadline=_iso(5),
                                 opened_on=_iso(-20)))
    years = sorted({int(_iso(-3)[:4]), int(_iso(5)[:4])})  # across New Year too
    findings = [f for y in years for f in leader.findings("follow_up", y)]
    assert any("已超过整改时限 3 天" in f for f in findings)
    assert any("将于 5 天后到期" in f for f in findings)
    with pytest.raises(ValidationError, match="不能早于"):
        member.add("follow_up", dict(base, problem="x问题", deadline=_iso(-30),
                                     opened_on=_iso(-20)))
    with pytest.raises(PermissionDenied):
        member.step("follow_up", late.id, "close", data={"result": "已整改"})
    closed = leader.step("follow_up", late.id, "close", data={"result": "经核实整改到位"})
    assert closed.status == "closed" and closed.values["closed_on"] == _iso(0)
    reopened = leader.step("follow_up", late.id, "reopen", note="整改出现反弹")
    assert reopened.status == "open" and not reopened.values.get("closed_on")
    job = print_document(team["leader"], "research_report", "调研报告", entry_id=report.id)
    assert job.pages >= 1
    assert print_register(team["leader"], "follow_up", year=YEAR).pages >= 2


def test_important_research_reported_to_the_county_is_marked_article_38(
        team: dict[str, UserSession]) -> None:
    """第三十八条: 重要情况向县纪委监委报告 — a report to the county marks it important."""
    with pytest.raises(ValidationError, match="重要情况"):
        team["member"].ledgers.add("research_report", {
            "title": "调研报告", "host_unit": "示例县财政局", "content": "正文",
            "county_reported_on": _iso(0)})


def test_duties_of_chapters_8_and_9_are_declared_with_their_articles() -> None:
    """第三十八条 督办 deadlines and 第四十条 written follow-up are in the calendar."""
    follow = CATALOG.duty("follow_up_closed")
    assert follow.article == "献县办法 第三十八条"
    assert isinstance(follow.schedule, After) and follow.schedule.due_field == "deadline"
    assert follow.schedule.done_field == "closed_on"


# -- GUI ------------------------------------------------------------------------------

@pytest.mark.gui
@pytest.mark.parametrize("ledger", ["research_plan", "research_report", "follow_up",
                                    "request_report", "notification"])
def test_the_pages_open(qtbot: Any, session: UserSession, ledger: str) -> None:
    """第八–十章: each ledger's page opens in place of （尚未建设）."""
    from gui_helpers import open_window

    w = open_window(qtbot, session)
    page = w.open_ledger(ledger)
    assert page is not None and page.desc.id == ledger


@pytest.mark.gui
def test_a_notification_is_saved_through_the_form_article_43(
        qtbot: Any, session: UserSession) -> None:
    """第四十三条: the form offers the four forms; a 口头 通报 saves."""
    from PySide6.QtCore import Qt
    from PySide6.QtWidgets import QComboBox, QLineEdit, QPlainTextEdit

    from gui_helpers import child, open_window, type_chinese

    w = open_window(qtbot, session)
    p = w.open_ledger("notification")
    type_chinese(child(p, QLineEdit, "host_unit"), "中共示例县财政局党组")
    kind = child(p, QComboBox, "content_kind")
    kind.setCurrentIndex(kind.findData("3"))
    type_chinese(child(p, QLineEdit, "title"), "通报近期典型案例")
    form = child(p, QComboBox, "form")
    form.setCurrentIndex(form.findData("oral"))
    type_chinese(child(p, QPlainTextEdit, "content"), "通报了三起典型案例。")
    type_chinese(child(p, QLineEdit, "informed"), "党组书记钱志远")
    qtbot.mouseClick(p.save_button, Qt.MouseButton.LeftButton)
    assert "已保存" in p.form_message.text(), p.form_message.text()
    assert session.ledgers.list("notification")[0].values["form"] == "oral"


# -- the compliance calendar -----------------------------------------------------------

D = dt.date


def _by(items: list[compliance.Instance], duty: str) -> list[compliance.Instance]:
    return [i for i in items if i.duty.id == duty]


def _call(s: UserSession, due: str) -> str:
    return s.ledgers.add("request_report", _request(
        kind="report", matter="5", title="关于一名干部在抢险救灾中受伤情况的报告",
        channel="phone", phoned_at="2025-03-18 21:40", written_due=due,
        drafted_on="2025-03-18")).id


def test_the_written_report_after_a_call_is_due_by_the_set_day_article_40(
        session: UserSession) -> None:
    """第四十条: phoned first, written by the day the group set — on time, late, missing."""
    ledgers = session.ledgers
    on_time, late, missing = _call(session, "2025-03-20"), _call(session, "2025-03-20"), \
        _call(session, "2025-03-21")
    for call, day in ((on_time, "2025-03-19"), (late, "2025-03-24")):
        _t, values = ledgers.derive("request_report", call, "to_written")
        ledgers.add("request_report", dict(values, drafted_on=day))
    states = {i.event[1] if i.event else "": i for i in _by(
        compliance.instances(session, on=D(2025, 3, 30)), "written_after_phone")}
    assert states[on_time].state is State.DONE
    assert states[late].state is State.LATE and states[late].done_on == D(2025, 3, 24)
    assert states[missing].state is State.OVERDUE and states[missing].due == D(2025, 3, 21)
    assert states[missing].duty.article == "献县办法 第四十条"


def test_a_follow_up_item_is_closed_by_its_deadline_article_38(session: UserSession) -> None:
    """第三十八条 跟踪督促整改落实: 督办 items closed on time, or red when past due."""
    ledgers = session.ledgers
    base = {"host_unit": "示例县财政局", "source": "调研", "suggestion": "建立集体论证制度",
            "responsible": "分管副局长", "opened_on": "2025-05-06"}
    done = ledgers.add("follow_up", dict(base, problem="采购需求论证不充分",
                                         deadline="2025-06-30")).id
    open_ = ledgers.add("follow_up", dict(base, problem="合同验收一人完成",
                                          deadline="2025-06-30")).id
    ledgers.step("follow_up", done, "close",
                 data={"closed_on": "2025-06-20", "result": "经核实整改到位"})
    states = {i.event[1] if i.event else "": i.state for i in _by(
        compliance.instances(session, on=D(2025, 7, 2)), "follow_up_closed")}
    assert states == {done: State.DONE, open_: State.OVERDUE}


# -- enter once: into the chronicle ----------------------------------------------------

def test_notification_and_research_enter_the_chronicle_once_articles_48_49(
        team: dict[str, UserSession]) -> None:
    """第四十八条（二）（三）, 第四十九条: a 通报 and a 调研报告 go into the 大事记 with one
    action each, key points only, linked back."""
    member = team["member"].ledgers
    told = member.add("notification", _notification(form="meeting", meeting="党组会议"))
    target, values = member.derive("notification", told.id, "to_chronicle")
    assert target == "chronicle" and values["category"] == "3"
    assert values["content"] == "以会议形式向中共示例县财政局党组通报近期典型案例。"
    noted = member.add("chronicle", values)
    assert [e.id for e in member.linked("notification", told.id)] == [noted.id]
    plan = member.add("research_plan", _plan())
    _t, values = member.derive("research_plan", plan.id, "to_report")
    report = member.add("research_report", dict(values, content="正文", problems_found=2,
                                                feedback_on=_iso(-20)))
    _t, values = member.derive("research_report", report.id, "to_chronicle")
    assert values["category"] == "2" and "发现问题2个" in values["content"]
    assert member.add("chronicle", values).values["source_id"] == report.id


@pytest.mark.parametrize("ledger", [
    "research_plan", "research_report", "follow_up", "request_report", "notification"])
def test_create_edit_void_and_print_the_register(team: dict[str, UserSession],
                                                 ledger: str) -> None:
    """第三十五–四十三条: every ledger keeps versions, voids with a reason (never
    deletes) and prints its register with the entry's 密级 on it."""
    from ledger_samples import edited_value, sample_values

    desc = CATALOG.ledger(ledger)
    member, leader = team["member"].ledgers, team["leader"].ledgers
    entry = member.add(ledger, sample_values(desc))
    name, value = edited_value(desc)
    edited = member.edit(ledger, entry.id, {name: value})
    assert edited.version == 2 and edited.values[name] == value
    job = print_register(team["leader"], ledger, year=int(str(
        edited.values[desc.date_field])[:4]))
    assert job.pages >= 2 and job.marking.startswith(edited.classification.value)
    voided = leader.void(ledger, entry.id, "登记有误，予以作废")
    assert voided.voided and voided.void_reason == "登记有误，予以作废"
    assert member.get(ledger, entry.id).voided

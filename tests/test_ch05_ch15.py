"""安全制度 and 印章管理 — 献县办法 第五章 (第二十三–二十七条) and 第十五章
(第六十–六十三条), through the core API."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path

import pytest

from paizhu_desktop.core.errors import PermissionDenied, RuleError, ValidationError
from paizhu_desktop.core.ledgers.columns import ledger_columns
from paizhu_desktop.core.permissions import Role
from paizhu_desktop.core.session import UserSession

from conftest import add_account, login

YEAR = dt.date.today().year
TODAY = dt.date.today()
TOMORROW = TODAY + dt.timedelta(days=1)


@pytest.fixture
def team(session: UserSession, db_path: Path) -> Iterator[dict[str, UserSession]]:
    """The leader, a member and two seal custodians (A角 and B角), each logged in."""
    add_account(session, "wangmy", [Role.MEMBER], display_name="王明远")
    add_account(session, "lihq", [Role.MEMBER, Role.SEAL_CUSTODIAN], display_name="李慧琴")
    add_account(session, "zhaojg", [Role.MEMBER, Role.SEAL_CUSTODIAN], display_name="赵建国")
    out = {"leader": session, "member": login(db_path, "wangmy"),
           "custodian": login(db_path, "lihq"), "backup": login(db_path, "zhaojg")}
    yield out
    for name in ("member", "custodian", "backup"):
        out[name].close()


# -- 谈话安全预案 (第二十四–二十五条) ---------------------------------------------------

def _plan(s: UserSession, talk_at: str) -> str:
    return s.ledgers.add("talk_safety_plan", {
        "talk_at": talk_at, "kind": "verify", "subject": "某局财务科科长（示例）",
        "talkers": "王明远、李慧琴", "state_of_mind": "情绪稳定，对谈话有思想准备。",
        "plan": "核实问题线索反映的情况，听取本人说明。", "risk": "走读式谈话，往返途中有风险。",
        "medical": "备有常用药品，与县医院保持联系。", "safeguards": "两人以上在场，专人看护。",
        "emergency": "身体不适立即停止谈话并送医，报告组长。"}).id


def test_talk_plan_is_approved_by_the_leader_before_the_talk(
        team: dict[str, UserSession]) -> None:
    """第二十四条 组长负总责, 第二十五条 谈话前 … 预案: approved before the talk begins;
    after it, the talk, the 交接 and the 回访 are recorded."""
    member, leader = team["member"], team["leader"]
    eid = _plan(member, f"{TOMORROW.isoformat()} 09:00")
    plan = member.ledgers.get("talk_safety_plan", eid)
    assert plan.classification.value == "秘密"  # 谈话 material (LEDGER_DONE 6)
    with pytest.raises(PermissionDenied):
        member.ledgers.step("talk_safety_plan", eid, "approve")
    leader.ledgers.clock = lambda: dt.datetime.combine(TOMORROW, dt.time(9, 30))
    with pytest.raises(RuleError, match="谈话开始前批准"):
        leader.ledgers.step("talk_safety_plan", eid, "approve", note="同意")
    leader.ledgers.clock = dt.datetime.now
    approved = leader.ledgers.step("talk_safety_plan", eid, "approve", note="同意")
    assert approved.status == "approved" and approved.values["approver"] == "zhangzz"
    talked = member.ledgers.step("talk_safety_plan", eid, "talked", data={
        "talk_end": f"{TOMORROW.isoformat()} 11:00", "during": "未发现风险隐患。",
        "counselling": "开展思想政治工作，心理减压。", "handover": "交所在单位办公室主任接回"})
    assert talked.status == "talked"
    visited = member.ledgers.step("talk_safety_plan", eid, "visit",
                                  data={"visit_result": "回访所在单位，情况正常。"})
    assert visited.status == "visited"
    duty = leader.catalog.duty("talk_follow_up_visit")
    assert duty.article == "献县办法 第二十五条"


def test_a_leader_does_not_approve_his_own_talk_plan(session: UserSession) -> None:
    """第二十四条: the plan's author does not approve it (another 组长 does)."""
    eid = _plan(session, f"{TOMORROW.isoformat()} 09:00")
    with pytest.raises(RuleError, match="不能审批本人"):
        session.ledgers.step("talk_safety_plan", eid, "approve")


# -- 安全事件 (第二十六条) --------------------------------------------------------------

def _incident(s: UserSession, **extra: object) -> str:
    return s.ledgers.add("safety_incident", {
        "occurred_at": f"{YEAR}-01-02 10:20", "kind": "4", "place": "派驻组谈话室",
        "person": "谈话对象，男，52岁，有高血压病史。", "course": "谈话中自述头晕，立即送医。",
        "process": "经批准开展初步核实谈话。", "ideological": "谈话中说明政策，情绪平稳。",
        "attitude": "本人及家属无异议。", **extra}).id


def test_safety_incident_is_reported_at_once_and_followed_up(
        team: dict[str, UserSession]) -> None:
    """第二十六条: reported to the 案件监督管理室 and copied to the 联系室 at once, with the
    report's contents; an unreported incident is a finding; the follow-up is recorded."""
    member, leader = team["member"], team["leader"]
    with pytest.raises(RuleError, match="不能早于事件发生时间"):
        _incident(member, reported_at=f"{YEAR}-01-02 09:00")
    eid = _incident(member)
    (finding,) = leader.ledgers.findings("safety_incident", YEAR)
    assert "尚未报送" in finding and "第二十六条" in finding
    member.ledgers.edit("safety_incident", eid, {"reported_at": f"{YEAR}-01-02 10:50",
                                                 "copied_at": f"{YEAR}-01-02 11:00"})
    assert leader.ledgers.findings("safety_incident", YEAR) == []
    closed = leader.ledgers.step("safety_incident", eid, "close",
                                 data={"follow_up": "出院后回访，身体恢复正常。"})
    assert closed.status == "closed" and closed.values["closed_by"] == "zhangzz"
    duty = leader.catalog.duty("safety_incident_report")
    assert duty.schedule.done_field == "reported_at"  # type: ignore[union-attr]


# -- 安全检查 (第二十七条) --------------------------------------------------------------

def _items(hazard: str = "") -> list[dict[str, str]]:
    rows = [{"item": i, "result": "ok", "note": ""} for i in ("fire", "water", "power", "theft")]
    if hazard:
        rows[2] = {"item": "power", "result": "hazard", "note": hazard}
    return rows


def test_safety_check_covers_the_four_items_and_hazards_are_fixed(
        team: dict[str, UserSession]) -> None:
    """第二十七条 防火防水防电防盗, 发现事故隐患及时采取措施消除; monthly in the calendar."""
    member, leader = team["member"], team["leader"]
    data = {"check_date": TODAY.isoformat(), "inspectors": "赵建国、王明远"}
    with pytest.raises(ValidationError, match="缺少：防盗"):
        member.ledgers.add("safety_check", {**data, "items": _items()[:3]})
    with pytest.raises(ValidationError, match="写明隐患情况"):
        member.ledgers.add("safety_check", {**data, "items": [
            *_items()[:2], {"item": "power", "result": "hazard"}, _items()[3]]})
    eid = member.ledgers.add("safety_check", {**data, "items": _items("插线板老化")}).id
    assert any("插线板老化" in f for f in leader.ledgers.findings("safety_check", YEAR))
    with pytest.raises(RuleError, match="发现了隐患"):
        member.ledgers.step("safety_check", eid, "close")
    fixed = member.ledgers.step("safety_check", eid, "fix",
                                data={"measures": "更换插线板，下班断电。"})
    assert fixed.status == "fixed" and leader.ledgers.findings("safety_check", YEAR) == []
    clean = member.ledgers.add("safety_check", {**data, "items": _items()}).id
    with pytest.raises(RuleError, match="未发现隐患"):
        member.ledgers.step("safety_check", clean, "fix", data={"measures": "无"})
    assert member.ledgers.step("safety_check", clean, "close").status == "closed"
    duty = leader.catalog.duty("safety_check_month")
    assert duty.frequency == "每月" and duty.article == "献县办法 第二十七条"


# -- 印章管理 (第六十–六十三条) ----------------------------------------------------------

def _seal_request(s: UserSession, **extra: object) -> str:
    return s.ledgers.add("seal_use", {
        "requested_at": f"{YEAR}-03-02 09:30", "document": "关于示例县财政局专项检查情况的报告",
        "purpose": "报送县纪委监委", "impressions": 2, **extra}).id


def test_the_register_shows_the_stamping_time_and_the_seal(
        team: dict[str, UserSession]) -> None:
    """第六十条 登记用印时间: the time the seal met the paper, kept apart from the request
    time; which seal was used is a column of the list and the register."""
    member, leader, custodian = team["member"], team["leader"], team["custodian"]
    eid = _seal_request(member, seal="branch")
    leader.ledgers.step("seal_use", eid, "approve", note="同意")
    custodian.ledgers.step("seal_use", eid, "verify")
    custodian.ledgers.clock = lambda: dt.datetime(YEAR, 3, 3, 15, 10)
    stamped = custodian.ledgers.step("seal_use", eid, "stamp")
    assert stamped.values["stamped_at"] == f"{YEAR}-03-03T15:10"
    assert stamped.values["requested_at"] == f"{YEAR}-03-02T09:30"
    desc = member.catalog.ledger("seal_use")
    labels = [c.label for c in ledger_columns(desc)]
    assert labels[:2] == ["用印时间", "状态"] and "印章" in labels and "申请时间" in labels
    assert stamped.display("seal") == "党支部印章"


def test_the_custodian_never_checks_her_own_request(team: dict[str, UserSession]) -> None:
    """第六十条 经保管人员核对无误后方可用印: not her own request, nor one entered for
    her; the other custodian (her B角) checks it."""
    custodian, backup, leader = team["custodian"], team["backup"], team["leader"]
    own = _seal_request(custodian)
    leader.ledgers.step("seal_use", own, "approve", note="同意")
    with pytest.raises(RuleError, match="保管人员不能核对本人的用印申请"):
        custodian.ledgers.step("seal_use", own, "verify")
    assert custodian.ledgers.available_steps(custodian.ledgers.get("seal_use", own)) == []
    backup.ledgers.step("seal_use", own, "verify")
    with pytest.raises(RuleError, match="第六十条"):
        custodian.ledgers.step("seal_use", own, "stamp")
    assert backup.ledgers.step("seal_use", own, "stamp").status == "stamped"
    for_her = _seal_request(team["member"], on_behalf_of="lihq")
    leader.ledgers.step("seal_use", for_her, "approve", note="同意")
    with pytest.raises(RuleError, match="代为登记"):
        custodian.ledgers.step("seal_use", for_her, "verify")


def test_use_away_from_the_custodians_office_needs_the_seal_out_on_approval(
        team: dict[str, UserSession]) -> None:
    """第六十二条: 一般应在保管人员办公室内用印；携带外出须经组长批准 — the place of use
    is recorded, and a use away needs the seal out on an approved 印章外带."""
    member, leader, custodian = team["member"], team["leader"], team["custodian"]
    eid = _seal_request(member, stamp_place="outing")
    assert member.ledgers.get("seal_use", eid).display("stamp_place").startswith("携带外出")
    assert member.ledgers.get("seal_use", _seal_request(member)).values["stamp_place"] \
        == "office"
    leader.ledgers.step("seal_use", eid, "approve", note="同意")
    custodian.ledgers.step("seal_use", eid, "verify")
    with pytest.raises(RuleError, match="第六十二条"):
        custodian.ledgers.step("seal_use", eid, "stamp")
    trip = member.ledgers.add("seal_outing", {
        "planned_out": f"{TODAY.isoformat()} 08:30", "planned_return": f"{TODAY.isoformat()} 17:00",
        "destination": "示例县审计局", "reason": "现场送达监督意见书，需当场用印"}).id
    leader.ledgers.step("seal_outing", trip, "approve", note="同意，当日归还")
    custodian.ledgers.step("seal_outing", trip, "take_out")
    assert custodian.ledgers.step("seal_use", eid, "stamp").status == "stamped"


def test_the_seal_taken_out_is_due_back_in_the_calendar(session: UserSession) -> None:
    """第六十二条 印章 … 存放在保险柜内: a seal not back by its planned time is a duty of
    the calendar, done when the return is registered."""
    duty = session.catalog.duty("seal_outing_return")
    s = duty.schedule
    assert (s.ledger, s.due_field, s.done_field) == (  # type: ignore[union-attr]
        "seal_outing", "planned_return", "returned_at")
    assert duty.article == "献县办法 第六十二条" and Role.SEAL_CUSTODIAN in duty.roles


def test_a_seal_incident_is_recorded_with_what_followed(team: dict[str, UserSession]) -> None:
    """第六十三条 (一)–(三): the incident, the measures, the leader's decision on
    accountability, the rectification; decided incidents cannot be voided."""
    custodian, leader = team["custodian"], team["leader"]
    with pytest.raises(ValidationError, match="发现日期"):
        custodian.ledgers.add("seal_incident", {
            "occurred_on": f"{YEAR}-05-20", "found_on": f"{YEAR}-05-18", "kind": "1",
            "account": "印章丢失", "persons": "保管人员", "measures": "报告组长"})
    eid = custodian.ledgers.add("seal_incident", {
        "occurred_on": f"{YEAR}-05-18", "found_on": f"{YEAR}-05-20", "kind": "2",
        "stamp_ref": f"{YEAR}-012", "account": "用印后发现附件与审批稿不一致，已发出。",
        "persons": "经办人、核对人", "measures": "收回函件，重新办理。"}).id
    entry = custodian.ledgers.get("seal_incident", eid)
    assert entry.display("kind").startswith("（二）因审核把关不严")
    with pytest.raises(PermissionDenied):
        custodian.ledgers.step("seal_incident", eid, "decide",
                               data={"accountability": "批评教育"})
    leader.ledgers.step("seal_incident", eid, "decide",
                        data={"accountability": "对经办人、核对人批评教育，责令书面检查。"})
    with pytest.raises(RuleError, match="任何人都不能作废"):
        leader.ledgers.void("seal_incident", eid, "重复登记")
    closed = custodian.ledgers.step("seal_incident", eid, "close",
                                    data={"rectification": "完善用印核对清单。"})
    assert closed.status == "closed" and closed.values["decided_by"] == "zhangzz"


# -- the pages (GUI) -------------------------------------------------------------------

@pytest.mark.gui
def test_the_pages_open_and_a_safety_check_saves_through_the_form(
        qtbot: object, session: UserSession) -> None:
    """第二十七条: the 安全检查 form comes with the four items and saves; every page of
    第五章 and the 印章事故 page open."""
    from PySide6.QtCore import Qt
    from PySide6.QtWidgets import QLineEdit

    from gui_helpers import child, open_window, type_chinese

    w = open_window(qtbot, session)
    for ledger_id in ("talk_safety_plan", "safety_incident", "seal_incident", "seal_use"):
        page = w.open_ledger(ledger_id)
        assert page is not None and page.desc.id == ledger_id
    p = w.open_ledger("safety_check")
    assert p is not None
    type_chinese(child(p, QLineEdit, "inspectors"), "赵建国、王明远")
    qtbot.mouseClick(p.save_button, Qt.MouseButton.LeftButton)  # type: ignore[attr-defined]
    assert "已保存" in p.form_message.text(), p.form_message.text()
    (stored,) = session.ledgers.list("safety_check")
    assert [r["item"] for r in stored.values["items"]] == ["fire", "water", "power", "theft"]


def test_the_plan_and_the_incident_report_print_as_documents(
        team: dict[str, UserSession]) -> None:
    """第二十五条 谈话方案及预案, 第二十六条 报告内容: printed in GB/T 9704 layout, 秘密."""
    from paizhu_desktop.core.printing.service import print_document

    member, leader = team["member"], team["leader"]
    plan = _plan(member, f"{TOMORROW.isoformat()} 09:00")
    leader.ledgers.step("talk_safety_plan", plan, "approve", note="同意，注意全程安全")
    job = print_document(member, "talk_safety_plan", "谈话安全预案", entry_id=plan)
    assert job.pages >= 1 and job.marking == "秘密★10年" and job.pdf.startswith(b"%PDF")
    incident = _incident(member, reported_at=f"{YEAR}-01-02 10:50")
    report = print_document(member, "safety_incident", "安全事件报告", entry_id=incident)
    assert report.pages >= 1 and report.kind == "安全事件报告"
    with pytest.raises(ValidationError, match="须指定条目"):
        print_document(member, "safety_incident", "安全事件报告")


# -- the compliance calendar (duties of 第五章 and 第六十三条) -----------------------------

def _by(items: list, duty: str) -> list:  # type: ignore[type-arg]
    return [i for i in items if i.duty.id == duty]


def test_monthly_safety_check_done_and_missed_in_the_calendar(session: UserSession) -> None:
    """第二十七条: a 安全检查 each month (the program's period); a month without one is red."""
    from paizhu_desktop.core import compliance
    from paizhu_desktop.core.compliance import State

    session.ledgers.add("safety_check", {"check_date": "2026-03-25",
                                         "inspectors": "赵建国、王明远", "items": _items()})
    items = _by(compliance.instances(session, on=dt.date(2026, 5, 10),
                                     start=dt.date(2026, 3, 1), end=dt.date(2026, 5, 31)),
                "safety_check_month")
    states = {i.start.month: i.state for i in items}
    assert states == {3: State.DONE, 4: State.OVERDUE, 5: State.OPEN}


def test_incident_reported_at_once_and_talk_visited_in_the_calendar(
        session: UserSession) -> None:
    """第二十六条 第一时间报送 (red the next day without it); 第二十五条 回访 after the talk."""
    from paizhu_desktop.core import compliance
    from paizhu_desktop.core.compliance import State

    eid = _incident(session, occurred_at="2026-03-02 10:20")
    on = dt.date(2026, 3, 5)
    (report,) = _by(compliance.instances(session, on=on), "safety_incident_report")
    assert report.state is State.OVERDUE and report.due == dt.date(2026, 3, 3)
    session.ledgers.edit("safety_incident", eid, {"reported_at": "2026-03-02 10:50"})
    (report,) = _by(compliance.instances(session, on=on), "safety_incident_report")
    assert report.state is State.DONE
    add_account(session, "wangmy", [Role.MEMBER])
    member = login(session.db.path, "wangmy")
    try:
        plan = _plan(member, "2026-03-10 09:00")
        session.ledgers.clock = lambda: dt.datetime(2026, 3, 9, 16)
        session.ledgers.step("talk_safety_plan", plan, "approve", note="同意")
        member.ledgers.step("talk_safety_plan", plan, "talked", data={
            "talk_end": "2026-03-10 11:00", "during": "未发现风险隐患。",
            "counselling": "开展思想政治工作。", "handover": "交所在单位接回"})
        (visit,) = _by(compliance.instances(session, on=dt.date(2026, 4, 20)),
                       "talk_follow_up_visit")
        assert visit.state is State.OVERDUE and visit.due == dt.date(2026, 4, 9)
        member.ledgers.step("talk_safety_plan", plan, "visit", data={
            "visit_on": "2026-03-20", "visit_result": "回访所在单位，情况正常。"})
        (visit,) = _by(compliance.instances(session, on=dt.date(2026, 4, 20)),
                       "talk_follow_up_visit")
        assert visit.state is State.DONE and visit.done_on == dt.date(2026, 3, 20)
    finally:
        member.close()


def test_a_seal_incident_is_decided_within_a_month_in_the_calendar(
        session: UserSession) -> None:
    """第六十三条 追究相关人员责任: the leader decides within a month (the program's period)."""
    from paizhu_desktop.core import compliance
    from paizhu_desktop.core.compliance import State

    eid = session.ledgers.add("seal_incident", {
        "occurred_on": "2026-05-18", "found_on": "2026-05-20", "kind": "1",
        "account": "印章保管不善丢失（示例）", "persons": "保管人员",
        "measures": "报告县纪委监委，登报声明作废。"}).id
    (due,) = _by(compliance.instances(session, on=dt.date(2026, 6, 25)),
                 "seal_incident_decision")
    assert due.state is State.OVERDUE and due.due == dt.date(2026, 6, 20)
    session.ledgers.step("seal_incident", eid, "decide", data={
        "accountability": "对保管人员诫勉谈话。", "decided_on": "2026-06-10"})
    (due,) = _by(compliance.instances(session, on=dt.date(2026, 6, 25)),
                 "seal_incident_decision")
    assert due.state is State.DONE

"""The rules of the group-meeting, seal and chronicle-review ledgers, through the core API."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from paizhu_desktop.core.compliance import State, attention
from paizhu_desktop.core.errors import PermissionDenied, RuleError, ValidationError
from paizhu_desktop.core.permissions import Role
from paizhu_desktop.core.session import UserSession

from conftest import PASSWORD, add_account

YEAR = dt.date.today().year


@pytest.fixture
def team(session: UserSession, db_path: Path) -> dict[str, UserSession]:
    """The leader, a member and the seal custodian, each logged in."""
    add_account(session, "wangmy", [Role.MEMBER], display_name="王明远")
    add_account(session, "lihq", [Role.MEMBER, Role.SEAL_CUSTODIAN], display_name="李慧琴")
    out = {"leader": session,
           "member": UserSession.open(db_path, "wangmy", PASSWORD),
           "custodian": UserSession.open(db_path, "lihq", PASSWORD)}
    yield out
    out["member"].close()
    out["custodian"].close()


def _seal_request(s: UserSession, document: str = "关于示例县财政局专项检查情况的报告") -> str:
    return s.ledgers.add("seal_use", {
        "requested_at": f"{YEAR}-03-02 09:30", "document": document,
        "purpose": "报送县纪委监委", "impressions": 2}).id


def _stamp(team: dict[str, UserSession], entry_id: str) -> int:
    team["leader"].ledgers.step("seal_use", entry_id, "approve", note="同意")
    team["custodian"].ledgers.step("seal_use", entry_id, "verify")
    return int(team["custodian"].ledgers.step("seal_use", entry_id, "stamp")
               .values["stamp_number"])


# -- 用印 (献县办法 第六十–六十二条) ---------------------------------------------------

def test_seal_use_flow_request_approve_verify_stamp_article_60(
        team: dict[str, UserSession]) -> None:
    """第六十条: 组长批准 → 保管人员核对 → 用印, each recorded with who and when."""
    eid = _seal_request(team["member"])
    entry = team["member"].ledgers.get("seal_use", eid)
    assert entry.status == "requested" and entry.values["requester"] == "wangmy"
    approved = team["leader"].ledgers.step("seal_use", eid, "approve", note="同意用印")
    assert approved.status == "approved"
    assert approved.values["approver"] == team["leader"].user.username
    assert approved.values["approval_note"] == "同意用印"
    with pytest.raises(PermissionDenied):  # the leader is not the custodian
        team["leader"].ledgers.step("seal_use", eid, "verify")
    with pytest.raises(RuleError, match="当前为“已批准待核对”"):
        team["custodian"].ledgers.step("seal_use", eid, "stamp")
    verified = team["custodian"].ledgers.step("seal_use", eid, "verify")
    assert verified.values["custodian"] == "lihq" and verified.values["verified_at"]
    stamped = team["custodian"].ledgers.step("seal_use", eid, "stamp")
    assert stamped.status == "stamped"
    assert (stamped.values["stamp_year"], stamped.values["stamp_number"]) == (YEAR, 1)
    _revs, audits = team["leader"].ledgers.history("seal_use", eid)
    assert [a.action for a in audits] == ["create", "approve", "step", "step"]


def test_requester_cannot_approve_own_request_article_60(team: dict[str, UserSession]) -> None:
    """第六十条: 用印须经组长批准 — never by the requester, and a member cannot approve."""
    own = _seal_request(team["leader"])
    with pytest.raises(RuleError, match="不能审批本人提出的申请"):
        team["leader"].ledgers.step("seal_use", own, "approve")
    other = _seal_request(team["member"])
    with pytest.raises(PermissionDenied):
        team["member"].ledgers.step("seal_use", other, "approve")
    assert team["leader"].ledgers.get("seal_use", own).status == "requested"


def test_rejection_needs_a_reason(team: dict[str, UserSession]) -> None:
    eid = _seal_request(team["member"])
    with pytest.raises(ValidationError) as err:
        team["leader"].ledgers.step("seal_use", eid, "reject", note="")
    assert "不批准的理由" in err.value.errors["note"]
    rejected = team["leader"].ledgers.step("seal_use", eid, "reject", note="文件尚未定稿")
    assert rejected.status == "rejected" and rejected.values["approval_note"] == "文件尚未定稿"


def test_blank_paper_is_never_stamped_article_61(team: dict[str, UserSession]) -> None:
    """第六十一条: 严禁在空白纸张、空白证明、空白表格上加盖印章."""
    with pytest.raises(ValidationError) as err:
        _seal_request(team["member"], document="空白介绍信")
    assert "第六十一条" in err.value.errors["document"]
    with pytest.raises(ValidationError):
        _seal_request(team["member"], document="信")


def test_approved_request_cannot_be_rewritten(team: dict[str, UserSession]) -> None:
    eid = _seal_request(team["member"])
    team["leader"].ledgers.step("seal_use", eid, "approve")
    with pytest.raises(RuleError, match="不能再修改"):
        team["member"].ledgers.edit("seal_use", eid, {"impressions": 20})
    with pytest.raises(RuleError, match="办理步骤写入"):
        team["leader"].ledgers.edit("seal_use", _seal_request(team["member"]),
                                    {"approver": "wangmy"})


def test_stampings_are_numbered_and_a_gap_is_flagged_article_60(
        team: dict[str, UserSession]) -> None:
    """第六十条 登记: every stamping takes the year's next number; a voided one leaves a gap."""
    ids = [_seal_request(team["member"]) for _ in range(3)]
    assert [_stamp(team, i) for i in ids] == [1, 2, 3]
    assert team["leader"].ledgers.findings("seal_use", YEAR) == []
    team["leader"].ledgers.void("seal_use", ids[1], "登记有误，重新登记")
    findings = team["leader"].ledgers.findings("seal_use", YEAR)
    assert len(findings) == 1 and f"{YEAR}-002" in findings[0] and "已作废" in findings[0]
    # The voided number is not given out again.
    assert _stamp(team, _seal_request(team["member"])) == 4


def test_taking_the_seal_out_needs_approval_and_records_times_article_62(
        team: dict[str, UserSession]) -> None:
    """第六十二条: 携带印章外出须经组长批准; out and return times are recorded."""
    eid = team["member"].ledgers.add("seal_outing", {
        "planned_out": f"{YEAR}-04-08 08:30", "planned_return": f"{YEAR}-04-08 17:00",
        "destination": "示例县财政局", "reason": "现场为检查反馈意见书用印"}).id
    with pytest.raises(RuleError, match="当前为“待审批”"):
        team["custodian"].ledgers.step("seal_outing", eid, "take_out")
    team["leader"].ledgers.step("seal_outing", eid, "approve")
    out = team["custodian"].ledgers.step("seal_outing", eid, "take_out",
                                         data={"out_at": f"{YEAR}-04-08 08:40"})
    assert out.status == "out" and out.display("out_at") == f"{YEAR}-04-08 08:40"
    with pytest.raises(RuleError, match="归还时间不能早于带出时间"):
        team["custodian"].ledgers.step("seal_outing", eid, "give_back",
                                       data={"returned_at": f"{YEAR}-04-08 08:00"})
    back = team["custodian"].ledgers.step("seal_outing", eid, "give_back",
                                          data={"returned_at": f"{YEAR}-04-08 16:20"})
    assert back.status == "returned"


# -- 组务会、会议纪要、议定事项 (第三十二–三十四条) ----------------------------------------

MEETING = {
    "date": f"{YEAR}-03-09", "place": "派驻组会议室", "host": "张组长", "recorder": "王明远",
    "attendees": "张组长、王明远、李慧琴",
    "absentees": [{"name": "赵建国", "reason": "参加县纪委培训"}],
    "agenda": [{"topic": "传达学习县纪委全会精神", "category": "1"},
               {"topic": "研究三月份监督检查工作安排", "category": "4"}],
    "discussion": "与会人员逐项讨论，一致同意。",
    "decisions": "由王明远牵头制定财政局专项检查方案，3月20日前报组长审定。",
    "important": True,
}


def test_meeting_agenda_items_are_classified_article_33(team: dict[str, UserSession]) -> None:
    """第三十三条 (一)–(五): every agenda item names its scope; absentees give reasons."""
    bad = dict(MEETING, agenda=[{"topic": "研究工作", "category": "9"}])
    with pytest.raises(ValidationError) as err:
        team["member"].ledgers.add("group_meeting", bad)
    assert "议事范围" in err.value.errors["agenda"]
    bad = dict(MEETING, absentees=[{"name": "赵建国", "reason": ""}])
    with pytest.raises(ValidationError) as err:
        team["member"].ledgers.add("group_meeting", bad)
    assert "缺席原因" in err.value.errors["absentees"]
    entry = team["member"].ledgers.add("group_meeting", MEETING)
    assert entry.display("agenda").startswith("传达学习县纪委全会精神，（一）")


def test_meeting_enters_the_chronicle_once_linked_articles_48_49(
        team: dict[str, UserSession]) -> None:
    """第四十八条(四), 第四十九条: the meeting's key points go into the chronicle, linked."""
    meeting = team["member"].ledgers.add("group_meeting", MEETING)
    target, values = team["member"].ledgers.derive("group_meeting", meeting.id, "to_chronicle")
    assert target == "chronicle"
    assert values["category"] == "4" and values["date_start"] == MEETING["date"]
    assert "研究三月份监督检查工作安排" in values["content"]
    assert values["source_id"] == meeting.id
    chron = team["member"].ledgers.add("chronicle", values)
    assert chron.values["source_ledger"] == "group_meeting"
    assert [e.id for e in team["member"].ledgers.linked("group_meeting", meeting.id)] == [chron.id]


def test_meeting_summary_is_drafted_and_signed_by_the_leader_article_34(
        team: dict[str, UserSession]) -> None:
    """第三十四条: 重要会议形成《会议纪要》 — drafted from the record, issued by the leader."""
    meeting = team["member"].ledgers.add("group_meeting", MEETING)
    target, values = team["member"].ledgers.derive("group_meeting", meeting.id, "to_summary")
    assert target == "meeting_summary"
    assert values["content"].startswith("一、传达学习县纪委全会精神")
    assert "赵建国（参加县纪委培训）" in values["absentees"]
    summary = team["member"].ledgers.add("meeting_summary", dict(values, issue_no=3))
    with pytest.raises(PermissionDenied):
        team["member"].ledgers.step("meeting_summary", summary.id, "issue")
    issued = team["leader"].ledgers.step("meeting_summary", summary.id, "issue")
    assert issued.status == "issued" and issued.values["signer"] == team["leader"].user.username


def test_action_items_are_tracked_until_done_and_overdue_flagged_article_34(
        team: dict[str, UserSession]) -> None:
    """第三十四条: 议定事项 … 注重全过程管理，确保任务及时完成."""
    meeting = team["member"].ledgers.add("group_meeting", MEETING)
    _target, values = team["member"].ledgers.derive("group_meeting", meeting.id,
                                                    "to_action_item")
    past = (dt.date.today() - dt.timedelta(days=3)).isoformat()
    values.update(matter="制定财政局专项检查方案", owner="wangmy", deadline=past,
                  decided_on=(dt.date.today() - dt.timedelta(days=10)).isoformat())
    item = team["leader"].ledgers.add("action_item", values)
    findings = team["leader"].ledgers.findings("action_item", dt.date.today().year)
    assert any("制定财政局专项检查方案" in f and "已超期 3 天" in f for f in findings)
    # 待办 shows it once: as an overdue duty in 到期提醒, not again under 需要关注.
    year = dt.date.today().year
    assert any("制定财政局专项检查方案" in f
               for f in team["leader"].ledgers.report("year_findings", year))
    assert not any("制定财政局专项检查方案" in f
                   for f in team["leader"].ledgers.report("findings_beside_calendar", year))
    assert [i.state for i in attention(team["leader"])
            if i.event == ("action_item", item.id)] == [State.OVERDUE]
    member_tasks = [(e.id, [s.action for s in steps])
                    for e, steps in team["member"].ledgers.tasks()]
    assert (item.id, ["complete"]) in member_tasks
    with pytest.raises(RuleError, match="只有承办人本人"):
        team["custodian"].ledgers.step("action_item", item.id, "complete",
                                       data={"evidence": "已完成"})
    with pytest.raises(ValidationError):  # completion needs its evidence
        team["member"].ledgers.step("action_item", item.id, "complete", data={})
    done = team["member"].ledgers.step("action_item", item.id, "complete",
                                       data={"evidence": "方案已经组长审定，见附件"})
    assert done.status == "done" and done.values["completed_on"] == dt.date.today().isoformat()
    assert team["leader"].ledgers.findings("action_item", dt.date.today().year) == []


# -- 大事记 汇总、审定、锁定 (第五十条) ---------------------------------------------------

def _chronicle(s: UserSession, day: str, text: str) -> str:
    return s.ledgers.add("chronicle", {"date_start": day, "category": "2", "content": text}).id


def test_signed_off_month_is_locked_and_corrected_by_a_linked_entry_article_50(
        team: dict[str, UserSession]) -> None:
    """第五十条: 一月一汇总 … 经组长审定后归档 — after 审定 the month cannot change."""
    march = _chronicle(team["member"], f"{YEAR}-03-05", "开展财政局专项监督检查")
    april = _chronicle(team["member"], f"{YEAR}-04-02", "组织廉政警示教育")
    review = team["member"].ledgers.add("chronicle_review", {
        "kind": "month", "year": YEAR, "period": 3, "summary": "三月份共记载大事一件。"})
    assert (review.values["period_start"], review.values["period_end"]) == (
        f"{YEAR}-03-01", f"{YEAR}-03-31")
    with pytest.raises(RuleError, match="已经登记"):
        team["member"].ledgers.add("chronicle_review", {
            "kind": "month", "year": YEAR, "period": 3, "summary": "重复"})
    team["member"].ledgers.step("chronicle_review", review.id, "submit")
    with pytest.raises(PermissionDenied):
        team["member"].ledgers.step("chronicle_review", review.id, "sign_off")
    signed = team["leader"].ledgers.step("chronicle_review", review.id, "sign_off",
                                         note="同意归档")
    assert signed.values["entry_count"] == 1 and len(signed.values["content_digest"]) == 16

    with pytest.raises(RuleError, match="经组长审定"):
        team["member"].ledgers.edit("chronicle", march, {"content": "改写已审定的记载"})
    with pytest.raises(RuleError, match="经组长审定"):
        team["leader"].ledgers.void("chronicle", march, "想作废")
    with pytest.raises(RuleError, match="登记更正"):
        _chronicle(team["member"], f"{YEAR}-03-20", "补记三月的事项")
    with pytest.raises(RuleError):  # moving an April entry into March is refused too
        team["member"].ledgers.edit("chronicle", april, {"date_start": f"{YEAR}-03-30"})
    team["member"].ledgers.edit("chronicle", april, {"content": "组织廉政警示教育，参加46人"})

    target, values = team["member"].ledgers.derive("chronicle", march, "correct")
    assert target == "chronicle" and values["corrects"] == march
    values = dict(values, content="【更正】开展财政局专项监督检查（时间应为3月6日）")
    with pytest.raises(RuleError, match="组长或记录员"):  # 第四十八条: 指定专人负责记载
        team["member"].ledgers.add("chronicle", values)
    fixed = team["leader"].ledgers.add("chronicle", values)
    assert fixed.values["corrects"] == march
    assert team["member"].ledgers.get("chronicle", march).version == 1


def test_half_year_and_year_reviews_cover_their_period(team: dict[str, UserSession]) -> None:
    half = team["member"].ledgers.add("chronicle_review", {
        "kind": "half", "year": YEAR, "period": 2, "summary": "下半年小结"})
    assert (half.values["period_start"], half.values["period_end"]) == (
        f"{YEAR}-07-01", f"{YEAR}-12-31")
    year = team["member"].ledgers.add("chronicle_review", {
        "kind": "year", "year": YEAR, "period": 5, "summary": "年底整理"})
    assert year.values["period"] is None and year.values["period_end"] == f"{YEAR}-12-31"
    with pytest.raises(ValidationError):
        team["member"].ledgers.add("chronicle_review", {
            "kind": "half", "year": YEAR, "period": 3, "summary": "错误的半年"})


def test_leader_inbox_lists_what_waits_for_approval(team: dict[str, UserSession]) -> None:
    """DOMAIN §3 Approval: the leader sees every request waiting for approval."""
    seal = _seal_request(team["member"])
    review = team["member"].ledgers.add("chronicle_review", {
        "kind": "month", "year": YEAR, "period": 1, "summary": "一月汇总"})
    team["member"].ledgers.step("chronicle_review", review.id, "submit")
    inbox = {(e.ledger.id, e.id): [s.action for s in steps]
             for e, steps in team["leader"].ledgers.tasks()}
    assert inbox[("seal_use", seal)] == ["approve", "reject"]
    assert inbox[("chronicle_review", review.id)] == ["sign_off", "send_back"]
    assert ("seal_use", seal) not in {(e.ledger.id, e.id)
                                      for e, _ in team["custodian"].ledgers.tasks()}
    team["leader"].ledgers.step("seal_use", seal, "approve")
    custodian = {(e.ledger.id, e.id) for e, _ in team["custodian"].ledgers.tasks()}
    assert ("seal_use", seal) in custodian


def test_clue_talk_and_carrier_material_is_never_entered_below_secret(
        team: dict[str, UserSession]) -> None:
    """LEDGER_DONE 6 (线索, 谈话 material is at least 秘密; 献县办法 第十三条 严禁泄露举报事项,
    第五十八条 涉密载体): a new entry of such a ledger refuses 内部 and keeps 秘密 by default."""
    from ledger_samples import sample_values

    leader = team["leader"]
    floors = [d for d in leader.db.catalog.ledgers() if d.minimum_classification]
    assert {"problem_clue", "care_talk", "admonition_talk", "classified_medium"} <= {
        d.id for d in floors}
    for serial, desc in enumerate(floors):
        with pytest.raises(ValidationError) as err:
            leader.ledgers.add(desc.id, sample_values(desc, serial), classification="内部")
        assert f"{desc.name}的密级不得低于“秘密”" in err.value.errors["classification"]
    clue = next(d for d in floors if d.id == "problem_clue")
    entry = leader.ledgers.add(clue.id, sample_values(clue, 99))
    assert entry.classification.value == "秘密"


def test_what_the_calendar_shows_the_leader_is_not_repeated_under_attention() -> None:
    """献县办法 第三十四条, 第五十一条 …: a completeness check left out of 待办's 需要关注
    because the calendar shows it belongs to a ledger whose deadline duty counts the
    组长's role — so the 组长 still sees each overdue item, once."""
    from paizhu_desktop.core.regulations.catalog import CATALOG, IN_CALENDAR

    owners = {check: desc for desc in CATALOG.ledgers() for check in desc.checks}
    assert len(IN_CALENDAR) == 7
    for check in IN_CALENDAR:
        desc = owners[check]
        assert any(Role.LEADER in d.roles for d in desc.duties), desc.id

"""No account holder can set a state, a step's record or someone else's request
through the core: states and what a step records are written by that step only
(献县办法 第六十条 用印须经组长批准, 第五十条 经组长审定), the requester is the
acting account, a 审定 is undone by its own step, a locked period takes only linked
corrections, and the audit log holds who did what to which record, never its text.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterator
from pathlib import Path

import pytest

from paizhu_desktop.core.audit import canonical
from paizhu_desktop.core.demo import make_demo
from paizhu_desktop.core.errors import PermissionDenied, RuleError, ValidationError
from paizhu_desktop.core.handoff.transfer import export, import_file
from paizhu_desktop.core.permissions import Role
from paizhu_desktop.core.regulations.catalog import CATALOG
from paizhu_desktop.core.session import UserSession

from conftest import ADMINS, CHEAP_KDF, LEADER, PASSWORD, add_account
from ledger_samples import recorded_value, sample_values

YEAR = dt.date.today().year
WORKFLOW_LEDGERS = [d for d in CATALOG.ledgers() if d.workflow is not None]
REQUEST_LEDGERS = [d for d in WORKFLOW_LEDGERS if d.workflow and d.workflow.requester]


@pytest.fixture
def team(session: UserSession, db_path: Path) -> Iterator[dict[str, UserSession]]:
    """组长 (the first account), 副组长, a member, the seal custodian and the recorder."""
    add_account(session, "fuzz", [Role.DEPUTY], display_name="赵副组长")
    add_account(session, "wangmy", [Role.MEMBER], display_name="王明远")
    add_account(session, "lihq", [Role.MEMBER, Role.SEAL_CUSTODIAN], display_name="李慧琴")
    add_account(session, "chenxf", [Role.MEMBER, Role.RECORDER], display_name="陈晓峰")
    out = {"leader": session}
    for key, name in (("deputy", "fuzz"), ("member", "wangmy"), ("custodian", "lihq"),
                      ("recorder", "chenxf")):
        out[key] = UserSession.open(db_path, name, PASSWORD)
    yield out
    for key, s in out.items():
        if key != "leader":
            s.close()


SEAL_REQUEST = {"requested_at": f"{YEAR}-03-02 09:30",
                "document": "关于示例县财政局专项检查情况的报告",
                "purpose": "报送县纪委监委", "impressions": 2}


def _seal_request(s: UserSession, **extra: object) -> str:
    return s.ledgers.add("seal_use", {**SEAL_REQUEST, **extra}).id


# -- 1. a state and what a step records are set only by that step --------------------

@pytest.mark.parametrize("status", ["approved", "verified", "stamped", "作废", "任意状态"])
def test_a_new_seal_request_cannot_start_beyond_requested_article_60(
        team: dict[str, UserSession], status: str) -> None:
    """第六十条: 使用印章应经组长批准 … 经保管人员核对无误后方可用印 — a member cannot
    file a request as already approved or stamped; nothing is stored."""
    with pytest.raises(RuleError, match="办理步骤"):
        team["member"].ledgers.add("seal_use", SEAL_REQUEST, status=status)
    assert team["leader"].ledgers.count("seal_use", include_voided=True) == 0


@pytest.mark.parametrize("ledger_id,status", [
    ("meeting_summary", "issued"),          # 第三十四条: 会议纪要 经组长签发
    ("chronicle_review", "signed_off"),     # 第五十条: 经组长审定
    ("chronicle_review", "archived"),
    ("action_item", "done"),                # 第三十四条: 承办人登记办结
])
def test_no_ledger_takes_a_state_on_add(team: dict[str, UserSession], ledger_id: str,
                                        status: str) -> None:
    desc = CATALOG.ledger(ledger_id)
    with pytest.raises(RuleError, match="办理步骤"):
        team["member"].ledgers.add(ledger_id, sample_values(desc), status=status)
    assert team["leader"].ledgers.count(ledger_id, include_voided=True) == 0


def test_the_initial_state_is_accepted_and_a_ledger_without_workflow_has_none(
        team: dict[str, UserSession]) -> None:
    entry = team["member"].ledgers.add("seal_use", SEAL_REQUEST, status="requested")
    assert entry.status == "requested"
    with pytest.raises(RuleError, match="没有审批流程"):
        team["member"].ledgers.add("chronicle", {
            "date_start": f"{YEAR}-03-05", "category": "2", "content": "开展专项监督检查"},
            status="approved")
    assert team["leader"].ledgers.count("chronicle") == 0


@pytest.fixture(scope="module")
def member(tmp_path_factory: pytest.TempPathFactory) -> Iterator[UserSession]:
    """One database for the module's many refusals (nothing is stored by them): a member's
    session on it."""
    path = tmp_path_factory.mktemp("步骤") / "paizhu.db"
    leader, _ = UserSession.create(path, LEADER, PASSWORD, admins=ADMINS, kdf=CHEAP_KDF)
    add_account(leader, "wangmy", [Role.MEMBER], display_name="王明远")
    leader.close()
    s = UserSession.open(path, "wangmy", PASSWORD, kdf=CHEAP_KDF)
    yield s
    s.close()


@pytest.mark.parametrize("ledger_id,field", [
    (d.id, name) for d in WORKFLOW_LEDGERS for name in sorted(d.recorded_fields)])
def test_fields_a_step_records_are_refused_on_add(member: UserSession, ledger_id: str,
                                                  field: str) -> None:
    """批准人、批准时间、用印编号、签发人、审定人 … are written by their step, never typed."""
    desc = CATALOG.ledger(ledger_id)
    data = {**sample_values(desc), field: recorded_value(desc.field(field))}
    before = member.ledgers.count(ledger_id, include_voided=True)
    with pytest.raises(RuleError, match=f"“{desc.field(field).label}”只能由办理步骤写入"):
        member.ledgers.add(ledger_id, data)
    assert member.ledgers.count(ledger_id, include_voided=True) == before


def test_a_stamp_number_cannot_be_typed_in_article_60(team: dict[str, UserSession]) -> None:
    """第六十条 登记: the number comes from the 已盖印 step, in sequence."""
    for extra in ({"stamp_number": 999}, {"stamp_year": YEAR},
                  {"approver": LEADER, "approved_at": f"{YEAR}-03-02 10:00"}):
        with pytest.raises(RuleError, match="只能由办理步骤写入"):
            _seal_request(team["member"], **extra)
    assert team["leader"].ledgers.count("seal_use") == 0


def test_edit_cannot_change_the_state_or_a_step_record(team: dict[str, UserSession]) -> None:
    eid = _seal_request(team["member"])
    with pytest.raises(RuleError, match="办理步骤"):
        team["member"].ledgers.edit("seal_use", eid, {"purpose": "报送"}, status="approved")
    for data in ({"approver": LEADER}, {"stamp_number": 1}, {"custodian": "lihq"}):
        with pytest.raises(RuleError, match="只能由办理步骤写入"):
            team["member"].ledgers.edit("seal_use", eid, data)
    entry = team["member"].ledgers.get("seal_use", eid)
    assert entry.version == 1 and entry.status == "requested"
    # The current state and unchanged records may be sent back as they are (the form does).
    same = team["member"].ledgers.edit("seal_use", eid, {**entry.values, "impressions": 3},
                                       status="requested")
    assert same.version == 2 and same.values["impressions"] == 3


def test_a_sent_back_review_keeps_its_record_through_edits_article_50(
        team: dict[str, UserSession]) -> None:
    review = team["recorder"].ledgers.add("chronicle_review", {
        "kind": "month", "year": YEAR, "period": 2, "summary": "二月份共记载大事两件。"})
    team["recorder"].ledgers.step("chronicle_review", review.id, "submit")
    back = team["leader"].ledgers.step("chronicle_review", review.id, "send_back",
                                       note="请补充组务会研究事项")
    with pytest.raises(RuleError, match="“审定意见”只能由办理步骤写入"):
        team["recorder"].ledgers.edit("chronicle_review", review.id, {"review_note": ""})
    edited = team["recorder"].ledgers.edit("chronicle_review", review.id, {
        **back.values, "summary": "二月份共记载大事两件，含组务会研究事项一件。"})
    assert edited.values["review_note"] == "请补充组务会研究事项"


# -- 2. the requester is the acting account ----------------------------------------

@pytest.mark.parametrize("desc", REQUEST_LEDGERS, ids=lambda d: d.id)
def test_a_request_names_the_acting_account_article_60(team: dict[str, UserSession],
                                                       desc: object) -> None:
    """第六十条, 第六十二条: the leader cannot file a request in a member's name and
    approve it himself."""
    from paizhu_desktop.core.ledgers.description import LedgerDescription

    assert isinstance(desc, LedgerDescription) and desc.workflow is not None
    field = desc.workflow.requester
    with pytest.raises(RuleError, match=r"登记人本人.*第.+条"):
        team["leader"].ledgers.add(desc.id, {**sample_values(desc), field: "wangmy"})
    assert team["leader"].ledgers.count(desc.id, include_voided=True) == 0
    own = team["leader"].ledgers.add(desc.id, {**sample_values(desc), field: ""})
    assert own.values[field] == LEADER
    with pytest.raises(RuleError, match="登记后不能更改"):
        team["leader"].ledgers.edit(desc.id, own.id, {field: "wangmy"})
    assert team["leader"].ledgers.edit(desc.id, own.id, {field: ""}).values[field] == LEADER
    # The first step the requester may not take (批准, 核稿 …).
    guarded = next(st for st in desc.workflow.steps_from(desc.workflow.initial)
                   if st.not_by_requester)
    with pytest.raises(RuleError, match="不能审批本人提出的申请"):
        team["leader"].ledgers.step(desc.id, own.id, guarded.action, note="同意")
    stored = team["leader"].ledgers.get(desc.id, own.id)
    assert stored.values[field] == LEADER and stored.status == desc.workflow.initial


def test_a_request_entered_on_behalf_records_both_and_neither_approves_article_60(
        team: dict[str, UserSession], db_path: Path) -> None:
    """代为登记: the requester stays the acting account, the person it is for is named
    too, and 第六十条's not-own-request rule holds for both."""
    add_account(team["leader"], "sunlj", [Role.LEADER], display_name="孙立军")
    other_leader = UserSession.open(db_path, "sunlj", PASSWORD)
    try:
        eid = _seal_request(team["member"], on_behalf_of=LEADER)
        entry = team["member"].ledgers.get("seal_use", eid)
        assert (entry.values["requester"], entry.values["on_behalf_of"]) == ("wangmy", LEADER)
        with pytest.raises(RuleError, match="代为登记"):
            team["leader"].ledgers.step("seal_use", eid, "approve", note="同意")
        # Nor can the leader take his name off it and then approve it.
        for person in ("", "lihq"):
            with pytest.raises(RuleError, match="登记后不能更改"):
                team["leader"].ledgers.edit("seal_use", eid, {"on_behalf_of": person})
        assert team["leader"].ledgers.get("seal_use", eid).values["on_behalf_of"] == LEADER
        assert "approve" not in [s.action for s in team["leader"].ledgers.available_steps(entry)]
        approved = other_leader.ledgers.step("seal_use", eid, "approve", note="同意")
        assert approved.values["approver"] == "sunlj"

        mine = _seal_request(other_leader, on_behalf_of="wangmy")
        with pytest.raises(RuleError, match="不能审批本人提出的申请"):
            other_leader.ledgers.step("seal_use", mine, "approve")
        assert team["leader"].ledgers.step("seal_use", mine, "approve").status == "approved"
    finally:
        other_leader.close()


def test_on_behalf_of_names_another_existing_account(team: dict[str, UserSession]) -> None:
    with pytest.raises(ValidationError) as err:
        _seal_request(team["member"], on_behalf_of="不存在的人")
    assert "账号" in err.value.errors["on_behalf_of"]
    with pytest.raises(ValidationError) as err:
        _seal_request(team["member"], on_behalf_of="wangmy")
    assert "本人" in err.value.errors["on_behalf_of"]
    assert team["leader"].ledgers.count("seal_use") == 0


# -- 3. undoing a 审定 is the leader's own step --------------------------------------

def _signed_off_march(team: dict[str, UserSession]) -> tuple[str, str]:
    march = team["recorder"].ledgers.add("chronicle", {
        "date_start": f"{YEAR}-03-05", "category": "2",
        "content": "开展示例县财政局专项监督检查"}).id
    review = team["recorder"].ledgers.add("chronicle_review", {
        "kind": "month", "year": YEAR, "period": 3, "summary": "三月份共记载大事一件。"}).id
    team["recorder"].ledgers.step("chronicle_review", review, "submit")
    team["leader"].ledgers.step("chronicle_review", review, "sign_off", note="同意归档")
    return march, review


def test_a_signed_off_review_cannot_be_voided_by_anyone_article_50(
        team: dict[str, UserSession]) -> None:
    """第五十条: 经组长审定后归档 — voiding the review would unlock the month."""
    march, review = _signed_off_march(team)
    for who in ("deputy", "leader"):
        with pytest.raises(RuleError, match="撤销审定"):
            team[who].ledgers.void("chronicle_review", review, "误操作，作废重来")
    assert not team["leader"].ledgers.get("chronicle_review", review).voided
    with pytest.raises(RuleError, match="经组长审定"):
        team["member"].ledgers.edit("chronicle", march, {"content": "改写已审定的记载"})
    team["recorder"].ledgers.step("chronicle_review", review, "archive")
    with pytest.raises(RuleError, match="不能作废"):
        team["leader"].ledgers.void("chronicle_review", review, "已归档也想作废")


def test_only_the_leader_undoes_a_sign_off_with_a_reason_article_50(
        team: dict[str, UserSession]) -> None:
    march, review = _signed_off_march(team)
    for who in ("deputy", "member", "recorder"):
        with pytest.raises(PermissionDenied):
            team[who].ledgers.step("chronicle_review", review, "revoke",
                                   note="审定有误，重新整理")
    with pytest.raises(ValidationError) as err:
        team["leader"].ledgers.step("chronicle_review", review, "revoke")
    assert "撤销审定的理由" in err.value.errors["note"]
    undone = team["leader"].ledgers.step("chronicle_review", review, "revoke",
                                         note="三月份漏记一件大事，退回补记后重新审定")
    assert undone.status == "draft"
    assert undone.values["signer"] is None and undone.values["entry_count"] is None
    assert undone.values["review_note"] == "三月份漏记一件大事，退回补记后重新审定"
    # The month is open again until the next 审定.
    team["recorder"].ledgers.edit("chronicle", march, {"content": "开展财政局专项监督检查"})
    _revs, audits = team["leader"].ledgers.history("chronicle_review", review)
    assert audits[-1].detail["step"] == "revoke"


# -- 4. a locked period takes only linked corrections -------------------------------

def test_corrections_into_a_locked_month_name_an_entry_of_that_month_articles_48_50(
        team: dict[str, UserSession]) -> None:
    """第五十条: after 审定 the month's record is changed only by a linked correction,
    entered by the 组长 or the recorder (第四十八条: 指定专人负责记载)."""
    void_me = team["recorder"].ledgers.add("chronicle", {
        "date_start": f"{YEAR}-03-10", "category": "6", "content": "重复登记的一条"}).id
    team["leader"].ledgers.void("chronicle", void_me, "重复登记")
    april = team["recorder"].ledgers.add("chronicle", {
        "date_start": f"{YEAR}-04-02", "category": "2", "content": "组织廉政警示教育"}).id
    march, _review = _signed_off_march(team)
    seal = _seal_request(team["member"])
    base = {"date_start": f"{YEAR}-03-06", "category": "2",
            "content": "【更正】开展财政局专项监督检查（时间应为3月6日）"}
    for corrects in ("anything", seal, void_me, april):
        with pytest.raises(RuleError, match="更正"):
            team["recorder"].ledgers.add("chronicle", dict(base, corrects=corrects))
    with pytest.raises(RuleError, match="第四十八条"):
        team["member"].ledgers.add("chronicle", dict(base, corrects=march))
    with pytest.raises(RuleError, match="第四十八条"):
        team["deputy"].ledgers.add("chronicle", dict(base, corrects=march))
    fixed = team["recorder"].ledgers.add("chronicle", dict(base, corrects=march))
    assert fixed.values["corrects"] == march
    again = team["leader"].ledgers.add("chronicle", dict(base, corrects=fixed.id,
                                                         content="【更正】再次更正"))
    assert again.values["corrects"] == fixed.id
    assert team["leader"].ledgers.get("chronicle", march).version == 1


def test_a_correction_outside_a_locked_period_still_names_a_real_entry(
        team: dict[str, UserSession]) -> None:
    with pytest.raises(RuleError, match="更正"):
        team["member"].ledgers.add("chronicle", {
            "date_start": f"{YEAR}-05-06", "category": "2", "content": "【更正】某事",
            "corrects": "anything"})
    may = team["member"].ledgers.add("chronicle", {
        "date_start": f"{YEAR}-05-06", "category": "2", "content": "组织廉政谈话"}).id
    fixed = team["member"].ledgers.add("chronicle", {
        "date_start": f"{YEAR}-05-06", "category": "2", "content": "【更正】组织集体廉政谈话",
        "corrects": may})
    assert fixed.values["corrects"] == may


# -- 5. attachments follow the entry's content ---------------------------------------

def test_attachments_only_while_the_content_may_change(team: dict[str, UserSession]) -> None:
    """A file added after 批准 would read as approved with it (第六十条); after 审定
    the month's record is closed (第五十条)."""
    eid = _seal_request(team["member"])
    team["member"].ledgers.attach("seal_use", eid, "报告草稿.pdf", b"%PDF-1.4 draft")
    team["leader"].ledgers.step("seal_use", eid, "approve", note="同意")
    with pytest.raises(RuleError, match="附件"):
        team["member"].ledgers.attach("seal_use", eid, "另一份文件.pdf", b"%PDF-1.4 other")
    march, _review = _signed_off_march(team)
    with pytest.raises(RuleError, match="附件"):
        team["recorder"].ledgers.attach("chronicle", march, "现场照片.jpg", b"\xff\xd8")
    assert [a.filename for a in team["leader"].ledgers.attachments("seal_use", eid)] == [
        "报告草稿.pdf"]
    assert team["leader"].ledgers.attachments("chronicle", march) == []


def test_the_county_cannot_attach_to_imported_entries(session: UserSession,
                                                      tmp_path: Path) -> None:
    """DOMAIN §7: a group's entries are read-only in the county's database."""
    chron = session.ledgers.add("chronicle", {"date_start": f"{YEAR}-03-02", "category": "2",
                                              "content": "开展专项检查"})
    out = tmp_path / "交接.pzx"
    export(session, out, "7KQM-2XTB-9RFD-HW4C", year=YEAR, kdf=CHEAP_KDF)
    county, _ = UserSession.create(tmp_path / "县汇总.db", "county", PASSWORD, mode="county",
                                   admins=ADMINS, group_name="示例县纪委监委", kdf=CHEAP_KDF)
    try:
        import_file(county, out, "7KQM-2XTB-9RFD-HW4C")
        with pytest.raises(RuleError, match="只读"):
            county.ledgers.attach("chronicle", chron.id, "县里补的材料.pdf", b"%PDF-1.4")
        assert county.ledgers.attachments("chronicle", chron.id) == []
    finally:
        county.close()


# -- the audit log holds who/what/which record, never the record's text ----------------

def test_a_steps_note_stays_out_of_the_audit_log(team: dict[str, UserSession]) -> None:
    note = "同意，但须在文件首页注明文号示例县纪发〔2026〕12号"
    eid = _seal_request(team["member"])
    approved = team["leader"].ledgers.step("seal_use", eid, "approve", note=note)
    assert approved.values["approval_note"] == note
    revisions, audits = team["leader"].ledgers.history("seal_use", eid)
    assert revisions[-1].data["values"]["approval_note"] == note
    step_audit = audits[-1]
    assert step_audit.detail["step"] == "approve"
    assert note not in canonical(step_audit.detail).decode()
    assert "示例县纪发" not in json.dumps(
        [a.detail for a in audits], ensure_ascii=False)


def test_the_demo_reaches_every_state_through_the_steps(tmp_path: Path) -> None:
    """演示数据 has no hidden way to set a state: each entry was created in its
    workflow's initial state and moved on by audited steps."""
    demo = make_demo(tmp_path / "演示.db", PASSWORD, entries=30, year=YEAR - 1, kdf=CHEAP_KDF)
    try:
        assert demo.verify().ok
        reached = set()
        for desc in WORKFLOW_LEDGERS:
            assert desc.workflow is not None
            for entry in demo.ledgers.list(desc.id, include_voided=True):
                revisions, audits = demo.ledgers.history(desc.id, entry.id)
                assert revisions[0].data["status"] == desc.workflow.initial
                assert audits[0].action == "create"
                assert len(audits) == len(revisions)
                reached.add((desc.id, entry.status))
        assert {("seal_use", "stamped"), ("chronicle_review", "archived"),
                ("meeting_summary", "issued"), ("action_item", "done")} <= reached
    finally:
        demo.close()

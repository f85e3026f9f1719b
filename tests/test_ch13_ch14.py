"""公文办理 and 保密管理 — 献县办法 第十三章 (第五十一–五十四条) and 第十四章
(第五十五–五十九条), through the core API."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path

import pytest

from paizhu_desktop.core.errors import PermissionDenied, RuleError, ValidationError
from paizhu_desktop.core.permissions import Role
from paizhu_desktop.core.printing.jobs import SAVED_PDF, missing_carriers, record_print
from paizhu_desktop.core.printing.service import print_register
from paizhu_desktop.core.regulations.xianxian.ch14_secrecy import review_for, term_end
from paizhu_desktop.core.session import UserSession

from conftest import add_account, login

YEAR = dt.date.today().year
TODAY = dt.date.today()


@pytest.fixture
def team(session: UserSession, db_path: Path) -> Iterator[dict[str, UserSession]]:
    """The leader, the 保密员 and a member, each logged in."""
    add_account(session, "wangmy", [Role.DEPUTY, Role.SECRECY_OFFICER], display_name="王明远")
    add_account(session, "lihq", [Role.MEMBER, Role.SEAL_CUSTODIAN], display_name="李慧琴")
    out = {"leader": session, "officer": login(db_path, "wangmy"),
           "member": login(db_path, "lihq")}
    yield out
    out["officer"].close()
    out["member"].close()


def _secret_chronicle(s: UserSession, day: str, retention: str = "10年") -> str:
    return s.ledgers.add("chronicle", {
        "date_start": day, "importance": 1, "category": "5",
        "content": "有人打听某问题线索的办理情况，工作人员未予透露并登记报告"},
        classification="秘密", retention=retention).id


def _carriers(s: UserSession, **where: object) -> list:  # type: ignore[type-arg]
    return s.ledgers.list("classified_medium", where=where or None)


# -- 保密期限 to a date --------------------------------------------------------------

def test_term_counts_to_a_day() -> None:
    """第五十五条: a 保密期限 counted from the day the 密级 was fixed, to a date."""
    assert term_end(dt.date(2026, 3, 31), "10年") == dt.date(2036, 3, 31)
    assert term_end(dt.date(2026, 8, 31), "6个月") == dt.date(2027, 2, 28)
    assert term_end(dt.date(2027, 8, 31), "6个月") == dt.date(2028, 2, 29)
    assert term_end(dt.date(2026, 1, 1), "长期") is None
    assert term_end(dt.date(2026, 1, 1), "") is None


# -- printing fills the 涉密载体 register (第五十八条) -----------------------------------

def test_printing_secret_paper_registers_each_copy_with_its_copy_number(
        team: dict[str, UserSession]) -> None:
    """第五十八条 接收、登记: 3 copies of a 秘密 register are 3 载体, 份号 000001–000003,
    linked to the print log entry; printing the same paper again goes on from 000004."""
    s = team["member"]
    _secret_chronicle(s, f"{YEAR}-03-02")
    job = print_register(s, "chronicle", year=YEAR)
    assert job.marking == "秘密★10年"
    seq = record_print(s, job, "派驻组涉密打印机", copies=3)
    carriers = _carriers(s, print_digest=job.digest)
    assert [c.values["copy_no"] for c in carriers] == [1, 2, 3]
    assert [c.display("copy_no") for c in carriers] == ["000001", "000002", "000003"]
    first = carriers[0]
    assert first.values["print_seq"] == seq and first.values["source"] == "printed"
    assert first.values["kind"] == "paper" and first.values["keeper"] == "lihq"
    assert first.classification.value == "秘密" and first.retention == "10年"
    assert first.values["printer"] == "派驻组涉密打印机" and first.status == "kept"
    log = team["officer"].audit_entries(actions=["print"])[0]
    assert log.seq == seq and sorted(log.detail["carriers"]) == sorted(c.id for c in carriers)
    record_print(s, job, "派驻组涉密打印机", copies=1)
    assert [c.values["copy_no"] for c in _carriers(s, print_digest=job.digest)] == [1, 2, 3, 4]


def test_saving_a_secret_pdf_registers_one_electronic_carrier(
        team: dict[str, UserSession]) -> None:
    """第五十八条: a PDF of 秘密 material is an electronic 载体, registered once."""
    s = team["leader"]
    _secret_chronicle(s, f"{YEAR}-03-02")
    job = print_register(s, "chronicle", year=YEAR)
    record_print(s, job, SAVED_PDF, copies=5)
    (carrier,) = _carriers(s, print_digest=job.digest)
    assert carrier.values["kind"] == "pdf" and carrier.values["copies_total"] == 1
    record_print(s, job, f"{SAVED_PDF}（第 1–1 页）", copies=2)  # 打印到文件 from the preview
    assert [c.values["kind"] for c in _carriers(s, print_digest=job.digest)] == ["pdf", "pdf"]


def test_printing_unclassified_paper_registers_nothing(team: dict[str, UserSession]) -> None:
    """第五十八条 concerns 涉密 material only: an 内部 register makes no 载体."""
    s = team["leader"]
    s.ledgers.add("chronicle", {"date_start": f"{YEAR}-03-02", "importance": 1,
                                "category": "1", "content": "传达学习县纪委全会精神"})
    record_print(s, print_register(s, "chronicle", year=YEAR), "办公室打印机", copies=2)
    assert _carriers(s) == []


def test_a_voided_printed_copy_is_a_finding(team: dict[str, UserSession]) -> None:
    """第五十八条: a printed copy whose registration is voided, or a 秘密 print with too
    few 载体, is reported to the 保密员."""
    s = team["leader"]
    _secret_chronicle(s, f"{YEAR}-03-02")
    job = print_register(s, "chronicle", year=YEAR)
    record_print(s, job, "派驻组涉密打印机", copies=2)
    assert missing_carriers(team["officer"], YEAR) == []
    carrier = _carriers(s, print_digest=job.digest)[1]
    s.ledgers.void("classified_medium", carrier.id, "登记有误")
    (finding,) = missing_carriers(team["officer"], YEAR)
    assert "只有 1 份登记为涉密载体" in finding and "第五十八条" in finding
    lost = s.ledgers.findings("classified_medium", YEAR)
    assert any("000002" in f and "去向不明" in f for f in lost)
    with pytest.raises(PermissionDenied):  # the print log is the 保密员's
        missing_carriers(team["member"], YEAR)


# -- the 涉密载体 register's own steps (第五十八条) ---------------------------------------

def _received(s: UserSession, **extra: object) -> str:
    return s.ledgers.add("classified_medium", {
        "source": "received", "kind": "paper", "title": "关于开展专项监督检查的通知",
        "doc_number": "示纪发〔2026〕12号", "issuer": "示例县纪委监委",
        "copy_no": 8, "copies_total": 20, "received_on": TODAY.isoformat(), **extra}).id


def test_received_carrier_consulted_returned_destroyed_with_approval(
        team: dict[str, UserSession]) -> None:
    """第五十八条 接收、登记、查阅、保管、销毁: consulted and returned by the 保密员's
    record; destroyed only after the 组长 approves a proposal that is not his own, with
    method and 监销人."""
    officer, leader, member = team["officer"], team["leader"], team["member"]
    eid = _received(officer)
    entry = officer.ledgers.get("classified_medium", eid)
    assert entry.classification.value == "秘密" and entry.display("copy_no") == "000008"
    with pytest.raises(PermissionDenied):  # 专人负责: the 保密员, not any member
        member.ledgers.step("classified_medium", eid, "lend",
                            data={"borrower": "李慧琴", "lend_purpose": "学习文件",
                                  "due_back": TODAY.isoformat()})
    lent = officer.ledgers.step("classified_medium", eid, "lend", data={
        "borrower": "李慧琴", "lend_purpose": "传达学习", "due_back": TODAY.isoformat()})
    assert lent.status == "lent" and lent.values["lent_on"]
    with pytest.raises(RuleError, match="任何人都不能作废"):
        leader.ledgers.void("classified_medium", eid, "借出期间作废")
    officer.ledgers.step("classified_medium", eid, "give_back")
    officer.ledgers.step("classified_medium", eid, "propose_destroy", note="学习完毕，无需归档")
    with pytest.raises(PermissionDenied):
        officer.ledgers.step("classified_medium", eid, "approve_destroy")
    leader.ledgers.step("classified_medium", eid, "approve_destroy")
    with pytest.raises(ValidationError, match="监销人"):
        officer.ledgers.step("classified_medium", eid, "destroy",
                             data={"destroy_method": "office"})
    done = officer.ledgers.step("classified_medium", eid, "destroy", data={
        "destroy_method": "shred", "destroy_witness": "张组长"})
    assert done.status == "destroyed" and done.values["destroyed_by"] == "wangmy"
    assert done.values["destroy_approver"] == "zhangzz"


def test_the_leader_cannot_approve_a_destruction_he_proposed(session: UserSession) -> None:
    """第五十八条 销毁: the proposal and its approval are two people's acts."""
    add_account(session, "baomi", [Role.LEADER, Role.SECRECY_OFFICER])
    both = login(session.db.path, "baomi")
    try:
        eid = _received(both)
        both.ledgers.step("classified_medium", eid, "propose_destroy", note="已过保密期限")
        with pytest.raises(RuleError, match="不能批准本人的销毁申请"):
            both.ledgers.step("classified_medium", eid, "approve_destroy")
    finally:
        both.close()


def test_paper_needs_a_copy_number_and_lent_copies_overdue_are_findings(
        team: dict[str, UserSession]) -> None:
    """第五十八条 登记: paper is registered by 份号; a copy lent past its day is reported."""
    officer = team["officer"]
    with pytest.raises(ValidationError, match="份号"):
        _received(officer, copy_no=None)
    with pytest.raises(ValidationError, match="大于来文份数"):
        _received(officer, copy_no=30)
    eid = _received(officer)
    officer.ledgers.clock = lambda: dt.datetime(YEAR, 1, 1, 9)
    officer.ledgers.step("classified_medium", eid, "lend", data={
        "borrower": "李慧琴", "lend_purpose": "传达学习", "lent_on": f"{YEAR}-01-01 09:00",
        "due_back": f"{YEAR}-01-01"})
    officer.ledgers.clock = dt.datetime.now
    if dt.date(YEAR, 1, 1) < TODAY:
        assert any("借出逾期未归还" in f for f in
                   officer.ledgers.findings("classified_medium", YEAR))


# -- 保密员, 保密教育, 外出印制 (第五十五、五十六条) -----------------------------------------

def test_a_year_without_a_named_secrecy_officer_is_a_finding(
        team: dict[str, UserSession]) -> None:
    """第五十五条: 组长 … 明确保密员 — named by the leader's own step."""
    officer, leader = team["officer"], team["leader"]
    assert leader.ledgers.findings("secrecy_staff", YEAR) == []  # nothing secret kept yet
    _received(officer)
    assert any("第五十五条" in f for f in leader.ledgers.findings("secrecy_staff", YEAR))
    eid = officer.ledgers.add("secrecy_staff", {
        "person": "王明远", "account": "wangmy", "duty": "officer", "level": "important",
        "appointed_on": f"{YEAR}-01-04", "post": "副组长"}).id
    assert leader.ledgers.findings("secrecy_staff", YEAR)  # proposed, not yet named
    with pytest.raises(PermissionDenied):
        officer.ledgers.step("secrecy_staff", eid, "name")
    named = leader.ledgers.step("secrecy_staff", eid, "name")
    assert named.values["named_by"] == "zhangzz"
    assert leader.ledgers.findings("secrecy_staff", YEAR) == []


def test_secrecy_education_is_a_half_yearly_duty(session: UserSession) -> None:
    """第五十五条 加强保密教育: a duty of the calendar, each half year."""
    duty = session.catalog.duty("secrecy_education_half")
    assert duty.article == "献县办法 第五十五条" and duty.frequency == "每半年"
    entry = session.ledgers.add("secrecy_education", {
        "date": f"{YEAR}-03-15", "form": "warning", "topic": "观看保密警示教育片",
        "host": "王明远", "attendees": "张组长、王明远、李慧琴", "hours": 2,
        "content": "学习保密法及实施条例，观看失泄密案例警示教育片。"})
    assert entry.display("form") == "警示教育"


def test_printing_outside_needs_an_approved_unit_and_the_leaders_approval(
        team: dict[str, UserSession]) -> None:
    """第五十六条: 确需到办公场所外印制涉密材料的，应到经保密部门审批的单位进行."""
    member, leader, officer = team["member"], team["leader"], team["officer"]
    data = {"material": "专项检查工作方案", "level": "secret", "copies": 30,
            "approved_unit": "", "reason": "份数较多，本组涉密打印机无法按时完成"}
    with pytest.raises(ValidationError, match="不能为空"):
        member.ledgers.add("outside_printing", data)
    with pytest.raises(ValidationError, match="第五十六条"):
        member.ledgers.add("outside_printing", {**data, "approved_unit": "城关图文打印店"})
    eid = member.ledgers.add("outside_printing", {
        **data, "approved_unit": "示例县机要印刷厂", "unit_licence": "冀保印〔2025〕3号"}).id
    leader.ledgers.step("outside_printing", eid, "approve", note="同意，印制后全部回收")
    done = officer.ledgers.step("outside_printing", eid, "printed", data={
        "recovered": "成品30份、废页4张全部收回，成品已登记涉密载体"})
    assert done.status == "printed"


# -- 降密/解密 review queue (第五十五条) ------------------------------------------------

def test_expired_terms_are_queued_for_review_until_the_leader_approves_one(
        team: dict[str, UserSession]) -> None:
    """第五十五条: every 秘密 entry's 保密期限 is counted to a day; once past, it waits in
    the 保密员's queue until a 降密/解密 review of it is approved."""
    officer, leader = team["officer"], team["leader"]
    old = _secret_chronicle(leader, f"{YEAR - 2}-02-10", retention="1年")
    _secret_chronicle(leader, f"{YEAR - 2}-02-11", retention="10年")  # not yet due
    queue = leader.ledgers.findings("classification_review", YEAR)
    assert len(queue) == 1 and f"{YEAR - 1}-02-10" in queue[0] and "届满" in queue[0]
    entry = leader.ledgers.get("chronicle", old)
    values = review_for(entry, "chronicle")
    assert values["term_end"] == f"{YEAR - 1}-02-10"
    with pytest.raises(ValidationError, match="审核密级"):  # names the entry it reviews
        officer.ledgers.add("classification_review", {
            **values, "entry_id": "", "decision": "keep", "reason": "仍需保密"})
    review = officer.ledgers.add("classification_review", {
        **values, "decision": "declassify", "reason": "事项已办结，公开不会损害国家安全"})
    assert leader.ledgers.findings("classification_review", YEAR)  # not yet approved
    with pytest.raises(PermissionDenied):  # the 组长 decides (第五十五条 第一责任人)
        officer.ledgers.step("classification_review", review.id, "approve")
    leader.ledgers.step("classification_review", review.id, "approve", note="同意解密")
    assert leader.ledgers.findings("classification_review", YEAR) == []
    assert [e.id for e in leader.ledgers.linked("chronicle", old)] == [review.id]


# -- 收文 (第五十一–五十三条) ------------------------------------------------------------

def _incoming(s: UserSession, classification: str = "内部", retention: str | None = None,
              **extra: object) -> str:
    return s.ledgers.add("incoming_document", {
        "received_on": TODAY.isoformat(), "category": "county", "issuer": "示例县纪委监委",
        "doc_number": f"示纪发〔{YEAR}〕12号", "title": "关于开展专项监督检查的通知",
        "proposal": "拟请组长阅示，由王明远同志牵头办理。", **extra},
        classification=str(classification), retention=retention).id


def test_incoming_document_registered_reviewed_handled_archived(
        team: dict[str, UserSession]) -> None:
    """第五十二条: 分类登记、拟办意见 → 组长阅批 (names 承办人 and 时限) → 承办人 reports the
    result; 第五十三条 移交归档; 第五十一条 督办 recorded."""
    member, leader, officer = team["member"], team["leader"], team["officer"]
    eid = _incoming(member)
    with pytest.raises(PermissionDenied):  # 阅批 is the 组长's
        member.ledgers.step("incoming_document", eid, "review", note="同意",
                            data={"handler": "wangmy", "deadline": TODAY.isoformat()})
    with pytest.raises(ValidationError, match="组长批示"):
        leader.ledgers.step("incoming_document", eid, "review",
                            data={"handler": "wangmy", "deadline": TODAY.isoformat()})
    reviewed = leader.ledgers.step("incoming_document", eid, "review", note="请王明远同志办理",
                                   data={"handler": "wangmy", "deadline": TODAY.isoformat()})
    assert reviewed.status == "handling" and reviewed.values["reviewer"] == "zhangzz"
    assert reviewed.values["instruction"] == "请王明远同志办理"
    urged = leader.ledgers.step("incoming_document", eid, "urge", note="请于今日内报告结果")
    assert urged.status == "handling" and urged.values["urge_note"] == "请于今日内报告结果"
    with pytest.raises(RuleError, match="只有承办人或登记人"):  # nor the 组长 himself
        leader.ledgers.step("incoming_document", eid, "complete", data={"result": "已办理"})
    done = officer.ledgers.step("incoming_document", eid, "complete",
                                data={"result": "已按通知要求部署检查并报告组长。"})
    assert done.status == "done" and done.values["completed_on"] == TODAY.isoformat()
    archived = member.ledgers.step("incoming_document", eid, "archive",
                                   data={"archive_ref": f"{YEAR}-WS-001"})
    assert archived.status == "archived"
    with pytest.raises(RuleError, match="任何人都不能作废"):
        leader.ledgers.void("incoming_document", eid, "误登")


def test_incoming_document_sent_back_with_the_reason(team: dict[str, UserSession]) -> None:
    """第五十二条: 不应接收的，及时向来文单位说明理由退回."""
    member = team["member"]
    eid = _incoming(member)
    with pytest.raises(ValidationError, match="退回理由"):
        member.ledgers.step("incoming_document", eid, "send_back")
    back = member.ledgers.step("incoming_document", eid, "send_back",
                               note="不属于派驻组职责范围，已电话说明")
    assert back.status == "returned" and back.values["return_reason"].startswith("不属于")


def test_incoming_document_overdue_is_a_finding_and_a_duty(
        team: dict[str, UserSession]) -> None:
    """第五十一条 不压件、不误事: a deadline passed is reported for 督办."""
    member, leader = team["member"], team["leader"]
    eid = _incoming(member, received_on=f"{YEAR}-01-02")
    leader.ledgers.clock = lambda: dt.datetime(YEAR, 1, 2, 10)
    leader.ledgers.step("incoming_document", eid, "review", note="请办理",
                        data={"handler": "wangmy", "deadline": f"{YEAR}-01-05"})
    leader.ledgers.clock = dt.datetime.now
    late = _incoming(member, title="另一份来文")
    with pytest.raises(RuleError, match="不能早于收文日期"):
        leader.ledgers.step("incoming_document", late, "review", note="请办理",
                            data={"handler": "wangmy", "deadline": f"{YEAR - 1}-12-01"})
    if dt.date(YEAR, 1, 5) < TODAY:
        (finding,) = leader.ledgers.findings("incoming_document", YEAR)
        assert "已超过办理时限" in finding and "第五十一条" in finding
    duty = leader.catalog.duty("incoming_document_deadline")
    assert duty.article.startswith("献县办法 第五十一")


def test_a_secret_incoming_document_is_entered_once_as_a_carrier(
        team: dict[str, UserSession]) -> None:
    """第五十二、五十八条 enter once: a 秘密 来文 becomes a 涉密载体 with one action,
    linked both ways; its 密级 follows the marking on the document."""
    officer = team["officer"]
    with pytest.raises(RuleError, match="秘密级以上"):
        officer.ledgers.derive("incoming_document", _incoming(officer), "to_medium")
    eid = _incoming(officer, classification="秘密", copies=2)
    entry = officer.ledgers.get("incoming_document", eid)
    assert entry.classification.value == "秘密" and entry.retention == "10年"
    target, values = officer.ledgers.derive("incoming_document", eid, "to_medium")
    assert target == "classified_medium" and values["issuer"] == "示例县纪委监委"
    carrier = officer.ledgers.add(target, {**values, "copy_no": 1})
    assert carrier.values["source"] == "received" and carrier.values["copies_total"] == 2
    assert [e.id for e in officer.ledgers.linked("incoming_document", eid)] == [carrier.id]


# -- 发文 (第五十四条) -----------------------------------------------------------------

def _draft(s: UserSession, **extra: object) -> str:
    return s.ledgers.add("outgoing_document", {
        "kind": "report", "title": "关于示例县财政局专项监督检查情况的报告",
        "main_to": "县纪委监委", "copy_to": "县纪委监委第一监督检查室",
        "content": "一、基本情况\n二、发现的问题\n三、下一步工作", **extra}).id


def test_outgoing_document_checked_by_another_signed_and_numbered_per_year(
        team: dict[str, UserSession]) -> None:
    """第五十四条: 核稿 by someone other than the drafter, 签发 by the 组长, and 文号
    县纪驻一发〔年〕N号 in order; 退回修改 sends it back with the opinion."""
    member, officer, leader = team["member"], team["officer"], team["leader"]
    first = _draft(member)
    with pytest.raises(RuleError, match="不能审批本人"):
        member.ledgers.step("outgoing_document", first, "check", note="已核")
    officer.ledgers.step("outgoing_document", first, "check", note="政策、内容、文字已核")
    back = leader.ledgers.step("outgoing_document", first, "revise", note="第二部分请补充数据")
    assert back.status == "draft" and back.values["checker"] is None
    officer.ledgers.step("outgoing_document", first, "check", note="已补充，复核无误")
    signed = leader.ledgers.step("outgoing_document", first, "sign", note="同意印发")
    assert signed.status == "signed" and signed.values["signer"] == "zhangzz"
    assert signed.display("doc_no") == f"县纪驻一发〔{YEAR}〕1号"
    second = _draft(member, title="关于示例县审计局有关情况的报告")
    officer.ledgers.step("outgoing_document", second, "check", note="已核")
    assert leader.ledgers.step("outgoing_document", second, "sign").values["doc_no"] == 2
    assert leader.ledgers.findings("outgoing_document", YEAR) == []
    with pytest.raises(RuleError, match="任何人都不能作废"):
        leader.ledgers.void("outgoing_document", second, "文号作废")


def test_a_leaders_own_draft_is_signed_by_no_one_but_another_leader(
        team: dict[str, UserSession]) -> None:
    """第五十四条 签发: the drafter never signs his own draft."""
    leader, officer = team["leader"], team["officer"]
    own = _draft(leader)
    officer.ledgers.step("outgoing_document", own, "check", note="已核")
    with pytest.raises(RuleError, match="拟稿人不能核稿或签发本人起草的公文"):
        leader.ledgers.step("outgoing_document", own, "sign")


def test_a_normative_document_is_filed_before_it_is_archived(
        team: dict[str, UserSession]) -> None:
    """第五十四条: 制定规范性文件应报县纪委监委办公室审核备案; a duty reminds of it."""
    member, officer, leader = team["member"], team["officer"], team["leader"]
    eid = _draft(member, normative=True, kind="opinion", title="派驻组监督检查工作规则（试行）")
    officer.ledgers.step("outgoing_document", eid, "check", note="已核")
    leader.ledgers.step("outgoing_document", eid, "sign")
    with pytest.raises(RuleError, match="审核备案"):
        member.ledgers.step("outgoing_document", eid, "archive",
                            data={"archive_ref": f"{YEAR}-FW-001"})
    filed = member.ledgers.step("outgoing_document", eid, "file",
                                data={"filing_ref": f"示纪办备〔{YEAR}〕2号"})
    assert filed.status == "filed"
    assert member.ledgers.step("outgoing_document", eid, "archive", data={
        "archive_ref": f"{YEAR}-FW-001"}).status == "archived"
    other = _draft(member)
    officer.ledgers.step("outgoing_document", other, "check", note="已核")
    leader.ledgers.step("outgoing_document", other, "sign")
    with pytest.raises(RuleError, match="只有规范性文件"):
        member.ledgers.step("outgoing_document", other, "file", data={"filing_ref": "无"})
    duty = leader.catalog.duty("normative_document_filing")
    assert duty.schedule.where == {"normative": True}  # type: ignore[union-attr]


class _Numbered:
    """A stored 发文 as the gap check reads it."""

    def __init__(self, number: int, voided: bool = False) -> None:
        self.values = {"prefix": "县纪驻一发", "doc_year": YEAR, "doc_no": number}
        self.voided, self.void_reason = voided, "登记错误" if voided else ""


class _Records:
    def __init__(self, rows: list[_Numbered]) -> None:
        self.rows = rows

    def find(self, ledger_id: str, **_kw: object) -> list[_Numbered]:
        return self.rows


def test_a_missing_or_voided_document_number_is_a_gap() -> None:
    """第五十四条 行文规范: a 文号 given and then lost is reported, like a seal number
    (a number is given only by 签发, and a signed document cannot be voided: the gap
    shows data changed outside the program, or received in a hand-off)."""
    from paizhu_desktop.core.regulations.xianxian.ch13_documents import doc_number_gaps

    rows = [_Numbered(1), _Numbered(2, voided=True), _Numbered(4)]
    findings = doc_number_gaps(_Records(rows), YEAR)  # type: ignore[arg-type]
    assert findings == [
        f"发文字号 县纪驻一发〔{YEAR}〕2号 的登记已作废（登记错误），文号出现空缺，请核查",
        f"发文字号 县纪驻一发〔{YEAR}〕3号 缺失：文号不连续，请核查（第五十四条）"]


# -- the pages (GUI) -------------------------------------------------------------------

@pytest.mark.gui
def test_the_pages_open_and_an_incoming_document_saves_through_the_form(
        qtbot: object, session: UserSession) -> None:
    """第五十二条 分类登记: the 收文 form saves; every page of 第十三、十四章 opens."""
    from PySide6.QtCore import Qt
    from PySide6.QtWidgets import QLineEdit, QPlainTextEdit

    from gui_helpers import child, open_window, type_chinese

    w = open_window(qtbot, session)
    for ledger_id in ("outgoing_document", "classified_medium", "secrecy_staff",
                      "secrecy_education", "outside_printing", "classification_review"):
        page = w.open_ledger(ledger_id)
        assert page is not None and page.desc.id == ledger_id
    p = w.open_ledger("incoming_document")
    assert p is not None
    type_chinese(child(p, QLineEdit, "issuer"), "示例县纪委监委")
    type_chinese(child(p, QLineEdit, "title"), "关于开展专项监督检查的通知")
    type_chinese(child(p, QPlainTextEdit, "proposal"), "拟请组长阅示。")
    qtbot.mouseClick(p.save_button, Qt.MouseButton.LeftButton)  # type: ignore[attr-defined]
    assert "已保存" in p.form_message.text(), p.form_message.text()
    (stored,) = session.ledgers.list("incoming_document")
    assert stored.values["issuer"] == "示例县纪委监委"
    assert stored.classification.value == "内部"  # the default 密级 of a 收文


@pytest.mark.gui
def test_the_secrecy_officer_sees_a_print_without_its_carriers_in_the_tasks_page(
        qtbot: object, team: dict[str, UserSession]) -> None:
    """第五十八条: a 秘密 print whose copies are not all registered is on the 保密员's
    待办 page (needing attention), and nobody else's."""
    from PySide6.QtWidgets import QLabel

    from gui_helpers import child, open_window

    s = team["leader"]
    _secret_chronicle(s, f"{YEAR}-03-02")
    job = print_register(s, "chronicle", year=YEAR)
    record_print(s, job, "派驻组涉密打印机", copies=2)
    s.ledgers.void("classified_medium", _carriers(s)[0].id, "登记有误")
    w = open_window(qtbot, team["officer"])
    w.tasks_page.refresh()
    assert "只有 1 份登记为涉密载体" in child(w.tasks_page, QLabel, "tasksFindings").text()
    lw = open_window(qtbot, team["member"])
    lw.tasks_page.refresh()
    assert "登记为涉密载体" not in child(lw.tasks_page, QLabel, "tasksFindings").text()


def test_a_review_is_started_from_the_entry_it_reviews(team: dict[str, UserSession]) -> None:
    """第五十五条, enter once: 审核密级 on a 涉密载体 fills the review with the entry, its
    密级 and 保密期限 counted to a day, linked both ways."""
    officer = team["officer"]
    eid = officer.ledgers.add("classified_medium", {
        "registered_on": f"{YEAR}-01-10", "source": "received", "kind": "paper",
        "title": "关于开展专项监督检查的通知", "issuer": "示例县纪委监委", "copy_no": 1},
        retention="6个月").id
    with pytest.raises(RuleError, match="秘密级以上"):
        officer.ledgers.derive("incoming_document", _incoming(officer), "to_review")
    target, values = officer.ledgers.derive("classified_medium", eid, "to_review")
    assert target == "classification_review"
    assert values["entry_ledger"] == "classified_medium" and values["entry_id"] == eid
    assert values["original"] == "秘密★6个月" and values["term_end"] == f"{YEAR}-07-10"
    review = officer.ledgers.add(target, {**values, "decision": "keep",
                                          "reason": "所涉事项仍在办理，继续保密"})
    assert [e.id for e in officer.ledgers.linked("classified_medium", eid)] == [review.id]


# -- the compliance calendar (duties of 第十三、十四章) -----------------------------------

def _by(items: list, duty: str) -> list:  # type: ignore[type-arg]
    return [i for i in items if i.duty.id == duty]


def test_incoming_deadline_and_normative_filing_in_the_calendar(
        team: dict[str, UserSession]) -> None:
    """第五十一条 跟踪督办: a 来文 done after its 时限 is late; 第五十四条: a 规范性文件
    not filed 30 days after 签发 is red until filed."""
    from paizhu_desktop.core import compliance
    from paizhu_desktop.core.compliance import State

    member, officer, leader = team["member"], team["officer"], team["leader"]
    eid = _incoming(member, received_on="2026-03-02")
    leader.ledgers.clock = lambda: dt.datetime(2026, 3, 2, 17)
    leader.ledgers.step("incoming_document", eid, "review", note="请办理",
                        data={"handler": "wangmy", "deadline": "2026-03-10"})
    (due,) = _by(compliance.instances(leader, on=dt.date(2026, 3, 12)),
                 "incoming_document_deadline")
    assert due.state is State.OVERDUE and due.owner == "wangmy"
    officer.ledgers.step("incoming_document", eid, "complete",
                         data={"result": "已办理并报告。", "completed_on": "2026-03-11"})
    (due,) = _by(compliance.instances(leader, on=dt.date(2026, 3, 12)),
                 "incoming_document_deadline")
    assert due.state is State.LATE
    doc = _draft(member, normative=True, kind="opinion", title="派驻组监督检查工作规则（试行）",
                 drafted_on="2026-03-02")
    officer.ledgers.step("outgoing_document", doc, "check", note="已核")
    leader.ledgers.clock = lambda: dt.datetime(2026, 3, 5, 10)
    leader.ledgers.step("outgoing_document", doc, "sign")
    (filing,) = _by(compliance.instances(leader, on=dt.date(2026, 4, 20)),
                    "normative_document_filing")
    assert filing.state is State.OVERDUE and filing.due == dt.date(2026, 4, 4)
    member.ledgers.step("outgoing_document", doc, "file",
                        data={"filed_on": "2026-03-20", "filing_ref": "示纪办备〔2026〕2号"})
    (filing,) = _by(compliance.instances(leader, on=dt.date(2026, 4, 20)),
                    "normative_document_filing")
    assert filing.state is State.DONE


def test_secrecy_education_each_half_and_lent_carriers_in_the_calendar(
        team: dict[str, UserSession]) -> None:
    """第五十五条 加强保密教育 (each half year, the program's period); 第五十八条: a
    涉密载体 lent and not back by its day is red for the 保密员."""
    from paizhu_desktop.core import compliance
    from paizhu_desktop.core.compliance import State

    officer = team["officer"]
    officer.ledgers.add("secrecy_education", {
        "date": "2026-03-15", "form": "study", "topic": "学习保密法", "host": "王明远",
        "attendees": "全体", "content": "学习保密法及实施条例。"})
    halves = _by(compliance.instances(officer, on=dt.date(2027, 1, 10),
                                      start=dt.date(2026, 1, 1), end=dt.date(2026, 12, 31)),
                 "secrecy_education_half")
    assert [(i.start.month, i.state) for i in halves] == [(1, State.DONE), (7, State.OVERDUE)]
    eid = _received(officer, registered_on="2026-03-02", received_on="2026-03-02")
    officer.ledgers.step("classified_medium", eid, "lend", data={
        "borrower": "李慧琴", "lend_purpose": "传达学习", "lent_on": "2026-03-03 09:00",
        "due_back": "2026-03-04"})
    (back,) = _by(compliance.instances(officer, on=dt.date(2026, 3, 6)),
                  "classified_medium_return")
    assert back.state is State.OVERDUE and Role.SECRECY_OFFICER in back.duty.roles
    officer.ledgers.step("classified_medium", eid, "give_back",
                         data={"returned_on": "2026-03-05 10:00"})
    (back,) = _by(compliance.instances(officer, on=dt.date(2026, 3, 6)),
                  "classified_medium_return")
    assert back.state is State.LATE and back.done_on == dt.date(2026, 3, 5)


def test_a_signed_document_prints_with_its_number_and_a_secret_one_registers_copies(
        team: dict[str, UserSession]) -> None:
    """第五十四条 行文规范: the 公文 prints in GB/T 9704 layout with its 文号 (a draft as
    送审稿); printing 3 copies of a 秘密 one registers 3 涉密载体 (第五十八条)."""
    from paizhu_desktop.core.printing.service import print_document

    member, officer, leader = team["member"], team["officer"], team["leader"]
    eid = member.ledgers.add("outgoing_document", {
        "kind": "report", "title": "关于示例县财政局专项监督检查情况的报告",
        "main_to": "县纪委监委", "copy_to": "县纪委监委第一监督检查室", "copies": 3,
        "content": "一、基本情况\n检查发现问题3个。\n二、下一步工作"},
        classification="秘密", retention="5年").id
    draft = print_document(member, "outgoing_document", "公文", entry_id=eid)
    assert draft.paper == "公文送审稿" and draft.marking == "秘密★5年"
    officer.ledgers.step("outgoing_document", eid, "check", note="已核")
    leader.ledgers.step("outgoing_document", eid, "sign", note="同意印发")
    job = print_document(member, "outgoing_document", "公文", entry_id=eid)
    assert job.paper == "公文" and job.pages >= 1
    record_print(member, job, "派驻组涉密打印机", copies=3)
    copies = _carriers(member, print_digest=job.digest)
    assert [c.display("copy_no") for c in copies] == ["000001", "000002", "000003"]
    assert copies[0].values["title"] == "关于示例县财政局专项监督检查情况的报告"

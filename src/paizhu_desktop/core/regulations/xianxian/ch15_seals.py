"""用印登记 seal use and 印章外带 taking the seal out — 献县办法 第十五章 第六十–六十三条.

Seal use: request → the group leader approves or rejects (never the
requester himself) → the custodian checks it → stamped; each stamping gets
the next number of the year, and a gap in the numbers is reported
(第六十条). The requester (用印人) is always the account that files the request;
a request filed for someone else names that person as well (代为登记), and
neither of the two may approve it; the leader's own request is decided by the B角
named for him in the 职责分工 (第六十五条, ``ch16_internal``), and says so. Blank
paper is never stamped: the document must be named (第六十一条). Taking the seal
out needs the leader's approval and records out and return times (第六十二条); the
calendar warns when it is not back by the planned time. 用印时间 is the moment the
seal is put on paper (the custodian's step), the request's time is kept apart; the
custodian never checks her own request; where the seal is used is recorded
(第六十二条: 一般应在保管人员办公室内用印). 印章事故 — loss, misuse — are recorded
with what followed (第六十三条).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from paizhu_desktop.core.actions import Action
from paizhu_desktop.core.classification import Classification
from paizhu_desktop.core.ledgers.description import LedgerDescription
from paizhu_desktop.core.ledgers.duties import After, Duty
from paizhu_desktop.core.ledgers.fields import (
    CURRENT_USER,
    TODAY,
    Choice,
    Field,
    FieldType,
    numbered_choices,
)
from paizhu_desktop.core.ledgers.rules import EntryView, Records
from paizhu_desktop.core.ledgers.workflow import (
    NOW,
    Step,
    Workflow,
    leader_decision,
    stand_in_field,
    taken_by,
)
from paizhu_desktop.core.permissions import Permission, Role
from paizhu_desktop.core.regulations.xianxian.chapters import SEALS as CHAPTER

SEALS = (
    Choice("group", "派驻纪检监察组印章"),
    Choice("branch", "党支部印章"),
)

#: Words naming blank material, which 第六十一条 forbids stamping.
_BLANK_WORDS = ("空白",)


def _document_named(values: Mapping[str, Any]) -> dict[str, str]:
    doc = (values.get("document") or "").strip()
    if any(w in doc for w in _BLANK_WORDS):
        return {"document": "严禁在空白纸张、空白证明、空白表格等材料上加盖印章（第六十一条）"}
    if len(doc) < 4:
        return {"document": "请写明所盖印文件的完整名称（第六十一条：不得在空白材料上用印）"}
    return {}


def stamp_label(year: Any, number: Any) -> str:
    """A seal number as registered and printed: 2026-039 (第六十条 登记)."""
    return f"{year}-{int(number):03d}"


def _stamp_number_reads(number: Any, values: Mapping[str, Any]) -> str:
    return stamp_label(values.get("stamp_year"), number)


def _only_requester(entry: EntryView, username: str) -> str | None:
    if entry.values.get("requester") != username:
        return "只有申请人本人可以撤回申请。"
    return None


def _next_number(records: Records, entry: EntryView) -> dict[str, Any]:
    """The next number of this year's seal sequence (第六十条 登记), voided ones included.

    Runs inside the stamping transaction, which holds the write lock, so two
    stampings can never take the same number.
    """
    year = records.now().year
    last = records.max_value("seal_use", "stamp_number", where={"stamp_year": year})
    return {"stamp_year": year, "stamp_number": int(last or 0) + 1}


def sequence_gaps(records: Records, year: int) -> list[str]:
    """Numbers of ``year``'s seal sequence that have no valid stamping (第六十条)."""
    stamped = records.find("seal_use", where={"stamp_year": year}, voided=None)
    findings: list[str] = []
    seen: dict[int, tuple[bool, str]] = {
        int(e.values["stamp_number"]): (e.voided, e.void_reason) for e in stamped
        if e.values.get("stamp_number") is not None}
    top = max(seen, default=0)
    for n in range(1, top + 1):
        label = stamp_label(year, n)
        if n not in seen:
            findings.append(f"用印编号 {label} 缺失：序号不连续，请核查（第六十条）")
        elif seen[n][0]:
            findings.append(f"用印编号 {label} 的登记已作废（{seen[n][1]}），序号出现空缺，请核查")
    return findings


#: Where the seal is put on paper (第六十二条: 一般应在保管人员办公室内用印).
STAMP_PLACES = (
    Choice("office", "保管人员办公室"),
    Choice("outing", "携带外出用印（经组长批准）"),
)

#: The custodian's check is a second pair of eyes: never on a request she made herself
#: or that was entered for her (第六十条 经保管人员核对无误后方可用印).
_OWN_CHECK = "保管人员核对无误后方可用印，保管人员不能核对本人的用印申请，第六十条"


def _approver_does_not_check(entry: EntryView, username: str) -> str | None:
    """第六十条 经保管人员核对无误后方可用印 (第六十六条 相互制约): the check is of what
    another approved — a B角 who approved a use as 代组长 never checks it as well."""
    if entry.values.get("approver") == username:
        return ("批准用印的人不能再核对同一用印（第六十条 经保管人员核对无误后方可用印，"
                "第六十六条 相互制约），请由印章保管员或其他B角核对。")
    return None


def _outside_use_was_approved(records: Records, entry: EntryView | None,
                              values: Mapping[str, Any]) -> str | None:
    """Stamping away from the custodian's office needs the seal out on an approved
    印章外带 at that moment (第六十二条)."""
    if entry is None or values.get("stamp_place") != "outing" or not values.get("stamped_at"):
        return None
    if entry.values.get("stamped_at"):
        return None  # stamped before: the check was made then
    out = records.find("seal_outing", where={"seal": values.get("seal")}, statuses=("out",))
    if not out:
        return ("携带印章外出用印须经组长批准（第六十二条）：该印章目前没有经批准并已登记带出的"
                "印章外带记录，请先办理印章外带，或改在保管人员办公室内用印。")
    return None


_SEAL_USE_STATES = (
    Choice("requested", "待审批"),
    Choice("approved", "已批准待核对"),
    Choice("verified", "已核对待用印"),
    Choice("stamped", "已用印"),
    Choice("rejected", "未批准"),
    Choice("withdrawn", "已撤回"),
)

SEAL_USE = LedgerDescription(
    id="seal_use",
    name="用印登记",
    chapter=CHAPTER,
    article="献县办法 第六十–六十一条",
    register_name="用印登记簿",
    description=(
        "使用印章应经组长批准，认真登记用印时间、用印事由、用印数量、用印人、批准人等，经保管人员"
        "核对无误后方可用印（第六十条）。严禁在空白纸张、空白证明、空白表格等材料上加盖印章"
        "（第六十一条）。"
    ),
    fields=(
        # 用印时间 (第六十条) is when the seal meets the paper (stamped_at, recorded by
        # the custodian's step); the request's own time is kept apart.
        Field("requested_at", "申请时间", FieldType.DATETIME, required=True, default=TODAY,
              help="提出用印申请的日期和时间；实际用印时间由保管人员盖印时登记"),
        Field("seal", "印章", FieldType.CHOICE, required=True, choices=SEALS, default="group",
              width=8),
        Field("document", "用印文件", FieldType.TEXT, required=True, max_length=200,
              help="所盖印文件的名称；严禁在空白材料上用印（第六十一条）"),
        Field("purpose", "用印事由", FieldType.LONGTEXT, required=True, max_length=1000),
        Field("impressions", "用印数量", FieldType.INTEGER, required=True, default=1,
              minimum=1, maximum=999, searchable=False, help="加盖印章的处数"),
        Field("requester", "用印人", FieldType.USER, required=True, default=CURRENT_USER,
              help="提出申请的人，即登记本条的账号（第六十条）"),
        Field("on_behalf_of", "实际用印人（代为登记）", FieldType.USER, since=2,
              help="替他人登记用印申请时，填写实际用印人的账号；该人与登记人均不能审批本申请"),
        Field("stamp_place", "用印地点", FieldType.CHOICE, required=True, choices=STAMP_PLACES,
              default="office", since=3, width=7,
              help="一般应在保管人员办公室内用印；携带外出用印的，须有经组长批准的印章外带登记"
                   "（第六十二条）"),
        Field("approver", "批准人", FieldType.USER, hidden=True),
        Field("approved_at", "批准时间", FieldType.DATETIME, hidden=True, searchable=False),
        Field("approval_note", "审批意见", FieldType.TEXT, hidden=True),
        # 组长本人的申请由B角审批时记载（献县办法 第六十五条）.
        Field("stand_in", "代行审批", FieldType.TEXT, hidden=True, since=3),
        Field("custodian", "核对人", FieldType.USER, hidden=True),
        stand_in_field("verify_stand_in", "代行核对", since=4),
        Field("verified_at", "核对时间", FieldType.DATETIME, hidden=True, searchable=False),
        Field("check_note", "核对意见", FieldType.TEXT, hidden=True),
        Field("stamped_at", "用印时间", FieldType.DATETIME, hidden=True, searchable=False),
        # The year the number belongs to: part of how 用印编号 reads, set with it.
        Field("stamp_year", "编号年度", FieldType.INTEGER, hidden=True, searchable=False),
        Field("stamp_number", "用印编号", FieldType.INTEGER, hidden=True, searchable=False,
              formatter=_stamp_number_reads, width=9),
    ),
    list_columns=("stamped_at", "stamp_number", "seal", "document", "purpose", "impressions",
                  "requester", "on_behalf_of", "approver", "custodian", "stamp_place",
                  "requested_at"),
    ordering=(("requested_at", False),),
    date_field="requested_at",
    summary_field="document",
    default_classification=Classification.INTERNAL,
    validators=(_document_named,),
    write_rules=(_outside_use_was_approved,),
    # 代行核对 recorded since version 4 (献县办法 第六十五条 AB角: the custodian's B角).
    version=4,
    workflow=Workflow(
        initial="requested",
        states=_SEAL_USE_STATES,
        editable=("requested",),
        finished=("stamped", "rejected", "withdrawn"),
        requester="requester",
        on_behalf_of="on_behalf_of",
        steps=(
            *leader_decision("用印须经组长批准，第六十条", stand_in_field="stand_in"),
            Step("verify", "核对无误", ("approved",), "verified", Permission.VERIFY_SEAL,
                 Action.STEP, record=taken_by("custodian", "verified_at", "check_note",
                                              stand_in="verify_stand_in"),
                 not_by_requester=_OWN_CHECK, guard=_approver_does_not_check),
            Step("send_back", "核对不符退回", ("approved",), "rejected",
                 Permission.VERIFY_SEAL, Action.REJECT, note_required=True,
                 note_label="核对不符的情况",
                 record=taken_by("custodian", "verified_at", "check_note",
                                 stand_in="verify_stand_in"),
                 not_by_requester=_OWN_CHECK, guard=_approver_does_not_check),
            Step("stamp", "已盖印", ("verified",), "stamped", Permission.VERIFY_SEAL,
                 Action.STEP, record={"stamped_at": NOW}, effect=_next_number,
                 writes=("stamp_year", "stamp_number"), not_by_requester=_OWN_CHECK),
            Step("withdraw", "撤回申请", ("requested",), "withdrawn", Permission.WRITE_LEDGERS,
                 Action.STEP, guard=_only_requester, task=False),
        ),
    ),
    checks=(sequence_gaps,),
)


def _times_in_order(values: Mapping[str, Any]) -> dict[str, str]:
    out, back = values.get("planned_out"), values.get("planned_return")
    if out and back and back < out:
        return {"planned_return": "“预计归还时间”不能早于“预计带出时间”"}
    return {}


def _returned_after_out(records: Records, entry: EntryView | None,
                        values: Mapping[str, Any]) -> str | None:
    out, back = values.get("out_at"), values.get("returned_at")
    if out and back and back < out:
        return "归还时间不能早于带出时间。"
    return None


SEAL_OUTING = LedgerDescription(
    id="seal_outing",
    name="印章外带",
    chapter=CHAPTER,
    article="献县办法 第六十二条",
    register_name="印章外带登记簿",
    description=(
        "印章使用保管应由专人负责，存放在保险柜内；一般应在保管人员办公室内用印，特殊情况需携带"
        "印章外出的，须经组长批准（第六十二条）。"
    ),
    fields=(
        Field("planned_out", "预计带出时间", FieldType.DATETIME, required=True, default=TODAY),
        Field("planned_return", "预计归还时间", FieldType.DATETIME, required=True),
        Field("seal", "印章", FieldType.CHOICE, required=True, choices=SEALS, default="group"),
        Field("destination", "前往地点", FieldType.TEXT, required=True, max_length=100),
        Field("reason", "外带事由", FieldType.LONGTEXT, required=True, max_length=1000,
              help="说明需携带印章外出的特殊情况（第六十二条）"),
        Field("requester", "携带人", FieldType.USER, required=True, default=CURRENT_USER,
              help="提出申请的人，即登记本条的账号（第六十二条）"),
        Field("on_behalf_of", "实际携带人（代为登记）", FieldType.USER, since=2,
              help="替他人登记外带申请时，填写实际携带人的账号；该人与登记人均不能审批本申请"),
        Field("approver", "批准人", FieldType.USER, hidden=True),
        Field("approved_at", "批准时间", FieldType.DATETIME, hidden=True, searchable=False),
        Field("approval_note", "审批意见", FieldType.TEXT, hidden=True),
        Field("stand_in", "代行审批", FieldType.TEXT, hidden=True, since=3),
        Field("out_at", "带出时间", FieldType.DATETIME, hidden=True, searchable=False),
        Field("returned_at", "归还时间", FieldType.DATETIME, hidden=True, searchable=False),
        Field("custodian", "保管人", FieldType.USER, hidden=True),
        stand_in_field("take_out_stand_in", "代行登记带出", since=4),
    ),
    list_columns=("planned_out", "planned_return", "seal", "destination", "reason",
                  "requester", "on_behalf_of", "approver", "out_at", "returned_at"),
    ordering=(("planned_out", False),),
    date_field="planned_out",
    summary_field="reason",
    validators=(_times_in_order,),
    write_rules=(_returned_after_out,),
    # 代行登记带出 recorded since version 4 (献县办法 第六十五条 AB角: the custodian's B角).
    version=4,
    workflow=Workflow(
        initial="requested",
        requester="requester",
        on_behalf_of="on_behalf_of",
        states=(
            Choice("requested", "待审批"),
            Choice("approved", "已批准待带出"),
            Choice("out", "已带出"),
            Choice("returned", "已归还"),
            Choice("rejected", "未批准"),
        ),
        editable=("requested",),
        finished=("returned", "rejected"),
        steps=(
            *leader_decision("携带印章外出须经组长批准，第六十二条",
                             stand_in_field="stand_in"),
            Step("take_out", "登记带出", ("approved",), "out", Permission.VERIFY_SEAL,
                 Action.STEP, asks=("out_at",),
                 record=taken_by("custodian", stand_in="take_out_stand_in")),
            Step("give_back", "登记归还", ("out",), "returned", Permission.VERIFY_SEAL,
                 Action.STEP, asks=("returned_at",)),
        ),
    ),
    duties=(
        Duty("seal_outing_return", "外带印章按时归还", "献县办法 第六十二条",
             After("seal_outing", "planned_out", due_field="planned_return",
                   statuses=("out", "returned"), done_field="returned_at",
                   owner_field="requester"),
             roles=frozenset({Role.SEAL_CUSTODIAN, Role.LEADER})),
    ),
)

#: 第六十三条 (一)–(三).
INCIDENT_KINDS = numbered_choices([
    "对印章保管不善，造成印章丢失的",
    "因审核把关不严，用印后造成不良影响的",
    "其他非法使用印章的行为",
])


def _found_after_occurred(values: Mapping[str, Any]) -> dict[str, str]:
    happened, found = values.get("occurred_on"), values.get("found_on")
    if happened and found and found < happened:
        return {"found_on": "“发现日期”不能早于“发生日期”"}
    return {}


SEAL_INCIDENT = LedgerDescription(
    id="seal_incident",
    name="印章事故",
    chapter=CHAPTER,
    article="献县办法 第六十三条",
    register_name="印章事故登记簿",
    description=(
        "有下列情形之一的，视情节轻重追究相关人员责任：（一）对印章保管不善，造成印章丢失的；"
        "（二）因审核把关不严，用印后造成不良影响的；（三）其他非法使用印章的行为（第六十三条）。"
        "登记事故经过、采取的措施，组长决定责任追究，整改完成后办结。"
    ),
    fields=(
        Field("occurred_on", "发生日期", FieldType.DATE, required=True, default=TODAY),
        Field("found_on", "发现日期", FieldType.DATE, required=True, default=TODAY),
        Field("seal", "印章", FieldType.CHOICE, required=True, choices=SEALS, default="group"),
        Field("kind", "情形", FieldType.CHOICE, required=True, choices=INCIDENT_KINDS,
              help="第六十三条（一）至（三）"),
        Field("stamp_ref", "相关用印编号", FieldType.TEXT, max_length=60,
              help="涉及某次用印的，填写用印编号（如 2026-039）"),
        Field("account", "事故经过", FieldType.LONGTEXT, required=True, max_length=5000),
        Field("persons", "相关人员", FieldType.TEXT, required=True, max_length=200),
        Field("measures", "已采取的措施", FieldType.LONGTEXT, required=True, max_length=3000,
              help="如报告县纪委监委、登报声明作废、申请重新刻制、收回已用印文件等"),
        Field("accountability", "责任追究情况", FieldType.LONGTEXT, hidden=True,
              max_length=3000),
        Field("decided_by", "决定人", FieldType.USER, hidden=True),
        stand_in_field(since=2),
        Field("decided_on", "决定日期", FieldType.DATE, hidden=True, searchable=False),
        Field("rectification", "整改情况", FieldType.LONGTEXT, hidden=True, max_length=3000),
        Field("closed_on", "办结日期", FieldType.DATE, hidden=True, searchable=False),
    ),
    list_columns=("occurred_on", "found_on", "seal", "kind", "account", "persons",
                  "measures", "accountability", "closed_on"),
    ordering=(("occurred_on", False),),
    date_field="occurred_on",
    summary_field="account",
    validators=(_found_after_occurred,),
    # 代行审批 recorded since version 2 (献县办法 第六十五条 AB角).
    version=2,
    workflow=Workflow(
        initial="reported",
        states=(Choice("reported", "待处理"), Choice("decided", "已追究责任"),
                Choice("closed", "已整改办结")),
        editable=("reported",),
        finished=("closed",),
        unvoidable=("decided", "closed"),
        steps=(
            Step("decide", "决定责任追究", ("reported",), "decided", Permission.APPROVE,
                 Action.APPROVE, asks=("accountability", "decided_on"),
                 record=taken_by("decided_by")),
            Step("close", "整改办结", ("decided",), "closed", Permission.WRITE_LEDGERS,
                 Action.STEP, asks=("rectification", "closed_on")),
        ),
    ),
    duties=(Duty(
        "seal_incident_decision", "印章事故及时追究责任", "献县办法 第六十三条",
        After("seal_incident", start_field="found_on", months=1, done_field="decided_on"),
        note="第六十三条未规定期限；程序按发现后一个月内由组长决定责任追究提示。"),),
)


#: 第十五章, in navigation order.
LEDGERS = (SEAL_USE, SEAL_OUTING, SEAL_INCIDENT)

"""职责分工与AB角, 回避, 内部轮岗 and 从业限制 — 献县办法 第十六章 内部责任制度,
第六十四–六十七条.

The group leader answers for the whole work (组长负责制, 第六十四条); every other
member works to the duties of his post, and each post has an A角 and a B角 so that
work never stops (组内实行岗位职责AB角，避免工作脱节, 第六十五条). The division of
duties is decided by the 组务会 (第三十三条（四）) and confirmed by the leader; it
sets the approvals in order (严格审批程序，形成相互监督、相互制约机制, 第六十六条):
where the person who approves a request is its requester — the leader's own seal
request — the B角 named for him with "B角代行审批" decides it, and the step
records so. The audit replay knows every designation from its signed records
(:class:`~paizhu_desktop.core.ledgers.workflow.Designates`).

第六十七条 asks the group to keep 任职回避、内部轮岗、从业限制 strictly: a 回避 is
recorded case by case, each post's holder and tenure are recorded and a post held
long is reminded for rotation, and the restriction on later employment is recorded
when someone leaves.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

from paizhu_desktop.core.actions import Action
from paizhu_desktop.core.classification import Classification
from paizhu_desktop.core.ledgers.description import Derivation, LedgerDescription, Link
from paizhu_desktop.core.ledgers.duties import After, Duty
from paizhu_desktop.core.ledgers.fields import CURRENT_USER, TODAY, Choice, Field, FieldType
from paizhu_desktop.core.ledgers.rules import EntryView, Records
from paizhu_desktop.core.ledgers.workflow import (
    ACTOR,
    NOW,
    Absences,
    Designates,
    Step,
    Workflow,
    stand_in_field,
    taken_by,
)
from paizhu_desktop.core.permissions import Permission
from paizhu_desktop.core.regulations.xianxian.chapters import INTERNAL_DUTIES as CHAPTER

# -- 职责分工与AB角 (第六十五–六十六条) ---------------------------------------------------

#: Who stands in for whom, read by the service and the audit replay alike.
DESIGNATES = Designates(primary="primary", backup="backup", start="effective_from",
                        end="effective_until", approvals="approvals",
                        in_force=("confirmed", "ended"), ended="ended_on")


def _ab_differ(values: Mapping[str, Any]) -> dict[str, str]:
    out: dict[str, str] = {}
    if values.get("primary") and values.get("primary") == values.get("backup"):
        out["backup"] = "B角应为A角以外的另一名工作人员（第六十五条：岗位职责AB角）"
    start, until = values.get("effective_from"), values.get("effective_until")
    if start and until and until < start:
        out["effective_until"] = "“终止日期”不能早于“起始日期”"
    return out


def _one_backup_for_approvals(records: Records, entry: EntryView | None,
                              values: Mapping[str, Any]) -> str | None:
    """When confirmed, no other designation in force names a B角 for the same A角's
    approvals on overlapping dates: who decides the leader's own request is never in
    doubt (第六十六条 严格审批程序)."""
    ended, start = values.get("ended_on"), values.get("effective_from")
    if ended and start and ended < start:
        return "终止日期不能早于该分工的起始日期。"
    confirming = entry is not None and values.get("confirmed_by") \
        and not entry.values.get("confirmed_by")
    if not confirming or not values.get("approvals"):
        return None
    mine = DESIGNATES.snapshot(values, "confirmed", False)
    for other in records.find("post_assignment", statuses=DESIGNATES.in_force,
                              where={"primary": values.get("primary"), "approvals": True},
                              exclude_id=entry.id if entry is not None else None):
        theirs = DESIGNATES.snapshot(other.values, other.status, other.voided)
        if _overlap(mine, theirs):
            return (f"“{values.get('primary')}”在这一期间已有代行审批的B角"
                    f"（{theirs['backup']}，{theirs['start']}起）；同一时期只能指定一名，"
                    "请先终止原分工（第六十五条、第六十六条）。")
    return None


def _overlap(a: Mapping[str, Any], b: Mapping[str, Any]) -> bool:
    far = "9999-12-31"
    return bool(a["start"] <= (b["end"] or far) and b["start"] <= (a["end"] or far))


def meeting_to_post_assignment(entry: EntryView) -> dict[str, Any]:
    """A 职责分工 decided by a 组务会 (第三十三条（四）研究决定人员职责分工), linked back."""
    v = entry.values
    return {"decided_on": v.get("date"), "effective_from": v.get("date"),
            "source_ledger": "group_meeting", "source_id": entry.id}


POST_ASSIGNMENT = LedgerDescription(
    id="post_assignment",
    name="职责分工",
    chapter=CHAPTER,
    article="献县办法 第六十五–六十六条",
    register_name="岗位职责分工及AB角登记簿",
    description=(
        "其他工作人员依据岗位职责做好本职工作，并完成组长交办的具体任务。组内实行岗位职责AB角，"
        "避免工作脱节（第六十五条）。派驻机构应科学合理明确职责分工，规范组内业务工作流程，严格审批"
        "程序，形成相互监督、相互制约机制（第六十六条）。人员职责分工由组务会研究决定"
        "（第三十三条（四）），经组长确认后生效；组长岗位的B角勾选“B角代行审批”后，组长本人的"
        "用印、印章外带申请由其审批。"
    ),
    fields=(
        Field("post", "岗位", FieldType.TEXT, required=True, max_length=30, width=12,
              help="如：组长、副组长、综合文秘岗、监督检查岗、审查调查岗、印章管理岗"),
        Field("responsibilities", "岗位职责", FieldType.LONGTEXT, required=True,
              max_length=2000, help="本岗位负责的具体工作（第六十五条：依据岗位职责做好本职工作）"),
        Field("primary", "A角", FieldType.USER, required=True,
              help="本岗位的主责人员（账号）"),
        Field("backup", "B角", FieldType.USER, required=True,
              help="A角不在岗、需回避或是申请人本人时接替办理的人员（账号），"
                   "避免工作脱节（第六十五条）"),
        Field("approvals", "B角代行审批", FieldType.BOOL, default=False, searchable=False,
              help="勾选后，A角本人提出的用印、印章外带等申请由B角审批；A角外出离岗（已在"
                   "“外出离岗登记”中登记）期间，A角应办的审批和办理步骤由B角代行（A角须有该"
                   "权限，一般为组长、印章保管员岗位；第六十五条、第六十六条）"),
        Field("decided_on", "确定日期", FieldType.DATE, required=True, default=TODAY,
              help="组务会研究决定人员职责分工的日期（第三十三条（四））"),
        Field("effective_from", "起始日期", FieldType.DATE, required=True, default=TODAY),
        Field("effective_until", "终止日期", FieldType.DATE,
              help="预定的终止日期，可不填；提前终止的，由组长办理“终止分工”"),
        Field("remarks", "备注", FieldType.LONGTEXT, max_length=1000),
        Field("confirmed_by", "确认人", FieldType.USER, hidden=True),
        stand_in_field("confirm_stand_in", "代行确认", since=2),
        Field("confirmed_at", "确认时间", FieldType.DATETIME, hidden=True, searchable=False),
        Field("confirm_note", "确认意见", FieldType.TEXT, hidden=True),
        Field("ended_on", "实际终止日期", FieldType.DATE, hidden=True, searchable=False),
        Field("ended_by", "终止人", FieldType.USER, hidden=True),
        stand_in_field("end_stand_in", "代行终止", since=2),
        Field("end_reason", "终止原因", FieldType.TEXT, hidden=True),
        Field("source_ledger", "来源台账", FieldType.TEXT, hidden=True, searchable=False),
        Field("source_id", "来源条目", FieldType.TEXT, hidden=True, searchable=False),
    ),
    list_columns=("post", "responsibilities", "primary", "backup", "approvals",
                  "effective_from", "effective_until", "ended_on"),
    ordering=(("effective_from", True), ("post", False)),
    date_field="effective_from",
    summary_field="post",
    validators=(_ab_differ,),
    write_rules=(_one_backup_for_approvals,),
    links=(Link("source_id", "研究决定的组务会", ledger_field="source_ledger"),),
    # 代行确认、代行终止 recorded since version 2 (献县办法 第六十五条 AB角): a field per
    # step, so that each mark stays beside the person it qualifies.
    version=2,
    workflow=Workflow(
        initial="draft",
        states=(Choice("draft", "待确认"), Choice("confirmed", "在任"),
                Choice("ended", "已终止")),
        editable=("draft",),
        finished=("ended",),
        # A designation in force is part of the approvals record: it ends by its step.
        unvoidable=("confirmed", "ended"),
        designates=DESIGNATES,
        steps=(
            Step("confirm", "确认分工", ("draft",), "confirmed", Permission.APPROVE,
                 Action.APPROVE, note_label="确认意见",
                 record=taken_by("confirmed_by", "confirmed_at", "confirm_note",
                                 stand_in="confirm_stand_in")),
            Step("terminate", "终止分工", ("confirmed",), "ended", Permission.APPROVE,
                 Action.STEP, asks=("ended_on",), note_required=True, note_label="终止原因",
                 record=taken_by("ended_by", note="end_reason", stand_in="end_stand_in"),
                 task=False),
        ),
    ),
)


# -- 回避 (第六十七条 任职回避) ------------------------------------------------------------

RECUSAL_KINDS = (
    Choice("office", "任职回避"),
    Choice("matter", "办理事项回避"),
)
RECUSAL_GROUNDS = (
    Choice("kin", "与当事人或驻在部门领导有近亲属关系"),
    Choice("interest", "本人或近亲属与所办事项有利害关系"),
    Choice("other", "其他可能影响公正办理的关系"),
)
RAISED_BY = (
    Choice("self", "本人申请"),
    Choice("ordered", "组织决定"),
    Choice("others", "他人提出"),
)
DECISIONS = (
    Choice("recuse", "回避"),
    Choice("not_recuse", "不予回避"),
)


def _recusal_consistent(values: Mapping[str, Any]) -> dict[str, str]:
    person, replacement = values.get("person"), values.get("replacement")
    if person and replacement and person == replacement:
        return {"replacement": "接替办理人员不能是回避人员本人"}
    if values.get("decision") == "recuse" and values.get("kind") == "matter" \
            and not replacement:
        return {"replacement": "决定回避的事项，请填写接替办理人员（第六十五条：避免工作脱节）"}
    return {}


def _recusal_classification(values: Mapping[str, Any]) -> Classification | None:
    # A matter a member withdraws from is usually a 线索 or 审查调查 matter.
    return Classification.SECRET if values.get("kind") == "matter" else None


RECUSAL = LedgerDescription(
    id="recusal",
    name="回避登记",
    chapter=CHAPTER,
    article="献县办法 第六十七条",
    register_name="回避登记簿",
    description=(
        "强化自我监督，牢固树立法治思维和程序意识，严格执行任职回避、内部轮岗、从业限制等有关规定"
        "（第六十七条）。每一起回避逐件登记：谁、对什么事项、因何回避、由谁决定。"
    ),
    fields=(
        Field("person", "回避人员", FieldType.USER, required=True),
        Field("kind", "回避类型", FieldType.CHOICE, required=True, choices=RECUSAL_KINDS),
        Field("matter", "回避事项", FieldType.TEXT, required=True, max_length=200,
              help="任职回避写明所涉职务或岗位；事项回避写明所办事项（如某问题线索的初步核实）"),
        Field("grounds", "回避情形", FieldType.CHOICE, required=True, choices=RECUSAL_GROUNDS),
        Field("reason", "回避理由", FieldType.LONGTEXT, required=True, max_length=2000),
        Field("raised_by", "提出方式", FieldType.CHOICE, required=True, choices=RAISED_BY,
              default="self"),
        Field("decision", "决定", FieldType.CHOICE, required=True, choices=DECISIONS,
              default="recuse"),
        Field("decided_by", "决定人", FieldType.TEXT, required=True, max_length=50,
              help="作出回避决定的领导或机关，如：组长、县纪委监委"),
        Field("decided_on", "决定日期", FieldType.DATE, required=True, default=TODAY),
        Field("replacement", "接替办理人员", FieldType.USER,
              help="回避后接替办理该事项的人员（一般为该岗位的B角）"),
        Field("remarks", "备注", FieldType.LONGTEXT, max_length=1000),
    ),
    list_columns=("decided_on", "person", "kind", "matter", "grounds", "decision",
                  "decided_by", "replacement"),
    ordering=(("decided_on", True),),
    date_field="decided_on",
    summary_field="matter",
    validators=(_recusal_consistent,),
    classification_rule=_recusal_classification,
    classification_inputs=("kind",),
)


# -- 内部轮岗 (第六十七条) -------------------------------------------------------------

#: 第六十七条 names no period; this is the reminder the program keeps (Duty.note).
ROTATION_YEARS = 5


def _rotation_consistent(values: Mapping[str, Any]) -> dict[str, str]:
    since, rotated = values.get("since"), values.get("rotated_on")
    if since and rotated and rotated < since:
        return {"rotated_on": "“轮岗日期”不能早于“任现岗位起始日期”"}
    if rotated and not values.get("new_post"):
        return {"new_post": "已轮岗的，请填写轮岗后的岗位"}
    if values.get("new_post") and not rotated:
        return {"rotated_on": "填写了轮岗后岗位的，请填写轮岗日期"}
    return {}


POST_TENURE = LedgerDescription(
    id="post_tenure",
    name="岗位任职与轮岗",
    chapter=CHAPTER,
    article="献县办法 第六十七条",
    register_name="内部轮岗登记簿",
    description=(
        "严格执行内部轮岗有关规定（第六十七条）。登记每名工作人员任现岗位的起始日期；轮岗后登记"
        "轮岗日期和新岗位，并另起一条登记新岗位的任职。"
    ),
    fields=(
        Field("person", "工作人员", FieldType.USER, required=True),
        Field("post", "岗位", FieldType.TEXT, required=True, max_length=30),
        Field("since", "任现岗位起始日期", FieldType.DATE, required=True, default=TODAY),
        Field("decided_by", "决定人或会议", FieldType.TEXT, max_length=50,
              help="如：组务会研究决定（第三十三条（四））"),
        Field("rotated_on", "轮岗日期", FieldType.DATE, searchable=False),
        Field("new_post", "轮岗后岗位", FieldType.TEXT, max_length=30),
        Field("remarks", "备注", FieldType.LONGTEXT, max_length=1000),
    ),
    list_columns=("person", "post", "since", "decided_by", "rotated_on", "new_post"),
    ordering=(("since", True),),
    date_field="since",
    summary_field="post",
    validators=(_rotation_consistent,),
    duties=(
        Duty("post_rotation", "同一岗位任职期满的内部轮岗", "献县办法 第六十七条",
             After(ledger="post_tenure", start_field="since", years=ROTATION_YEARS,
                   done_field="rotated_on", owner_field="person"),
             note=(f"第六十七条只要求“严格执行……内部轮岗等有关规定”，没有规定轮岗期限；本程序按"
                   f"同一岗位任职满{ROTATION_YEARS}年提醒轮岗，上级或本组另有规定的，以其为准。")),
    ),
)


# -- 从业限制 (第六十七条) -------------------------------------------------------------

LEAVE_KINDS = (
    Choice("transfer", "调离"),
    Choice("retire", "退休"),
    Choice("resign", "辞职"),
    Choice("other", "其他"),
)


def _limit_until(values: Mapping[str, Any]) -> dict[str, Any]:
    left, years = values.get("left_on"), values.get("years")
    if not left or not isinstance(years, int):
        return {"limit_until": None}
    day = dt.date.fromisoformat(left)
    try:
        end = day.replace(year=day.year + years)
    except ValueError:  # 2月29日 → 2月28日
        end = day.replace(year=day.year + years, day=28)
    return {"limit_until": end.isoformat()}


EMPLOYMENT_LIMIT = LedgerDescription(
    id="employment_limit",
    name="离岗从业限制",
    chapter=CHAPTER,
    article="献县办法 第六十七条",
    register_name="离岗从业限制登记簿",
    description=(
        "严格执行从业限制有关规定（第六十七条）。工作人员离开派驻机构时登记其离岗情况、从业限制的"
        "内容和期限，并告知本人、签订承诺书。"
    ),
    fields=(
        Field("person", "姓名", FieldType.TEXT, required=True, max_length=30),
        Field("account", "账号", FieldType.USER, past_accounts=True,
              help="离岗人员在本系统的账号（可以是已停用的账号），可不填"),
        Field("former_post", "原任岗位", FieldType.TEXT, required=True, max_length=50),
        Field("left_on", "离岗日期", FieldType.DATE, required=True, default=TODAY),
        Field("leave_kind", "离岗方式", FieldType.CHOICE, required=True, choices=LEAVE_KINDS,
              default="transfer"),
        Field("destination", "去向", FieldType.TEXT, max_length=100),
        Field("restriction", "从业限制内容", FieldType.LONGTEXT, required=True,
              max_length=2000,
              default="离岗后不得从事与纪检监察工作相关联、可能发生利益冲突的职业，不得利用原职务"
                      "影响为他人谋取利益，不得泄露工作中知悉的秘密。"),
        Field("years", "限制期限（年）", FieldType.INTEGER, required=True, default=3,
              minimum=1, maximum=10, searchable=False,
              help="按有关规定确定；第六十七条未规定具体期限"),
        Field("limit_until", "限制截止日期", FieldType.DATE, hidden=True, searchable=False),
        Field("informed", "已告知并签订承诺书", FieldType.BOOL, default=False,
              searchable=False),
        Field("informed_by", "告知人", FieldType.USER, required=True, default=CURRENT_USER),
        Field("remarks", "备注", FieldType.LONGTEXT, max_length=1000),
    ),
    list_columns=("left_on", "person", "former_post", "leave_kind", "destination", "years",
                  "limit_until", "informed", "informed_by"),
    ordering=(("left_on", True),),
    date_field="left_on",
    summary_field="person",
    computed=_limit_until,
    computed_fields=("limit_until",),
)


# -- 外出离岗登记 (第六十五条 避免工作脱节; 第三十九条（九）) -------------------------------

ABSENCE_KINDS = (
    Choice("trip", "出差"),
    Choice("leave", "休假"),
    Choice("study", "学习培训"),
    Choice("sick", "病假"),
    Choice("personal", "事假"),
    Choice("other", "其他"),
)

#: Who is away when, read by the service and the audit replay alike.
ABSENCES = Absences(person="requester", on_behalf_of="on_behalf_of", start="leaves_at",
                    until="returns_at", returned="returned_at",
                    in_force=("approved", "returned"), kind="kind")


def _absence_consistent(values: Mapping[str, Any]) -> dict[str, str]:
    out: dict[str, str] = {}
    leaves, returns = values.get("leaves_at"), values.get("returns_at")
    if leaves and returns and returns <= leaves:
        out["returns_at"] = "“预计返岗时间”应晚于“离岗时间”"
    if values.get("leaves_county") and not values.get("destination"):
        out["destination"] = "离开县域的，请填写去向（第三十九条（九））"
    return out


def _returned_in_order(records: Records, entry: EntryView | None,
                       values: Mapping[str, Any]) -> str | None:
    """The return is recorded when it happened: after the absence began, not ahead of
    time (a return dated later would stretch the B角's authority unseen, 第六十五条)."""
    back = values.get("returned_at")
    if not back:
        return None
    if values.get("leaves_at") and back < values["leaves_at"]:
        return "“实际返岗时间”不能早于离岗时间。"
    if back > records.now().isoformat(timespec="minutes"):
        return "“实际返岗时间”不能晚于现在：返岗后再登记。"
    return None


def _not_own_leave(entry: EntryView, username: str) -> str | None:
    """第六十六条 严格审批程序: nobody approves his own absence; the 组长's own is
    reported by himself (his leave is the county commission's to grant). Whoever
    registered a sick colleague's absence is no party to it and may decide it."""
    if username == (entry.values.get("on_behalf_of") or entry.values.get("requester")):
        return ("不能批准本人的离岗；组长本人离岗的，请用“本人离岗报备”登记已向县纪委监委"
                "请假报告的情况（第三十九条（九））。")
    return None


def _own_leave(entry: EntryView, username: str) -> str | None:
    person = entry.values.get("on_behalf_of") or entry.values.get("requester")
    if username != person:
        return "“本人离岗报备”只能由离岗的组长本人办理；其他人员的离岗由组长批准。"
    return None


def _the_person_or_approver(entry: EntryView, username: str) -> str | None:
    person = entry.values.get("on_behalf_of") or entry.values.get("requester")
    if username not in (person, entry.values.get("requester"), entry.values.get("approver")):
        return "返岗由离岗人员本人、登记人或批准人登记。"
    return None


def _person_or_registrar(entry: EntryView, username: str) -> str | None:
    if username not in (entry.values.get("requester"), entry.values.get("on_behalf_of")):
        return "只有离岗人员本人或登记人可以取消。"
    return None


def absence_to_report(entry: EntryView) -> dict[str, Any]:
    """第三十九条（九）: the 组长 leaving the county, on leave or in study is reported to
    the county commission — a 请示报告 pre-filled from the absence, linked back."""
    v = entry.values
    kind = next((c.label for c in ABSENCE_KINDS if c.value == v.get("kind")), "外出")
    leaves, returns = str(v.get("leaves_at") or ""), str(v.get("returns_at") or "")
    return {"kind": "report", "matter": "9", "channel": "written",
            "title": f"关于组长{kind}离岗的报告",
            "content": (f"因{v.get('reason') or kind}，本人拟于{leaves.replace('T', ' ')}至"
                        f"{returns.replace('T', ' ')}离岗，去向：{v.get('destination') or ''}。"
                        "离岗期间组内工作由B角代行，特此报告。"),
            "away_from": leaves[:10] or None, "away_to": returns[:10] or None,
            "destination": v.get("destination")}


ABSENCE = LedgerDescription(
    id="absence",
    name="外出离岗登记",
    chapter=CHAPTER,
    article="献县办法 第六十五条",
    register_name="外出离岗登记簿",
    description=(
        "组内实行岗位职责AB角，避免工作脱节（第六十五条）。工作人员出差、休假、学习培训等离岗，"
        "登记去向、起止时间和交接事项，经组长批准；组长本人离岗由本人登记报备（主要负责人离开县域"
        "出差、离岗休假、学习，应向县纪委监委报告，第三十九条（九）），全组可见。离岗期间，"
        "“职责分工”中勾选了“B角代行审批”的B角代行其审批和办理步骤，步骤上记明“B角，某某外出”。"
        "离岗须在B角代行之前登记：事后补登的离岗不能使此前的代行成立。"
    ),
    fields=(
        Field("requester", "离岗人员", FieldType.USER, required=True, default=CURRENT_USER,
              help="本人登记；替他人登记的，在下一栏填写离岗人员"),
        Field("on_behalf_of", "实际离岗人员（代为登记）", FieldType.USER,
              help="替因病等原因不能本人登记的人员登记时填写其账号"),
        Field("kind", "离岗类别", FieldType.CHOICE, required=True, choices=ABSENCE_KINDS,
              default="trip"),
        Field("reason", "事由", FieldType.TEXT, required=True, max_length=100,
              help="如：赴市纪委监委参加派驻机构业务培训"),
        Field("destination", "去向", FieldType.TEXT, max_length=100),
        Field("leaves_county", "离开县域", FieldType.BOOL, default=False, searchable=False,
              help="组长离开县域出差、离岗休假、学习的，应向县纪委监委报告（第三十九条（九））"),
        Field("leaves_at", "离岗时间", FieldType.DATETIME, required=True, default=TODAY,
              searchable=False),
        Field("returns_at", "预计返岗时间", FieldType.DATETIME, required=True,
              searchable=False),
        Field("contact", "离岗期间联系方式", FieldType.TEXT, max_length=50),
        Field("handover", "工作交接", FieldType.LONGTEXT, max_length=2000,
              help="交由B角办理的事项（第六十五条：避免工作脱节）"),
        Field("approver", "批准人", FieldType.USER, hidden=True),
        stand_in_field(since=2),
        Field("approved_at", "批准（报备）时间", FieldType.DATETIME, hidden=True,
              searchable=False),
        Field("approval_note", "批准意见", FieldType.TEXT, hidden=True),
        Field("reported_to", "请假报告情况", FieldType.TEXT, hidden=True, max_length=100),
        Field("returned_at", "实际返岗时间", FieldType.DATETIME, hidden=True, searchable=False),
        Field("returned_by", "返岗登记人", FieldType.USER, hidden=True),
    ),
    list_columns=("requester", "kind", "reason", "destination", "leaves_at", "returns_at",
                  "returned_at", "approver", "reported_to", "on_behalf_of"),
    ordering=(("leaves_at", True),),
    date_field="leaves_at",
    summary_field="reason",
    validators=(_absence_consistent,),
    write_rules=(_returned_in_order,),
    derivations=(Derivation("to_report", "报告组长离岗（第三十九条（九））", "request_report",
                            absence_to_report),),
    # 代行审批 recorded since version 2 (献县办法 第六十五条 AB角).
    version=2,
    workflow=Workflow(
        initial="registered",
        states=(Choice("registered", "待批准"), Choice("approved", "离岗中"),
                Choice("rejected", "不批准"), Choice("returned", "已返岗"),
                Choice("cancelled", "已取消")),
        editable=("registered",),
        finished=("rejected", "returned", "cancelled"),
        # B角 steps rest on it: an absence in force ends by 登记返岗, never by a void.
        unvoidable=("approved", "returned"),
        requester="requester", on_behalf_of="on_behalf_of", registrar_may_decide=True,
        absences=ABSENCES,
        steps=(
            # Nobody approves his own absence; the 组长's own is not his B角's to
            # approve either (the service and verify know an absence is no request a
            # B角 decides): he reports it himself (本人离岗报备).
            Step("approve", "批准离岗", ("registered",), "approved", Permission.APPROVE,
                 Action.APPROVE, record=taken_by("approver", "approved_at", "approval_note"),
                 guard=_not_own_leave, not_by_requester="献县办法 第六十六条",
                 article="献县办法 第六十四条"),
            Step("reject", "不批准", ("registered",), "rejected", Permission.APPROVE,
                 Action.REJECT, note_required=True, note_label="不批准的理由",
                 record=taken_by("approver", "approved_at", "approval_note"),
                 guard=_not_own_leave, not_by_requester="献县办法 第六十六条"),
            Step("file_own", "本人离岗报备", ("registered",), "approved", Permission.APPROVE,
                 Action.STEP, asks=("reported_to",), guard=_own_leave,
                 record={"approved_at": NOW}, article="献县办法 第三十九条"),
            Step("return", "登记返岗", ("approved",), "returned", Permission.WRITE_LEDGERS,
                 Action.STEP, asks=("returned_at",), record={"returned_by": ACTOR},
                 guard=_the_person_or_approver),
            Step("cancel", "取消", ("registered",), "cancelled", Permission.WRITE_LEDGERS,
                 Action.STEP, guard=_person_or_registrar, task=False),
        ),
    ),
)


#: 第十六章, in navigation order.
LEDGERS = (POST_ASSIGNMENT, ABSENCE, RECUSAL, POST_TENURE, EMPLOYMENT_LIMIT)

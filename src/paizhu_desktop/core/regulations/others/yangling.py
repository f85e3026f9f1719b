"""巡察移交问题 and 巡察整改督办 — 杨陵巡察办法 第三十三条, 第三十五条, 第三十七–三十八条.

A problem or lead a 巡察组 hands over to the discipline organ is received, a
处置意见 (谈话函询、初核、立案或者组织处理) is proposed within 10 working days of
receipt and the handling is fed back within 3 months (第三十三条). After the
feedback meeting the inspected unit reports its 整改方案 within 10 working days
and its 整改情况报告 within 3 months (第三十五条); the group follows up each
problem of the list (第三十七条 日常监督, 第三十八条 督查方式) and closes the
rectification only when every item is closed — 条条要整改、件件有着落.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from paizhu_desktop.core.actions import Action
from paizhu_desktop.core.classification import Classification
from paizhu_desktop.core.ledgers.description import Derivation, LedgerDescription, Link
from paizhu_desktop.core.ledgers.duties import After, Duty
from paizhu_desktop.core.ledgers.fields import (
    CURRENT_USER,
    TODAY,
    Choice,
    Field,
    FieldType,
)
from paizhu_desktop.core.ledgers.rules import EntryView, Records
from paizhu_desktop.core.ledgers.workflow import (
    ACTOR,
    NOTE,
    Step,
    Workflow,
    stand_in_field,
    taken_by,
)
from paizhu_desktop.core.permissions import Permission, Role
from paizhu_desktop.core.regulations.others.chapters import YANGLING as CHAPTER

REGULATION = "杨陵巡察办法"

#: 第三十三条: what is handed to the discipline organ, and to others.
REFERRAL_KINDS = (
    Choice("lead", "领导干部涉嫌违纪的线索"),
    Choice("conduct", "作风方面的突出问题"),
    Choice("other", "其他问题"),
)
#: When the problem came: during the inspection, with the 领导小组's approval (第二十六条),
#: or with the inspection's results (第三十三条).
STAGES = (
    Choice("after", "巡察结束后移交（第三十三条）"),
    Choice("during", "巡察期间经领导小组批准移交（第二十六条）"),
)
#: 第三十三条: the 处置意见 the discipline organ proposes.
DISPOSALS = (
    Choice("inquiry", "谈话函询"),
    Choice("preliminary", "初核"),
    Choice("case", "立案"),
    Choice("organisational", "组织处理"),
    Choice("other", "其他处置"),
)
#: 第三十八条: the ways a rectification is followed up.
FOLLOW_UP_WAYS = tuple(Choice(str(i), w) for i, w in enumerate((
    "电话询问", "审阅报告", "发函催办", "听取汇报", "随机抽查", "谈话了解", "实地调研", "问卷测评",
    "暗访核实"), start=1))


def _owner_only(entry: EntryView, username: str) -> str | None:
    if entry.values.get("owner") != username:
        return "只有承办人本人可以登记；如需调整承办人，请修改该条目。"
    return None


INSPECTION_REFERRAL = LedgerDescription(
    id="inspection_referral",
    name="巡察移交问题",
    chapter=CHAPTER,
    article=f"{REGULATION} 第二十六条、第三十三条",
    register_name="巡察移交问题线索登记簿",
    description=(
        "对领导干部涉嫌违纪的线索和作风方面的突出问题，移交纪检监察机关；纪检部门要在接收之日起"
        "10个工作日内提出谈话函询、初核、立案或者组织处理等处置意见，在3个月内将办理情况反馈"
        "巡察办（第三十三条）。"
    ),
    fields=(
        Field("received_on", "接收日期", FieldType.DATE, required=True, default=TODAY),
        Field("inspection", "巡察轮次及巡察组", FieldType.TEXT, required=True, max_length=100,
              help="如：区委第三轮巡察第二巡察组"),
        Field("inspected_unit", "被巡察单位", FieldType.TEXT, required=True, max_length=100),
        Field("kind", "问题类别", FieldType.CHOICE, required=True, choices=REFERRAL_KINDS),
        Field("stage", "移交时机", FieldType.CHOICE, choices=STAGES, default="after", since=3,
              help="巡察期间，经领导小组批准，巡察组可将涉嫌违纪违法的具体问题线索按照干部管理"
                   "权限移交纪检监察机关（第二十六条）"),
        Field("subject", "涉及人员", FieldType.TEXT, max_length=200),
        Field("problem", "问题或线索内容", FieldType.LONGTEXT, required=True, max_length=5000),
        Field("owner", "承办人", FieldType.USER, required=True, default=CURRENT_USER),
        Field("disposal", "处置意见", FieldType.CHOICE, choices=DISPOSALS, hidden=True),
        Field("disposal_note", "处置意见说明", FieldType.TEXT, hidden=True, max_length=200),
        Field("disposal_on", "提出处置意见日期", FieldType.DATE, hidden=True, searchable=False),
        Field("approver", "审批人", FieldType.USER, hidden=True),
        stand_in_field(since=2),
        Field("approved_at", "审批时间", FieldType.DATETIME, hidden=True, searchable=False),
        Field("approval_note", "审批意见", FieldType.TEXT, hidden=True),
        Field("result", "办理情况", FieldType.LONGTEXT, hidden=True, max_length=5000),
        Field("fed_back_on", "反馈巡察办日期", FieldType.DATE, hidden=True, searchable=False),
    ),
    list_columns=("received_on", "inspection", "inspected_unit", "kind", "problem", "owner",
                  "disposal", "disposal_on", "fed_back_on"),
    ordering=(("received_on", True),),
    date_field="received_on",
    summary_field="problem",
    # Leads on cadres are case material: 秘密 unless the person decides otherwise.
    default_classification=Classification.SECRET,
    minimum_classification=Classification.SECRET,
    # 代行审批 recorded since version 2 (献县办法 第六十五条 AB角); 移交时机 since 3.
    version=3,
    workflow=Workflow(
        initial="received",
        states=(
            Choice("received", "待提出处置意见"),
            Choice("proposed", "处置意见待审批"),
            Choice("handling", "办理中"),
            Choice("fed_back", "已反馈巡察办"),
        ),
        editable=("received",),
        finished=("fed_back",),
        steps=(
            Step("propose", "提出处置意见", ("received",), "proposed", Permission.WRITE_LEDGERS,
                 Action.STEP, asks=("disposal", "disposal_note", "disposal_on"),
                 guard=_owner_only),
            Step("approve", "审批处置意见", ("proposed",), "handling", Permission.APPROVE,
                 Action.APPROVE,
                 record=taken_by("approver", "approved_at", "approval_note")),
            Step("send_back", "退回重提", ("proposed",), "received", Permission.APPROVE,
                 Action.REJECT, note_required=True, note_label="退回意见",
                 record={"approval_note": NOTE}, clears=("disposal_on",), task=False),
            Step("feed_back", "登记反馈巡察办", ("handling",), "fed_back",
                 Permission.WRITE_LEDGERS, Action.STEP, asks=("result", "fed_back_on"),
                 guard=_owner_only),
        ),
    ),
    duties=(
        Duty("referral_disposal", "巡察移交问题10个工作日内提出处置意见",
             f"{REGULATION} 第三十三条",
             After("inspection_referral", "received_on", workdays=10, done_field="disposal_on",
                   owner_field="owner"), roles=frozenset({Role.LEADER, Role.DEPUTY})),
        Duty("referral_feedback", "巡察移交问题3个月内反馈办理情况", f"{REGULATION} 第三十三条",
             After("inspection_referral", "received_on", months=3, done_field="fed_back_on",
                   owner_field="owner"), roles=frozenset({Role.LEADER, Role.DEPUTY})),
    ),
)


def _report_after_plan(values: Mapping[str, Any]) -> dict[str, str]:
    meeting = values.get("feedback_meeting_on")
    for name, label in (("plan_on", "整改方案报送日期"), ("report_on", "整改情况报告报送日期")):
        day = values.get(name)
        if meeting and day and day < meeting:
            return {name: f"“{label}”不能早于“巡察反馈会日期”"}
    return {}


def _items_closed_first(records: Records, current: EntryView | None,
                        values: Mapping[str, Any]) -> str | None:
    """A rectification is closed only when every item of its list is (第三十八条:
    确保条条要整改、件件有着落)."""
    if current is None or not values.get("closed_at") or current.values.get("closed_at"):
        return None
    open_items = records.find("rectification_item", where={"rectification_id": current.id},
                              statuses=("open",))
    if open_items:
        names = "；".join((e.values.get("problem") or "")[:20] for e in open_items[:3])
        return (f"还有 {len(open_items)} 个问题未整改销号（{names}），不能办结；须条条要整改、"
                "件件有着落（杨陵巡察办法 第三十八条）。")
    return None


def rectification_to_item(entry: EntryView) -> dict[str, Any]:
    """A problem of the rectification's list, linked back (第三十五条 建立问题清单)."""
    return {"rectification_id": entry.id, "unit": entry.values.get("inspected_unit") or ""}


INSPECTION_RECTIFICATION = LedgerDescription(
    id="inspection_rectification",
    name="巡察整改督办",
    chapter=CHAPTER,
    article=f"{REGULATION} 第三十五条、第三十七–三十八条",
    register_name="巡察整改督办台账",
    description=(
        "被巡察单位党组织收到巡察反馈意见后，制定整改方案，建立问题清单；整改方案、整改情况报告和"
        "主要负责人组织落实情况报告分别于巡察反馈会后10个工作日和3个月内报送（第三十五条）。"
        "纪检监察机关把整改督查督办作为日常监督的重要内容（第三十七条），确保条条要整改、件件有"
        "着落（第三十八条）。"
    ),
    fields=(
        Field("inspected_unit", "被巡察单位", FieldType.TEXT, required=True, max_length=100),
        Field("inspection", "巡察轮次", FieldType.TEXT, required=True, max_length=100),
        Field("feedback_meeting_on", "巡察反馈会日期", FieldType.DATE, required=True,
              default=TODAY),
        Field("feedback", "巡察反馈意见摘要", FieldType.LONGTEXT, required=True,
              max_length=5000),
        Field("plan_on", "整改方案报送日期", FieldType.DATE,
              help="巡察反馈会后10个工作日内（第三十五条）"),
        Field("report_on", "整改情况报告报送日期", FieldType.DATE,
              help="巡察反馈会后3个月内（第三十五条）"),
        Field("leader_report_on", "主要负责人组织落实情况报告日期", FieldType.DATE,
              help="巡察反馈会后3个月内（第三十五条）"),
        Field("disclosed", "整改情况已通报公开", FieldType.BOOL, default=False,
              searchable=False, help="以规范性文件党内通报，除保密内容外向社会公开（第三十六条）"),
        Field("follow_ups", "督办记录", FieldType.TABLE, subfields=(
            Field("date", "日期", FieldType.DATE, required=True),
            Field("way", "督办方式", FieldType.CHOICE, required=True, choices=FOLLOW_UP_WAYS),
            Field("finding", "了解和督促情况", FieldType.TEXT, required=True, max_length=200),
        ), help="把整改督查督办作为日常监督的重要内容，持续跟踪督办（第三十七条）；"
                "方式见第三十八条：电话询问、审阅报告、发函催办、听取汇报等"),
        Field("closed_by", "销号人", FieldType.USER, hidden=True),
        stand_in_field(since=2),
        Field("closed_at", "办结时间", FieldType.DATETIME, hidden=True, searchable=False),
        Field("close_note", "办结意见", FieldType.TEXT, hidden=True),
    ),
    list_columns=("feedback_meeting_on", "inspected_unit", "inspection", "plan_on",
                  "report_on", "follow_ups", "closed_at"),
    ordering=(("feedback_meeting_on", True),),
    date_field="feedback_meeting_on",
    summary_field="inspected_unit",
    validators=(_report_after_plan,),
    write_rules=(_items_closed_first,),
    # 代行审批 recorded since version 2 (献县办法 第六十五条 AB角).
    version=2,
    workflow=Workflow(
        initial="supervising",
        states=(Choice("supervising", "督办中"), Choice("closed", "已办结")),
        editable=("supervising",),
        finished=("closed",),
        steps=(
            Step("close", "整改办结", ("supervising",), "closed", Permission.APPROVE,
                 Action.APPROVE,
                 record=taken_by("closed_by", "closed_at", "close_note")),
            Step("reopen", "恢复督办", ("closed",), "supervising", Permission.APPROVE,
                 Action.REJECT, note_required=True, note_label="恢复督办的理由",
                 record={"close_note": NOTE}, clears=("closed_by", "closed_at", "stand_in"),
                 task=False),
        ),
    ),
    derivations=(Derivation("to_item", "登记整改问题", "rectification_item",
                            rectification_to_item),),
    duties=(
        Duty("rectification_plan", "巡察反馈会后10个工作日内报送整改方案",
             f"{REGULATION} 第三十五条",
             After("inspection_rectification", "feedback_meeting_on", workdays=10,
                   done_field="plan_on")),
        Duty("rectification_report", "巡察反馈会后3个月内报送整改情况报告",
             f"{REGULATION} 第三十五条",
             After("inspection_rectification", "feedback_meeting_on", months=3,
                   done_field="report_on")),
        Duty("rectification_leader_report", "巡察反馈会后3个月内报送主要负责人组织落实情况报告",
             f"{REGULATION} 第三十五条",
             After("inspection_rectification", "feedback_meeting_on", months=3,
                   done_field="leader_report_on")),
    ),
)


RECTIFICATION_ITEM = LedgerDescription(
    id="rectification_item",
    name="巡察整改问题清单",
    chapter=CHAPTER,
    article=f"{REGULATION} 第三十五条、第三十八条",
    register_name="巡察整改问题清单",
    description=(
        "被巡察单位建立问题清单，落实整改措施（第三十五条）；逐项跟踪，整改到位后核实销号，"
        "确保条条要整改、件件有着落（第三十八条）。"
    ),
    fields=(
        Field("unit", "被巡察单位", FieldType.TEXT, required=True, max_length=100),
        Field("problem", "问题", FieldType.LONGTEXT, required=True, max_length=2000),
        Field("measures", "整改措施", FieldType.LONGTEXT, required=True, max_length=2000),
        Field("responsible", "责任人", FieldType.TEXT, required=True, max_length=50),
        Field("deadline", "整改时限", FieldType.DATE, required=True),
        Field("progress", "整改进展", FieldType.LONGTEXT, max_length=5000),
        Field("completed_on", "整改完成日期", FieldType.DATE, hidden=True, searchable=False),
        Field("verification", "核实情况", FieldType.LONGTEXT, hidden=True, max_length=2000),
        Field("verified_by", "核实人", FieldType.USER, hidden=True),
        Field("rectification_id", "所属整改督办", FieldType.TEXT, hidden=True,
              searchable=False),
    ),
    list_columns=("deadline", "unit", "problem", "measures", "responsible", "progress",
                  "completed_on"),
    ordering=(("deadline", False),),
    date_field="deadline",
    summary_field="problem",
    workflow=Workflow(
        initial="open",
        states=(Choice("open", "整改中"), Choice("closed", "已销号")),
        editable=("open",),
        finished=("closed",),
        steps=(
            Step("close", "核实销号", ("open",), "closed", Permission.WRITE_LEDGERS,
                 Action.STEP, asks=("completed_on", "verification"),
                 record={"verified_by": ACTOR}),
            Step("reopen", "退回重新整改", ("closed",), "open", Permission.APPROVE,
                 Action.REJECT, note_required=True, note_label="退回理由",
                 clears=("completed_on",), task=False),
        ),
    ),
    links=(Link("rectification_id", "所属整改督办", ledger="inspection_rectification"),),
    duties=(
        Duty("rectification_item_due", "巡察整改问题按时限整改销号",
             f"{REGULATION} 第三十七–三十八条",
             After("rectification_item", "deadline", due_field="deadline",
                   done_field="completed_on"),
             roles=frozenset({Role.LEADER, Role.DEPUTY, Role.MEMBER}),
             note="各问题的整改时限以整改方案为准"),
    ),
)

#: 杨陵巡察办法's part, in navigation order.
LEDGERS = (INSPECTION_REFERRAL, INSPECTION_RECTIFICATION, RECTIFICATION_ITEM)

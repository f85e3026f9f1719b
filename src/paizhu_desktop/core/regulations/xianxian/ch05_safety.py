"""安全制度 — 献县办法 第五章 第二十三–二十七条.

The 谈话安全预案 of each talk (方案, 风险评估, 医疗保障, 安全防范, 应急预案), approved
by the 组长 — who answers for safety (第二十四条) — before the talk begins; then what
happened in the talk, the 交接 and the 回访 (第二十五条). A 安全事件 is reported at
once to the 案件监督管理室 and copied to the 对口联系监督检查室, with what the report
must contain, then followed up (第二十六条). 安全检查 of fire, water, power and theft
run on a schedule, and every hazard found is fixed and recorded (第二十七条).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from paizhu_desktop.core.actions import Action
from paizhu_desktop.core.classification import Classification
from paizhu_desktop.core.ledgers.description import Document, LedgerDescription
from paizhu_desktop.core.ledgers.duties import After, Counts, Duty, Every
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
    ACTOR,
    Step,
    Workflow,
    stand_in_field,
    taken_by,
)
from paizhu_desktop.core.permissions import Permission, Role
from paizhu_desktop.core.regulations.xianxian.ch14_secrecy import TO_REVIEW
from paizhu_desktop.core.regulations.xianxian.chapters import SAFETY as CHAPTER

# -- 谈话安全预案 (第二十五条) ----------------------------------------------------------

TALK_KINDS = (
    Choice("check", "监督检查谈话"),
    Choice("inquiry", "审查调查谈话"),
    Choice("verify", "初步核实谈话"),
    Choice("remind", "提醒谈话"),
    Choice("other", "其他"),
)
RISK_LEVELS = (
    Choice("low", "低"),
    Choice("medium", "中"),
    Choice("high", "高"),
)


def _talk_times(values: Mapping[str, Any]) -> dict[str, str]:
    start, end = values.get("talk_at"), values.get("talk_end")
    if start and end and end < start:
        return {"talk_end": "“谈话结束时间”不能早于“谈话开始时间”"}
    return {}


def _approved_before_the_talk(records: Records, entry: EntryView | None,
                              values: Mapping[str, Any]) -> str | None:
    """第二十五条 谈话前 … 做好 … 预案: the plan is approved before the talk begins."""
    if entry is None or entry.values.get("approved_at") or not values.get("approved_at"):
        return None
    if values["approved_at"] >= str(values.get("talk_at") or ""):
        return ("谈话安全预案应在谈话开始前批准（第二十五条：谈话前制定谈话方案，做好风险评估、"
                "医疗保障、安全防范工作以及应对突发事件的预案）；已到谈话时间的，请先调整谈话时间。")
    return None


_LEADER_APPROVES = "组长对安全工作负总责，预案由组长批准，第二十四条"

TALK_SAFETY_PLAN = LedgerDescription(
    id="talk_safety_plan",
    name="谈话安全预案",
    chapter=CHAPTER,
    article="献县办法 第二十四–二十五条",
    register_name="谈话安全预案登记簿",
    description=(
        "谈话前综合分析谈话对象心态，制定个性化具体化谈话方案，做好风险评估、医疗保障、安全防范"
        "工作以及应对突发事件的预案；谈话中及时研判，发现风险隐患现场处置；谈话结束前做好思想"
        "政治工作；谈话后按程序交接，并做好跟踪回访（第二十五条）。组长对安全工作负总责"
        "（第二十四条），预案须经组长在谈话前批准。"
    ),
    fields=(
        Field("talk_at", "谈话开始时间", FieldType.DATETIME, required=True),
        Field("place", "谈话地点", FieldType.TEXT, required=True, max_length=100,
              default="派驻组谈话室"),
        Field("kind", "谈话类型", FieldType.CHOICE, required=True, choices=TALK_KINDS),
        Field("subject", "谈话对象", FieldType.TEXT, required=True, max_length=60,
              help="姓名、单位及职务"),
        Field("talkers", "谈话人", FieldType.TEXT, required=True, max_length=100),
        Field("state_of_mind", "心态分析", FieldType.LONGTEXT, required=True, max_length=2000,
              help="综合分析谈话对象心态（第二十五条）"),
        Field("plan", "谈话方案", FieldType.LONGTEXT, required=True, max_length=5000,
              help="个性化、具体化的谈话方案"),
        Field("risk_level", "风险等级", FieldType.CHOICE, required=True, choices=RISK_LEVELS,
              default="low"),
        Field("risk", "风险评估", FieldType.LONGTEXT, required=True, max_length=3000),
        Field("medical", "医疗保障", FieldType.LONGTEXT, required=True, max_length=2000),
        Field("safeguards", "安全防范措施", FieldType.LONGTEXT, required=True, max_length=3000),
        Field("emergency", "应对突发事件预案", FieldType.LONGTEXT, required=True,
              max_length=3000),
        Field("guards", "安全看护人员", FieldType.TEXT, max_length=100),
        Field("author", "制定人", FieldType.USER, required=True, default=CURRENT_USER),
        Field("approver", "批准人", FieldType.USER, hidden=True),
        stand_in_field(since=2),
        Field("approved_at", "批准时间", FieldType.DATETIME, hidden=True, searchable=False),
        Field("approval_note", "审批意见", FieldType.TEXT, hidden=True),
        # After the talk (第二十五条 谈话中、谈话结束前、谈话后).
        Field("talk_end", "谈话结束时间", FieldType.DATETIME, hidden=True, searchable=False),
        Field("during", "谈话中研判及处置", FieldType.LONGTEXT, hidden=True, max_length=3000),
        Field("counselling", "思想政治工作及心理减压", FieldType.LONGTEXT, hidden=True,
              max_length=2000),
        Field("handover", "交接情况", FieldType.TEXT, hidden=True, max_length=200,
              help="交接的单位或人员、时间"),
        Field("visit_on", "回访日期", FieldType.DATE, hidden=True, searchable=False),
        Field("visit_result", "回访情况", FieldType.LONGTEXT, hidden=True, max_length=2000),
    ),
    list_columns=("talk_at", "subject", "kind", "talkers", "risk_level", "approver",
                  "approved_at", "handover", "visit_on"),
    ordering=(("talk_at", False),),
    date_field="talk_at",
    summary_field="subject",
    # 谈话 material is at least 秘密 (LEDGER_DONE 6).
    default_classification=Classification.SECRET,
    minimum_classification=Classification.SECRET,
    write_rules=(_approved_before_the_talk,),
    # 代行审批 recorded since version 2 (献县办法 第六十五条 AB角).
    version=2,
    workflow=Workflow(
        initial="drafted",
        requester="author",
        states=(
            Choice("drafted", "待组长批准"),
            Choice("approved", "已批准待谈话"),
            Choice("talked", "已谈话待回访"),
            Choice("visited", "已回访"),
            Choice("rejected", "未批准"),
        ),
        editable=("drafted",),
        finished=("visited", "rejected"),
        unvoidable=("talked", "visited"),
        steps=(
            Step("approve", "批准", ("drafted",), "approved", Permission.APPROVE,
                 Action.APPROVE, not_by_requester=_LEADER_APPROVES,
                 record=taken_by("approver", "approved_at", "approval_note")),
            Step("reject", "退回完善", ("drafted",), "rejected", Permission.APPROVE,
                 Action.REJECT, note_required=True, note_label="需要完善的内容",
                 not_by_requester=_LEADER_APPROVES,
                 record=taken_by("approver", "approved_at", "approval_note")),
            Step("talked", "登记谈话及交接", ("approved",), "talked", Permission.WRITE_LEDGERS,
                 Action.STEP, asks=("talk_end", "during", "counselling", "handover")),
            Step("visit", "登记回访", ("talked",), "visited", Permission.WRITE_LEDGERS,
                 Action.STEP, asks=("visit_on", "visit_result")),
        ),
    ),
    validators=(_talk_times,),
    documents=(Document("谈话安全预案", "entry", "打印谈话安全预案…"),),
    derivations=(TO_REVIEW,),
    duties=(Duty(
        "talk_follow_up_visit", "谈话后跟踪回访", "献县办法 第二十五条",
        After("talk_safety_plan", start_field="talk_end", days=30, done_field="visit_on",
              statuses=("talked", "visited")),
        note="第二十五条要求谈话后做好跟踪回访，未规定期限；程序按谈话后30日内提示。"),),
)

# -- 安全事件 (第二十六条) --------------------------------------------------------------

INCIDENT_KINDS = numbered_choices([
    "死亡", "伤残", "逃匿", "其他安全事故（事件）", "其他重大负面情况",
])


def _reported_after_occurrence(records: Records, entry: EntryView | None,
                               values: Mapping[str, Any]) -> str | None:
    happened = values.get("occurred_at")
    for name, label in (("reported_at", "报送时间"), ("copied_at", "抄送时间")):
        when = values.get(name)
        if happened and when and when < happened:
            return f"“{label}”不能早于事件发生时间。"
    return None


def late_reports(records: Records, year: int) -> list[str]:
    """Incidents not reported the same day (第二十六条: 第一时间 … 报送)."""
    out = []
    for e in records.find("safety_incident",
                          ranges={"occurred_at": (f"{year}-01-01", f"{year}-12-31T23:59")}):
        happened, reported = e.values.get("occurred_at"), e.values.get("reported_at")
        if not reported:
            out.append(f"{str(happened).replace('T', ' ')} 发生的安全事件尚未报送县纪委监委案件"
                       "监督管理室（第二十六条：应当第一时间报送）")
    return out


SAFETY_INCIDENT = LedgerDescription(
    id="safety_incident",
    name="安全事件报告",
    chapter=CHAPTER,
    article="献县办法 第二十六条",
    register_name="安全事件报告登记簿",
    description=(
        "发生监督检查和审查调查对象、涉案人员死亡、伤残、逃匿等安全事故（事件）或其他重大负面"
        "情况的，应当第一时间向县纪委监委案件监督管理室报送，并抄送对口联系监督检查室。报告内容"
        "包括有关人员基本情况、事件经过、监督检查和审查调查相关过程等，特别是开展思想政治工作和"
        "有关人员态度等情况（第二十六条）。"
    ),
    fields=(
        Field("occurred_at", "发生时间", FieldType.DATETIME, required=True),
        Field("kind", "事件类别", FieldType.CHOICE, required=True, choices=INCIDENT_KINDS),
        Field("place", "发生地点", FieldType.TEXT, required=True, max_length=100),
        Field("person", "有关人员基本情况", FieldType.LONGTEXT, required=True, max_length=2000),
        Field("course", "事件经过", FieldType.LONGTEXT, required=True, max_length=5000),
        Field("process", "监督检查和审查调查相关过程", FieldType.LONGTEXT, required=True,
              max_length=5000),
        Field("ideological", "开展思想政治工作情况", FieldType.LONGTEXT, required=True,
              max_length=3000),
        Field("attitude", "有关人员态度", FieldType.LONGTEXT, required=True, max_length=2000),
        Field("reported_at", "报送案件监督管理室时间", FieldType.DATETIME,
              help="应当第一时间报送（第二十六条）"),
        Field("copied_at", "抄送对口联系监督检查室时间", FieldType.DATETIME),
        Field("reporter", "报告人", FieldType.USER, required=True, default=CURRENT_USER),
        Field("follow_up", "后续处置情况", FieldType.LONGTEXT, hidden=True, max_length=5000),
        Field("closed_on", "处置完毕日期", FieldType.DATE, hidden=True, searchable=False),
        Field("closed_by", "登记人", FieldType.USER, hidden=True),
        stand_in_field(since=2),
    ),
    list_columns=("occurred_at", "kind", "place", "course", "reported_at", "copied_at",
                  "reporter", "follow_up", "closed_on"),
    ordering=(("occurred_at", False),),
    date_field="occurred_at",
    summary_field="course",
    default_classification=Classification.SECRET,
    write_rules=(_reported_after_occurrence,),
    # 代行审批 recorded since version 2 (献县办法 第六十五条 AB角).
    version=2,
    workflow=Workflow(
        initial="reported",
        states=(Choice("reported", "已报告待处置"), Choice("closed", "处置完毕")),
        editable=("reported",),
        finished=("closed",),
        unvoidable=("closed",),
        steps=(Step("close", "登记后续处置", ("reported",), "closed", Permission.APPROVE,
                    Action.STEP, asks=("follow_up", "closed_on"),
                    record=taken_by("closed_by")),),
    ),
    checks=(late_reports,),
    documents=(Document("安全事件报告", "entry", "打印安全事件报告…"),),
    derivations=(TO_REVIEW,),
    duties=(Duty(
        "safety_incident_report", "安全事件第一时间报送案件监督管理室", "献县办法 第二十六条",
        After("safety_incident", start_field="occurred_at", days=1, done_field="reported_at"),
        note="第二十六条要求第一时间报送；程序以发生后一日为限提示，实际应立即报送。"),),
)

# -- 安全检查 (第二十七条) --------------------------------------------------------------

CHECK_ITEMS = (
    Choice("fire", "防火"),
    Choice("water", "防水"),
    Choice("power", "防电"),
    Choice("theft", "防盗"),
    Choice("secrecy", "保密设施"),
)
CHECK_RESULTS = (
    Choice("ok", "正常"),
    Choice("hazard", "发现隐患"),
)


def _hazards_described(values: Mapping[str, Any]) -> dict[str, str]:
    rows = values.get("items") or []
    named = {r.get("item") for r in rows}
    missing = [c.label for c in CHECK_ITEMS[:4] if c.value not in named]
    if missing:
        return {"items": "安全检查应包括防火、防水、防电、防盗（第二十七条），缺少："
                         + "、".join(missing)}
    for i, r in enumerate(rows, start=1):
        if r.get("result") == "hazard" and not r.get("note"):
            return {"items": f"第 {i} 行发现隐患，请写明隐患情况"}
    return {}


def _with_hazard(values: Mapping[str, Any]) -> bool:
    return any(r.get("result") == "hazard" for r in values.get("items") or [])


def _no_hazard_to_fix(entry: EntryView, username: str) -> str | None:
    if not _with_hazard(entry.values):
        return "本次检查未发现隐患，无需登记整改。"
    return None


def _hazards_first(entry: EntryView, username: str) -> str | None:
    if _with_hazard(entry.values):
        return ("本次检查发现了隐患：请登记隐患消除情况"
                "（第二十七条：发现事故隐患及时采取措施消除）。")
    return None


def open_hazards(records: Records, year: int) -> list[str]:
    """Hazards found and not yet fixed (第二十七条 及时采取措施消除)."""
    out = []
    for e in records.find("safety_check", statuses=("checked",),
                          ranges={"check_date": (f"{year}-01-01", f"{year}-12-31")}):
        if _with_hazard(e.values):
            notes = "；".join(r.get("note") or "" for r in e.values.get("items") or []
                             if r.get("result") == "hazard")
            out.append(f"{e.values['check_date']} 安全检查发现的隐患尚未登记消除：{notes[:60]}"
                       "（第二十七条）")
    return out


SAFETY_CHECK = LedgerDescription(
    id="safety_check",
    name="安全检查",
    chapter=CHAPTER,
    article="献县办法 第二十七条",
    register_name="安全检查登记簿",
    description=(
        "严格遵守安全保卫制度，做好防火防水防电防盗等工作，发现事故隐患及时采取措施消除"
        "（第二十七条）。每次检查逐项登记结果；发现隐患的，登记整改措施和消除日期。"
    ),
    fields=(
        Field("check_date", "检查日期", FieldType.DATE, required=True, default=TODAY),
        Field("scope", "检查范围", FieldType.TEXT, required=True, max_length=100,
              default="派驻组办公室、谈话室、档案室"),
        Field("inspectors", "检查人", FieldType.TEXT, required=True, max_length=100),
        Field("items", "检查项目", FieldType.TABLE, required=True, subfields=(
            Field("item", "项目", FieldType.CHOICE, required=True, choices=CHECK_ITEMS),
            Field("result", "结果", FieldType.CHOICE, required=True, choices=CHECK_RESULTS),
            Field("note", "隐患情况", FieldType.TEXT, max_length=200),
        ), default=[{"item": c.value, "result": "ok", "note": ""} for c in CHECK_ITEMS[:4]],
            help="防火、防水、防电、防盗逐项检查（第二十七条）"),
        Field("measures", "整改措施", FieldType.LONGTEXT, hidden=True, max_length=3000),
        Field("fixed_on", "隐患消除日期", FieldType.DATE, hidden=True, searchable=False),
        Field("fixed_by", "整改登记人", FieldType.USER, hidden=True),
        Field("closed_on", "确认日期", FieldType.DATE, hidden=True, searchable=False),
    ),
    list_columns=("check_date", "scope", "inspectors", "items", "measures", "fixed_on"),
    ordering=(("check_date", False),),
    date_field="check_date",
    summary_field="scope",
    validators=(_hazards_described,),
    workflow=Workflow(
        initial="checked",
        states=(Choice("checked", "已检查"), Choice("fixed", "隐患已消除"),
                Choice("closed", "无隐患")),
        editable=("checked",),
        finished=("fixed", "closed"),
        steps=(
            Step("fix", "登记隐患消除", ("checked",), "fixed", Permission.WRITE_LEDGERS,
                 Action.STEP, asks=("measures", "fixed_on"), record={"fixed_by": ACTOR},
                 guard=_no_hazard_to_fix),
            Step("close", "确认无隐患", ("checked",), "closed", Permission.WRITE_LEDGERS,
                 Action.STEP, asks=("closed_on",), guard=_hazards_first),
        ),
    ),
    checks=(open_hazards,),
    duties=(Duty(
        "safety_check_month", "每月开展防火防水防电防盗安全检查", "献县办法 第二十七条",
        Every("month"), counts=Counts("safety_check"),
        roles=frozenset({Role.LEADER, Role.SECRECY_OFFICER}),
        note="第二十七条未规定检查周期；程序按每月一次提示。"),),
)


#: 第五章, in navigation order.
LEDGERS = (TALK_SAFETY_PLAN, SAFETY_INCIDENT, SAFETY_CHECK)

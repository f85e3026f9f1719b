"""调研方案, 调研报告 and the 督办台账 — 献县办法 第八章 第三十五–三十八条.

A piece of field research starts from a theme and a plan (第三十六条), which
the group leader 审定; it uses the ways of 第三十七条 and ends in a 调研报告
(drafted from the plan with one action, linked back). The problems found
are fed back to the host unit's party group (第三十八条); each one that needs
rectification goes into the 督办台账 (drafted from the report, linked back),
which follows it to a verified close against its deadline: a duty of the
compliance calendar, warned a week ahead and reported when overdue.
Important matters are reported to the county commission.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

from paizhu_desktop.core.actions import Action
from paizhu_desktop.core.classification import Classification
from paizhu_desktop.core.ledgers.description import (
    Derivation,
    Document,
    LedgerDescription,
    Link,
)
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
    NOTE,
    Step,
    Workflow,
    stand_in_field,
    taken_by,
)
from paizhu_desktop.core.permissions import Permission, Role
from paizhu_desktop.core.regulations.xianxian.chapters import RESEARCH as CHAPTER

ARTICLE_38 = "献县办法 第三十八条"

#: 第三十六条: what the research is to look at first.
FOCUS = (
    Choice("ecology", "驻在部门政治生态建设"),
    Choice("history", "发展历程"),
    Choice("sector", "行业特点"),
    Choice("process", "业务流程"),
    Choice("power", "加强权力运行监督制约"),
    Choice("other", "其他"),
)
#: 第三十七条: the ways of research.
METHODS = (
    Choice("briefing", "听取汇报"),
    Choice("forum", "座谈交流"),
    Choice("interview", "个别访谈"),
    Choice("visit", "实地走访"),
    Choice("documents", "查阅资料"),
    Choice("other", "其他"),
)
#: 第三十八条: 以适当方式向驻在部门党组(党委)反馈.
FEEDBACK_WAYS = (
    Choice("meeting", "党组（党委）会议上反馈"),
    Choice("talk", "向党组（党委）书记当面反馈"),
    Choice("letter", "书面反馈"),
    Choice("other", "其他方式"),
)

#: Days before a 督办 deadline that the warning starts (第三十八条: 跟踪督促整改落实).
WARN_DAYS = 7


def _days_in_order(start: str, end: str, label: str) -> Any:
    def check(values: Mapping[str, Any]) -> dict[str, str]:
        a, b = values.get(start), values.get(end)
        if a and b and b < a:
            return {end: f"“{label}”不能早于开始日期"}
        return {}
    return check


RESEARCH_PLAN = LedgerDescription(
    id="research_plan",
    name="调研方案",
    chapter=CHAPTER,
    article="献县办法 第三十五–三十七条",
    register_name="调研方案登记簿",
    description=(
        "根据上级部署要求，结合工作实际，明确调研主题，制定调研方案（第三十六条）；采取听取汇报、"
        "座谈交流、个别访谈、实地走访、查阅资料等方式（第三十七条）。调研应严格落实中央八项规定"
        "及其实施细则精神，轻车简从，不搞迎来送往。"
    ),
    fields=(
        Field("theme", "调研主题", FieldType.TEXT, required=True, max_length=100),
        Field("host_unit", "调研单位", FieldType.TEXT, required=True, max_length=100,
              help="驻在部门及其基层岗位（第三十五条）"),
        Field("basis", "部署要求", FieldType.TEXT, max_length=200,
              help="依据的上级部署要求（第三十六条）"),
        Field("focus", "调研重点", FieldType.CHOICE, required=True, choices=FOCUS,
              help="第三十六条所列重点"),
        Field("methods", "调研方式", FieldType.TABLE, required=True, subfields=(
            Field("method", "方式", FieldType.CHOICE, required=True, choices=METHODS),
            Field("detail", "安排", FieldType.TEXT, max_length=200),
        ), help="第三十七条：听取汇报、座谈交流、个别访谈、实地走访、查阅资料"),
        Field("start", "开始日期", FieldType.DATE, required=True, default=TODAY),
        Field("end", "结束日期", FieldType.DATE, required=True),
        Field("members", "调研人员", FieldType.TEXT, required=True, max_length=200),
        Field("plan", "调研方案", FieldType.LONGTEXT, required=True, max_length=20000,
              help="目标、内容、步骤和分工"),
        Field("frugal", "轻车简从、不搞迎来送往", FieldType.BOOL, default=True,
              searchable=False, help="第三十七条：严格落实中央八项规定及其实施细则精神"),
        Field("approver", "审定人", FieldType.USER, hidden=True),
        stand_in_field(since=2),
        Field("approved_at", "审定时间", FieldType.DATETIME, hidden=True, searchable=False),
        Field("approval_note", "审定意见", FieldType.TEXT, hidden=True),
    ),
    list_columns=("start", "end", "theme", "host_unit", "focus", "methods", "members",
                  "approver"),
    ordering=(("start", True),),
    date_field="start",
    summary_field="theme",
    validators=(_days_in_order("start", "end", "结束日期"),
                lambda v: {} if v.get("frugal") else {
                    "frugal": "调研应轻车简从，不搞迎来送往（第三十七条）"}),
    # 代行审批 recorded since version 2 (献县办法 第六十五条 AB角).
    version=2,
    workflow=Workflow(
        initial="draft",
        states=(Choice("draft", "拟订"), Choice("approved", "已审定"),
                Choice("returned", "退回修改")),
        editable=("draft", "returned"),
        finished=("approved",),
        steps=(
            Step("approve", "审定", ("draft", "returned"), "approved", Permission.APPROVE,
                 Action.APPROVE, record=taken_by("approver", "approved_at", "approval_note"),
                 article="献县办法 第三十六条"),
            Step("send_back", "退回修改", ("draft",), "returned", Permission.APPROVE,
                 Action.REJECT, note_required=True, note_label="退回意见",
                 record={"approval_note": NOTE},
                 article="献县办法 第三十六条"),
        ),
    ),
    derivations=(Derivation("to_report", "形成调研报告", "research_report",
                            lambda e: plan_to_report(e)),),
)


def plan_to_report(entry: EntryView) -> dict[str, Any]:
    """Enter once: the 调研报告 of a plan (第三十七条: 调研结束应形成调研报告)."""
    v = entry.values
    ways = "、".join(METHODS_BY_VALUE.get(r.get("method") or "", "") for r in
                    v.get("methods") or [])
    return {
        "title": f"关于{v.get('theme') or ''}的调研报告",
        "host_unit": v.get("host_unit"),
        "finished_on": v.get("end"),
        "methods_used": ways,
        "plan_id": entry.id,
    }


METHODS_BY_VALUE = {c.value: c.label for c in METHODS}


def _reported_when_important(values: Mapping[str, Any]) -> dict[str, str]:
    if values.get("county_reported_on") and not values.get("important"):
        return {"important": "报告县纪委监委的，请勾选“重要情况”（第三十八条）"}
    return {}


RESEARCH_REPORT = LedgerDescription(
    id="research_report",
    name="调研报告",
    chapter=CHAPTER,
    article="献县办法 第三十七–三十八条",
    register_name="调研报告登记簿",
    description=(
        "调研结束应形成调研报告，注重调研成果运用（第三十七条）。对发现的问题以适当方式向驻在部门"
        "党组（党委）反馈，重要情况向县纪委监委报告（第三十八条）。"
    ),
    fields=(
        Field("title", "标题", FieldType.TEXT, required=True, max_length=100),
        Field("host_unit", "调研单位", FieldType.TEXT, required=True, max_length=100),
        Field("finished_on", "成文日期", FieldType.DATE, required=True, default=TODAY),
        Field("methods_used", "调研方式", FieldType.TEXT, max_length=200),
        Field("content", "报告正文", FieldType.LONGTEXT, required=True, max_length=30000,
              help="基本情况、发现的问题、意见建议；以“一、”“（一）”开头的行印为标题"),
        Field("problems_found", "发现问题数", FieldType.INTEGER, minimum=0, maximum=999,
              default=0, searchable=False),
        Field("feedback_on", "向党组（党委）反馈日期", FieldType.DATE, searchable=False),
        Field("feedback_way", "反馈方式", FieldType.CHOICE, choices=FEEDBACK_WAYS,
              help="第三十八条：以适当方式向驻在部门党组（党委）反馈"),
        Field("important", "重要情况", FieldType.BOOL, default=False, searchable=False),
        Field("county_reported_on", "报告县纪委监委日期", FieldType.DATE, searchable=False,
              help="重要情况向县纪委监委报告（第三十八条）"),
        Field("use_of_results", "成果运用", FieldType.LONGTEXT, max_length=5000),
        Field("author", "执笔人", FieldType.USER, required=True, default=CURRENT_USER),
        Field("plan_id", "调研方案", FieldType.TEXT, hidden=True, searchable=False),
    ),
    list_columns=("finished_on", "title", "host_unit", "problems_found", "feedback_on",
                  "county_reported_on", "author"),
    ordering=(("finished_on", True),),
    date_field="finished_on",
    summary_field="title",
    validators=(_days_in_order("finished_on", "feedback_on", "向党组（党委）反馈日期"),
                _reported_when_important),
    derivations=(Derivation("to_follow_up", "登记督办事项", "follow_up",
                            lambda e: report_to_follow_up(e)),
                 Derivation("to_chronicle", "记入大事记", "chronicle",
                            lambda e: report_to_chronicle(e))),
    links=(Link("plan_id", "调研方案", ledger="research_plan"),),
    documents=(Document("调研报告", "entry", "打印调研报告…",
                        article="献县办法 第三十七条"),),
)


def report_to_follow_up(entry: EntryView) -> dict[str, Any]:
    """Enter once: a problem of the report into the 督办台账 (第三十八条)."""
    v = entry.values
    return {
        "opened_on": v.get("feedback_on") or v.get("finished_on"),
        "host_unit": v.get("host_unit"),
        "source": f"调研：{v.get('title') or ''}",
        "important": bool(v.get("important")),
        "report_id": entry.id,
    }


def report_to_chronicle(entry: EntryView) -> dict[str, Any]:
    """Enter once: the research in the chronicle (第四十八条（二）: 专项工作), key points
    only (第四十九条)."""
    v = entry.values
    text = f"完成{v.get('title') or '调研报告'}"
    if v.get("problems_found"):
        text += f"，发现问题{v['problems_found']}个"
    if v.get("feedback_on"):
        text += "，已向驻在部门党组（党委）反馈"
    return {"date_start": v.get("finished_on"), "importance": 1, "category": "2",
            "content": text + "。", "source_ledger": "research_report", "source_id": entry.id}


def _deadline_after_opening(values: Mapping[str, Any]) -> dict[str, str]:
    opened, deadline = values.get("opened_on"), values.get("deadline")
    if opened and deadline and deadline < opened:
        return {"deadline": "“整改时限”不能早于“立项日期”"}
    return {}


def follow_up_warnings(records: Records, year: int) -> list[str]:
    """督办事项 of ``year`` overdue or due within :data:`WARN_DAYS` days (第三十八条)."""
    today = records.now().date()
    soon = (today + dt.timedelta(days=WARN_DAYS)).isoformat()
    out = []
    for e in records.find("follow_up", statuses=("open",),
                          ranges={"deadline": (f"{year}-01-01", min(f"{year}-12-31", soon))},
                          order=(("deadline", False),)):
        v = e.values
        days = (dt.date.fromisoformat(v["deadline"]) - today).days
        what = f"督办事项“{_short(v['problem'], 30)}”（{v['host_unit']}）"
        if days < 0:
            out.append(f"{what}已超过整改时限 {-days} 天（时限 {v['deadline']}，第三十八条）")
        else:
            out.append(f"{what}将于 {days} 天后到期（时限 {v['deadline']}，第三十八条）")
    return out


def _short(text: str, limit: int) -> str:
    text = " ".join((text or "").split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


FOLLOW_UP = LedgerDescription(
    id="follow_up",
    name="督办台账",
    chapter=CHAPTER,
    article="献县办法 第三十八条",
    register_name="督办台账",
    description=(
        "对反映问题比较集中的领域深入研究，提出整改建议，建立督办台账，跟踪督促整改落实情况，"
        "重要情况向县纪委监委报告（第三十八条）。到期前七天提醒，超期列入待办。"
    ),
    fields=(
        Field("opened_on", "立项日期", FieldType.DATE, required=True, default=TODAY),
        Field("host_unit", "整改单位", FieldType.TEXT, required=True, max_length=100),
        Field("source", "问题来源", FieldType.TEXT, required=True, max_length=200,
              help="调研、监督检查、巡察反馈等"),
        Field("problem", "发现的问题", FieldType.LONGTEXT, required=True, max_length=5000),
        Field("suggestion", "整改建议", FieldType.LONGTEXT, required=True, max_length=5000,
              help="常州经验 三（二）：提出意见、整改落实、跟踪监督、约谈推动"),
        Field("responsible", "整改责任人", FieldType.TEXT, required=True, max_length=60,
              help="驻在部门负责整改的领导或科室"),
        Field("deadline", "整改时限", FieldType.DATE, required=True),
        Field("owner", "督办人", FieldType.USER, required=True, default=CURRENT_USER),
        Field("progress", "整改进展", FieldType.LONGTEXT, max_length=5000),
        Field("important", "重要情况", FieldType.BOOL, default=False, searchable=False,
              help="重要情况向县纪委监委报告（第三十八条）"),
        Field("county_reported_on", "报告县纪委监委日期", FieldType.DATE, searchable=False),
        Field("closed_on", "销号日期", FieldType.DATE, hidden=True, searchable=False),
        Field("result", "整改结果及核实情况", FieldType.LONGTEXT, hidden=True,
              max_length=5000),
        Field("verified_by", "核实人", FieldType.USER, hidden=True),
        stand_in_field(since=2),
        Field("report_id", "来源调研报告", FieldType.TEXT, hidden=True, searchable=False),
    ),
    list_columns=("opened_on", "host_unit", "problem", "responsible", "deadline", "progress",
                  "owner", "closed_on"),
    ordering=(("deadline", False),),
    date_field="opened_on",
    summary_field="problem",
    default_classification=Classification.INTERNAL,
    validators=(_deadline_after_opening,),
    # 代行审批 recorded since version 2 (献县办法 第六十五条 AB角).
    version=2,
    workflow=Workflow(
        initial="open",
        states=(Choice("open", "督办中"), Choice("closed", "已整改销号")),
        editable=("open",),
        finished=("closed",),
        steps=(
            # Closed when the rectification is verified: the leader signs the 销号.
            Step("close", "核实销号", ("open",), "closed", Permission.APPROVE, Action.APPROVE,
                 asks=("closed_on", "result"), record=taken_by("verified_by"),
                 article="献县办法 第三十八条"),
            Step("reopen", "重新督办", ("closed",), "open", Permission.APPROVE, Action.REJECT,
                 note_required=True, note_label="重新督办的理由", clears=("closed_on",),
                 task=False,
                 article="献县办法 第三十八条"),
        ),
    ),
    checks=(follow_up_warnings,),
    links=(Link("report_id", "来源调研报告", ledger="research_report"),),
    duties=(
        Duty("follow_up_closed", "督办事项按时限整改销号", ARTICLE_38,
             After("follow_up", start_field="opened_on", due_field="deadline",
                   done_field="closed_on", owner_field="owner"),
             roles=frozenset({Role.LEADER}),
             note="第三十八条要求跟踪督促整改落实；时限由督办台账逐项确定。"),
    ),
)


#: 第八章, in navigation order.
LEDGERS = (RESEARCH_PLAN, RESEARCH_REPORT, FOLLOW_UP)

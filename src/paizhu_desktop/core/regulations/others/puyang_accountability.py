"""问责决定 and the half-yearly 问责 report — 濮阳·问责 第五条(二), 第六条, 第八条(一).

A decision is recorded with the fields its document must carry (第五条(二)):
who is held accountable and their basic facts, the facts, the basis, the
method, the approving organisation, when it takes effect, the appeal period
and the body that hears appeals. It is delivered and announced, then carried
out; 组织调整 or 组织处理 are completed within one month (第六条(一)). The
decision goes into the integrity file (第六条(二)); the group reports its 问责
work every half year (第八条(一)).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from typing import Any

from paizhu_desktop.core.actions import Action
from paizhu_desktop.core.ledgers.description import Document, LedgerDescription
from paizhu_desktop.core.ledgers.duties import After, Counts, Duty, Every
from paizhu_desktop.core.ledgers.fields import TODAY, Choice, Field, FieldType
from paizhu_desktop.core.ledgers.rules import Records
from paizhu_desktop.core.ledgers.workflow import ACTOR, Step, Workflow
from paizhu_desktop.core.permissions import Permission
from paizhu_desktop.core.regulations.others.chapters import PUYANG_ACCOUNTABILITY as CHAPTER

REGULATION = "濮阳·问责"

SUBJECT_KINDS = (Choice("organisation", "党组织"), Choice("cadre", "党的领导干部"))
#: 第五条(一): the seven methods of 《中国共产党问责条例》 — three for organisations,
#: four for leading cadres.
METHODS = (
    Choice("inspection", "检查（党组织）"),
    Choice("org_notice", "通报（党组织）"),
    Choice("reorganise", "改组（党组织）"),
    Choice("notice", "通报"),
    Choice("admonish", "诫勉"),
    Choice("org_adjust", "组织调整或者组织处理"),
    Choice("discipline", "纪律处分"),
)
_ORG_METHODS = ("inspection", "org_notice", "reorganise")
#: 第三条: where a case comes from.
SOURCES = (
    Choice("own", "日常工作或履行监督职责中发现"),
    Choice("inspection", "巡察移送"),
    Choice("supervision", "督查移送"),
    Choice("judicial", "司法机关移送"),
    Choice("audit", "审计机关移送"),
    Choice("administrative", "行政执法机关移送"),
)


def _method_fits(values: Mapping[str, Any]) -> dict[str, str]:
    kind, method = values.get("subject_kind"), values.get("method")
    if kind == "organisation" and method and method not in _ORG_METHODS:
        return {"method": "对党组织问责的方式为检查、通报、改组（濮阳·问责 第五条（一））"}
    if kind == "cadre" and method in _ORG_METHODS:
        return {"method": "对党的领导干部问责的方式为通报、诫勉、组织调整或者组织处理、纪律处分"
                          "（濮阳·问责 第五条（一））"}
    effective, decided = values.get("effective_on"), values.get("decided_on")
    if effective and decided and effective < decided:
        return {"effective_on": "“生效时间”不能早于“作出决定日期”"}
    return {}


ACCOUNTABILITY_DECISION = LedgerDescription(
    id="accountability_decision",
    name="问责决定",
    chapter=CHAPTER,
    article=f"{REGULATION} 第五–六条",
    register_name="问责决定登记簿",
    description=(
        "问责应当制作问责决定文书，写明被问责党组织或者党的领导干部的基本情况、问责事实、问责依据、"
        "问责方式、批准党组织、生效时间、申诉期限和受理机关等内容（第五条（二））。问责决定应当及时"
        "送达、宣布并督促执行；涉及组织调整或者组织处理的，相应手续应当在一个月内办理完毕"
        "（第六条（一））；问责决定材料归入个人档案和廉洁档案（第六条（二））。"
    ),
    fields=(
        Field("decided_on", "作出决定日期", FieldType.DATE, required=True, default=TODAY),
        Field("doc_number", "文号", FieldType.TEXT, max_length=50),
        Field("subject_kind", "问责对象类别", FieldType.CHOICE, required=True,
              choices=SUBJECT_KINDS),
        Field("subject", "被问责党组织或领导干部", FieldType.TEXT, required=True,
              max_length=100),
        Field("source", "问题来源", FieldType.CHOICE, choices=SOURCES,
              help="日常工作或履行监督职责中发现，或巡察、督查、司法、审计、行政执法等机关移送"
                   "（第三条）"),
        Field("investigation", "调查核实情况", FieldType.LONGTEXT, max_length=5000,
              help="调查报告要点；事实材料同被问责对象见面，听取陈述和申辩并记录在案（第四条）"),
        Field("basic_info", "基本情况", FieldType.LONGTEXT, required=True, max_length=2000),
        Field("facts", "问责事实", FieldType.LONGTEXT, required=True, max_length=10000),
        Field("basis", "问责依据", FieldType.LONGTEXT, required=True, max_length=2000),
        Field("method", "问责方式", FieldType.CHOICE, required=True, choices=METHODS),
        Field("approving_body", "批准党组织", FieldType.TEXT, required=True, max_length=100,
              help="问责主体按照职责权限分级负责（第二条），问责决定经其领导班子集体研究作出"
                   "（第五条）"),
        Field("effective_on", "生效时间", FieldType.DATE, required=True, default=TODAY),
        Field("appeal_period", "申诉期限", FieldType.TEXT, required=True, max_length=100,
              default="自收到问责决定之日起一个月内"),
        Field("appeal_body", "受理机关", FieldType.TEXT, required=True, max_length=100),
        Field("appeal", "申诉及复查情况", FieldType.LONGTEXT, max_length=3000,
              help="由问责决定机关受理并作出复查结论；申诉期间不停止执行（第七条）"),
        Field("delivered_on", "送达宣布日期", FieldType.DATE, hidden=True, searchable=False),
        Field("executed_on", "执行完毕日期", FieldType.DATE, hidden=True, searchable=False),
        Field("execution", "执行情况", FieldType.LONGTEXT, hidden=True, max_length=5000),
        Field("executed_by", "登记人", FieldType.USER, hidden=True),
    ),
    list_columns=("decided_on", "doc_number", "subject", "method", "approving_body",
                  "effective_on", "delivered_on", "executed_on"),
    ordering=(("decided_on", True),),
    date_field="decided_on",
    summary_field="subject",
    validators=(_method_fits,),
    documents=(Document("问责决定书", "entry", "打印问责决定书…"),),
    workflow=Workflow(
        initial="decided",
        states=(Choice("decided", "待送达"), Choice("delivered", "已送达执行中"),
                Choice("executed", "已执行完毕")),
        editable=("decided",),
        finished=("executed",),
        steps=(
            Step("deliver", "登记送达宣布", ("decided",), "delivered", Permission.WRITE_LEDGERS,
                 Action.STEP, asks=("delivered_on",)),
            Step("execute", "登记执行完毕", ("delivered",), "executed",
                 Permission.WRITE_LEDGERS, Action.STEP, asks=("executed_on", "execution"),
                 record={"executed_by": ACTOR}),
        ),
    ),
    duties=(
        Duty("accountability_org_adjust", "组织调整或组织处理一个月内办理完毕",
             f"{REGULATION} 第六条（一）",
             After("accountability_decision", "effective_on", months=1,
                   where={"method": "org_adjust"}, done_field="executed_on")),
    ),
)

HALVES = (Choice("1", "上半年"), Choice("2", "下半年"))


def half_year_counts(decisions: Sequence[Mapping[str, Any]]) -> tuple[int, int]:
    """(organisations, cadres) held accountable among ``decisions`` (values of entries) —
    what the half-yearly report states (第八条(一))."""
    orgs = sum(1 for v in decisions if v.get("subject_kind") == "organisation")
    return orgs, len(decisions) - orgs


def report_mismatches(records: Records, year: int) -> list[str]:
    """Half-yearly reports whose counts differ from the decisions registered in that
    half (第八条(一)): what was reported should be what was decided."""
    out = []
    for e in records.find("accountability_report", where={"year": year}):
        half = e.values.get("half")
        start, end = (f"{year}-01-01", f"{year}-06-30") if half == "1" else (
            f"{year}-07-01", f"{year}-12-31")
        decided = [d.values for d in records.find(
            "accountability_decision", ranges={"decided_on": (start, end)})]
        orgs, cadres = half_year_counts(decided)
        if (orgs, cadres) != (e.values.get("organisations"), e.values.get("cadres")):
            word = "上半年" if half == "1" else "下半年"
            out.append(f"{year}年{word}问责情况报告填报党组织 {e.values.get('organisations')} 个、"
                       f"领导干部 {e.values.get('cadres')} 人，登记的问责决定为党组织 {orgs} 个、"
                       f"领导干部 {cadres} 人，请核对（{REGULATION} 第八条（一））")
    return out


ACCOUNTABILITY_REPORT = LedgerDescription(
    id="accountability_report",
    name="问责情况半年报告",
    chapter=CHAPTER,
    article=f"{REGULATION} 第八条（一）",
    register_name="问责情况报告登记簿",
    description="纪委（纪检组）每半年向上级纪委、同级党委（党组）报告问责工作情况（第八条（一））。",
    fields=(
        Field("year", "年度", FieldType.INTEGER, required=True, minimum=2000, maximum=2100,
              default=dt.date.today().year, searchable=False),
        Field("half", "半年", FieldType.CHOICE, required=True, choices=HALVES),
        Field("reported_on", "报告日期", FieldType.DATE, required=True, default=TODAY),
        Field("recipients", "报告对象", FieldType.TEXT, required=True, max_length=200,
              default="县纪委监委、驻在部门党组"),
        Field("organisations", "问责党组织数", FieldType.INTEGER, required=True, minimum=0,
              maximum=10000, default=0, searchable=False),
        Field("cadres", "问责领导干部人数", FieldType.INTEGER, required=True, minimum=0,
              maximum=10000, default=0, searchable=False),
        Field("content", "报告内容", FieldType.LONGTEXT, required=True, max_length=20000),
    ),
    list_columns=("year", "half", "reported_on", "recipients", "organisations", "cadres"),
    ordering=(("reported_on", True),),
    date_field="reported_on",
    summary_field="content",
    checks=(report_mismatches,),
    duties=(
        Duty("accountability_report_half", "每半年报告问责工作情况", f"{REGULATION} 第八条（一）",
             Every("half"), Counts("accountability_report", date_field="reported_on")),
    ),
)


#: 濮阳·问责, in navigation order.
LEDGERS = (ACCOUNTABILITY_DECISION, ACCOUNTABILITY_REPORT)

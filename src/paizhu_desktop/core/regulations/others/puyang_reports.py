"""述责述廉 reports and appraisals — 濮阳·述责述廉 第五–七条.

The host unit's leaders report every half year in writing, in three parts of
about one third each: achievements, problems, measures (第五条); after the
feedback they rectify and report in writing within 10 days (第六条(五)). At
least once a year they report in their own unit and are appraised; the grades'
votes decide: 一般 over one third and at most one half → 批评教育 and 整改要求,
over one half → 问责 (第七条(三)) — computed by the program from the votes.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

from paizhu_desktop.core.ledgers.description import Document, LedgerDescription
from paizhu_desktop.core.ledgers.duties import After, Counts, Duty, Every
from paizhu_desktop.core.ledgers.fields import TODAY, Choice, Field, FieldType
from paizhu_desktop.core.regulations.others.chapters import PUYANG_REPORTS as CHAPTER
from paizhu_desktop.core.scoring import APPRAISAL_LABELS, appraisal_outcome

REGULATION = "濮阳·述责述廉"
HALVES = (Choice("1", "上半年"), Choice("2", "下半年"))
#: Below this many characters a draft's parts are not compared (a short note).
_BALANCE_FROM = 300
#: 第五条 "各占三分之一": a part under a fifth of the whole is out of balance.
_SMALLEST_PART = 5

_PARTS = (("achievements", "总结成绩"), ("problems", "查摆问题"), ("measures", "整改措施"))


def thirds_problem(achievements: str, problems: str, measures: str) -> str | None:
    """Why the three parts are far from one third each, or None (濮阳·述责述廉 第五条).

    Parts are compared by length once the report has :data:`_BALANCE_FROM`
    characters; a part shorter than a fifth of the whole is named.
    """
    sizes = [len(achievements or ""), len(problems or ""), len(measures or "")]
    total = sum(sizes)
    if total < _BALANCE_FROM:
        return None
    short = [label for (_n, label), size in zip(_PARTS, sizes, strict=True)
             if size * _SMALLEST_PART < total]
    if not short:
        return None
    shares = "、".join(f"{label} {size * 100 // total}%"
                      for (_n, label), size in zip(_PARTS, sizes, strict=True))
    return (f"{'、'.join(short)}篇幅过少（{shares}）；报告要突出问题导向，总结成绩、查摆问题和"
            "整改措施各占三分之一的内容（濮阳·述责述廉 第五条）")


def _balanced(values: Mapping[str, Any]) -> dict[str, str]:
    problem = thirds_problem(values.get("achievements") or "", values.get("problems") or "",
                             values.get("measures") or "")
    return {"problems": problem} if problem else {}


def _rectified_after_feedback(values: Mapping[str, Any]) -> dict[str, str]:
    fed, done = values.get("feedback_on"), values.get("rectified_on")
    if done and not fed:
        return {"feedback_on": "登记整改情况报告前，请先填写“收到反馈意见日期”"}
    if fed and done and done < fed:
        return {"rectified_on": "“整改情况报告日期”不能早于“收到反馈意见日期”"}
    return {}


DUTY_SPEECH = LedgerDescription(
    id="duty_speech",
    name="述责述廉报告",
    chapter=CHAPTER,
    article=f"{REGULATION} 第五–六条",
    register_name="述责述廉报告登记簿",
    description=(
        "述责述廉对象每半年书面报送一次述责述廉报告，并在本单位公开；报告要突出问题导向，总结成绩、"
        "查摆问题和整改措施各占三分之一的内容（第五条）。接到反馈意见后制定整改方案，10日内将整改"
        "情况书面报告（第六条（五））。"
    ),
    fields=(
        Field("year", "年度", FieldType.INTEGER, required=True, minimum=2000, maximum=2100,
              default=dt.date.today().year, searchable=False),
        Field("half", "半年", FieldType.CHOICE, required=True, choices=HALVES),
        Field("reporter", "述责述廉对象", FieldType.TEXT, required=True, max_length=100,
              help="驻在部门党组（党委）主要负责人或班子成员，写明姓名和职务"),
        Field("submitted_on", "报送日期", FieldType.DATE, required=True, default=TODAY),
        Field("published_on", "本单位公开日期", FieldType.DATE, help="在本单位公开（第五条）"),
        Field("achievements", "总结成绩", FieldType.LONGTEXT, required=True, max_length=10000,
              help="年度主体责任清单落实情况，重点是执行政治纪律和政治规矩、履行管党治党责任、"
                   "推进党风廉政建设和执行廉洁纪律情况（第三条）"),
        Field("problems", "查摆问题", FieldType.LONGTEXT, required=True, max_length=10000),
        Field("measures", "整改措施", FieldType.LONGTEXT, required=True, max_length=10000),
        Field("feedback_on", "收到反馈意见日期", FieldType.DATE),
        Field("feedback", "反馈意见", FieldType.LONGTEXT, max_length=5000),
        Field("rectified_on", "整改情况报告日期", FieldType.DATE,
              help="接到反馈意见后10日内（第六条（五））"),
        Field("group_opinion", "派驻组监督意见", FieldType.LONGTEXT, max_length=5000),
    ),
    list_columns=("year", "half", "reporter", "submitted_on", "published_on", "feedback_on",
                  "rectified_on"),
    ordering=(("submitted_on", True),),
    date_field="submitted_on",
    summary_field="reporter",
    validators=(_balanced, _rectified_after_feedback),
    documents=(Document("述责述廉报告", "entry", "打印述责述廉报告…"),),
    duties=(
        Duty("duty_speech_half", "每半年书面报送述责述廉报告", f"{REGULATION} 第五条",
             Every("half"), Counts("duty_speech", date_field="submitted_on")),
        Duty("duty_speech_rectified", "接到反馈意见后10日内书面报告整改情况",
             f"{REGULATION} 第六条（五）",
             After("duty_speech", "feedback_on", days=10, done_field="rectified_on")),
    ),
)

APPRAISAL_OUTCOMES = tuple(Choice(k, v) for k, v in APPRAISAL_LABELS.items())
_VOTES = (("votes_excellent", "优秀票"), ("votes_good", "良好票"), ("votes_fair", "一般票"),
          ("votes_poor", "差票"))


def _votes_complete(values: Mapping[str, Any]) -> dict[str, str]:
    given = [values.get(n) for n, _l in _VOTES]
    if all(v is None for v in given):
        return {}
    for (name, label), v in zip(_VOTES, given, strict=True):
        if v is None:
            return {name: f"请填写“{label}”（无则填 0），程序据此计算评议结果（第七条（三））"}
    if sum(v for v in given if v is not None) == 0:
        return {"votes_excellent": "有效票合计为 0，无法计算评议结果"}
    return {}


def _appraisal_computed(values: Mapping[str, Any]) -> dict[str, Any]:
    votes = [values.get(n) for n, _l in _VOTES]
    if any(v is None for v in votes) or sum(v for v in votes if v is not None) == 0:
        return {"outcome": None, "outcome_text": None}
    a, b, c, d = (int(v) for v in votes if v is not None)
    result = appraisal_outcome(a, b, c, d)
    return {"outcome": result.outcome, "outcome_text": result.text}


DUTY_APPRAISAL = LedgerDescription(
    id="duty_appraisal",
    name="述责述廉民主评议",
    chapter=CHAPTER,
    article=f"{REGULATION} 第七条",
    register_name="本单位述责述廉及评议登记簿",
    description=(
        "负责人在本单位述责述廉，一年至少一次；事前将方案报备，评议等次分为优秀、良好、一般、差；"
        "一般得票率超过三分之一但不超过二分之一的批评教育、提出整改要求，超过二分之一的进行问责"
        "（第七条）。评议结果归入干部廉洁档案（第七条（二））。"
    ),
    fields=(
        Field("held_on", "述责述廉日期", FieldType.DATE, required=True, default=TODAY),
        Field("person", "述责述廉人", FieldType.TEXT, required=True, max_length=100,
              help="姓名和职务"),
        Field("plan_filed_on", "方案报备日期", FieldType.DATE,
              help="述责述廉前将方案报备审核（第七条）"),
        Field("participants", "参加人员", FieldType.TEXT, required=True, max_length=300,
              help="中层以上干部、职工代表和部分服务对象；50人以下单位全体参加（第七条（一））"),
        Field("supervisor", "派员监督", FieldType.TEXT, max_length=100),
        Field("votes_excellent", "优秀票", FieldType.INTEGER, minimum=0, maximum=100000,
              searchable=False),
        Field("votes_good", "良好票", FieldType.INTEGER, minimum=0, maximum=100000,
              searchable=False),
        Field("votes_fair", "一般票", FieldType.INTEGER, minimum=0, maximum=100000,
              searchable=False),
        Field("votes_poor", "差票", FieldType.INTEGER, minimum=0, maximum=100000,
              searchable=False),
        Field("outcome", "评议结果", FieldType.CHOICE, choices=APPRAISAL_OUTCOMES, hidden=True),
        Field("outcome_text", "计算过程", FieldType.TEXT, hidden=True, max_length=400),
        Field("follow_up", "处理落实情况", FieldType.LONGTEXT, max_length=5000,
              help="批评教育、整改要求或问责的落实情况；结果归入廉洁档案（第七条（二））"),
    ),
    list_columns=("held_on", "person", "votes_excellent", "votes_good", "votes_fair",
                  "votes_poor", "outcome", "outcome_text"),
    ordering=(("held_on", True),),
    date_field="held_on",
    summary_field="person",
    validators=(_votes_complete,),
    computed=_appraisal_computed,
    computed_fields=("outcome", "outcome_text"),
    duties=(
        Duty("duty_appraisal_yearly", "负责人在本单位述责述廉，一年至少一次",
             f"{REGULATION} 第七条", Every("year"),
             Counts("duty_appraisal", date_field="held_on")),
    ),
)

#: 濮阳·述责述廉, in navigation order.
LEDGERS = (DUTY_SPEECH, DUTY_APPRAISAL)

"""督查 and the 100-point assessment — 濮阳·考核 第五–十七条.

督查 is daily, focused, special, and every half year a full one against the duty
lists and the 台账 (第五–八条); the daily assessment is reported every quarter
(第十一条). The score sheet is computed by the program from the scores and the
bonus and deduction items entered (第十–十四条, :func:`paizhu_desktop.core.scoring.
score_sheet`): every point is a line naming its item and article, kept with the
entry as 计分明细 and printed with the register.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from decimal import Decimal
from typing import Any

from paizhu_desktop.core.ledgers.description import Derivation, Document, LedgerDescription
from paizhu_desktop.core.ledgers.duties import Counts, Duty, Every
from paizhu_desktop.core.ledgers.fields import TODAY, Choice, Field, FieldType
from paizhu_desktop.core.ledgers.rules import EntryView
from paizhu_desktop.core.regulations.others.chapters import PUYANG_ASSESSMENT as CHAPTER
from paizhu_desktop.core.scoring import (
    SCORE_ITEMS,
    UNIT_GRADE_LABELS,
    Caps,
    Part,
    ScoreItem,
    Thresholds,
    score_item_label,
    score_sheet,
)

REGULATION = "濮阳·考核"

#: 第五–八条 and 第十一条.
INSPECTION_KINDS = (
    Choice("daily", "日常督查（第五条）"),
    Choice("focused", "重点督查（第六条）"),
    Choice("special", "专项督查（第七条）"),
    Choice("full", "全面督查（第八条）"),
    Choice("quarterly", "日常考核季度通报（第十一条）"),
)
SCOPES = (Choice("both", "主体责任和监督责任"), Choice("principal", "主体责任"),
          Choice("supervisory", "监督责任"))


def _deadline_after(values: Mapping[str, Any]) -> dict[str, str]:
    done, deadline = values.get("inspected_on"), values.get("deadline")
    if done and deadline and deadline < done:
        return {"deadline": "“整改期限”不能早于“督查日期”"}
    return {}


SUPERVISION_CHECK = LedgerDescription(
    id="supervision_check",
    name="两个责任督查",
    chapter=CHAPTER,
    article=f"{REGULATION} 第五–八条、第十一条、第十五条",
    register_name="落实两个责任督查登记簿",
    description=(
        "日常督查依托全程记实（第五条）；重点督查针对落实不到位、季度排名落后的单位（第六条）；"
        "专项督查针对制度执行、专项工作、督办件（第七条）；每半年依据责任清单和工作台账全面督查一次"
        "（第八条）；日常考核每季度通报一次（第十一条）；发现问题及时反馈、限期整改（第十五条）。"
    ),
    fields=(
        Field("inspected_on", "督查日期", FieldType.DATE, required=True, default=TODAY),
        Field("kind", "督查类别", FieldType.CHOICE, required=True, choices=INSPECTION_KINDS),
        Field("unit", "被督查单位", FieldType.TEXT, required=True, max_length=100),
        Field("scope", "督查内容", FieldType.CHOICE, required=True, choices=SCOPES),
        Field("basis", "依据", FieldType.TEXT, max_length=200,
              default="年度主体责任清单、监督责任清单及工作台账"),
        Field("inspectors", "督查人员", FieldType.TEXT, required=True, max_length=200),
        Field("findings", "发现问题", FieldType.LONGTEXT, required=True, max_length=10000),
        Field("ranking", "季度得分和排名", FieldType.TEXT, max_length=100,
              help="季度通报时填写（第十一条）"),
        Field("rectification", "反馈和整改要求", FieldType.LONGTEXT, max_length=5000),
        Field("deadline", "整改期限", FieldType.DATE),
        Field("rectified", "整改情况", FieldType.LONGTEXT, max_length=5000),
    ),
    list_columns=("inspected_on", "kind", "unit", "scope", "findings", "deadline",
                  "rectified"),
    ordering=(("inspected_on", True),),
    date_field="inspected_on",
    summary_field="findings",
    validators=(_deadline_after,),
    derivations=(Derivation("to_chronicle", "记入大事记", "chronicle",
                            lambda e: check_to_chronicle(e)),),
    duties=(
        Duty("full_inspection_half", "每半年依据责任清单和工作台账全面督查一次",
             f"{REGULATION} 第八条", Every("half"),
             Counts("supervision_check", date_field="inspected_on", where={"kind": "full"})),
        Duty("daily_assessment_quarterly", "日常考核每季度通报一次", f"{REGULATION} 第十一条",
             Every("quarter"),
             Counts("supervision_check", date_field="inspected_on",
                    where={"kind": "quarterly"})),
    ),
)


def check_to_chronicle(entry: EntryView) -> dict[str, Any]:
    """A 督查 in the chronicle (献县办法 第四十八条(二): 专项工作、重要活动), linked back."""
    v = entry.values
    kind = SUPERVISION_CHECK.display("kind", v).split("（")[0]
    return {"date_start": v.get("inspected_on"), "importance": 1, "category": "2",
            "people": (v.get("inspectors") or "")[:200],
            "content": f"对{v.get('unit') or ''}开展{kind}：{(v.get('findings') or '')[:300]}",
            "source_ledger": "supervision_check", "source_id": entry.id}


ITEM_CHOICES = tuple(Choice(k.code, score_item_label(k)) for k in SCORE_ITEMS)
GRADES = tuple(Choice(k, v) for k, v in UNIT_GRADE_LABELS.items())
_SCORES = ("daily", "vote", "survey", "test")
_SCORE_LABELS = {"daily": "日常考核得分", "vote": "民主测评得分", "survey": "问卷调查得分",
                 "test": "理论测试得分"}
_SCORE_HELP = {"daily": "0–100 分；日常考核依托全程记实动态考核，占70%（第十条、第十一条）",
               "vote": "0–100 分；年终考核的三种方式各占三分之一（第十二条）",
               "survey": "0–100 分；年终考核的三种方式各占三分之一（第十二条）",
               "test": "0–100 分；年终考核的三种方式各占三分之一（第十二条）"}


#: The places of a score: 0.5-point steps are normal in these sheets (第十四条) and a
#: 民主测评 averaged over the votes has two.
SCORE_PLACES = 2


def _score_fields(prefix: str, name: str, share: str) -> tuple[Field, ...]:
    """The four scores of one responsibility, in decimals (version 2). They succeed the
    whole-number fields of version 1 (retired, kept as stored): a sheet entered before
    reads its whole numbers, and takes them into the decimal fields when saved again."""
    return tuple(Field(f"{prefix}_{s}_score", f"{name}{_SCORE_LABELS[s]}", FieldType.DECIMAL,
                       required=True, minimum=0, maximum=100, places=SCORE_PLACES,
                       searchable=False, since=2, succeeds=f"{prefix}_{s}",
                       help=f"{_SCORE_HELP[s]}；可保留两位小数；{name}占{share}（第十条）")
                 for s in _SCORES)


def _retired_score_fields(prefix: str, name: str) -> tuple[Field, ...]:
    """Version 1's whole-number scores: retired, their stored values unchanged."""
    return tuple(Field(f"{prefix}_{s}", f"{name}{_SCORE_LABELS[s]}（整数，已停用）",
                       FieldType.INTEGER, minimum=0, maximum=100, searchable=False,
                       retired=True) for s in _SCORES)


def score_value(values: Mapping[str, Any], prefix: str, part: str) -> Decimal:
    """One score of a sheet: the decimal field, or the whole number a sheet entered
    before decimals holds (濮阳·考核 第十条)."""
    value = values.get(f"{prefix}_{part}_score")
    if value in (None, ""):
        value = values.get(f"{prefix}_{part}")
    return Decimal(str(value)) if value not in (None, "") else Decimal(0)


def _part(values: Mapping[str, Any], prefix: str) -> Part:
    return Part(*(score_value(values, prefix, s) for s in _SCORES))


def sheet_from_values(values: Mapping[str, Any]) -> Any:
    """The :class:`~paizhu_desktop.core.scoring.ScoreSheet` of an entry's values."""
    items = [ScoreItem(row.get("item") or "", row.get("project") or "",
                       row.get("detail") or "", bool(row.get("self_reported")))
             for row in values.get("items") or []]
    caps = Caps(bool(values.get("head_disciplined")), bool(values.get("other_leader_heavy")),
                bool(values.get("organisation_disciplined")), bool(values.get("head_heavy")))
    thresholds = Thresholds(int(values.get("excellent_min") or 90),
                            int(values.get("good_min") or 80), int(values.get("fair_min") or 60))
    return score_sheet(_part(values, "p"), _part(values, "s"), items, caps, thresholds)


def _thresholds_in_order(values: Mapping[str, Any]) -> dict[str, str]:
    e, g, f = values.get("excellent_min"), values.get("good_min"), values.get("fair_min")
    if e is not None and g is not None and f is not None and not e > g > f:
        return {"good_min": "等次分数线应为：优秀 > 良好 > 一般（考核方案，第十七条）"}
    return {}


def _sheet_computed(values: Mapping[str, Any]) -> dict[str, Any]:
    sheet = sheet_from_values(values)
    return {"base_score": f"{sheet.base}", "adjustment": f"{sheet.adjustments}",
            "total_score": f"{sheet.total}", "grade": sheet.grade, "breakdown": sheet.text()}


SCORE_SHEET = LedgerDescription(
    id="score_sheet",
    name="两个责任考核计分",
    chapter=CHAPTER,
    article=f"{REGULATION} 第十–十四条",
    register_name="落实两个责任考核计分表",
    description=(
        "考核实行百分制，主体责任占60%，监督责任占40%；日常考核占70%，年终考核占30%（第十条）；"
        "年终考核民主测评、问卷调查、理论测试各占三分之一（第十二条）；等次分为优秀、良好、一般、差"
        "（第十三条）；加分减分及等次限制见第十四条，计分周期为一年（第十四条（三））。"
        "总分、等次和计分明细由程序按录入的得分和加减分项目计算。"
    ),
    fields=(
        Field("year", "考核年度", FieldType.INTEGER, required=True, minimum=2000, maximum=2100,
              default=dt.date.today().year, searchable=False),
        Field("unit", "被考核单位", FieldType.TEXT, required=True, max_length=100),
        Field("assessed_on", "评定日期", FieldType.DATE, required=True, default=TODAY),
        *_score_fields("p", "主体责任", "60%"),
        *_score_fields("s", "监督责任", "40%"),
        *_retired_score_fields("p", "主体责任"),
        *_retired_score_fields("s", "监督责任"),
        Field("items", "加分减分项目", FieldType.TABLE, subfields=(
            Field("item", "项目", FieldType.CHOICE, required=True, choices=ITEM_CHOICES),
            Field("project", "表彰项目名称", FieldType.TEXT, max_length=100,
                  help="同一表彰项目按最高级别计分"),
            Field("detail", "事由及依据文件", FieldType.TEXT, required=True, max_length=200),
            Field("self_reported", "单位主动上报", FieldType.BOOL, default=False),
        ), help="第十四条：表彰、经验推广加分；未主动上报被查处的人员扣分"),
        Field("head_disciplined", "主要负责人受到党政纪处分", FieldType.BOOL, default=False,
              searchable=False, help="不能评定为优秀（第十四条（二））"),
        Field("other_leader_heavy", "其他班子成员受到党政纪重处分以上", FieldType.BOOL,
              default=False, searchable=False, help="不能评定为优秀（第十四条（二））"),
        Field("organisation_disciplined", "党组织受到纪律处分", FieldType.BOOL, default=False,
              searchable=False, help="应当评定为一般以下（第十四条（二））"),
        Field("head_heavy", "主要负责人受到党政纪重处分以上", FieldType.BOOL, default=False,
              searchable=False, help="应当评定为一般以下（第十四条（二））"),
        Field("excellent_min", "优秀分数线", FieldType.INTEGER, required=True, default=90,
              minimum=1, maximum=200, searchable=False, help="按当年考核方案（第十七条）"),
        Field("good_min", "良好分数线", FieldType.INTEGER, required=True, default=80,
              minimum=1, maximum=200, searchable=False),
        Field("fair_min", "一般分数线", FieldType.INTEGER, required=True, default=60,
              minimum=1, maximum=200, searchable=False),
        Field("remarks", "备注", FieldType.TEXT, max_length=200),
        Field("base_score", "加权得分", FieldType.TEXT, hidden=True, searchable=False),
        Field("adjustment", "加减分", FieldType.TEXT, hidden=True, searchable=False),
        Field("total_score", "总分", FieldType.TEXT, hidden=True, searchable=False),
        Field("grade", "考核等次", FieldType.CHOICE, choices=GRADES, hidden=True,
              help="根据日常考核和年终考核成绩评定：优秀、良好、一般、差（第十三条）；优秀的予以"
                   "表彰，一般的不得评为优秀并约谈或问责，计分明细中列出（第十六条）"),
        Field("breakdown", "计分明细", FieldType.LONGTEXT, hidden=True),
    ),
    list_columns=("year", "unit", "base_score", "adjustment", "total_score", "grade",
                  "breakdown"),
    ordering=(("year", True), ("unit", False)),
    date_field="assessed_on",
    summary_field="unit",
    validators=(_thresholds_in_order,),
    computed=_sheet_computed,
    computed_fields=("base_score", "adjustment", "total_score", "grade", "breakdown"),
    documents=(Document("考核计分表", "entry", "打印考核计分表…"),),
    # 2: the scores in decimals (第十四条's 0.5 points), succeeding the whole numbers.
    version=2,
)

#: 濮阳·考核, in navigation order.
LEDGERS = (SUPERVISION_CHECK, SCORE_SHEET)

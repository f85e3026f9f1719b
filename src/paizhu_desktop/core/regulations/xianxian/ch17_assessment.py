"""派驻机构考核, 干部年度考核 and 下属单位纪检负责人考核 — 献县办法 第十七章 第六十八–七十二条.

The group is assessed by 平时, 专项 and 年度 assessment (第六十九条(二)) over the
six fields of 第六十九条(一); the yearly grade 优秀/良好/一般/较差 carries the
consequences of 第六十九条(三), computed by the program
(:func:`paizhu_desktop.core.scoring.group_consequences`) and flagged on the entry:
一般 → 谈话提醒 and a written report, the leadership not 优秀 that year; 较差 or
一般 two years running → 组织调整, none of the group's cadres 优秀. The cadres'
yearly grades 优秀/称职/基本称职/不称职 (第七十条) are refused as 优秀 where the
group's grade forbids it, and 不称职 or 基本称职 twice flags 岗位调整 (第七十一条).
The shares of 优秀 (30% of groups, 20% of cadres) are of the county's whole set;
they are checked over what the database holds, which in the county's aggregation
database is that set. The host unit's subordinate units' 纪检 heads are assessed
with the host unit's personnel department (第七十二条).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

from paizhu_desktop.core.ledgers.description import Derivation, LedgerDescription
from paizhu_desktop.core.ledgers.duties import After, Duty
from paizhu_desktop.core.ledgers.fields import TODAY, Choice, Field, FieldType
from paizhu_desktop.core.ledgers.rules import EntryView, Records
from paizhu_desktop.core.permissions import Role
from paizhu_desktop.core.regulations.xianxian.chapters import ASSESSMENT as CHAPTER
from paizhu_desktop.core.scoring import (
    CADRE_EXCELLENT,
    CADRE_EXCELLENT_SHARE,
    CADRE_GRADE_LABELS,
    GROUP_EXCELLENT,
    GROUP_EXCELLENT_SHARE,
    GROUP_GRADE_LABELS,
    GroupConsequences,
    cadre_consequences,
    cadre_excellent_refusal,
    group_consequences,
    share_finding,
)

REGULATION = "献县办法"
#: The most cadres one group has (DOMAIN §1: 3–8); more grades are several groups'.
ONE_GROUP_CADRES = 8

#: 第六十九条(二).
KINDS = (Choice("regular", "平时考核"), Choice("special", "专项考核"),
         Choice("annual", "年度考核"))
#: 第六十九条(一): what is assessed.
AREAS = tuple(Choice(str(i), a) for i, a in enumerate((
    "监督检查", "审查调查", "问责处置", "督促协调", "深化“三转”", "自身建设"), start=1))
GROUP_GRADES = tuple(Choice(k, v) for k, v in GROUP_GRADE_LABELS.items())
CADRE_GRADES = tuple(Choice(k, v) for k, v in CADRE_GRADE_LABELS.items())


def _year_now() -> int:
    return dt.date.today().year


def _annual_has_grade(values: Mapping[str, Any]) -> dict[str, str]:
    if values.get("kind") == "annual" and not values.get("grade"):
        return {"grade": "年度考核须填写考核等次：优秀、良好、一般、较差（第六十九条（三））"}
    if values.get("kind") != "annual" and values.get("previous_grade"):
        return {"previous_grade": "“上年度考核等次”只在年度考核中填写"}
    return {}


def consequences_of(values: Mapping[str, Any]) -> GroupConsequences:
    """The 第六十九条(三) consequences of a group assessment's values."""
    if values.get("kind") != "annual":
        return group_consequences(None, None, bool(values.get("strong_objections")))
    return group_consequences(values.get("grade"), values.get("previous_grade"),
                              bool(values.get("strong_objections")))


def _group_computed(values: Mapping[str, Any]) -> dict[str, Any]:
    c = consequences_of(values)
    return {"consequences": "\n".join(c.lines) or None, "talk_and_report": c.talk_and_report,
            "reorganise": c.reorganise, "no_excellent_leaders": c.no_excellent_leaders,
            "no_excellent_cadres": c.no_excellent_cadres}


def _group_share(records: Records, year: int) -> list[str]:
    """优秀 at most 30% of the groups' yearly grades in the database (第六十九条(三))."""
    grades = [e.values.get("grade") or "" for e in records.find(
        "group_assessment", where={"year": year, "kind": "annual"})]
    finding = share_finding(grades, GROUP_EXCELLENT, GROUP_EXCELLENT_SHARE,
                            f"{year}年度派驻机构考核", "献县办法 第六十九条（三）")
    # One group's own database holds one grade: the share is of the county's set.
    return [finding] if finding and len(grades) > 1 else []


GROUP_ASSESSMENT = LedgerDescription(
    id="group_assessment",
    name="派驻机构考核",
    chapter=CHAPTER,
    article=f"{REGULATION} 第六十八–六十九条",
    register_name="派驻机构考核登记簿",
    description=(
        "考核主要包括平时考核、专项考核、年度考核（第六十九条（二）），全面考核监督检查、审查调查、"
        "问责处置、督促协调、深化“三转”、自身建设等情况（第六十九条（一））。年度考核结果分为优秀、"
        "良好、一般、较差4个等次，优秀一般不超过30%；一般等次或干部群众意见较大的，谈话提醒、写出"
        "书面报告，领导班子成员当年不得评为优秀；较差或连续两年一般的，对领导班子组织调整，该机构"
        "干部不得评为优秀（第六十九条（三））。考核结果向领导班子反馈并通报驻在部门党组"
        "（第六十九条（四））。"
    ),
    fields=(
        Field("year", "考核年度", FieldType.INTEGER, required=True, minimum=2000, maximum=2100,
              default=_year_now(), searchable=False),
        Field("kind", "考核类别", FieldType.CHOICE, required=True, choices=KINDS),
        Field("assessed_on", "考核日期", FieldType.DATE, required=True, default=TODAY),
        Field("organiser", "组织实施", FieldType.TEXT, required=True, max_length=100,
              default="县纪委监委对口联系监督检查室",
              help="办公室牵头，干部监督室参与，对口联系监督检查室具体组织实施（第六十九条）"),
        Field("areas", "考核内容", FieldType.TABLE, subfields=(
            Field("area", "方面", FieldType.CHOICE, required=True, choices=AREAS),
            Field("finding", "考核情况", FieldType.TEXT, required=True, max_length=200),
        ), help="第六十九条（一）所列各方面"),
        Field("grade", "考核等次", FieldType.CHOICE, choices=GROUP_GRADES,
              help="年度考核填写（第六十九条（三））"),
        Field("previous_grade", "上年度考核等次", FieldType.CHOICE, choices=GROUP_GRADES,
              help="用于判断是否连续两年为一般等次"),
        Field("strong_objections", "干部群众意见较大", FieldType.BOOL, default=False,
              searchable=False),
        Field("feedback_on", "反馈领导班子日期", FieldType.DATE,
              help="肯定成绩、指出不足、督促整改（第六十九条（四））"),
        Field("host_notified_on", "通报驻在部门党组日期", FieldType.DATE),
        Field("talk_on", "谈话提醒日期", FieldType.DATE),
        Field("report_on", "书面报告报送日期", FieldType.DATE,
              help="剖析原因、主动整改（第六十九条（三））"),
        Field("notes", "整改及落实情况", FieldType.LONGTEXT, max_length=5000),
        Field("consequences", "考核结果运用", FieldType.LONGTEXT, hidden=True),
        Field("talk_and_report", "须谈话提醒并写出书面报告", FieldType.BOOL, hidden=True,
              searchable=False),
        Field("reorganise", "须对领导班子组织调整", FieldType.BOOL, hidden=True,
              searchable=False),
        Field("no_excellent_leaders", "班子成员当年不得评优", FieldType.BOOL, hidden=True,
              searchable=False),
        Field("no_excellent_cadres", "机构干部当年不得评优", FieldType.BOOL, hidden=True,
              searchable=False),
    ),
    list_columns=("year", "kind", "assessed_on", "grade", "consequences", "talk_on",
                  "report_on"),
    ordering=(("year", True), ("assessed_on", True)),
    date_field="assessed_on",
    summary_field="kind",
    validators=(_annual_has_grade,),
    computed=_group_computed,
    computed_fields=("consequences", "talk_and_report", "reorganise", "no_excellent_leaders",
                     "no_excellent_cadres"),
    checks=(_group_share,),
    derivations=(Derivation("next_year", "登记下一年度考核", "group_assessment",
                            lambda e: next_group_year(e)),),
    duties=(
        Duty("assessment_written_report", "考核一般或意见较大的，谈话提醒并写出书面报告",
             f"{REGULATION} 第六十九条（三）",
             After("group_assessment", "assessed_on", months=1,
                   where={"talk_and_report": True}, done_field="report_on"),
             note="条文未规定期限，程序按考核后一个月内提示"),
        Duty("assessment_feedback", "年度考核结果向领导班子反馈", f"{REGULATION} 第六十九条（四）",
             After("group_assessment", "assessed_on", months=1, where={"kind": "annual"},
                   done_field="feedback_on"),
             roles=frozenset({Role.LEADER}),
             note="条文未规定期限，程序按考核后一个月内提示"),
    ),
)


def next_group_year(entry: EntryView) -> dict[str, Any]:
    """Next year's annual assessment with this year's grade as 上年度 (enter once: 一般
    two years running is read from it, 第六十九条(三))."""
    v = entry.values
    return {"year": int(v["year"]) + 1, "kind": "annual",
            "previous_grade": v.get("grade") if v.get("kind") == "annual" else None,
            "organiser": v.get("organiser")}


def next_cadre_year(entry: EntryView) -> dict[str, Any]:
    """The cadre's next yearly assessment with this year's grade as 上年度 (第七十一条:
    基本称职 two years running)."""
    v = entry.values
    return {"year": int(v["year"]) + 1, "person": v.get("person"), "post": v.get("post"),
            "is_leader": v.get("is_leader"), "previous_grade": v.get("grade")}


def _cadre_conflicts(records: Records, year: int) -> list[str]:
    """优秀 given before the group's yearly grade barred it (第六十九条(三)): found when
    the group's assessment is entered after the cadres'."""
    group = _group_of_year(records, year)
    out = []
    for e in records.find("cadre_assessment", where={"year": year, "grade": CADRE_EXCELLENT}):
        refusal = cadre_excellent_refusal(bool(e.values.get("is_leader")), group)
        if refusal:
            out.append(f"{e.values.get('person')}评为优秀与本机构考核结果不符：{refusal}")
    return out


def _group_of_year(records: Records, year: Any) -> GroupConsequences | None:
    found = records.find("group_assessment", where={"year": year, "kind": "annual"},
                         order=(("assessed_on", True),))
    return consequences_of(found[0].values) if found else None


def _excellent_allowed(records: Records, current: EntryView | None,
                       values: Mapping[str, Any]) -> str | None:
    """No 优秀 where the group's yearly grade forbids it (第六十九条(三))."""
    if values.get("grade") != CADRE_EXCELLENT:
        return None
    return cadre_excellent_refusal(bool(values.get("is_leader")),
                                   _group_of_year(records, values.get("year")))


def _cadre_computed(values: Mapping[str, Any]) -> dict[str, Any]:
    c = cadre_consequences(values.get("grade"), values.get("previous_grade"))
    return {"post_change": c.post_change, "consequences": "\n".join(c.lines) or None}


def _cadre_share(records: Records, year: int) -> list[str]:
    """优秀 at most 20% of the cadres' yearly grades in the database (第七十条(一))."""
    grades = [e.values.get("grade") or "" for e in records.find(
        "cadre_assessment", where={"year": year})]
    finding = share_finding(grades, CADRE_EXCELLENT, CADRE_EXCELLENT_SHARE,
                            f"{year}年度干部考核", "献县办法 第七十条（一）")
    # The share is of the county's cadres: a group has 3–8 (DOMAIN §1), so more grades
    # than that are the county's set (the aggregation database), fewer are one group's.
    return [finding] if finding and len(grades) > ONE_GROUP_CADRES else []


def _post_changes(records: Records, year: int) -> list[str]:
    return [f"{e.values.get('person')}：{e.values.get('consequences')}"
            for e in records.find("cadre_assessment",
                                  where={"year": year, "post_change": True})]


CADRE_ASSESSMENT = LedgerDescription(
    id="cadre_assessment",
    name="干部年度考核",
    chapter=CHAPTER,
    article=f"{REGULATION} 第七十–七十一条",
    register_name="派驻机构干部年度考核登记簿",
    description=(
        "纪检监察组其他干部的年度考核与派驻机构年度考核同步实施，提出等次建议后报县纪委常委会会议"
        "研究决定（第七十条）；等次分为优秀、称职、基本称职、不称职，优秀一般不超过20%"
        "（第七十条（一））；结果及时反馈（第七十条（二））。被评定为不称职，或连续两年基本称职的，"
        "应进行岗位调整（第七十一条）。"
    ),
    fields=(
        Field("year", "考核年度", FieldType.INTEGER, required=True, minimum=2000, maximum=2100,
              default=_year_now(), searchable=False),
        Field("person", "姓名", FieldType.TEXT, required=True, max_length=30),
        Field("post", "职务", FieldType.TEXT, required=True, max_length=50),
        Field("is_leader", "领导班子成员", FieldType.BOOL, default=False, searchable=False),
        Field("proposed_grade", "建议等次", FieldType.CHOICE, choices=CADRE_GRADES),
        Field("grade", "确定等次", FieldType.CHOICE, required=True, choices=CADRE_GRADES,
              help="县纪委常委会会议研究决定（第七十条）"),
        Field("previous_grade", "上年度等次", FieldType.CHOICE, choices=CADRE_GRADES),
        Field("decided_on", "决定日期", FieldType.DATE, required=True, default=TODAY),
        Field("fed_back_on", "反馈日期", FieldType.DATE, help="及时反馈（第七十条（二））"),
        Field("remarks", "主要表现", FieldType.LONGTEXT, max_length=3000),
        Field("post_change", "应进行岗位调整", FieldType.BOOL, hidden=True, searchable=False),
        Field("consequences", "结果运用", FieldType.TEXT, hidden=True),
    ),
    list_columns=("year", "person", "post", "proposed_grade", "grade", "previous_grade",
                  "consequences", "fed_back_on"),
    ordering=(("year", True), ("person", False)),
    date_field="decided_on",
    summary_field="person",
    write_rules=(_excellent_allowed,),
    computed=_cadre_computed,
    computed_fields=("post_change", "consequences"),
    checks=(_cadre_share, _post_changes, _cadre_conflicts),
    derivations=(Derivation("next_year", "登记下一年度考核", "cadre_assessment",
                            next_cadre_year),),
)


SUBORDINATE_ASSESSMENT = LedgerDescription(
    id="subordinate_assessment",
    name="下属单位纪检负责人考核",
    chapter=CHAPTER,
    article=f"{REGULATION} 第七十二条",
    register_name="驻在部门下属单位纪检工作考核登记簿",
    description="驻在部门下属单位的纪检工作和纪检机构负责人的考核，由派驻机构会同驻在单位组织人事"
                "部门组织（第七十二条）。",
    fields=(
        Field("year", "考核年度", FieldType.INTEGER, required=True, minimum=2000, maximum=2100,
              default=_year_now(), searchable=False),
        Field("unit", "下属单位", FieldType.TEXT, required=True, max_length=100),
        Field("person", "纪检负责人", FieldType.TEXT, required=True, max_length=30),
        Field("post", "职务", FieldType.TEXT, max_length=50),
        Field("personnel_dept", "会同组织人事部门", FieldType.TEXT, required=True,
              max_length=100, help="驻在单位组织人事部门（第七十二条）"),
        Field("assessed_on", "考核日期", FieldType.DATE, required=True, default=TODAY),
        Field("work_finding", "纪检工作考核情况", FieldType.LONGTEXT, required=True,
              max_length=5000),
        Field("grade", "负责人考核等次", FieldType.CHOICE, choices=CADRE_GRADES),
        Field("fed_back_on", "反馈日期", FieldType.DATE),
    ),
    list_columns=("year", "unit", "person", "post", "personnel_dept", "grade",
                  "work_finding"),
    ordering=(("year", True), ("unit", False)),
    date_field="assessed_on",
    summary_field="unit",
)

#: 第十七章, in navigation order.
LEDGERS = (GROUP_ASSESSMENT, CADRE_ASSESSMENT, SUBORDINATE_ASSESSMENT)

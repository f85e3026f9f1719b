"""学习制度 — 献县办法 第六章 第二十八–三十一条.

- 年度学习计划 (第三十一条): made at the start of each year — goals and
  requirements, the topics (第二十八条, 第二十九条) by month, the form of study
  (第三十条) — and 审定 by the 组长.
- 集体学习 (第三十一条: 由专人负责记录集体学习情况): who recorded it, what was
  studied, how long, who spoke, who attended and who was absent and why.
- 学习季报 (第三十一条: 每季度末将学习情况以书面方式报机关党支部): a draft is
  built from the quarter's 集体学习 records (:func:`quarter_draft`), edited by
  the recorder, 审核 by the 组长 and sent; it prints in GB/T 9704 layout.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from paizhu_desktop.core.actions import Action
from paizhu_desktop.core.ledgers.catalog import Report
from paizhu_desktop.core.ledgers.description import Document, LedgerDescription
from paizhu_desktop.core.ledgers.duties import Counts, Duty, Every
from paizhu_desktop.core.ledgers.fields import CURRENT_USER, TODAY, Choice, Field, FieldType
from paizhu_desktop.core.ledgers.rules import EntryView, Records
from paizhu_desktop.core.ledgers.workflow import (
    ACTOR,
    NOTE,
    NOW,
    Step,
    Workflow,
    stand_in_field,
    taken_by,
)
from paizhu_desktop.core.permissions import Permission, Role
from paizhu_desktop.core.regulations.xianxian.chapters import STUDY

#: 第二十八条, 第二十九条: what the group studies.
STUDY_TOPICS = (
    Choice("theory", "习近平新时代中国特色社会主义思想及重要讲话精神、重大决策部署（第二十八条）"),
    Choice("rules", "党章党规党纪、宪法法律法规（第二十九条）"),
    Choice("business", "纪检监察业务（第二十九条）"),
    Choice("host", "驻在部门业务知识、廉政风险点（第二十九条）"),
    Choice("general", "经济、历史、文化、社会、生态、科技、宗教等知识（第二十九条）"),
)

#: 第三十条: the ways of study.
STUDY_FORMS = (
    Choice("collective", "集中学习"),
    Choice("seminar", "交流研讨"),
    Choice("self", "个人自学"),
    Choice("online", "在线学习"),
)

_ROLES = frozenset({Role.LEADER, Role.DEPUTY, Role.RECORDER})


STUDY_PLAN = LedgerDescription(
    id="study_plan",
    name="年度学习计划",
    chapter=STUDY,
    article="献县办法 第三十一条",
    register_name="年度学习计划登记簿",
    description=(
        "按照县纪委监委要求，每年年初结合工作需要，制定年度学习计划，明确目标要求、学习重点、"
        "时间安排等（第三十一条）；学习内容见第二十八条、第二十九条，方式见第三十条。"
    ),
    fields=(
        Field("year", "年度", FieldType.INTEGER, required=True, minimum=2000, maximum=2100,
              searchable=False),
        Field("made_on", "制定日期", FieldType.DATE, required=True, width=11, default=TODAY),
        Field("goals", "目标要求", FieldType.LONGTEXT, required=True, max_length=5000),
        Field("focus", "学习重点", FieldType.LONGTEXT, required=True, max_length=5000),
        Field("schedule", "时间安排", FieldType.TABLE, required=True, subfields=(
            Field("month", "月份", FieldType.INTEGER, required=True, minimum=1, maximum=12),
            Field("topic", "学习专题", FieldType.TEXT, required=True, max_length=200),
            Field("category", "学习内容", FieldType.CHOICE, required=True,
                  choices=STUDY_TOPICS),
            Field("form", "学习方式", FieldType.CHOICE, required=True, choices=STUDY_FORMS),
            Field("speaker", "领学人", FieldType.TEXT, max_length=30),
        ), help="按月列出学习专题"),
        Field("daily_hour", "落实“工作日每天学习一小时”的措施", FieldType.LONGTEXT,
              max_length=2000, help="第三十条"),
        Field("approver", "审定人", FieldType.USER, hidden=True),
        stand_in_field(since=2),
        Field("approved_at", "审定时间", FieldType.DATETIME, hidden=True, searchable=False),
        Field("approval_note", "审定意见", FieldType.TEXT, hidden=True),
    ),
    list_columns=("year", "made_on", "goals", "schedule", "approver"),
    ordering=(("made_on", True),),
    date_field="made_on",
    summary_field="goals",
    # 代行审批 recorded since version 2 (献县办法 第六十五条 AB角).
    version=2,
    workflow=Workflow(
        initial="draft",
        states=(Choice("draft", "拟定中"), Choice("submitted", "待组长审定"),
                Choice("approved", "已审定")),
        editable=("draft",),
        finished=("approved",),
        steps=(
            Step("submit", "送组长审定", ("draft",), "submitted", Permission.WRITE_LEDGERS,
                 Action.STEP),
            Step("approve", "审定", ("submitted",), "approved", Permission.APPROVE,
                 Action.APPROVE, record=taken_by("approver", "approved_at", "approval_note")),
            Step("send_back", "退回修改", ("submitted",), "draft", Permission.APPROVE,
                 Action.REJECT, note_required=True, note_label="退回意见",
                 record={"approval_note": NOTE}),
        ),
    ),
    duties=(Duty("study_plan_yearly", "每年年初制定年度学习计划", "献县办法 第三十一条",
                 Every("year"), counts=Counts("study_plan", statuses=("approved",),
                                              done_field="approved_at"),
                 roles=frozenset({Role.LEADER}),
                 note="第三十一条要求年初制定；程序按年度提示，逾期以组长审定时间为准。"),),
)


def _hours_positive(values: Mapping[str, Any]) -> dict[str, str]:
    if values.get("minutes") is not None and values["minutes"] <= 0:
        return {"minutes": "“学习时长”应大于 0"}
    return {}


GROUP_STUDY = LedgerDescription(
    id="group_study",
    name="集体学习",
    chapter=STUDY,
    article="献县办法 第三十一条",
    register_name="集体学习记录簿",
    description=(
        "实行学习季报制度，由专人负责记录集体学习情况（第三十一条）；通过集中学习、交流研讨"
        "等方式加强学习，保证学习质量和效果（第三十条）。"
    ),
    fields=(
        Field("date", "学习日期", FieldType.DATE, required=True, width=11, default=TODAY),
        Field("recorder", "记录人", FieldType.USER, required=True, default=CURRENT_USER,
              help="由专人负责记录（第三十一条）"),
        Field("topic", "学习专题", FieldType.TEXT, required=True, max_length=200),
        Field("category", "学习内容", FieldType.CHOICE, required=True, choices=STUDY_TOPICS),
        Field("form", "学习方式", FieldType.CHOICE, required=True, choices=STUDY_FORMS,
              default="collective"),
        Field("materials", "学习材料", FieldType.LONGTEXT, required=True, max_length=2000),
        Field("minutes", "学习时长（分钟）", FieldType.INTEGER, required=True, minimum=1,
              maximum=1440, default=90, searchable=False),
        Field("host", "主持人", FieldType.TEXT, required=True, max_length=30),
        Field("speakers", "领学、发言人员", FieldType.TEXT, required=True, max_length=200),
        Field("attendees", "参加人员", FieldType.TEXT, required=True, max_length=300),
        Field("absentees", "缺席人员", FieldType.TABLE, subfields=(
            Field("name", "姓名", FieldType.TEXT, required=True, max_length=30),
            Field("reason", "缺席原因", FieldType.TEXT, required=True, max_length=100),
        ), help="缺席的，写明原因，并注明补学情况"),
        Field("notes", "学习情况及体会", FieldType.LONGTEXT, required=True, max_length=20000),
        Field("place", "地点", FieldType.TEXT, max_length=100, default="派驻组会议室"),
    ),
    list_columns=("date", "topic", "category", "minutes", "speakers", "absentees", "recorder"),
    ordering=(("date", True),),
    date_field="date",
    summary_field="topic",
    validators=(_hours_positive,),
)


QUARTER_MONTHS = {1: (1, 3), 2: (4, 6), 3: (7, 9), 4: (10, 12)}
_QUARTER_END = {1: "03-31", 2: "06-30", 3: "09-30", 4: "12-31"}
_NUMERALS = "一二三四"


def quarter_range(year: int, quarter: int) -> tuple[str, str]:
    """First and last day (ISO) of a quarter."""
    first, _last = QUARTER_MONTHS[quarter]
    return f"{year}-{first:02d}-01", f"{year}-{_QUARTER_END[quarter]}"


def quarter_label(year: int, quarter: int) -> str:
    """E.g. 2026年第一季度."""
    return f"{year}年第{_NUMERALS[quarter - 1]}季度"


def _hours(minutes: int) -> str:
    return f"{minutes / 60:.1f}".rstrip("0").rstrip(".")


#: Short names of the study contents, for the 季报's lines.
TOPIC_SHORT = {"theory": "政治理论", "rules": "党规党纪和法律法规", "business": "纪检监察业务",
               "host": "驻在部门业务", "general": "综合知识"}


def quarter_draft(studies: Sequence[EntryView], year: int, quarter: int) -> dict[str, Any]:
    """A 学习季报 drafted from the quarter's 集体学习 records (第三十一条).

    The person edits the text before sending (the last section, 下一步打算, is
    theirs to write); the figures (sessions, minutes) are counted from the records.
    """
    rows = sorted(studies, key=lambda e: e.values.get("date") or "")
    minutes = sum(int(e.values.get("minutes") or 0) for e in rows)
    lines = ["一、基本情况",
             f"{quarter_label(year, quarter)}，本组共开展集体学习{len(rows)}次，累计"
             f"{_hours(minutes)}小时。"]
    if rows:
        lines.append("二、学习内容")
        for i, e in enumerate(rows, start=1):
            v = e.values
            day = v.get("date") or ""
            month, dom = int(day[5:7]), int(day[8:10])
            category = TOPIC_SHORT.get(v.get("category") or "", "")
            lines.append(f"（{_cn(i)}）{month}月{dom}日，{category}专题：{v.get('topic') or ''}。"
                         f"{v.get('speakers') or ''}领学，时长{_hours(int(v.get('minutes') or 0))}"
                         "小时。")
        absent = [f"{r.get('name')}（{r.get('reason')}）" for e in rows
                  for r in e.values.get("absentees") or []]
        lines.append("三、参学情况")
        lines.append("缺席人员：" + "、".join(absent) + "。" if absent else
                     "全体人员均参加了集体学习。")
    lines.append(("四" if rows else "二") + "、下一步打算")
    return {
        "year": year,
        "quarter": quarter,
        "sessions": len(rows),
        "minutes": minutes,
        "content": "\n".join(lines),
        "recipient": "机关党支部",
    }


def _cn(n: int) -> str:
    numerals = "一二三四五六七八九十"
    return numerals[n - 1] if n <= 10 else str(n)


def quarter_studies(records: Records, year: int, quarter: int) -> Sequence[EntryView]:
    """The quarter's 集体学习 records (not voided)."""
    return records.find("group_study", ranges={"date": quarter_range(year, quarter)},
                        order=(("date", False),))


def quarterly_drafts(records: Records, year: int) -> list[dict[str, Any]]:
    """The four quarters' 学习季报 drafts of ``year`` (the catalog's report)."""
    return [quarter_draft(quarter_studies(records, year, q), year, q) for q in range(1, 5)]


def _study_report_computed(values: Mapping[str, Any]) -> dict[str, Any]:
    year, quarter = values.get("year"), values.get("quarter")
    if not year or quarter not in QUARTER_MONTHS:
        return {}
    start, end = quarter_range(year, quarter)
    return {"period_start": start, "period_end": end,
            "title": f"{quarter_label(year, quarter)}学习情况报告"}


def _one_report_per_quarter(records: Records, current: EntryView | None,
                            values: Mapping[str, Any]) -> str | None:
    same = records.find("study_report", where={"year": values.get("year"),
                                               "quarter": values.get("quarter")},
                        exclude_id=None if current is None else current.id)
    if same:
        return (f"{quarter_label(values['year'], values['quarter'])}的学习季报已经登记，"
                "请打开原条目修改。")
    return None


STUDY_REPORT = LedgerDescription(
    id="study_report",
    name="学习季报",
    chapter=STUDY,
    article="献县办法 第三十一条",
    register_name="学习季报登记簿",
    description=(
        "实行学习季报制度，每季度末将学习情况以书面方式报机关党支部（第三十一条）。"
        "季报由本季度的集体学习记录生成草稿，修改后送组长审核、报送。"
    ),
    fields=(
        Field("year", "年度", FieldType.INTEGER, required=True, minimum=2000, maximum=2100,
              searchable=False),
        Field("quarter", "季度", FieldType.INTEGER, required=True, minimum=1, maximum=4,
              searchable=False),
        Field("sessions", "集体学习次数", FieldType.INTEGER, required=True, minimum=0,
              maximum=500, searchable=False),
        Field("minutes", "集体学习时长（分钟）", FieldType.INTEGER, required=True, minimum=0,
              maximum=100000, searchable=False),
        Field("content", "季报正文", FieldType.LONGTEXT, required=True, max_length=20000,
              help="以“一、”“（一）”开头的行印为一级、二级标题"),
        Field("recipient", "报送单位", FieldType.TEXT, required=True, max_length=50,
              default="机关党支部"),
        Field("title", "标题", FieldType.TEXT, hidden=True),
        Field("period_start", "起始日期", FieldType.DATE, hidden=True, searchable=False),
        Field("period_end", "截止日期", FieldType.DATE, hidden=True, searchable=False),
        Field("reviewer", "审核人", FieldType.USER, hidden=True),
        stand_in_field(since=2),
        Field("reviewed_at", "审核时间", FieldType.DATETIME, hidden=True, searchable=False),
        Field("review_note", "审核意见", FieldType.TEXT, hidden=True),
        Field("sent_by", "报送人", FieldType.USER, hidden=True),
        Field("sent_at", "报送时间", FieldType.DATETIME, hidden=True, searchable=False),
    ),
    list_columns=("title", "sessions", "minutes", "recipient", "reviewer", "sent_at"),
    ordering=(("period_start", True),),
    date_field="period_start",
    summary_field="title",
    computed=_study_report_computed,
    computed_fields=("title", "period_start", "period_end"),
    write_rules=(_one_report_per_quarter,),
    # 代行审批 recorded since version 2 (献县办法 第六十五条 AB角).
    version=2,
    workflow=Workflow(
        initial="draft",
        states=(Choice("draft", "草稿"), Choice("submitted", "待组长审核"),
                Choice("reviewed", "已审核"), Choice("sent", "已报送")),
        editable=("draft",),
        finished=("sent",),
        steps=(
            Step("submit", "送组长审核", ("draft",), "submitted", Permission.WRITE_LEDGERS,
                 Action.STEP),
            Step("review", "审核", ("submitted",), "reviewed", Permission.APPROVE,
                 Action.APPROVE, record=taken_by("reviewer", "reviewed_at", "review_note")),
            Step("send_back", "退回修改", ("submitted",), "draft", Permission.APPROVE,
                 Action.REJECT, note_required=True, note_label="退回意见",
                 record={"review_note": NOTE}),
            Step("send", "报送机关党支部", ("reviewed",), "sent", Permission.WRITE_LEDGERS,
                 Action.STEP, record={"sent_by": ACTOR, "sent_at": NOW}),
        ),
    ),
    documents=(Document("学习季报", "entry", "打印学习季报…"),),
    duties=(Duty("study_report_quarterly", "每季度末报送学习季报", "献县办法 第三十一条",
                 Every("quarter"),
                 counts=Counts("study_report", statuses=("sent",), done_field="sent_at"),
                 roles=_ROLES,
                 note="第三十一条“每季度末”报送：以季度最后一日为期，报送时间晚于该日的记为逾期。"),),
)


#: The four 学习季报 drafts of a year, built from the 集体学习 records (第三十一条).
QUARTERLY_DRAFTS = Report("study_quarterly_drafts", "学习季报草稿", "献县办法 第三十一条",
                          reads=("group_study",), build=quarterly_drafts)

#: 第六章, in navigation order.
LEDGERS = (STUDY_PLAN, GROUP_STUDY, STUDY_REPORT)

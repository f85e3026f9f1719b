"""工作汇报, 约谈, contacts with the county's leaders and offices, and tasks handed
down — 献县办法 第二章 领导体制 第四–八条.

- 第四条: the county 纪委常委会 hears the group's work report every half year
  (a duty): when, which half, what was reported, what was heard and decided.
- 第五条: the 分管领导 talks with the group's head about emerging problems
  (约谈) and 审定 the reports the group submits: both are recorded — the
  审定 of a 工作汇报 as its step, by the group leader who registers it.
- 第六–七条: the 包联领导 hears reports and gives guidance; the 对口联系监督检查室
  works with the group through 信息资源共享、重要事项通报、政治生态研判、专项监督、
  办案配合协作 — one ledger of those contacts.
- 第八条: tasks handed down by the county's departments, with a deadline and
  the report back (a duty).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

from paizhu_desktop.core.actions import Action
from paizhu_desktop.core.classification import Classification
from paizhu_desktop.core.ledgers.description import Derivation, Document, LedgerDescription
from paizhu_desktop.core.ledgers.duties import After, Counts, Duty, Every
from paizhu_desktop.core.ledgers.fields import (
    CURRENT_USER,
    TODAY,
    Choice,
    Field,
    FieldType,
)
from paizhu_desktop.core.ledgers.rules import EntryView, Records
from paizhu_desktop.core.ledgers.workflow import (
    Step,
    Workflow,
    stand_in_field,
    taken_by,
)
from paizhu_desktop.core.permissions import Permission, Role
from paizhu_desktop.core.regulations.xianxian.chapters import LEADERSHIP as CHAPTER

HALVES = (Choice("1", "上半年"), Choice("2", "下半年"))


def _half_matches(values: Mapping[str, Any]) -> dict[str, str]:
    year, half = values.get("year"), values.get("half")
    heard = values.get("heard_on")
    if year and heard and int(heard[:4]) < year:
        return {"heard_on": "“听取汇报日期”不能早于所汇报的年度"}
    if year and half and heard and heard[:4] == str(year) and half == "2" and heard[5:7] < "07":
        return {"heard_on": "下半年的工作不能在 7 月前汇报"}
    return {}


def _title(values: Mapping[str, Any]) -> dict[str, Any]:
    year, half = values.get("year"), values.get("half")
    if not year or not half:
        return {}
    return {"title": f"{year}年{'上' if half == '1' else '下'}半年工作情况汇报"}


WORK_REPORT = LedgerDescription(
    id="work_report",
    name="工作汇报",
    chapter=CHAPTER,
    article="献县办法 第四–五条",
    register_name="向县纪委常委会工作汇报登记簿",
    description=(
        "县纪委常委会每半年听取一次派驻机构工作汇报，研究派驻机构工作（第四条）。呈报的工作报告由"
        "分管领导审定并提出指导意见（第五条）。"
    ),
    fields=(
        Field("year", "年度", FieldType.INTEGER, required=True, minimum=2000, maximum=2100,
              searchable=False, default=dt.date.today().year),
        Field("half", "半年", FieldType.CHOICE, required=True, choices=HALVES),
        Field("title", "标题", FieldType.TEXT, hidden=True),
        Field("heard_on", "听取汇报日期", FieldType.DATE, required=True, default=TODAY,
              help="县纪委常委会听取汇报的日期"),
        Field("meeting", "会议", FieldType.TEXT, required=True, max_length=100,
              default="县纪委常委会会议"),
        Field("reporter", "汇报人", FieldType.TEXT, required=True, max_length=60),
        Field("content", "汇报内容", FieldType.LONGTEXT, required=True, max_length=30000,
              help="工作开展情况、存在问题、下步打算；以“一、”“（一）”开头的行印为标题"),
        Field("heard", "常委会听取和研究情况", FieldType.LONGTEXT, max_length=5000,
              help="常委会的意见和作出的决定（第四条：研究派驻机构工作）"),
        Field("reviewer", "审定的分管领导", FieldType.TEXT, hidden=True, max_length=60,
              help="第五条：分管副书记（常委）、副主任（委员）审定呈报的工作报告"),
        Field("guidance", "指导意见", FieldType.LONGTEXT, hidden=True, max_length=5000),
        Field("recorded_by", "登记审定人", FieldType.USER, hidden=True),
        stand_in_field(since=2),
        Field("recorded_at", "登记审定时间", FieldType.DATETIME, hidden=True,
              searchable=False),
    ),
    list_columns=("title", "heard_on", "meeting", "reporter", "heard", "reviewer"),
    ordering=(("heard_on", True),),
    date_field="heard_on",
    summary_field="title",
    validators=(_half_matches,),
    computed=_title,
    computed_fields=("title",),
    # 代行审批 recorded since version 2 (献县办法 第六十五条 AB角).
    version=2,
    workflow=Workflow(
        initial="draft",
        states=(Choice("draft", "拟稿"), Choice("reviewed", "已审定")),
        editable=("draft",),
        finished=("reviewed",),
        steps=(
            # 审定 is the county leader's (第五条); the group leader records it, with the
            # leader who reviewed the report and the guidance given.
            Step("review", "登记分管领导审定", ("draft",), "reviewed", Permission.APPROVE,
                 Action.APPROVE, asks=("reviewer", "guidance"),
                 record=taken_by("recorded_by", "recorded_at"),
                 article="献县办法 第五条"),
        ),
    ),
    derivations=(Derivation("to_chronicle", "记入大事记", "chronicle",
                            lambda e: work_report_to_chronicle(e)),),
    documents=(Document("工作汇报", "entry", "打印工作汇报…", article="献县办法 第四条"),),
    duties=(
        Duty("half_year_work_report", "每半年向县纪委常委会汇报工作", "献县办法 第四条",
             Every("half"), Counts("work_report"),
             roles=frozenset({Role.LEADER})),
    ),
)


def work_report_to_chronicle(entry: EntryView) -> dict[str, Any]:
    """Enter once: the hearing in the chronicle (第四十八条（三）: 组长参加的重要活动),
    key points only (第四十九条)."""
    v = entry.values
    text = f"{v.get('reporter') or ''}在{v.get('meeting') or '县纪委常委会会议'}上汇报" \
           f"{v.get('title') or '工作情况'}。"
    if v.get("heard"):
        text += " ".join(str(v["heard"]).split())[:300]
    return {"date_start": v.get("heard_on"), "importance": 1, "category": "3",
            "content": text, "source_ledger": "work_report", "source_id": entry.id}


INTERVIEW = LedgerDescription(
    id="leader_interview",
    name="约谈记录",
    chapter=CHAPTER,
    article="献县办法 第五条",
    register_name="约谈记录簿",
    description=(
        "县纪委监委分管领导发现苗头性、倾向性问题，及时约谈派驻机构负责人（第五条）：记录约谈的时间、"
        "约谈人、被约谈人、指出的问题、提出的要求和整改落实情况。"
    ),
    fields=(
        Field("held_on", "约谈日期", FieldType.DATE, required=True, default=TODAY),
        Field("place", "地点", FieldType.TEXT, max_length=100),
        Field("interviewer", "约谈人", FieldType.TEXT, required=True, max_length=60,
              help="县纪委监委分管副书记（常委）、副主任（委员），写明姓名和职务"),
        Field("interviewee", "被约谈人", FieldType.TEXT, required=True, max_length=60),
        Field("problems", "指出的苗头性、倾向性问题", FieldType.LONGTEXT, required=True,
              max_length=5000),
        Field("requirements", "提出的要求", FieldType.LONGTEXT, required=True, max_length=5000),
        Field("measures", "整改落实情况", FieldType.LONGTEXT, max_length=5000),
        Field("recorder", "记录人", FieldType.USER, required=True, default=CURRENT_USER),
    ),
    list_columns=("held_on", "interviewer", "interviewee", "problems", "requirements",
                  "measures"),
    ordering=(("held_on", True),),
    date_field="held_on",
    summary_field="problems",
    # A talk about problems of the group's own work: 秘密 unless decided otherwise.
    default_classification=Classification.SECRET,
    minimum_classification=Classification.SECRET,
)


CONTACT_KINDS = (
    Choice("guidance", "包联领导业务指导"),
    Choice("hearing", "包联领导听取工作汇报"),
    Choice("supervise", "监督检查室督办、指导、检查"),
    Choice("sharing", "信息资源共享"),
    Choice("notification", "重要事项通报"),
    Choice("ecology", "政治生态研判"),
    Choice("special", "专项监督"),
    Choice("cases", "办案配合协作"),
)


COUNTY_CONTACT = LedgerDescription(
    id="county_contact",
    name="包联领导与对口室联系",
    chapter=CHAPTER,
    article="献县办法 第六–七条",
    register_name="包联领导与对口联系室工作联系登记簿",
    description=(
        "包联领导进行业务指导、工作管理，及时听取工作开展情况汇报（第六条）；对口联系监督检查室"
        "督办、指导、检查，与派驻机构建立信息资源共享、重要事项通报、政治生态研判、专项监督、"
        "办案配合协作等机制（第七条）。"
    ),
    fields=(
        Field("held_on", "日期", FieldType.DATE, required=True, default=TODAY),
        Field("kind", "事项", FieldType.CHOICE, required=True, choices=CONTACT_KINDS,
              help="第六条：包联领导业务指导、听取工作汇报；第七条：监督检查室督办、指导、检查，"
                   "信息资源共享、重要事项通报、政治生态研判、专项监督、办案配合协作"),
        Field("counterpart", "县纪委监委参加人员", FieldType.TEXT, required=True,
              max_length=100, help="包联领导或对口联系监督检查室人员，写明姓名和职务"),
        Field("participants", "派驻机构参加人员", FieldType.TEXT, required=True,
              max_length=100),
        Field("content", "主要内容", FieldType.LONGTEXT, required=True, max_length=5000),
        Field("requirements", "指导意见和要求", FieldType.LONGTEXT, max_length=5000,
              help="第六条：督促派驻机构按规定履行监督检查、审查调查等职责"),
        Field("follow_up", "落实情况", FieldType.LONGTEXT, max_length=5000,
              help="第七条：督促派驻机构落实纪检监察责任"),
    ),
    list_columns=("held_on", "kind", "counterpart", "content", "requirements", "follow_up"),
    ordering=(("held_on", True),),
    date_field="held_on",
    summary_field="content",
    # 政治生态研判 and 办案配合协作 touch clues and cases (LEDGER_DONE 6).
    classification_rule=lambda v: Classification.SECRET if v.get("kind") in (
        "ecology", "cases") else None,
    classification_inputs=("kind",),
)


def _task_deadline(values: Mapping[str, Any]) -> dict[str, str]:
    got, deadline = values.get("received_on"), values.get("deadline")
    if got and deadline and deadline < got:
        return {"deadline": "“完成时限”不能早于“接收日期”"}
    return {}


def overdue_tasks(records: Records, year: int) -> list[str]:
    """Tasks handed down in ``year`` not reported back by their deadline (第八条)."""
    today = records.now().date().isoformat()
    out = []
    for e in records.find("assigned_task", statuses=("open",),
                          ranges={"deadline": (f"{year}-01-01", f"{year}-12-31")},
                          order=(("deadline", False),)):
        if e.values["deadline"] < today:
            out.append(f"{e.values['department']}交办的“{e.values['task'][:30]}”已超过时限"
                       f" {e.values['deadline']}，尚未反馈报告（第八条）")
    return out


def _by_owner(entry: EntryView, username: str) -> str | None:
    if entry.values.get("owner") != username:
        return "只有承办人本人可以登记反馈报告；如需调整承办人，请修改该任务。"
    return None


ASSIGNED_TASK = LedgerDescription(
    id="assigned_task",
    name="交办任务",
    chapter=CHAPTER,
    article="献县办法 第八条",
    register_name="县纪委监委交办任务台账",
    description=(
        "对县纪委监委相关职能部门安排部署的工作任务，深入学习研究，制定有效措施，全力监督推动，"
        "及时反馈报告，不折不扣抓好落实（第八条）。"
    ),
    fields=(
        Field("received_on", "接收日期", FieldType.DATE, required=True, default=TODAY),
        Field("department", "交办部门", FieldType.TEXT, required=True, max_length=60,
              help="县纪委监委相关职能部门，如党风政风监督室"),
        Field("document", "交办文件或方式", FieldType.TEXT, max_length=100),
        Field("task", "工作任务", FieldType.LONGTEXT, required=True, max_length=5000),
        Field("measures", "落实措施", FieldType.LONGTEXT, max_length=5000,
              help="深入学习研究，制定有效措施（第八条）"),
        Field("owner", "承办人", FieldType.USER, required=True, default=CURRENT_USER),
        Field("deadline", "完成时限", FieldType.DATE, required=True),
        Field("progress", "推动落实情况", FieldType.LONGTEXT, max_length=5000),
        Field("reported_on", "反馈报告日期", FieldType.DATE, hidden=True, searchable=False),
        Field("feedback", "反馈报告内容", FieldType.LONGTEXT, hidden=True, max_length=5000),
    ),
    list_columns=("received_on", "department", "task", "owner", "deadline", "reported_on"),
    ordering=(("deadline", False),),
    date_field="received_on",
    summary_field="task",
    validators=(_task_deadline,),
    workflow=Workflow(
        initial="open",
        states=(Choice("open", "落实中"), Choice("reported", "已反馈")),
        editable=("open",),
        finished=("reported",),
        steps=(Step("report_back", "登记反馈报告", ("open",), "reported",
                    Permission.WRITE_LEDGERS, Action.STEP, asks=("reported_on", "feedback"),
                    guard=_by_owner,
                 article="献县办法 第八条"),),
    ),
    checks=(overdue_tasks,),
    duties=(
        Duty("assigned_task_reported", "交办任务按时限反馈报告", "献县办法 第八条",
             After("assigned_task", start_field="received_on", due_field="deadline",
                   done_field="reported_on", owner_field="owner")),
    ),
)


#: 第二章, in navigation order.
LEDGERS = (WORK_REPORT, INTERVIEW, COUNTY_CONTACT, ASSIGNED_TASK)

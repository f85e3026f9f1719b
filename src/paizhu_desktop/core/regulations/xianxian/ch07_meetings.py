"""组务会 group meetings, 会议纪要 and 议定事项 — 献县办法 第七章 第三十二–三十四条.

A meeting is recorded once (专人记录、专簿管理, 第三十四条); from it a person
can, with one action each, put its important matters into the chronicle
(第四十八条(四), 第四十九条: only the key points where minutes exist), draw up
the 会议纪要 of an important meeting, and open the 议定事项 that are then
tracked until done — overdue ones are reported.
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
from paizhu_desktop.core.ledgers.workflow import ACTOR, NOW, STAND_IN, Step, Workflow
from paizhu_desktop.core.permissions import Permission, Role
from paizhu_desktop.core.regulations.xianxian.ch16_internal import meeting_to_post_assignment
from paizhu_desktop.core.regulations.xianxian.chapters import MEETINGS

#: 第三十三条 (一)–(五): what a 组务会 decides.
AGENDA_CATEGORIES = numbered_choices([
    "传达学习重要讲话、会议和文件精神，研究贯彻落实措施",
    "谋划推动落实县纪委监委安排的重要工作",
    "研究督促驻在部门履行主体责任、制定履行监督责任的措施",
    "研究组内重要工作安排、人员职责分工、自身建设",
    "其他需要组务会研究的事项",
])

#: The chronicle's category for matters a 组务会 studied (第四十八条(四)).
_CHRONICLE_MEETING_CATEGORY = "4"


def _short(text: str, limit: int) -> str:
    text = " ".join((text or "").split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def meeting_to_chronicle(entry: EntryView) -> dict[str, Any]:
    """The chronicle entry for a meeting: key points only (第四十九条), linked back."""
    v = entry.values
    topics = "；".join(row.get("topic") or "" for row in v.get("agenda") or [])
    content = f"{v.get('host') or ''}主持召开组务会，研究{topics}。"
    if v.get("decisions"):
        content += f"会议议定：{_short(v['decisions'], 300)}"
    return {
        "date_start": v.get("date"),
        "importance": 1,
        "category": _CHRONICLE_MEETING_CATEGORY,
        "place": v.get("place") or "",
        "people": _short(v.get("attendees") or "", 200),
        "content": content,
        "source_ledger": "group_meeting",
        "source_id": entry.id,
    }


def meeting_to_summary(entry: EntryView) -> dict[str, Any]:
    """A 会议纪要 drafted from the meeting record (第三十四条: 重要会议形成纪要)."""
    v = entry.values
    absent = "、".join(f"{r.get('name')}（{r.get('reason')}）" for r in v.get("absentees") or [])
    parts = []
    numerals = "一二三四五六七八九十"
    for i, row in enumerate(v.get("agenda") or []):
        head = f"{numerals[i] if i < 10 else i + 1}、{row.get('topic') or ''}"
        parts.append(head)
    body = "\n".join(parts)
    if v.get("discussion"):
        body += "\n" + v["discussion"]
    if v.get("decisions"):
        body += "\n会议议定：\n" + v["decisions"]
    return {
        "title": "组务会会议纪要",
        "meeting_date": v.get("date"),
        "place": v.get("place") or "",
        "host": v.get("host") or "",
        "attendees": v.get("attendees") or "",
        "absentees": absent,
        "content": body,
        "source_ledger": "group_meeting",
        "source_id": entry.id,
    }


def meeting_to_action_item(entry: EntryView) -> dict[str, Any]:
    """A new 议定事项 of the meeting (第三十四条: 按照职责分工具体承办落实)."""
    v = entry.values
    return {
        "decided_on": v.get("date"),
        "matter": "",
        "source_ledger": "group_meeting",
        "source_id": entry.id,
    }


GROUP_MEETING = LedgerDescription(
    id="group_meeting",
    name="组务会",
    chapter=MEETINGS,
    article="献县办法 第三十二–三十四条",
    register_name="组务会记录簿",
    description=(
        "组内会议原则上每周召开一次，坚持民主集中制，充分讨论、集体研究作出决定（第三十二条）；"
        "议事范围见第三十三条（一）至（五）；会议内容由专人记录、专簿管理，重要会议形成《会议纪要》，"
        "议定事项按照职责分工具体承办落实（第三十四条）。"
    ),
    fields=(
        Field("date", "会议日期", FieldType.DATE, required=True, default=TODAY),
        Field("time", "起止时间", FieldType.TEXT, max_length=30, searchable=False,
              help="如 9:00—10:30"),
        Field("place", "地点", FieldType.TEXT, required=True, max_length=100,
              default="派驻组会议室"),
        Field("host", "主持人", FieldType.TEXT, required=True, max_length=30),
        Field("recorder", "记录人", FieldType.TEXT, required=True, max_length=30,
              help="会议内容由专人记录（第三十四条）"),
        Field("attendees", "出席人员", FieldType.TEXT, required=True, max_length=300),
        Field("absentees", "缺席人员", FieldType.TABLE, subfields=(
            Field("name", "姓名", FieldType.TEXT, required=True, max_length=30),
            Field("reason", "缺席原因", FieldType.TEXT, required=True, max_length=100),
        ), help="缺席的，写明原因"),
        Field("observers", "列席人员", FieldType.TEXT, max_length=300),
        Field("agenda", "议题", FieldType.TABLE, required=True, subfields=(
            Field("topic", "议题", FieldType.TEXT, required=True, max_length=200),
            Field("category", "议事范围", FieldType.CHOICE, required=True,
                  choices=AGENDA_CATEGORIES),
        ), help="每个议题注明属于第三十三条哪一项"),
        Field("discussion", "讨论情况", FieldType.LONGTEXT, required=True, max_length=20000),
        Field("decisions", "议定事项", FieldType.LONGTEXT, max_length=5000,
              help="会议作出的决定；需要承办落实的，另行登记为“议定事项”并跟踪办结"),
        Field("important", "重要会议（形成会议纪要）", FieldType.BOOL, default=False,
              searchable=False),
    ),
    list_columns=("date", "place", "host", "agenda", "decisions", "recorder", "important"),
    ordering=(("date", True),),
    date_field="date",
    summary_field="agenda",
    default_classification=Classification.INTERNAL,
    derivations=(
        Derivation("to_chronicle", "记入大事记", "chronicle", meeting_to_chronicle),
        Derivation("to_summary", "形成会议纪要", "meeting_summary", meeting_to_summary),
        Derivation("to_action_item", "登记议定事项", "action_item", meeting_to_action_item),
        # 第三十三条（四）研究决定人员职责分工 → 第六十五条 AB角.
        Derivation("to_post_assignment", "登记职责分工", "post_assignment",
                   meeting_to_post_assignment),
    ),
    documents=(Document("会议纪要", "entry", "打印会议纪要…", via="source_id"),),
    duties=(
        Duty("weekly_group_meeting", "召开组务会", "献县办法 第三十二条", Every("week"),
             Counts("group_meeting"), roles=frozenset({Role.LEADER, Role.RECORDER}),
             note="原则上每周召开一次；整周放假的周不计。"),
    ),
)


MEETING_SUMMARY = LedgerDescription(
    id="meeting_summary",
    name="会议纪要",
    chapter=MEETINGS,
    article="献县办法 第三十四条",
    register_name="会议纪要登记簿",
    description="重要会议形成《会议纪要》（第三十四条），经组长签发后印发。",
    fields=(
        Field("issue_no", "期号", FieldType.INTEGER, minimum=1, maximum=999, searchable=False,
              help="本年第几期"),
        Field("title", "标题", FieldType.TEXT, required=True, max_length=60,
              default="组务会会议纪要"),
        Field("meeting_date", "会议日期", FieldType.DATE, required=True, default=TODAY),
        Field("place", "地点", FieldType.TEXT, max_length=100),
        Field("host", "主持人", FieldType.TEXT, max_length=30),
        Field("attendees", "出席人员", FieldType.TEXT, max_length=300),
        Field("absentees", "请假人员", FieldType.TEXT, max_length=300),
        Field("content", "纪要正文", FieldType.LONGTEXT, required=True, max_length=30000,
              help="以“一、”“（一）”开头的行印为一级、二级标题"),
        Field("distribution", "发送范围", FieldType.TEXT, max_length=200),
        Field("signer", "签发人", FieldType.USER, hidden=True),
        Field("stand_in", "代行审批", FieldType.TEXT, hidden=True, since=2),
        Field("signed_at", "签发时间", FieldType.DATETIME, hidden=True, searchable=False),
        Field("source_ledger", "来源台账", FieldType.TEXT, hidden=True, searchable=False),
        Field("source_id", "来源条目", FieldType.TEXT, hidden=True, searchable=False),
    ),
    list_columns=("meeting_date", "issue_no", "title", "content", "host"),
    ordering=(("meeting_date", True),),
    date_field="meeting_date",
    summary_field="title",
    # 代行审批 recorded since version 2 (献县办法 第六十五条 AB角).
    version=2,
    workflow=Workflow(
        initial="draft",
        states=(Choice("draft", "草稿"), Choice("issued", "已签发")),
        editable=("draft",),
        finished=("issued",),
        steps=(Step("issue", "签发", ("draft",), "issued", Permission.APPROVE, Action.APPROVE,
                    record={"signer": ACTOR, "signed_at": NOW, "stand_in": STAND_IN}),),
    ),
    links=(Link("source_id", "来源组务会", ledger_field="source_ledger"),),
    documents=(Document("会议纪要", "entry", "打印会议纪要…", article="献县办法 第三十四条"),),
)


def _owner_only(entry: EntryView, username: str) -> str | None:
    if entry.values.get("owner") != username:
        return "只有承办人本人可以登记办结；如需调整承办人，请修改该议定事项。"
    return None


def _deadline_after_decision(values: Mapping[str, Any]) -> dict[str, str]:
    decided, deadline = values.get("decided_on"), values.get("deadline")
    if decided and deadline and deadline < decided:
        return {"deadline": "“完成时限”不能早于“议定日期”"}
    return {}


def overdue_items(records: Records, year: int) -> list[str]:
    """Open 议定事项 of ``year`` past their deadline (第三十四条: 确保任务及时完成)."""
    today = records.now().date()
    yesterday = (today - dt.timedelta(days=1)).isoformat()
    rows = records.find("action_item", statuses=("open",),
                        ranges={"deadline": (f"{year}-01-01", min(f"{year}-12-31", yesterday))},
                        order=(("deadline", False),))
    out = []
    for e in rows:
        matter, owner, deadline = e.values["matter"], e.values["owner"], e.values["deadline"]
        day = today.isoformat()
        late = (dt.date.fromisoformat(day) - dt.date.fromisoformat(deadline)).days
        out.append(f"议定事项“{_short(matter, 30)}”已超期 {late} 天（承办人 {owner}，"
                   f"时限 {deadline}）")
    return out


ACTION_ITEM = LedgerDescription(
    id="action_item",
    name="议定事项",
    chapter=MEETINGS,
    article="献县办法 第三十四条",
    register_name="议定事项跟踪台账",
    description="会议议定事项按照职责分工具体承办落实，注重全过程管理，确保任务及时完成（第三十四条）。",
    fields=(
        Field("decided_on", "议定日期", FieldType.DATE, required=True, default=TODAY),
        Field("matter", "议定事项", FieldType.LONGTEXT, required=True, max_length=2000),
        Field("owner", "承办人", FieldType.USER, required=True, default=CURRENT_USER),
        Field("helpers", "配合人员", FieldType.TEXT, max_length=100),
        Field("deadline", "完成时限", FieldType.DATE, required=True),
        Field("progress", "进展情况", FieldType.LONGTEXT, max_length=5000),
        Field("completed_on", "办结日期", FieldType.DATE, hidden=True, searchable=False),
        Field("evidence", "办结情况及佐证", FieldType.LONGTEXT, hidden=True, max_length=5000),
        Field("closed_by", "办结登记人", FieldType.USER, hidden=True),
        Field("source_ledger", "来源台账", FieldType.TEXT, hidden=True, searchable=False),
        Field("source_id", "来源条目", FieldType.TEXT, hidden=True, searchable=False),
    ),
    list_columns=("decided_on", "matter", "owner", "deadline", "progress", "completed_on"),
    ordering=(("deadline", False),),
    date_field="decided_on",
    summary_field="matter",
    validators=(_deadline_after_decision,),
    workflow=Workflow(
        initial="open",
        states=(Choice("open", "承办中"), Choice("done", "已办结")),
        editable=("open",),
        finished=("done",),
        steps=(
            Step("complete", "登记办结", ("open",), "done", Permission.WRITE_LEDGERS,
                 Action.STEP, asks=("completed_on", "evidence"),
                 record={"closed_by": ACTOR}, guard=_owner_only),
            Step("reopen", "退回重办", ("done",), "open", Permission.APPROVE, Action.REJECT,
                 note_required=True, note_label="退回理由", clears=("completed_on",),
                 task=False),
        ),
    ),
    checks=(overdue_items,),
    links=(Link("source_id", "来源组务会", ledger_field="source_ledger"),),
    duties=(
        Duty("action_item_deadline", "议定事项按时限办结", "献县办法 第三十四条",
             After("action_item", "decided_on", due_field="deadline", done_field="completed_on",
                   owner_field="owner"),
             roles=frozenset({Role.LEADER})),
    ),
)


#: 第七章, in navigation order.
LEDGERS = (GROUP_MEETING, MEETING_SUMMARY, ACTION_ITEM)

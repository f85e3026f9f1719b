"""谈心谈话 — 献县办法 第十一章 第四十四–四十七条.

- 谈心谈话 (第四十五条, 第四十六条): the 组长's regular talks with each member of
  the group, and the talks one of the five situations of 第四十六条 calls for;
  the talker keeps a record (第四十七条: 谈话人应做好谈话记录), which the person
  talked to reads and signs.
- 提醒谈话 (第四十七条; 濮阳·谈话 第十六–十八条): for 苗头性、倾向性问题 — a
  谈话方案 and 谈话提纲 approved before the talk, a detailed record after it,
  the person's 说明和表态, and the signature. The record prints as 谈话记录.

Talks are 秘密 by default (濮阳·谈话 第二十三条: 谈话内容要严格保密), with a
保密期限; every talk is filed in the person's 廉洁档案.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from paizhu_desktop.core.actions import Action
from paizhu_desktop.core.classification import Classification
from paizhu_desktop.core.ledgers.description import Document, LedgerDescription
from paizhu_desktop.core.ledgers.duties import Counts, Duty, Every
from paizhu_desktop.core.ledgers.fields import TODAY, Choice, Field, FieldType, numbered_choices
from paizhu_desktop.core.ledgers.workflow import (
    ACTOR,
    NOTE,
    Step,
    Workflow,
    stand_in_field,
    taken_by,
)
from paizhu_desktop.core.permissions import Permission
from paizhu_desktop.core.regulations.xianxian.chapters import TALKS

#: 第四十六条 (一)–(五): when a talk is due without delay.
TRIGGERS = numbered_choices([
    "群众对派驻机构干部工作、生活和作风等方面有负面反映的",
    "干部之间出现不团结苗头倾向的",
    "干部涉及调入调出、轮岗交流、退休辞职、奖励处分等事宜的",
    "干部遭遇重大变故、重大挫折，出现严重身心健康问题的",
    "其他需要谈心谈话的事项",
])

CARE_KINDS = (
    Choice("regular", "经常性谈心谈话（第四十五条）"),
    Choice("triggered", "及时谈心谈话（第四十六条）"),
)

TALK_FORMS = (Choice("individual", "个别谈话"), Choice("collective", "集体谈话"))

#: Who signs a record: the person talked to, after reading it (签字确认).
SIGNATURE_STEP_LABEL = "被谈话人签字确认"


def signature_steps(source: str, target: str) -> tuple[Step, ...]:
    """The person talked to reads the record and signs it; the clerk records that
    the signed paper is on file (the signature itself is on paper)."""
    return (Step("sign", SIGNATURE_STEP_LABEL, (source,), target, Permission.WRITE_LEDGERS,
                 Action.STEP, asks=("signed_on",), record={"sign_registered_by": ACTOR}),)


def signature_fields() -> tuple[Field, ...]:
    """Hidden fields the signature step writes."""
    return (
        Field("signed_on", "签字日期", FieldType.DATE, hidden=True, searchable=False),
        Field("sign_registered_by", "签字登记人", FieldType.USER, hidden=True),
    )


def _care_checks(values: Mapping[str, Any]) -> dict[str, str]:
    if values.get("kind") == "triggered" and not values.get("trigger"):
        return {"trigger": "及时谈心谈话须注明属于第四十六条哪一种情形"}
    return {}


CARE_TALK = LedgerDescription(
    id="care_talk",
    name="谈心谈话",
    chapter=TALKS,
    article="献县办法 第四十四–四十七条",
    register_name="谈心谈话记录簿",
    description=(
        "组长与组内干部经常性谈心谈话，了解干部思想、学习、工作、生活情况，听取意见建议，指出存在"
        "问题（第四十五条）；遇有第四十六条所列情形应及时谈心谈话；常规性谈心谈话一般采用个别谈话，"
        "谈话人应做好谈话记录（第四十七条）。"
    ),
    fields=(
        Field("date", "谈话日期", FieldType.DATE, required=True, width=11, default=TODAY),
        Field("kind", "谈话类别", FieldType.CHOICE, required=True, choices=CARE_KINDS,
              default="regular"),
        Field("trigger", "谈话情形", FieldType.CHOICE, choices=TRIGGERS,
              help="及时谈心谈话填写第四十六条（一）至（五）"),
        Field("talker", "谈话人", FieldType.TEXT, required=True, max_length=30),
        Field("person", "谈话对象", FieldType.TEXT, required=True, max_length=30),
        Field("post", "谈话对象职务", FieldType.TEXT, max_length=100),
        Field("form", "谈话方式", FieldType.CHOICE, required=True, choices=TALK_FORMS,
              default="individual"),
        Field("place", "地点", FieldType.TEXT, required=True, max_length=100),
        Field("recorder", "记录人", FieldType.TEXT, max_length=30),
        Field("situation", "思想、学习、工作、生活情况", FieldType.LONGTEXT, required=True,
              max_length=20000),
        Field("suggestions", "意见建议", FieldType.LONGTEXT, max_length=5000),
        Field("problems", "指出的问题", FieldType.LONGTEXT, max_length=5000),
        Field("follow_up", "后续关心帮助", FieldType.LONGTEXT, max_length=5000),
        *signature_fields(),
    ),
    list_columns=("date", "person", "kind", "trigger", "talker", "place", "signed_on"),
    ordering=(("date", True),),
    date_field="date",
    summary_field="person",
    default_classification=Classification.SECRET,
    minimum_classification=Classification.SECRET,
    validators=(_care_checks,),
    workflow=Workflow(
        initial="recorded",
        states=(Choice("recorded", "待签字"), Choice("signed", "已签字")),
        editable=("recorded",),
        finished=("signed",),
        steps=signature_steps("recorded", "signed"),
    ),
    documents=(Document("谈话记录", "entry", "打印谈话记录…"),),
    duties=(Duty("care_talk_half_year", "组长与组内干部经常性谈心谈话",
                 "献县办法 第四十五条", Every("half"), counts=Counts("care_talk"),
                 note="第四十五条要求“经常性”谈心谈话而未定周期；程序按每半年至少一次提示。"),),
)


#: 濮阳·谈话 第十六条: where the problems came to light.
PROBLEM_SOURCES = (
    Choice("daily", "日常管理监督"),
    Choice("life", "民主（组织）生活会"),
    Choice("assessment", "年度考核"),
    Choice("inspection", "巡视巡察"),
    Choice("petition", "信访举报"),
    Choice("audit", "审计"),
    Choice("other", "其他"),
)

REMINDER_SUBJECTS = (
    Choice("member", "组内干部（献县办法 第四十七条）"),
    Choice("leader", "驻在部门领导干部（濮阳·谈话 第十六条）"),
)


REMINDER_TALK = LedgerDescription(
    id="reminder_talk",
    name="提醒谈话",
    chapter=TALKS,
    article="献县办法 第四十七条；濮阳·谈话 第十六–十八条",
    register_name="提醒谈话登记簿",
    description=(
        "对发现存在苗头性、倾向性问题的干部，一般采用提醒谈话，制定谈话方案，列出谈话提纲，详细"
        "记录谈话情况（第四十七条）；被谈话人应当作出说明和表态，说明材料与谈话记录归入领导干部"
        "廉洁档案（濮阳·谈话 第十七条、第十八条）。"
    ),
    fields=(
        Field("subject", "谈话对象类别", FieldType.CHOICE, required=True,
              choices=REMINDER_SUBJECTS, default="member"),
        Field("person", "谈话对象", FieldType.TEXT, required=True, max_length=30),
        Field("post", "单位及职务", FieldType.TEXT, required=True, max_length=100),
        Field("source", "问题来源", FieldType.CHOICE, required=True, choices=PROBLEM_SOURCES,
              help="濮阳·谈话 第十六条"),
        Field("problem", "苗头性、倾向性问题", FieldType.LONGTEXT, required=True,
              max_length=5000),
        Field("planned_on", "拟谈话日期", FieldType.DATE, required=True, width=11, default=TODAY),
        Field("talker", "谈话人", FieldType.TEXT, required=True, max_length=30),
        Field("talker_post", "谈话人职务", FieldType.TEXT, max_length=50),
        Field("recorder", "记录人", FieldType.TEXT, required=True, max_length=30),
        Field("plan", "谈话方案", FieldType.LONGTEXT, required=True, max_length=10000,
              help="谈话目的、时间地点、参加人员、注意事项（第四十七条）"),
        Field("outline", "谈话提纲", FieldType.LONGTEXT, required=True, max_length=10000,
              help="列出要了解的情况和要提醒的问题（第四十七条）"),
        Field("plan_approver", "方案审定人", FieldType.USER, hidden=True),
        stand_in_field(since=2),
        Field("plan_approved_at", "方案审定时间", FieldType.DATETIME, hidden=True,
              searchable=False),
        Field("plan_note", "审定意见", FieldType.TEXT, hidden=True),
        Field("talked_at", "谈话时间", FieldType.DATETIME, hidden=True, searchable=False),
        Field("place", "谈话地点", FieldType.TEXT, hidden=True, max_length=100),
        Field("record", "谈话记录", FieldType.LONGTEXT, hidden=True, max_length=30000),
        Field("statement", "被谈话人说明和表态", FieldType.LONGTEXT, hidden=True,
              max_length=10000),
        *signature_fields(),
    ),
    list_columns=("planned_on", "person", "post", "source", "problem", "talker", "signed_on"),
    ordering=(("planned_on", True),),
    date_field="planned_on",
    summary_field="person",
    default_classification=Classification.SECRET,
    minimum_classification=Classification.SECRET,
    # 代行审批 recorded since version 2 (献县办法 第六十五条 AB角).
    version=2,
    workflow=Workflow(
        initial="planned",
        states=(Choice("planned", "方案拟定"), Choice("approved", "方案已审定"),
                Choice("talked", "已谈话待签字"), Choice("signed", "已签字")),
        editable=("planned",),
        finished=("signed",),
        steps=(
            Step("approve_plan", "审定谈话方案", ("planned",), "approved", Permission.APPROVE,
                 Action.APPROVE, record=taken_by("plan_approver", "plan_approved_at", "plan_note")),
            Step("record_talk", "登记谈话情况", ("approved",), "talked",
                 Permission.WRITE_LEDGERS, Action.STEP,
                 asks=("talked_at", "place", "record", "statement")),
            *signature_steps("talked", "signed"),
            Step("send_back", "退回修改方案", ("approved",), "planned", Permission.APPROVE,
                 Action.REJECT, note_required=True, note_label="退回理由",
                 record={"plan_note": NOTE}, task=False),
        ),
    ),
    documents=(Document("谈话记录", "entry", "打印谈话记录…"),
               Document("谈话方案", "entry", "打印谈话方案…")),
)


#: 第十一章, in navigation order.
LEDGERS = (CARE_TALK, REMINDER_TALK)

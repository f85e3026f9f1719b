"""谈话制度 — 濮阳·谈话 (濮阳五项制度之二), 第一–二十六条.

The five kinds of talk of 第六条, each with its own record:

- 任前廉政谈话 (第七–九条; also 献县办法 第二十二条: 对新任职党员领导干部及时开展
  廉政谈话): the 任前名单 the 组织(人事)部门 must supply within 15 days of the
  appointment decision (第八条), then the talk; the old unit fills the
  《干部调离情况廉政登记表》 within three months (第九条).
- 廉政恳谈 (第十–十二条): a 廉政恳谈会 before each major holiday (第十一条), and a
  talk with a written 廉洁承诺 when a leader reports a 重大事项 (第十二条).
- 督责约谈 (第十三–十五条): at least once every half year (第十四条).
- 提醒谈话 (第十六–十八条): kept with 献县办法 第四十七条 (``reminder_talk``).
- 诫勉谈话 (第十九–二十一条): a written decision first, the record signed by the
  person, the written explanation countersigned by the unit's leader.

Talk records are 秘密 by default (第二十三条); each is filed in the person's
廉洁档案 (第九条, 第十二条, 第十五条, 第十八条, 第二十一条).
"""

from __future__ import annotations

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
from paizhu_desktop.core.ledgers.duties import After, BeforeHolidays, Counts, Duty, Every
from paizhu_desktop.core.ledgers.fields import (
    TODAY,
    Choice,
    Field,
    FieldType,
    numbered_choices,
)
from paizhu_desktop.core.ledgers.rules import EntryView
from paizhu_desktop.core.ledgers.workflow import NOTE, NOW, Step, Workflow
from paizhu_desktop.core.permissions import Permission, Role
from paizhu_desktop.core.regulations.others.chapters import PUYANG_TALKS
from paizhu_desktop.core.regulations.xianxian.ch11_talks import (
    TALK_FORMS,
    signature_fields,
    signature_steps,
)

REGULATION = "濮阳·谈话"

#: 第六条: the five kinds of talk.
TALK_KINDS = (
    Choice("pre_appointment", "任前廉政谈话"),
    Choice("integrity", "廉政恳谈"),
    Choice("accountability", "督责约谈"),
    Choice("reminder", "提醒谈话"),
    Choice("admonition", "诫勉谈话"),
)


def _list_dates(values: Mapping[str, Any]) -> dict[str, str]:
    decided, received = values.get("decided_on"), values.get("received_on")
    if decided and received and received < decided:
        return {"received_on": "“名单收到日期”不能早于“任职决定日期”"}
    return {}


def list_to_talk(entry: EntryView) -> dict[str, Any]:
    """A 任前廉政谈话 for the people of a 任前名单 (第八条: 制定谈话方案)."""
    v = entry.values
    people = [{"name": r.get("name"), "post": r.get("new_post")} for r in v.get("people") or []]
    return {"list_id": entry.id, "appointed_on": v.get("decided_on"), "persons": people,
            "form": "collective" if len(people) > 1 else "individual"}


PRE_APPOINTMENT_LIST = LedgerDescription(
    id="pre_appointment_list",
    name="任前廉政谈话名单",
    chapter=PUYANG_TALKS,
    article="濮阳·谈话 第八条",
    register_name="任前廉政谈话名单登记簿",
    description=(
        "在党委（党组）决定干部任职后15日内，组织（人事）部门应及时向同级党委（党组）、纪委"
        "（纪检组）提供被谈话人名单（第八条）。名单收到后制定谈话方案、开展任前廉政谈话。"
    ),
    fields=(
        Field("decided_on", "任职决定日期", FieldType.DATE, required=True, width=11),
        Field("decision", "任职决定（会议、文号）", FieldType.TEXT, required=True, max_length=100),
        Field("provider", "提供名单的组织（人事）部门", FieldType.TEXT, required=True,
              max_length=100),
        Field("received_on", "名单收到日期", FieldType.DATE,
              help="15日内收到（第八条）；未收到的不填，到期提示催要"),
        Field("people", "被谈话人名单", FieldType.TABLE, required=True, subfields=(
            Field("name", "姓名", FieldType.TEXT, required=True, max_length=30),
            Field("old_post", "原任职务", FieldType.TEXT, max_length=100),
            Field("new_post", "新任职务", FieldType.TEXT, required=True, max_length=100),
        )),
        Field("notes", "备注", FieldType.TEXT, max_length=200),
    ),
    list_columns=("decided_on", "decision", "provider", "received_on", "people"),
    ordering=(("decided_on", True),),
    date_field="decided_on",
    # A line of text: the calendar names the list it waits for by it.
    summary_field="decision",
    validators=(_list_dates,),
    default_classification=Classification.INTERNAL,
    derivations=(Derivation("to_talk", "登记任前廉政谈话", "pre_appointment_talk",
                            list_to_talk),),
    duties=(Duty("pre_appointment_list_15_days", "任职决定后15日内收到任前廉政谈话名单",
                 "濮阳·谈话 第八条",
                 After("pre_appointment_list", "decided_on", days=15,
                       done_field="received_on"),
                 roles=frozenset({Role.LEADER, Role.DEPUTY})),),
)


PRE_APPOINTMENT_TALK = LedgerDescription(
    id="pre_appointment_talk",
    name="任前廉政谈话",
    chapter=PUYANG_TALKS,
    article="濮阳·谈话 第七–九条",
    register_name="任前廉政谈话记录簿",
    description=(
        "对新任职领导干部进行的谈话（第七条；献县办法 第二十二条）：学习党章、准则、条例等党纪"
        "党规，明确全面从严治党及党风廉政建设责任和廉洁自律要求，并对清交公文公物公款、规范迎送活动、"
        "及时转移组织和工资关系提出具体要求（第九条）。"
    ),
    fields=(
        Field("date", "谈话日期", FieldType.DATE, required=True, width=11, default=TODAY),
        Field("appointed_on", "任职决定日期", FieldType.DATE),
        Field("form", "谈话方式", FieldType.CHOICE, required=True, choices=TALK_FORMS,
              default="individual", help="个别谈话或集体谈话（第六条）"),
        Field("persons", "谈话对象", FieldType.TABLE, required=True, subfields=(
            Field("name", "姓名", FieldType.TEXT, required=True, max_length=30),
            Field("post", "新任职务", FieldType.TEXT, required=True, max_length=100),
        )),
        Field("talker", "谈话人", FieldType.TEXT, required=True, max_length=30),
        Field("talker_post", "谈话人职务", FieldType.TEXT, required=True, max_length=50,
              help="一般由党委（党组）书记、纪委书记（纪检组长）进行（第七条）"),
        Field("recorder", "记录人", FieldType.TEXT, required=True, max_length=30),
        Field("place", "地点", FieldType.TEXT, required=True, max_length=100),
        Field("plan", "谈话方案", FieldType.LONGTEXT, max_length=5000, help="第八条"),
        Field("content", "谈话主要内容", FieldType.LONGTEXT, required=True, max_length=20000,
              help="党纪党规学习，全面从严治党及党风廉政建设责任，廉洁自律要求（第九条）"),
        Field("requirements", "清交与调动要求", FieldType.LONGTEXT, required=True,
              max_length=5000,
              default="按照有关规定清交公文、公物、公款，规范干部调动中的迎送活动，按规定及时转移"
                      "党政组织、工资关系（第九条）。"),
        Field("response", "谈话对象表态", FieldType.LONGTEXT, max_length=5000),
        Field("list_id", "任前名单", FieldType.TEXT, hidden=True, searchable=False),
        *signature_fields(),
    ),
    list_columns=("date", "persons", "form", "talker", "place", "signed_on"),
    ordering=(("date", True),),
    date_field="date",
    summary_field="persons",
    default_classification=Classification.SECRET,
    minimum_classification=Classification.SECRET,
    workflow=Workflow(
        initial="recorded",
        states=(Choice("recorded", "待签字"), Choice("signed", "已签字")),
        editable=("recorded",),
        finished=("signed",),
        steps=signature_steps("recorded", "signed"),
    ),
    links=(Link("list_id", "任前名单", ledger="pre_appointment_list"),),
    documents=(Document("谈话记录", "entry", "打印谈话记录…"),),
)


def _transfer_dates(values: Mapping[str, Any]) -> dict[str, str]:
    left, filed = values.get("left_on"), values.get("filed_on")
    if left and filed and filed < left:
        return {"filed_on": "“报送日期”不能早于“调离日期”"}
    return {}


TRANSFER_REGISTER = LedgerDescription(
    id="transfer_register",
    name="干部调离情况廉政登记表",
    chapter=PUYANG_TALKS,
    article="濮阳·谈话 第九条",
    register_name="干部调离情况廉政登记表登记簿",
    description=(
        "清交公文、公物、公款，规范调动中的迎送活动，及时转移党政组织、工资关系等要求的落实情况，"
        "由原单位在三个月内如实填写《干部调离情况廉政登记表》，报送上级纪委和组织部门，归入领导"
        "干部廉洁档案（第九条）。"
    ),
    fields=(
        Field("person", "姓名", FieldType.TEXT, required=True, max_length=30),
        Field("old_post", "原单位及职务", FieldType.TEXT, required=True, max_length=100),
        Field("new_post", "新单位及职务", FieldType.TEXT, required=True, max_length=100),
        Field("left_on", "调离日期", FieldType.DATE, required=True, width=11),
        Field("documents", "清交公文情况", FieldType.TEXT, required=True, max_length=200),
        Field("property", "清交公物情况", FieldType.TEXT, required=True, max_length=200),
        Field("funds", "清交公款情况", FieldType.TEXT, required=True, max_length=200),
        Field("farewell", "迎送活动情况", FieldType.TEXT, required=True, max_length=200),
        Field("relations", "组织、工资关系转移情况", FieldType.TEXT, required=True,
              max_length=200),
        Field("filled_by", "填表单位", FieldType.TEXT, required=True, max_length=100,
              help="由原单位如实填写（第九条）"),
        Field("filed_on", "报送日期", FieldType.DATE,
              help="报送上级纪委和组织部门的日期；调离后三个月内（第九条）"),
    ),
    list_columns=("left_on", "person", "old_post", "new_post", "filled_by", "filed_on"),
    ordering=(("left_on", True),),
    date_field="left_on",
    summary_field="person",
    validators=(_transfer_dates,),
    documents=(Document("调离登记表", "entry", "打印干部调离情况廉政登记表…"),),
    default_classification=Classification.INTERNAL,
    duties=(Duty("transfer_register_3_months", "调离后三个月内报送干部调离情况廉政登记表",
                 "濮阳·谈话 第九条",
                 After("transfer_register", "left_on", months=3, done_field="filed_on"),
                 roles=frozenset({Role.LEADER, Role.DEPUTY})),),
)


HOLIDAY_CHOICES = tuple(Choice(h, h) for h in
                        ("元旦", "春节", "清明节", "劳动节", "端午节", "中秋节", "国庆节"))


INTEGRITY_TALK = LedgerDescription(
    id="integrity_talk",
    name="节前廉政恳谈",
    chapter=PUYANG_TALKS,
    article="濮阳·谈话 第十–十一条",
    register_name="节前廉政恳谈登记簿",
    description=(
        "在重大节日前召开廉政恳谈会，主要负责人对班子成员、部门和直接领导的党组织主要负责人进行"
        "集体谈话，就落实中央八项规定精神、加强作风建设、严格廉洁自律等进行谈话（第十条、第十一条）。"
    ),
    fields=(
        Field("holiday", "节日", FieldType.CHOICE, required=True, choices=HOLIDAY_CHOICES),
        Field("date", "恳谈日期", FieldType.DATE, required=True, width=11, default=TODAY),
        Field("place", "地点", FieldType.TEXT, required=True, max_length=100),
        Field("host", "主持人", FieldType.TEXT, required=True, max_length=30),
        Field("talker", "谈话人", FieldType.TEXT, required=True, max_length=60,
              help="党委（党组）、纪委（纪检组）主要负责人（第十一条）"),
        Field("participants", "参加人员", FieldType.TEXT, required=True, max_length=300),
        Field("content", "恳谈内容", FieldType.LONGTEXT, required=True, max_length=20000,
              help="落实中央八项规定精神、加强作风建设、严格廉洁自律（第十条）"),
        Field("requirements", "节日期间纪律要求", FieldType.LONGTEXT, max_length=5000),
    ),
    list_columns=("date", "holiday", "talker", "participants", "place"),
    ordering=(("date", True),),
    date_field="date",
    summary_field="holiday",
    default_classification=Classification.INTERNAL,
    duties=(Duty("integrity_talk_before_holidays", "重大节日前召开廉政恳谈会",
                 "濮阳·谈话 第十一条", BeforeHolidays(),
                 counts=Counts("integrity_talk")),),
)


def _pledge_checks(values: Mapping[str, Any]) -> dict[str, str]:
    if values.get("pledge_signed") is False:
        return {"pledge_signed": "廉洁承诺须由领导干部本人书面作出（第十二条）"}
    return {}


INTEGRITY_PLEDGE = LedgerDescription(
    id="integrity_pledge",
    name="重大事项谈话与廉洁承诺",
    chapter=PUYANG_TALKS,
    article="濮阳·谈话 第十二条",
    register_name="重大事项谈话和廉洁承诺登记簿",
    description=(
        "领导干部按规定报告重大事项时，由接收报告的主要负责人或委托有关负责人对其进行谈话，明确纪律"
        "要求；领导干部本人作出书面廉洁承诺；重大事项报告情况和廉洁承诺归入领导干部廉洁档案"
        "（第十二条）。"
    ),
    fields=(
        Field("date", "谈话日期", FieldType.DATE, required=True, width=11, default=TODAY),
        Field("person", "领导干部", FieldType.TEXT, required=True, max_length=30),
        Field("post", "单位及职务", FieldType.TEXT, required=True, max_length=100),
        Field("matter", "报告的重大事项", FieldType.LONGTEXT, required=True, max_length=5000),
        Field("talker", "谈话人", FieldType.TEXT, required=True, max_length=30),
        Field("requirements", "明确的纪律要求", FieldType.LONGTEXT, required=True,
              max_length=5000),
        Field("pledge", "廉洁承诺内容", FieldType.LONGTEXT, required=True, max_length=5000),
        Field("pledge_signed", "本人已书面签署承诺", FieldType.BOOL, default=True,
              searchable=False),
        Field("report_id", "重大事项报告", FieldType.TEXT, hidden=True, searchable=False),
    ),
    list_columns=("date", "person", "post", "matter", "talker", "pledge_signed"),
    ordering=(("date", True),),
    date_field="date",
    summary_field="person",
    validators=(_pledge_checks,),
    documents=(Document("廉洁承诺书", "entry", "打印廉洁承诺书…"),),
    default_classification=Classification.SECRET,
    minimum_classification=Classification.SECRET,
    links=(Link("report_id", "重大事项报告", ledger="personal_report"),),
)


#: 第十三条, 第十五条: why the talk is held.
ACCOUNTABILITY_REASONS = (
    Choice("regular", "定期约谈（第十四条）"),
    Choice("occasional", "不定期约谈（第十三条）"),
    Choice("shortfall", "全程记实考核、督查发现履责不到位（第十五条）"),
)


ACCOUNTABILITY_TALK = LedgerDescription(
    id="accountability_talk",
    name="督责约谈",
    chapter=PUYANG_TALKS,
    article="濮阳·谈话 第十三–十五条",
    register_name="督责约谈记录簿",
    description=(
        "为督促落实全面从严治党责任，定期或不定期对主要负责人履行全面从严治党责任、廉洁自律等情况"
        "进行谈话（第十三条）；约谈每半年至少进行一次（第十四条）；履责不到位的及时约谈，谈话材料"
        "归入领导干部廉洁档案（第十五条）。"
    ),
    fields=(
        Field("date", "约谈日期", FieldType.DATE, required=True, width=11, default=TODAY),
        Field("reason", "约谈类别", FieldType.CHOICE, required=True,
              choices=ACCOUNTABILITY_REASONS, default="regular"),
        Field("talker", "约谈人", FieldType.TEXT, required=True, max_length=30),
        Field("talker_post", "约谈人职务", FieldType.TEXT, required=True, max_length=50),
        Field("person", "约谈对象", FieldType.TEXT, required=True, max_length=30),
        Field("post", "约谈对象单位及职务", FieldType.TEXT, required=True, max_length=100),
        Field("recorder", "记录人", FieldType.TEXT, required=True, max_length=30),
        Field("place", "地点", FieldType.TEXT, required=True, max_length=100),
        Field("content", "约谈内容", FieldType.LONGTEXT, required=True, max_length=20000,
              help="履行全面从严治党责任、廉洁自律等情况（第十三条）"),
        Field("problems", "指出的问题", FieldType.LONGTEXT, max_length=5000),
        Field("requirements", "提出的要求", FieldType.LONGTEXT, required=True, max_length=5000),
        Field("response", "约谈对象表态", FieldType.LONGTEXT, max_length=5000),
        *signature_fields(),
    ),
    list_columns=("date", "person", "post", "reason", "talker", "signed_on"),
    ordering=(("date", True),),
    date_field="date",
    summary_field="person",
    default_classification=Classification.SECRET,
    minimum_classification=Classification.SECRET,
    workflow=Workflow(
        initial="recorded",
        states=(Choice("recorded", "待签字"), Choice("signed", "已签字")),
        editable=("recorded",),
        finished=("signed",),
        steps=signature_steps("recorded", "signed"),
    ),
    documents=(Document("谈话记录", "entry", "打印谈话记录…"),),
    duties=(Duty("accountability_talk_half_year", "督责约谈每半年至少进行一次",
                 "濮阳·谈话 第十四条", Every("half"), counts=Counts("accountability_talk")),),
)


#: 第十九条 (一)–(五): the grounds for 诫勉谈话.
ADMONITION_GROUNDS = numbered_choices([
    "失职失责，情节较轻的",
    "不构成违纪但造成不良影响的",
    "存在轻微违纪问题，不需要给予党纪政纪处分的",
    "构成违纪但根据有关规定免予党纪政纪处分的",
    "其他需要进行诫勉谈话的情形",
])


def _explanation_after_talk(values: Mapping[str, Any]) -> dict[str, str]:
    decided, due = values.get("decided_on"), values.get("explanation_due")
    if decided and due and due < decided:
        return {"explanation_due": "“书面说明提交时限”不能早于“决定日期”"}
    return {}


ADMONITION_TALK = LedgerDescription(
    id="admonition_talk",
    name="诫勉谈话",
    chapter=PUYANG_TALKS,
    article="濮阳·谈话 第十九–二十一条",
    register_name="诫勉谈话登记簿",
    description=(
        "由有职责权限的党组织作出书面决定，确定谈话人实施诫勉谈话（第十九条）；谈话记录载明谈话对象"
        "基本情况，谈话人、记录人的姓名、职务，日期、地点，事由、具体内容等，并由本人签字（第二十条）；"
        "说明或检查经所在单位党组织主要负责人签字后报送，与诫勉谈话决定归入领导干部档案和廉洁档案"
        "（第二十一条）。"
    ),
    fields=(
        Field("person", "谈话对象", FieldType.TEXT, required=True, max_length=30),
        Field("post", "单位及职务", FieldType.TEXT, required=True, max_length=100),
        Field("profile", "谈话对象基本情况", FieldType.LONGTEXT, required=True,
              max_length=2000, help="性别、出生年月、政治面貌、任职时间等（第二十条）"),
        Field("ground", "诫勉情形", FieldType.CHOICE, required=True, choices=ADMONITION_GROUNDS,
              help="第十九条（一）至（五）"),
        Field("reason", "诫勉事由", FieldType.LONGTEXT, required=True, max_length=5000),
        Field("decided_by", "作出决定的党组织", FieldType.TEXT, required=True, max_length=100),
        Field("decision_no", "书面决定文号", FieldType.TEXT, required=True, max_length=50),
        Field("decided_on", "决定日期", FieldType.DATE, required=True, width=11, default=TODAY),
        Field("talker", "谈话人", FieldType.TEXT, required=True, max_length=30),
        Field("talker_post", "谈话人职务", FieldType.TEXT, required=True, max_length=50),
        Field("recorder", "记录人", FieldType.TEXT, required=True, max_length=30),
        Field("recorder_post", "记录人职务", FieldType.TEXT, required=True, max_length=50),
        Field("explanation_due", "书面说明或检查提交时限", FieldType.DATE, required=True, width=11,
              help="谈话时明确（第二十条）"),
        Field("talked_at", "谈话时间", FieldType.DATETIME, hidden=True, searchable=False),
        Field("place", "谈话地点", FieldType.TEXT, hidden=True, max_length=100),
        Field("record", "谈话具体内容", FieldType.LONGTEXT, hidden=True, max_length=30000),
        Field("requirements", "提出的要求", FieldType.LONGTEXT, hidden=True, max_length=5000),
        *signature_fields(),
        Field("explanation_on", "说明或检查报送日期", FieldType.DATE, hidden=True,
              searchable=False),
        Field("countersigned_by", "所在单位党组织主要负责人", FieldType.TEXT, hidden=True,
              max_length=30),
        Field("filed_at", "归档时间", FieldType.DATETIME, hidden=True, searchable=False),
        Field("filed_note", "归档情况", FieldType.TEXT, hidden=True),
    ),
    list_columns=("decided_on", "person", "post", "ground", "talker", "signed_on",
                  "explanation_on"),
    ordering=(("decided_on", True),),
    date_field="decided_on",
    summary_field="person",
    default_classification=Classification.SECRET,
    minimum_classification=Classification.SECRET,
    validators=(_explanation_after_talk,),
    workflow=Workflow(
        initial="decided",
        states=(Choice("decided", "已作出书面决定"), Choice("talked", "已谈话待签字"),
                Choice("signed", "本人已签字"), Choice("explained", "已报送说明或检查"),
                Choice("filed", "已归档")),
        editable=("decided",),
        finished=("filed",),
        steps=(
            Step("record_talk", "登记谈话情况", ("decided",), "talked", Permission.WRITE_LEDGERS,
                 Action.STEP, asks=("talked_at", "place", "record", "requirements")),
            *signature_steps("talked", "signed"),
            Step("explain", "登记说明或检查", ("signed",), "explained",
                 Permission.WRITE_LEDGERS, Action.STEP,
                 asks=("explanation_on", "countersigned_by")),
            Step("file", "归入档案", ("explained",), "filed", Permission.APPROVE, Action.APPROVE,
                 record={"filed_at": NOW, "filed_note": NOTE}),
        ),
    ),
    documents=(Document("谈话记录", "entry", "打印谈话记录…"),),
    duties=(Duty("admonition_explanation", "诫勉谈话对象按时提交书面说明或检查",
                 "濮阳·谈话 第二十条",
                 After("admonition_talk", "decided_on", due_field="explanation_due",
                       done_field="explanation_on")),),
)


#: 濮阳·谈话, in navigation order (提醒谈话 is ``reminder_talk`` of 献县办法 第十一章).
LEDGERS = (PRE_APPOINTMENT_LIST, PRE_APPOINTMENT_TALK, TRANSFER_REGISTER, INTEGRITY_TALK,
           INTEGRITY_PLEDGE, ACCOUNTABILITY_TALK, ADMONITION_TALK)

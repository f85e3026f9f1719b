"""请示报告 requests and reports to the county commission — 献县办法 第九章 第三十九–四十条.

One entry is one matter (第四十条: 一事一请示、一事一报告), of one of the eleven
kinds of 第三十九条. A 请示 or 报告 is normally written; in an emergency it may
be made by telephone first (第四十条), and then the written one must follow by
the deadline the group sets when it records the call: a duty of the compliance
calendar, done when a written entry links back to the phoned one ("enter once":
one action drafts the written report from the call). A written one is drafted,
签发 by the group leader, sent, and — for a 请示 — the county's reply and how
it was carried out are recorded. Matter (九), the main leader leaving the
county or going on leave or study, records where and from when to when.
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
from paizhu_desktop.core.ledgers.duties import After, Duty
from paizhu_desktop.core.ledgers.fields import (
    CURRENT_USER,
    TODAY,
    Choice,
    Field,
    FieldType,
    numbered_choices,
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
from paizhu_desktop.core.regulations.xianxian.chapters import REQUESTS as CHAPTER

ARTICLE_39 = "献县办法 第三十九条"
ARTICLE_40 = "献县办法 第四十条"

#: 第三十九条 (一)–(十一): what is requested or reported, in the text's words.
MATTERS = numbered_choices([
    "贯彻落实党中央和省委、市委、县委以及上级纪委监委重要决策部署、会议精神、文件规定等情况",
    "年度工作安排、重大工作部署、重要试点探索或改革工作、工作总结及组长述职报告",
    "监督检查、调研中发现的重要情况、重大问题",
    "人员职责分工、驻在部门领导班子成员分工及调整等自身建设情况",
    "干部因公殉职或在抢险救灾、维护稳定、见义勇为等过程中英勇牺牲、受伤等情况",
    "干部或其直系亲属因工作原因受到打击报复、人身攻击等情况，发生非正常死亡或失踪情况",
    "干部未经组织批准私自出国（境）情况，以及因公、因私出国（境）逾期或滞留未归情况",
    "干部因个人不当行为造成社会负面影响，涉及派驻机构及干部的网络舆情等情况",
    "主要负责人离开献县县域出差，离岗休假、学习情况",
    "发现的驻在部门干部职工违规违纪违法犯罪问题",
    "其他需要请示报告的事项",
])
#: (九): the main leader away — where to and from when to when.
MATTER_ABSENCE = "9"
#: (三) important problems found and (十) offences of the host unit's staff concern
#: clues and cases: 秘密 by default (LEDGER_DONE 6).
_SECRET_MATTERS = ("3", "10")

KINDS = (Choice("request", "请示"), Choice("report", "报告"))
#: 第四十条: 一般采用书面形式，遇有紧急情况可先电话请示报告.
CHANNELS = (Choice("written", "书面"), Choice("phone", "紧急情况先电话请示报告"))

RECIPIENTS = ("县纪委监委", "县纪委监委分管领导", "县纪委监委包联领导",
              "县纪委监委对口联系监督检查室")


def _one_matter(values: Mapping[str, Any]) -> dict[str, str]:
    """第四十条 and 第三十九条(九): what a phoned or an absence entry must say."""
    errors: dict[str, str] = {}
    if values.get("channel") == "phone":
        if not values.get("phoned_at"):
            errors["phoned_at"] = "先电话请示报告的，请填写电话请示报告的时间（第四十条）"
        if not values.get("written_due"):
            errors["written_due"] = "先电话请示报告的，请确定补报书面材料的时限（第四十条）"
        elif values.get("phoned_at") and values["written_due"] < values["phoned_at"][:10]:
            errors["written_due"] = "“书面补报时限”不能早于电话请示报告的日期"
    if values.get("matter") == MATTER_ABSENCE:
        for name, label in (("away_from", "离开日期"), ("away_to", "返回日期"),
                            ("destination", "去向")):
            if not values.get(name):
                errors[name] = (f"主要负责人离开县域、休假或学习的，请填写“{label}”"
                                "（第三十九条（九））")
        if values.get("away_from") and values.get("away_to") and \
                values["away_to"] < values["away_from"]:
            errors["away_to"] = "“返回日期”不能早于“离开日期”"
    if values.get("follows_id") and values.get("channel") == "phone":
        errors["channel"] = "补报的书面材料应选择“书面”（第四十条）"
    return errors


def _call_only_when_phoned(values: Mapping[str, Any]) -> dict[str, Any]:
    """A written entry has no call: the time of a call is kept only when there was one
    (the form's time widget always holds a time)."""
    if values.get("channel") != "phone":
        return {"phoned_at": None}
    return {}


def _not_a_call(entry: EntryView, _username: str) -> str | None:
    if entry.values.get("channel") == "phone":
        return ("电话请示报告不签发：请用“登记已电话请示报告”，再用“补报书面材料”起草书面材料"
                "并签发（第四十条）。")
    return None


def _a_call(entry: EntryView, _username: str) -> str | None:
    if entry.values.get("channel") != "phone":
        return "这是书面请示报告，请送组长签发。"
    return None


def _secret_matters(values: Mapping[str, Any]) -> Classification | None:
    if values.get("matter") in _SECRET_MATTERS:
        return Classification.SECRET
    return None


def _follows_a_call(records: Records, current: EntryView | None,
                    values: Mapping[str, Any]) -> str | None:
    """A written follow-up names a real phoned entry, not voided, and only one follows it."""
    follows = values.get("follows_id")
    if not follows or (current is not None and current.values.get("follows_id") == follows):
        return None
    called = records.entry("request_report", follows)
    if called is None or called.voided or called.values.get("channel") != "phone":
        return "“补报的电话请示报告”应为本台账中一条未作废的电话请示报告。"
    exclude = None if current is None else current.id
    if records.find("request_report", where={"follows_id": follows}, exclude_id=exclude):
        return "该电话请示报告已有书面补报材料（一事一请示、一事一报告，第四十条）。"
    return None


def written_after_call(entry: EntryView) -> dict[str, Any]:
    """Enter once: the written 请示/报告 that follows a phoned one (第四十条)."""
    v = entry.values
    return {
        "kind": v.get("kind"), "matter": v.get("matter"), "channel": "written",
        "title": v.get("title"), "recipient": v.get("recipient"),
        "content": v.get("content"), "drafter": v.get("drafter"),
        "away_from": v.get("away_from"), "away_to": v.get("away_to"),
        "destination": v.get("destination"), "follows_id": entry.id,
    }


def _only_requests(entry: EntryView, _username: str) -> str | None:
    if entry.values.get("kind") != "request":
        return "这是报告，请使用“登记报送（报告）”；请示才等待县纪委监委批复（第四十条）。"
    return None


def _only_reports(entry: EntryView, _username: str) -> str | None:
    if entry.values.get("kind") != "report":
        return "这是请示，请使用“登记报送（请示）”，报送后登记县纪委监委的批复。"
    return None


def unanswered(records: Records, year: int) -> list[str]:
    """Phoned 请示报告 of ``year`` whose written follow-up is late (第四十条)."""
    today = records.now().date().isoformat()
    out = []
    for e in records.find("request_report", where={"channel": "phone"},
                          ranges={"written_due": (f"{year}-01-01", f"{year}-12-31")}):
        due = e.values["written_due"]
        if due < today and not records.find("request_report", where={"follows_id": e.id}):
            out.append(f"电话请示报告“{e.values['title']}”应于 {due} 前补报书面材料，"
                       "尚未补报（第四十条）")
    return out


REQUEST_REPORT = LedgerDescription(
    id="request_report",
    name="请示报告",
    chapter=CHAPTER,
    article="献县办法 第三十九–四十条",
    register_name="请示报告登记簿",
    description=(
        "派驻机构按照规定向县纪委监委请示、报告工作，事项见第三十九条（一）至（十一）。坚持一事一请示、"
        "一事一报告，一般采用书面形式，遇有紧急情况可先电话请示报告（第四十条），事后按确定的时限"
        "补报书面材料。"
    ),
    fields=(
        Field("kind", "类别", FieldType.CHOICE, required=True, choices=KINDS, default="report"),
        Field("matter", "请示报告事项", FieldType.CHOICE, required=True, choices=MATTERS,
              help="第三十九条（一）至（十一），一事一请示、一事一报告（第四十条）"),
        Field("title", "标题", FieldType.TEXT, required=True, max_length=100,
              help="如：关于……的请示（报告）"),
        Field("channel", "方式", FieldType.CHOICE, required=True, choices=CHANNELS,
              default="written", help="一般采用书面形式；紧急情况可先电话请示报告（第四十条）"),
        Field("phoned_at", "电话请示报告时间", FieldType.DATETIME, searchable=False),
        Field("phoned_to", "电话接听人", FieldType.TEXT, max_length=60,
              help="县纪委监委接听电话的领导或工作人员"),
        Field("written_due", "书面补报时限", FieldType.DATE, searchable=False,
              help="先电话请示报告的，补报书面材料的时限，由派驻机构确定"),
        Field("recipient", "主送", FieldType.TEXT, required=True, max_length=60,
              default=RECIPIENTS[0]),
        Field("content", "正文", FieldType.LONGTEXT, required=True, max_length=20000,
              help="只写一件事（第四十条）；以“一、”“（一）”开头的行印为标题"),
        Field("away_from", "离开日期", FieldType.DATE, searchable=False,
              help="第三十九条（九）：主要负责人离开县域、休假、学习"),
        Field("away_to", "返回日期", FieldType.DATE, searchable=False),
        Field("destination", "去向", FieldType.TEXT, max_length=100),
        Field("drafter", "拟稿人", FieldType.USER, required=True, default=CURRENT_USER),
        Field("drafted_on", "拟稿日期", FieldType.DATE, required=True, default=TODAY),
        Field("signer", "签发人", FieldType.USER, hidden=True),
        stand_in_field(since=2),
        Field("signed_at", "签发时间", FieldType.DATETIME, hidden=True, searchable=False),
        Field("review_note", "退回意见", FieldType.TEXT, hidden=True),
        Field("sent_on", "报送日期", FieldType.DATE, hidden=True, searchable=False),
        Field("replied_on", "批复日期", FieldType.DATE, hidden=True, searchable=False),
        Field("reply", "批复意见", FieldType.LONGTEXT, hidden=True, max_length=5000),
        Field("carried_out", "落实情况", FieldType.LONGTEXT, hidden=True, max_length=5000),
        Field("carried_out_on", "落实日期", FieldType.DATE, hidden=True, searchable=False),
        Field("follows_id", "补报的电话请示报告", FieldType.TEXT, hidden=True,
              searchable=False),
    ),
    list_columns=("drafted_on", "kind", "matter", "title", "channel", "written_due",
                  "sent_on", "replied_on", "signer"),
    ordering=(("drafted_on", True),),
    date_field="drafted_on",
    summary_field="title",
    default_classification=Classification.INTERNAL,
    classification_rule=_secret_matters,
    classification_inputs=("matter",),
    validators=(_one_matter,),
    computed=_call_only_when_phoned,
    computed_fields=("phoned_at",),
    write_rules=(_follows_a_call,),
    derivations=(Derivation("to_written", "补报书面材料", "request_report",
                            written_after_call),),
    links=(Link("follows_id", "补报的电话请示报告", ledger="request_report"),),
    # 代行审批 recorded since version 2 (献县办法 第六十五条 AB角).
    version=2,
    workflow=Workflow(
        initial="draft",
        states=(
            Choice("draft", "拟稿"),
            Choice("signed", "已签发"),
            Choice("phoned", "已电话请示报告待补报"),
            Choice("reported", "已报送（报告）"),
            Choice("sent", "已报送待批复"),
            Choice("replied", "已批复待落实"),
            Choice("done", "已落实"),
        ),
        editable=("draft",),
        finished=("reported", "done", "phoned"),
        steps=(
            # 请示报告 go out under the group's name: the group leader signs them.
            Step("sign", "签发", ("draft",), "signed", Permission.APPROVE, Action.APPROVE,
                 record=taken_by("signer", "signed_at"), guard=_not_a_call,
                 article="献县办法 第四十条"),
            # The call is made, typically by the leader, before anything is written down:
            # the entry records it; the written follow-up is a new entry (第四十条).
            Step("phoned", "登记已电话请示报告", ("draft",), "phoned", Permission.WRITE_LEDGERS,
                 Action.STEP, guard=_a_call,
                 article="献县办法 第四十条"),
            Step("report", "登记报送（报告）", ("signed",), "reported",
                 Permission.WRITE_LEDGERS, Action.STEP, asks=("sent_on",),
                 guard=_only_reports,
                 article="献县办法 第四十条"),
            Step("send", "登记报送（请示）", ("signed",), "sent", Permission.WRITE_LEDGERS,
                 Action.STEP, asks=("sent_on",), guard=_only_requests,
                 article="献县办法 第四十条"),
            Step("reply", "登记批复", ("sent",), "replied", Permission.WRITE_LEDGERS,
                 Action.STEP, asks=("replied_on", "reply"),
                 article="献县办法 第四十条"),
            Step("carry_out", "登记落实情况", ("replied",), "done", Permission.WRITE_LEDGERS,
                 Action.STEP, asks=("carried_out_on", "carried_out"),
                 article="献县办法 第四十条"),
            Step("send_back", "退回修改", ("signed",), "draft", Permission.APPROVE,
                 Action.REJECT, note_required=True, note_label="退回意见",
                 record={"review_note": NOTE}, clears=("signer", "signed_at", "stand_in"),
                 task=False,
                 article="献县办法 第四十条"),
        ),
    ),
    checks=(unanswered,),
    documents=(Document("请示报告", "entry", "打印请示（报告）…",
                        article="献县办法 第四十条"),),
    duties=(
        Duty("written_after_phone", "电话请示报告后按时补报书面材料", ARTICLE_40,
             After("request_report", start_field="phoned_at", due_field="written_due",
                   where={"channel": "phone"}, followed_by="request_report",
                   link_field="follows_id", followed_date_field="drafted_on"),
             roles=frozenset({Role.LEADER, Role.DEPUTY}),
             note="第四十条准许紧急情况先电话请示报告；书面补报的时限由派驻机构在登记电话时确定。"),
    ),
)


#: 第九章, in navigation order.
LEDGERS = (REQUEST_REPORT,)

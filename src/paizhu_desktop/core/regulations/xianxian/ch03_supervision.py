"""Supervision of the host unit — 献县办法 第三章 监督职责 第九–十七条, with the
counts 常州经验 names.

- 一函两书 (第十二条: 发现问题及时制发“一函两书”推动整改): 监督提醒函、纪律检查建议书、
  监察建议书 — numbered, 签发 by the group leader, served on the receiver, whose
  reply is due by a deadline (a duty) and whose rectification is verified.
- “三重一大”监督 (第十二条): each 党组(党委) meeting attended or matter reviewed,
  its kind, the opinion given and how it was taken up; an opinion becomes a
  监督意见 with one action.
- 监督意见 (第十一条 提出意见建议; 常州经验 发出监督意见): issued and adopted.
- 廉政风险点与防控措施 (第十二条 关键岗位等廉政风险): per host unit and post.
- 政治生态研判 and 政治画像 (第十二条): per host unit and per leading cadre, 秘密.
- 问题线索 (第十三条 严禁迟报瞒报、压案不查; 常州经验): received, handled by
  谈话函询、初步核实、暂存待查、予以了结 or 立案, with the 四种形态 applied per
  case — at least 秘密 with a 保密期限.

:func:`supervision_counts` adds up a year the way 常州经验 reports it, so the
county office can total the groups.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from paizhu_desktop.core.actions import Action
from paizhu_desktop.core.classification import Classification
from paizhu_desktop.core.ledgers.catalog import Report
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
from paizhu_desktop.core.regulations.xianxian.chapters import SUPERVISION as CHAPTER

ARTICLE_12 = "献县办法 第十二条"


def _short(text: str, limit: int) -> str:
    text = " ".join((text or "").split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


# -- 一函两书 ------------------------------------------------------------------------

LETTER_KINDS = (
    Choice("reminder", "监督提醒函"),
    Choice("discipline", "纪律检查建议书"),
    Choice("supervision", "监察建议书"),
)


def _letter_dates(values: Mapping[str, Any]) -> dict[str, str]:
    issued, due = values.get("issued_on"), values.get("reply_due")
    if issued and due and due < issued:
        return {"reply_due": "“回复时限”不能早于“制发日期”"}
    return {}


def _one_number(records: Records, current: EntryView | None,
                values: Mapping[str, Any]) -> str | None:
    number = values.get("number")
    if not number:
        return None
    same = records.find("supervision_letter", where={"number": number},
                        exclude_id=None if current is None else current.id)
    if same:
        return f"文号“{number}”已用于另一份“一函两书”，请核对文号。"
    return None


def unanswered_letters(records: Records, year: int) -> list[str]:
    """Served 一函两书 of ``year`` whose reply is past due (第十二条 推动整改)."""
    today = records.now().date().isoformat()
    out = []
    for e in records.find("supervision_letter", statuses=("served",),
                          ranges={"reply_due": (f"{year}-01-01", f"{year}-12-31")},
                          order=(("reply_due", False),)):
        v = e.values
        if v["reply_due"] < today:
            kind = {c.value: c.label for c in LETTER_KINDS}[v["kind"]]
            out.append(f"{kind}“{_short(v['subject'], 30)}”（{v['receiver']}）应于 "
                       f"{v['reply_due']} 前回复，尚未回复（第十二条）")
    return out


SUPERVISION_LETTER = LedgerDescription(
    id="supervision_letter",
    name="一函两书",
    chapter=CHAPTER,
    article="献县办法 第十二条",
    register_name="“一函两书”登记簿",
    description=(
        "发现问题及时制发“一函两书”（监督提醒函、纪律检查建议书、监察建议书）推动整改、帮助解决"
        "（第十二条）：经组长签发后送达，接收单位在时限内书面回复整改情况，派驻机构核实整改到位。"
    ),
    fields=(
        Field("kind", "类别", FieldType.CHOICE, required=True, choices=LETTER_KINDS),
        Field("issued_on", "制发日期", FieldType.DATE, required=True, default=TODAY),
        Field("receiver", "接收单位（个人）", FieldType.TEXT, required=True, max_length=100,
              help="驻在部门党组（党委）或有关领导干部"),
        Field("number", "文号", FieldType.TEXT, max_length=40, help="如：示纪驻一函〔2026〕3号"),
        Field("subject", "事由", FieldType.TEXT, required=True, max_length=100),
        Field("problem", "发现的问题", FieldType.LONGTEXT, required=True, max_length=10000),
        Field("requests", "整改要求和建议", FieldType.LONGTEXT, required=True, max_length=10000),
        Field("reply_due", "回复时限", FieldType.DATE, required=True,
              help="接收单位书面回复整改情况的时限"),
        Field("drafter", "承办人", FieldType.USER, required=True, default=CURRENT_USER),
        Field("signer", "签发人", FieldType.USER, hidden=True),
        stand_in_field("sign_stand_in", "代行签发", since=2),
        Field("signed_at", "签发时间", FieldType.DATETIME, hidden=True, searchable=False),
        Field("served_on", "送达日期", FieldType.DATE, hidden=True, searchable=False),
        Field("served_to", "签收人", FieldType.TEXT, hidden=True, max_length=60),
        Field("replied_on", "回复日期", FieldType.DATE, hidden=True, searchable=False),
        Field("reply", "回复及整改情况", FieldType.LONGTEXT, hidden=True, max_length=10000),
        Field("verified_on", "核实日期", FieldType.DATE, hidden=True, searchable=False),
        Field("verification", "核实意见", FieldType.LONGTEXT, hidden=True, max_length=5000),
        Field("verified_by", "核实人", FieldType.USER, hidden=True),
        stand_in_field("verify_stand_in", "代行核实", since=2),
        Field("review_note", "退回意见", FieldType.TEXT, hidden=True),
    ),
    list_columns=("issued_on", "kind", "number", "receiver", "subject", "reply_due",
                  "served_on", "replied_on", "verified_on"),
    ordering=(("issued_on", True),),
    date_field="issued_on",
    summary_field="subject",
    validators=(_letter_dates,),
    write_rules=(_one_number,),
    # 代行签发、代行核实 recorded since version 2 (献县办法 第六十五条 AB角): a field per
    # step, so that each mark stays beside the person it qualifies.
    version=2,
    workflow=Workflow(
        initial="draft",
        states=(
            Choice("draft", "拟稿"),
            Choice("signed", "已签发待送达"),
            Choice("served", "已送达待回复"),
            Choice("replied", "已回复待核实"),
            Choice("verified", "整改已核实"),
        ),
        editable=("draft",),
        finished=("verified",),
        steps=(
            Step("sign", "签发", ("draft",), "signed", Permission.APPROVE, Action.APPROVE,
                 record=taken_by("signer", "signed_at", stand_in="sign_stand_in"),
                 article="献县办法 第十二条"),
            Step("send_back", "退回修改", ("signed",), "draft", Permission.APPROVE,
                 Action.REJECT, note_required=True, note_label="退回意见",
                 record={"review_note": NOTE}, clears=("signer", "signed_at", "sign_stand_in"),
                 task=False,
                 article="献县办法 第十二条"),
            Step("serve", "登记送达", ("signed",), "served", Permission.WRITE_LEDGERS,
                 Action.STEP, asks=("served_on", "served_to"),
                 article="献县办法 第十二条"),
            Step("reply", "登记回复", ("served",), "replied", Permission.WRITE_LEDGERS,
                 Action.STEP, asks=("replied_on", "reply"),
                 article="献县办法 第十二条"),
            Step("verify", "核实整改到位", ("replied",), "verified", Permission.APPROVE,
                 Action.APPROVE, asks=("verified_on", "verification"),
                 record=taken_by("verified_by", stand_in="verify_stand_in"),
                 article="献县办法 第十二条"),
            Step("insist", "整改不到位，继续督促", ("replied",), "served", Permission.APPROVE,
                 Action.REJECT, note_required=True, note_label="整改不到位的情况",
                 record={"verification": NOTE}, clears=("replied_on",), task=False,
                 article="献县办法 第十二条"),
        ),
    ),
    checks=(unanswered_letters,),
    documents=(Document("一函两书", "entry", "打印一函两书…", article="献县办法 第十二条"),),
    duties=(
        Duty("letter_replied", "“一函两书”在回复时限内得到回复", ARTICLE_12,
             After("supervision_letter", start_field="issued_on", due_field="reply_due",
                   statuses=("served", "replied", "verified"), done_field="replied_on",
                   owner_field="drafter"),
             note="第十二条要求制发“一函两书”推动整改；回复时限由每份文书确定。"),
    ),
)


# -- “三重一大”监督 and 监督意见 -------------------------------------------------------

MAJOR_KINDS = (
    Choice("decision", "重大事项决策"),
    Choice("appointment", "重要干部任免"),
    Choice("project", "重大项目投资"),
    Choice("funds", "大额资金使用"),
)
MAJOR_WAYS = (
    Choice("attend", "列席党组（党委）会议"),
    Choice("before", "会前审查议题材料"),
    Choice("after", "会后查阅会议记录"),
    Choice("follow", "跟踪监督执行"),
)
ADOPTION = (
    Choice("adopted", "采纳"),
    Choice("partly", "部分采纳"),
    Choice("not", "未采纳"),
    Choice("pending", "待反馈"),
)


def _opinion_then_adoption(values: Mapping[str, Any]) -> dict[str, str]:
    if not values.get("opinion") and values.get("adoption") not in (None, "pending"):
        return {"adoption": "未提出监督意见的，不填写采纳情况"}
    return {}


MAJOR_MATTER = LedgerDescription(
    id="major_matter",
    name="“三重一大”监督",
    chapter=CHAPTER,
    article="献县办法 第十二条",
    register_name="“三重一大”事项监督登记簿",
    description=(
        "紧盯“三重一大”事项研究落实（第十二条）：逐项登记参与监督驻在部门党组（党委）研究讨论的"
        "重大事项决策、重要干部任免、重大项目投资、大额资金使用事项，提出的监督意见及采纳情况。"
    ),
    fields=(
        Field("held_on", "日期", FieldType.DATE, required=True, default=TODAY),
        Field("host_unit", "驻在部门", FieldType.TEXT, required=True, max_length=100),
        Field("meeting", "会议", FieldType.TEXT, required=True, max_length=100,
              help="如：党组会议（2026年第5次）"),
        Field("kind", "事项类别", FieldType.CHOICE, required=True, choices=MAJOR_KINDS,
              help="常州经验 一（一）：参与监督驻在部门党组（党委）研究讨论“三重一大”事项，"
                   "按次统计"),
        Field("matter", "研究事项", FieldType.LONGTEXT, required=True, max_length=2000),
        Field("amount", "金额（万元）", FieldType.INTEGER, minimum=0, searchable=False,
              help="重大项目投资、大额资金使用填写"),
        Field("way", "监督方式", FieldType.CHOICE, required=True, choices=MAJOR_WAYS,
              default="attend"),
        Field("attendee", "参加人", FieldType.USER, required=True, default=CURRENT_USER),
        Field("procedure_ok", "决策程序合规", FieldType.BOOL, default=True, searchable=False),
        Field("opinion", "提出的监督意见", FieldType.LONGTEXT, max_length=5000),
        Field("adoption", "采纳情况", FieldType.CHOICE, choices=ADOPTION),
        Field("taken_up", "落实情况", FieldType.LONGTEXT, max_length=5000),
    ),
    list_columns=("held_on", "host_unit", "meeting", "kind", "matter", "way", "opinion",
                  "adoption"),
    ordering=(("held_on", True),),
    date_field="held_on",
    summary_field="matter",
    validators=(_opinion_then_adoption,),
    derivations=(Derivation("to_opinion", "登记为监督意见", "supervision_opinion",
                            lambda e: major_matter_to_opinion(e)),
                 Derivation("to_chronicle", "记入大事记", "chronicle",
                            lambda e: major_matter_to_chronicle(e))),
)


def major_matter_to_opinion(entry: EntryView) -> dict[str, Any]:
    """Enter once: the opinion given on a 三重一大 matter as a 监督意见, counted as
    常州经验 一（一） counts them."""
    v = entry.values
    return {
        "issued_on": v.get("held_on"), "host_unit": v.get("host_unit"),
        "occasion": "major_matter", "matter": _short(v.get("matter") or "", 100),
        "opinion": v.get("opinion"), "adoption": v.get("adoption") or "pending",
        "source_id": entry.id,
    }


def major_matter_to_chronicle(entry: EntryView) -> dict[str, Any]:
    """Enter once: attending the party group's meeting in the chronicle (第四十八条（三）:
    组长参加的重要活动、督促驻在部门党风廉政建设), key points only (第四十九条)."""
    v = entry.values
    kind = {c.value: c.label for c in MAJOR_KINDS}.get(v.get("kind") or "", "")
    text = f"参与监督{v.get('host_unit') or ''}{v.get('meeting') or ''}研究{kind}事项：" \
           f"{_short(v.get('matter') or '', 100)}。"
    if v.get("opinion"):
        text += f"提出监督意见：{_short(v['opinion'], 200)}"
    return {"date_start": v.get("held_on"), "importance": 1, "category": "3",
            "content": text, "source_ledger": "major_matter", "source_id": entry.id}


OPINION_OCCASIONS = (
    Choice("major_matter", "“三重一大”事项监督"),
    Choice("daily", "日常监督"),
    Choice("special", "专项监督检查"),
    Choice("research", "调查研究"),
    Choice("other", "其他"),
)

SUPERVISION_OPINION = LedgerDescription(
    id="supervision_opinion",
    name="监督意见",
    chapter=CHAPTER,
    article="献县办法 第十一–十二条",
    register_name="监督意见登记簿",
    description=(
        "通过推动问题整改、提出意见建议等方式，监督推动领导班子及其成员履职尽责（第十一条）。"
        "逐条登记发出的监督意见及其采纳、落实情况。"
    ),
    fields=(
        Field("issued_on", "提出日期", FieldType.DATE, required=True, default=TODAY),
        Field("host_unit", "驻在部门", FieldType.TEXT, required=True, max_length=100),
        Field("occasion", "提出场合", FieldType.CHOICE, required=True,
              choices=OPINION_OCCASIONS),
        Field("matter", "针对事项", FieldType.TEXT, required=True, max_length=100),
        Field("opinion", "监督意见", FieldType.LONGTEXT, required=True, max_length=5000,
              help="第十一条：通过推动问题整改、提出意见建议等方式，监督推动领导班子及其成员"
                   "履职尽责"),
        Field("adoption", "采纳情况", FieldType.CHOICE, required=True, choices=ADOPTION,
              default="pending", help="常州经验 一（一）：发出的监督意见按条统计"),
        Field("taken_up", "落实情况", FieldType.LONGTEXT, max_length=5000),
        Field("issued_by", "提出人", FieldType.USER, required=True, default=CURRENT_USER),
        Field("source_id", "来源“三重一大”监督", FieldType.TEXT, hidden=True,
              searchable=False),
    ),
    list_columns=("issued_on", "host_unit", "occasion", "matter", "opinion", "adoption"),
    ordering=(("issued_on", True),),
    date_field="issued_on",
    summary_field="opinion",
    links=(Link("source_id", "来源“三重一大”监督", ledger="major_matter"),),
)


# -- 廉政风险点与防控措施 -------------------------------------------------------------

RISK_LEVELS = (Choice("high", "高"), Choice("medium", "中"), Choice("low", "低"))

RISK_POINT = LedgerDescription(
    id="risk_point",
    name="廉政风险点与防控措施",
    chapter=CHAPTER,
    article="献县办法 第十二条",
    register_name="廉政风险点及防控措施登记簿",
    description=(
        "紧盯重点工作、关键岗位等廉政风险，强化日常监督，突出抓早抓小、事前防范（第十二条）："
        "按驻在部门和岗位登记排查出的廉政风险点、风险等级和防控措施，定期复核。"
    ),
    fields=(
        Field("identified_on", "排查日期", FieldType.DATE, required=True, default=TODAY),
        Field("host_unit", "驻在部门", FieldType.TEXT, required=True, max_length=100),
        Field("post", "科室、岗位", FieldType.TEXT, required=True, max_length=100),
        Field("power", "权力事项", FieldType.TEXT, max_length=200,
              help="该岗位行使的关键权力，如项目审批、资金拨付"),
        Field("risk", "廉政风险点", FieldType.LONGTEXT, required=True, max_length=2000),
        Field("level", "风险等级", FieldType.CHOICE, required=True, choices=RISK_LEVELS),
        Field("measures", "防控措施", FieldType.TABLE, required=True, subfields=(
            Field("measure", "措施", FieldType.TEXT, required=True, max_length=200),
            Field("responsible", "责任人", FieldType.TEXT, max_length=60),
        ), help="每条措施一行（常州经验 一（一）：按条统计风险防控措施）"),
        Field("review_on", "复核日期", FieldType.DATE, searchable=False,
              help="下次复核风险点和措施落实情况的日期"),
        Field("review_result", "复核情况", FieldType.LONGTEXT, max_length=2000),
        # The number of measures, kept with the entry so that the county can add them up.
        Field("measure_count", "防控措施条数", FieldType.INTEGER, hidden=True,
              searchable=False),
    ),
    list_columns=("identified_on", "host_unit", "post", "risk", "level", "measures",
                  "review_on"),
    ordering=(("host_unit", False), ("post", False)),
    date_field="identified_on",
    summary_field="risk",
    computed=lambda v: {"measure_count": len(v.get("measures") or [])},
    computed_fields=("measure_count",),
    validators=(lambda v: {"review_on": "“复核日期”不能早于“排查日期”"}
                if v.get("review_on") and v.get("identified_on")
                and v["review_on"] < v["identified_on"] else {},),
)


# -- 政治生态研判 and 政治画像 ---------------------------------------------------------

ECOLOGY_KINDS = (Choice("ecology", "政治生态研判"), Choice("portrait", "政治画像"))
ECOLOGY_GRADES = (
    Choice("good", "良好"),
    Choice("fair", "较好"),
    Choice("average", "一般"),
    Choice("poor", "较差"),
)
PORTRAIT_SUBJECTS = (Choice("head", "“一把手”"), Choice("member", "班子成员"))


def _portrait_names_a_person(values: Mapping[str, Any]) -> dict[str, str]:
    if values.get("kind") == "portrait":
        errors = {}
        if not values.get("person"):
            errors["person"] = "政治画像须写明对象姓名（第十二条：对“一把手”和班子成员画像）"
        if not values.get("position"):
            errors["position"] = "政治画像须写明对象职务"
        if not values.get("subject_kind"):
            errors["subject_kind"] = "请选择画像对象是“一把手”还是班子成员"
        return errors
    return {}


POLITICAL_ECOLOGY = LedgerDescription(
    id="political_ecology",
    name="政治生态研判与政治画像",
    chapter=CHAPTER,
    article="献县办法 第十二条",
    register_name="政治生态研判和政治画像登记簿",
    description=(
        "根据监督情况对“一把手”和班子成员进行精准政治“画像”，分析研判驻在部门政治生态"
        "（第十二条）。内容敏感，默认秘密级。"
    ),
    fields=(
        Field("made_on", "研判日期", FieldType.DATE, required=True, default=TODAY),
        Field("kind", "类别", FieldType.CHOICE, required=True, choices=ECOLOGY_KINDS),
        Field("host_unit", "驻在部门", FieldType.TEXT, required=True, max_length=100),
        Field("period", "研判期间", FieldType.TEXT, required=True, max_length=40,
              help="如：2026年上半年"),
        Field("person", "画像对象", FieldType.TEXT, max_length=30),
        Field("position", "职务", FieldType.TEXT, max_length=60),
        Field("subject_kind", "对象类别", FieldType.CHOICE, choices=PORTRAIT_SUBJECTS),
        Field("sources", "依据材料", FieldType.LONGTEXT, max_length=5000,
              help="日常监督、谈话、信访举报、巡察审计等情况"),
        Field("assessment", "研判（画像）内容", FieldType.LONGTEXT, required=True,
              max_length=20000, help="常州经验 一（二）：对驻在单位的政治生态进行综合评价"),
        Field("grade", "总体评价", FieldType.CHOICE, required=True, choices=ECOLOGY_GRADES),
        Field("suggestions", "意见建议", FieldType.LONGTEXT, max_length=5000),
        Field("reported_to", "报送情况", FieldType.TEXT, max_length=100,
              help="如：报县纪委监委对口联系监督检查室"),
    ),
    list_columns=("made_on", "kind", "host_unit", "period", "person", "position", "grade"),
    ordering=(("made_on", True),),
    date_field="made_on",
    summary_field="assessment",
    default_classification=Classification.SECRET,
    validators=(_portrait_names_a_person,),
)


# -- 问题线索 --------------------------------------------------------------------------

CLUE_SOURCES = (
    Choice("petition", "信访举报"),
    Choice("assigned", "上级交办"),
    Choice("supervision", "日常监督发现"),
    Choice("inspection", "巡察移交"),
    Choice("audit", "审计移交"),
    Choice("other", "其他"),
)
#: 监督执纪工作规则: the ways a clue is disposed of.
DISPOSALS = (
    Choice("talk", "谈话函询"),
    Choice("verify", "初步核实"),
    Choice("hold", "暂存待查"),
    Choice("close", "予以了结"),
    Choice("transfer", "移送有关部门"),
)
#: 四种形态 (常州经验 counts them per case).
FORMS = (
    Choice("first", "第一种形态"),
    Choice("second", "第二种形态"),
    Choice("third", "第三种形态"),
    Choice("fourth", "第四种形态"),
    Choice("none", "未予处理（了结澄清）"),
)

_CLUE_STATES = (
    Choice("received", "已受理待处置"),
    Choice("handling", "处置中"),
    Choice("filed", "已立案"),
    Choice("concluded", "已办结"),
)


def _clue_consistency(values: Mapping[str, Any]) -> dict[str, str]:
    got, disposed = values.get("received_on"), values.get("disposal_on")
    if got and disposed and disposed < got:
        return {"disposal_on": "“处置日期”不能早于“受理日期”"}
    return {}


PROBLEM_CLUE = LedgerDescription(
    id="problem_clue",
    name="问题线索",
    chapter=CHAPTER,
    article="献县办法 第十三条",
    register_name="问题线索处置登记簿",
    description=(
        "严格执行《监督执纪工作规则》《监督执法工作规定》，严禁迟报瞒报、压案不查，严禁泄露举报事项、"
        "举报受理情况及举报人的信息（第十三条）。逐件登记问题线索的受理、处置方式（谈话函询、初步核实、"
        "暂存待查、予以了结）、立案和运用“四种形态”的情况。默认秘密级。"
    ),
    fields=(
        Field("received_on", "受理日期", FieldType.DATE, required=True, default=TODAY),
        Field("serial", "线索编号", FieldType.TEXT, max_length=30),
        Field("source", "线索来源", FieldType.CHOICE, required=True, choices=CLUE_SOURCES),
        Field("person", "被反映人", FieldType.TEXT, required=True, max_length=30),
        Field("position", "单位职务", FieldType.TEXT, required=True, max_length=100),
        Field("summary", "反映的主要问题", FieldType.LONGTEXT, required=True, max_length=5000),
        Field("handler", "承办人", FieldType.USER, required=True, default=CURRENT_USER),
        Field("disposal", "处置方式", FieldType.CHOICE, hidden=True, choices=DISPOSALS,
              help="常州经验 二（二）：线索处置制度；谈话函询按人次统计"),
        Field("disposal_on", "处置日期", FieldType.DATE, hidden=True, searchable=False),
        Field("disposal_note", "处置意见", FieldType.LONGTEXT, hidden=True, max_length=5000),
        Field("approver", "批准人", FieldType.USER, hidden=True),
        stand_in_field(since=2),
        Field("filed_on", "立案日期", FieldType.DATE, hidden=True, searchable=False),
        Field("concluded_on", "办结日期", FieldType.DATE, hidden=True, searchable=False),
        Field("form", "运用“四种形态”", FieldType.CHOICE, hidden=True, choices=FORMS,
              help="常州经验 三（三）：按人次统计运用四种形态处置情况"),
        Field("outcome", "处理结果", FieldType.LONGTEXT, hidden=True, max_length=5000),
    ),
    list_columns=("received_on", "serial", "source", "person", "position", "disposal",
                  "filed_on", "form", "concluded_on"),
    ordering=(("received_on", True),),
    date_field="received_on",
    summary_field="summary",
    # 线索 material is at least 秘密 (第十三条 严禁泄露举报事项; LEDGER_DONE 6).
    default_classification=Classification.SECRET,
    minimum_classification=Classification.SECRET,
    validators=(_clue_consistency,),
    # 代行审批 recorded since version 2 (献县办法 第六十五条 AB角).
    version=2,
    workflow=Workflow(
        initial="received",
        states=_CLUE_STATES,
        editable=("received",),
        finished=("concluded",),
        steps=(
            # The disposal of a clue is decided collectively and approved by the leader.
            Step("dispose", "批准处置方式", ("received",), "handling", Permission.APPROVE,
                 Action.APPROVE, asks=("disposal", "disposal_on", "disposal_note"),
                 record=taken_by("approver"),
                 article="献县办法 第十三条"),
            Step("file", "立案", ("handling",), "filed", Permission.APPROVE, Action.APPROVE,
                 asks=("filed_on",),
                 article="献县办法 第十三条"),
            Step("conclude", "办结", ("handling", "filed"), "concluded", Permission.APPROVE,
                 Action.APPROVE, asks=("concluded_on", "form", "outcome"),
                 article="献县办法 第十三条"),
        ),
    ),
    duties=(
        Duty("clue_disposed", "问题线索受理后及时提出处置意见", "献县办法 第十三条",
             After("problem_clue", start_field="received_on", days=30,
                   done_field="disposal_on", owner_field="handler"),
             roles=frozenset({Role.LEADER}),
             note="第十三条严禁迟报瞒报、压案不查，未定处置时限；本程序按受理后"
                  "30日内经组长批准处置方式掌握。"),
    ),
)


# -- 常州经验: what the county adds up -------------------------------------------------

def supervision_counts(records: Records, year: int) -> list[tuple[str, int]]:
    """The year's counts, as 常州经验 一（一） and 常州经验 三（三） report them: 三重一大
    matters supervised, 监督意见 issued and adopted, 廉政风险点 and 防控措施, 一函两书
    by kind, 问题线索 received and by disposal, 立案, and each of the 四种形态."""
    span = (f"{year}-01-01", f"{year}-12-31")
    out: list[tuple[str, int]] = []
    out.append(("参与监督“三重一大”事项（次）",
                len(records.find("major_matter", ranges={"held_on": span}))))
    opinions = records.find("supervision_opinion", ranges={"issued_on": span})
    out.append(("发出监督意见（条）", len(opinions)))
    out.append(("监督意见被采纳（条）",
                sum(1 for e in opinions if e.values.get("adoption") in ("adopted", "partly"))))
    risks = records.find("risk_point", ranges={"identified_on": span})
    out.append(("排查廉政风险点（个）", len(risks)))
    out.append(("制定防控措施（条）", sum(len(e.values.get("measures") or []) for e in risks)))
    letters = records.find("supervision_letter", ranges={"issued_on": span})
    for c in LETTER_KINDS:
        out.append((f"制发{c.label}（份）", sum(1 for e in letters if e.values["kind"] == c.value)))
    clues = records.find("problem_clue", ranges={"received_on": span})
    out.append(("受理问题线索（件）", len(clues)))
    for c in DISPOSALS:
        out.append((f"{c.label}（件）",
                    sum(1 for e in clues if e.values.get("disposal") == c.value)))
    out.append(("立案（件）", sum(1 for e in clues if e.values.get("filed_on"))))
    for c in FORMS[:4]:
        out.append((f"运用{c.label}处置（人次）",
                    sum(1 for e in clues if e.values.get("form") == c.value)))
    return out


#: 第三章, in navigation order.
LEDGERS = (SUPERVISION_LETTER, MAJOR_MATTER, SUPERVISION_OPINION, RISK_POINT,
           POLITICAL_ECOLOGY, PROBLEM_CLUE)


#: 常州经验's statistics of a year, for the group and — summed — for the county office.
SUPERVISION_COUNTS = Report(
    "supervision_counts", "监督工作统计",
    "献县办法 第十一–十三条；常州经验 一（一）；常州经验 三（三）",
    reads=("major_matter", "supervision_opinion", "risk_point", "supervision_letter",
           "problem_clue"),
    build=supervision_counts)

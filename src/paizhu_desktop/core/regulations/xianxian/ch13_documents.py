"""收文 incoming and 发文 outgoing documents — 献县办法 第十三章 第五十一–五十四条.

收文: registered by category with the 拟办意见, 阅批 by the 组长 who names the
承办人 and the deadline, handled to closure under 跟踪督办 (the calendar warns of
a deadline passed, 第五十一条 不压件、不漏办、不误事), or sent back to the sender
with the reason (第五十二条); then archived or destroyed (第五十三条). A 秘密
incoming document is entered once more as a 涉密载体 with one action.

发文: drafted, 核稿 by someone other than the drafter, 签发 by the 组长, who
also holds 政策关、内容关、文字关 (第五十四条); 签发 gives the next 文号 of the year
for its 代字, and a gap in the numbers is reported like a gap in the seal numbers;
a 规范性文件 is filed with the county office (审核备案) before it is archived.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

from paizhu_desktop.core.actions import Action
from paizhu_desktop.core.classification import Classification
from paizhu_desktop.core.errors import RuleError
from paizhu_desktop.core.ledgers.description import Derivation, Document, LedgerDescription
from paizhu_desktop.core.ledgers.duties import After, Duty
from paizhu_desktop.core.ledgers.fields import (
    CURRENT_USER,
    TODAY,
    Choice,
    Field,
    FieldType,
)
from paizhu_desktop.core.ledgers.rules import EntryView, Records
from paizhu_desktop.core.ledgers.workflow import ACTOR, NOTE, NOW, STAND_IN, Step, Workflow
from paizhu_desktop.core.permissions import Permission, Role
from paizhu_desktop.core.regulations.xianxian.ch14_secrecy import TO_REVIEW
from paizhu_desktop.core.regulations.xianxian.chapters import DOCUMENTS as CHAPTER


def _short(text: Any, limit: int = 30) -> str:
    s = " ".join(str(text or "").split())
    return s if len(s) <= limit else s[: limit - 1] + "…"


# -- 收文 (第五十一–五十三条) ----------------------------------------------------------

INCOMING_CATEGORIES = (
    Choice("superior", "上级来文"),
    Choice("county", "县纪委监委来文"),
    Choice("host", "驻在部门来文"),
    Choice("letter", "函件"),
    Choice("meeting", "会议通知"),
    Choice("other", "其他"),
)
URGENCY = (
    Choice("normal", "普通"),
    Choice("urgent", "加急"),
    Choice("extra", "特急"),
)
DESTROY_WITNESS_HELP = "销毁时在场监督的人员（第五十三条：按有关规定统一销毁）"


def _only_handler(entry: EntryView, username: str) -> str | None:
    # The 承办人 reports the result (第五十二条); the person in charge of 公文办理, who
    # registered it (第五十一条 明确专人负责), may enter the result reported to them.
    if username not in (entry.values.get("handler"), entry.values.get("registrar")):
        return ("只有承办人或登记人可以登记办理结果（第五十二条：由承办人认真办理，"
                "及时报告办理结果）。")
    return None


def incoming_to_medium(entry: EntryView) -> dict[str, Any]:
    """A 秘密 incoming document entered once more, as a 涉密载体 (第五十八条 接收、登记);
    the form proposes the document's own 密级 for it."""
    v = entry.values
    if not entry.classification.is_classified:
        raise RuleError("只有秘密级以上的来文需要登记为涉密载体（第五十八条）。")
    return {
        "registered_on": v.get("received_on"), "source": "received", "kind": "paper",
        "title": v.get("title"), "doc_number": v.get("doc_number") or "",
        "issuer": v.get("issuer"),
        "copies_total": v.get("copies"), "received_on": v.get("received_on"),
        "source_ledger": "incoming_document", "source_id": entry.id,
    }


def overdue_incoming(records: Records, year: int) -> list[str]:
    """Incoming documents in hand past their deadline (第五十一条 不压件、不误事)."""
    today = records.now().date()
    out = []
    for e in records.find("incoming_document", statuses=("handling",),
                          ranges={"received_on": (f"{year}-01-01", f"{year}-12-31")},
                          order=(("deadline", False),)):
        deadline = e.values.get("deadline")
        if deadline and deadline < today.isoformat():
            late = (today - dt.date.fromisoformat(deadline)).days
            out.append(f"来文“{_short(e.values['title'])}”已超过办理时限 {late} 天（承办人 "
                       f"{e.values.get('handler')}，时限 {deadline}），请跟踪督办（第五十一条）")
    return out


def _received_before_deadline(records: Records, entry: EntryView | None,
                              values: Mapping[str, Any]) -> str | None:
    received, deadline = values.get("received_on"), values.get("deadline")
    if received and deadline and deadline < received:
        return "“办理时限”不能早于收文日期。"
    done = values.get("completed_on")
    if received and done and done < received:
        return "“办结日期”不能早于收文日期。"
    return None


INCOMING_DOCUMENT = LedgerDescription(
    id="incoming_document",
    name="收文登记",
    chapter=CHAPTER,
    article="献县办法 第五十一–五十三条",
    register_name="收文登记簿",
    description=(
        "公文办理应明确专人负责，做到来文即办，不压件、不漏办、不误事，实行首办负责和跟踪督办"
        "（第五十一条）。收到来文应认真审核，分类登记，提出拟办意见，呈报组长阅批后由承办人办理，"
        "及时报告办理结果；不应接收的，向来文单位说明理由退回（第五十二条）。办理完毕后分类保管，"
        "及时移交归档；无需归档的，按规定统一销毁（第五十三条）。"
    ),
    fields=(
        Field("received_on", "收文日期", FieldType.DATE, required=True, default=TODAY),
        Field("category", "分类", FieldType.CHOICE, required=True, choices=INCOMING_CATEGORIES,
              default="county", help="分类登记（第五十二条）"),
        Field("issuer", "来文单位", FieldType.TEXT, required=True, max_length=100),
        Field("doc_number", "来文字号", FieldType.TEXT, max_length=60),
        Field("title", "标题", FieldType.TEXT, required=True, max_length=200),
        Field("urgency", "紧急程度", FieldType.CHOICE, required=True, choices=URGENCY,
              default="normal"),
        Field("copies", "份数", FieldType.INTEGER, required=True, default=1, minimum=1,
              maximum=999, searchable=False),
        Field("proposal", "拟办意见", FieldType.LONGTEXT, required=True, max_length=1000, width=16,
              help="登记人审核来文后提出的拟办意见，呈报组长阅批（第五十二条）"),
        Field("registrar", "登记人", FieldType.USER, required=True, default=CURRENT_USER),
        # Recorded by the steps.
        Field("reviewer", "阅批人", FieldType.USER, hidden=True),
        Field("stand_in", "代行审批", FieldType.TEXT, hidden=True, since=2),
        Field("reviewed_at", "阅批时间", FieldType.DATETIME, hidden=True, searchable=False),
        Field("instruction", "组长批示", FieldType.TEXT, hidden=True),
        Field("handler", "承办人", FieldType.USER, hidden=True),
        Field("deadline", "办理时限", FieldType.DATE, hidden=True, searchable=False),
        Field("urged_at", "督办时间", FieldType.DATETIME, hidden=True, searchable=False),
        Field("urge_note", "督办情况", FieldType.TEXT, hidden=True),
        Field("result", "办理结果", FieldType.LONGTEXT, hidden=True, max_length=3000, width=16),
        Field("completed_on", "办结日期", FieldType.DATE, hidden=True, searchable=False),
        Field("return_reason", "退回理由", FieldType.TEXT, hidden=True),
        Field("returned_at", "退回时间", FieldType.DATETIME, hidden=True, searchable=False),
        Field("archived_on", "归档日期", FieldType.DATE, hidden=True, searchable=False),
        Field("archive_ref", "档号", FieldType.TEXT, hidden=True, max_length=60),
        Field("destroyed_on", "销毁日期", FieldType.DATE, hidden=True, searchable=False),
        Field("destroy_witness", "监销人", FieldType.TEXT, hidden=True, max_length=30,
              help=DESTROY_WITNESS_HELP),
    ),
    list_columns=("received_on", "category", "issuer", "doc_number", "title", "proposal",
                  "instruction", "reviewer", "handler", "deadline", "result", "completed_on",
                  "archive_ref"),
    ordering=(("received_on", False),),
    date_field="received_on",
    summary_field="title",
    default_classification=Classification.INTERNAL,
    write_rules=(_received_before_deadline,),
    # 代行审批 recorded since version 2 (献县办法 第六十五条 AB角).
    version=2,
    workflow=Workflow(
        initial="registered",
        states=(
            Choice("registered", "待组长阅批"),
            Choice("handling", "承办中"),
            Choice("done", "已办结"),
            Choice("returned", "已退回"),
            Choice("archived", "已归档"),
            Choice("destroyed", "已销毁"),
        ),
        editable=("registered",),
        finished=("returned", "archived", "destroyed"),
        unvoidable=("archived", "destroyed"),
        steps=(
            Step("review", "阅批", ("registered",), "handling", Permission.APPROVE,
                 Action.APPROVE, asks=("handler", "deadline"), note_required=True,
                 note_label="组长批示",
                 record={"reviewer": ACTOR, "reviewed_at": NOW, "instruction": NOTE,
                         "stand_in": STAND_IN}),
            Step("send_back", "退回来文单位", ("registered",), "returned",
                 Permission.WRITE_LEDGERS, Action.REJECT, note_required=True,
                 note_label="退回理由（向来文单位说明）",
                 record={"return_reason": NOTE, "returned_at": NOW}),
            Step("urge", "督办", ("handling",), "handling", Permission.APPROVE, Action.STEP,
                 note_required=True, note_label="督办要求",
                 record={"urged_at": NOW, "urge_note": NOTE}, task=False),
            Step("complete", "报告办理结果", ("handling",), "done", Permission.WRITE_LEDGERS,
                 Action.STEP, asks=("result", "completed_on"), guard=_only_handler),
            Step("archive", "移交归档", ("done",), "archived", Permission.WRITE_LEDGERS,
                 Action.STEP, asks=("archived_on", "archive_ref")),
            Step("destroy", "登记销毁", ("done",), "destroyed", Permission.WRITE_LEDGERS,
                 Action.STEP, asks=("destroyed_on", "destroy_witness")),
        ),
    ),
    checks=(overdue_incoming,),
    derivations=(Derivation("to_medium", "登记为涉密载体", "classified_medium",
                            incoming_to_medium), TO_REVIEW),
    duties=(Duty(
        "incoming_document_deadline", "来文按时限办结", "献县办法 第五十一–五十二条",
        After("incoming_document", start_field="received_on", due_field="deadline",
              done_field="completed_on", statuses=("handling", "done", "archived",
                                                   "destroyed"),
              owner_field="handler"),
        roles=frozenset({Role.LEADER}),
        note="实行首办负责和跟踪督办制度（第五十一条）：办理时限由组长阅批时确定。"),),
)

# -- 发文 (第五十四条) ----------------------------------------------------------------

DOC_KINDS = (
    Choice("request", "请示"),
    Choice("report", "报告"),
    Choice("notice", "通知"),
    Choice("bulletin", "通报"),
    Choice("opinion", "意见"),
    Choice("letter", "函"),
    Choice("minutes", "纪要"),
    Choice("other", "其他"),
)


def doc_number_label(prefix: Any, year: Any, number: Any) -> str:
    """A 发文字号 as printed: 县纪驻一发〔2026〕3号 (GB/T 9704-2012 7.2.4)."""
    return f"{prefix}〔{year}〕{int(number)}号"


def _doc_no_reads(number: Any, values: Mapping[str, Any]) -> str:
    return doc_number_label(values.get("prefix"), values.get("doc_year"), number)


def _next_doc_number(records: Records, entry: EntryView) -> dict[str, Any]:
    """The next 文号 of this year for the document's 代字, voided ones included: runs in
    the 签发 transaction, so two documents never share a number (第五十四条 行文规范)."""
    year = records.now().year
    prefix = entry.values.get("prefix")
    last = records.max_value("outgoing_document", "doc_no",
                             where={"doc_year": year, "prefix": prefix})
    return {"doc_year": year, "doc_no": int(last or 0) + 1}


def doc_number_gaps(records: Records, year: int) -> list[str]:
    """Numbers of ``year``'s 文号 per 代字 with no valid document (like the seal numbers)."""
    issued = records.find("outgoing_document", where={"doc_year": year}, voided=None)
    by_prefix: dict[str, dict[int, EntryView]] = {}
    for e in issued:
        if e.values.get("doc_no") is not None:
            by_prefix.setdefault(str(e.values.get("prefix")), {})[int(e.values["doc_no"])] = e
    out: list[str] = []
    for prefix, seen in sorted(by_prefix.items()):
        for n in range(1, max(seen) + 1):
            label = doc_number_label(prefix, year, n)
            if n not in seen:
                out.append(f"发文字号 {label} 缺失：文号不连续，请核查（第五十四条）")
            elif seen[n].voided:
                out.append(f"发文字号 {label} 的登记已作废（{seen[n].void_reason}），文号出现空缺，"
                           "请核查")
    return out


def _normative_filed_first(entry: EntryView, username: str) -> str | None:
    if entry.values.get("normative") and entry.status != "filed":
        return ("规范性文件应先报县纪委监委办公室审核备案（第五十四条），备案后方可归档或销毁。")
    return None


def _only_normative(entry: EntryView, username: str) -> str | None:
    if not entry.values.get("normative"):
        return "只有规范性文件需要报县纪委监委办公室审核备案（第五十四条）。"
    return None


_OWN_DRAFT = "拟稿人不能核稿或签发本人起草的公文，第五十四条"

OUTGOING_DOCUMENT = LedgerDescription(
    id="outgoing_document",
    name="发文拟文",
    chapter=CHAPTER,
    article="献县办法 第五十三–五十四条",
    register_name="发文登记簿",
    description=(
        "拟制公文应深入调研论证，体现上级要求和行文目的，充分征求有关部门意见。制定规范性文件应"
        "按有关规定报县纪委监委办公室审核备案。公文起草要严谨细致，主要负责人严格把好政策关、"
        "内容关、文字关，确保行文规范高质量（第五十四条）。签发时按年度、代字顺序编发文字号。"
    ),
    fields=(
        Field("drafted_on", "拟稿日期", FieldType.DATE, required=True, default=TODAY),
        Field("kind", "文种", FieldType.CHOICE, required=True, choices=DOC_KINDS,
              default="report"),
        Field("title", "标题", FieldType.TEXT, required=True, max_length=200),
        Field("prefix", "发文机关代字", FieldType.TEXT, required=True, max_length=20,
              default="县纪驻一发", help="文号为“代字〔年份〕序号号”，序号签发时按年度自动编排"),
        Field("main_to", "主送机关", FieldType.TEXT, required=True, max_length=200),
        Field("copy_to", "抄送机关", FieldType.TEXT, max_length=200),
        Field("copies", "印发份数", FieldType.INTEGER, required=True, default=1, minimum=1,
              maximum=9999, searchable=False),
        Field("normative", "规范性文件", FieldType.BOOL, default=False, searchable=False,
              help="制定规范性文件应报县纪委监委办公室审核备案（第五十四条）"),
        Field("consulted", "征求意见情况", FieldType.TEXT, max_length=200,
              help="根据工作需要充分征求有关部门意见（第五十四条）"),
        Field("content", "主要内容", FieldType.LONGTEXT, required=True, max_length=20000),
        Field("drafter", "拟稿人", FieldType.USER, required=True, default=CURRENT_USER),
        # Recorded by the steps.
        Field("checker", "核稿人", FieldType.USER, hidden=True),
        Field("checked_at", "核稿时间", FieldType.DATETIME, hidden=True, searchable=False),
        Field("check_note", "核稿意见", FieldType.TEXT, hidden=True),
        Field("signer", "签发人", FieldType.USER, hidden=True),
        Field("stand_in", "代行审批", FieldType.TEXT, hidden=True, since=2),
        Field("signed_at", "签发时间", FieldType.DATETIME, hidden=True, searchable=False),
        Field("sign_note", "签发意见", FieldType.TEXT, hidden=True),
        Field("doc_year", "文号年度", FieldType.INTEGER, hidden=True, searchable=False),
        Field("doc_no", "发文字号", FieldType.INTEGER, hidden=True, searchable=False,
              formatter=_doc_no_reads, width=14),
        Field("filed_on", "备案日期", FieldType.DATE, hidden=True, searchable=False),
        Field("filing_ref", "备案编号", FieldType.TEXT, hidden=True, max_length=60),
        Field("archived_on", "归档日期", FieldType.DATE, hidden=True, searchable=False),
        Field("archive_ref", "档号", FieldType.TEXT, hidden=True, max_length=60),
        Field("destroyed_on", "销毁日期", FieldType.DATE, hidden=True, searchable=False),
        Field("destroy_witness", "监销人", FieldType.TEXT, hidden=True, max_length=30,
              help=DESTROY_WITNESS_HELP),
    ),
    list_columns=("drafted_on", "doc_no", "kind", "title", "main_to", "copy_to", "copies",
                  "drafter", "checker", "signer", "signed_at", "normative", "filed_on",
                  "archive_ref"),
    ordering=(("drafted_on", False),),
    date_field="drafted_on",
    summary_field="title",
    default_classification=Classification.INTERNAL,
    # 代行审批 recorded since version 2 (献县办法 第六十五条 AB角).
    version=2,
    workflow=Workflow(
        initial="draft",
        requester="drafter",
        states=(
            Choice("draft", "拟稿"),
            Choice("checked", "已核稿待签发"),
            Choice("signed", "已签发"),
            Choice("filed", "已备案"),
            Choice("archived", "已归档"),
            Choice("destroyed", "已销毁"),
        ),
        editable=("draft",),
        finished=("archived", "destroyed"),
        unvoidable=("signed", "filed", "archived", "destroyed"),
        steps=(
            Step("check", "核稿", ("draft",), "checked", Permission.WRITE_LEDGERS, Action.STEP,
                 record={"checker": ACTOR, "checked_at": NOW, "check_note": NOTE},
                 not_by_requester=_OWN_DRAFT),
            Step("sign", "签发", ("checked",), "signed", Permission.APPROVE, Action.APPROVE,
                 record={"signer": ACTOR, "signed_at": NOW, "sign_note": NOTE,
                         "stand_in": STAND_IN},
                 effect=_next_doc_number, writes=("doc_year", "doc_no"),
                 not_by_requester=_OWN_DRAFT),
            Step("revise", "退回修改", ("checked",), "draft", Permission.APPROVE, Action.REJECT,
                 note_required=True, note_label="修改意见（政策关、内容关、文字关）",
                 record={"sign_note": NOTE}, clears=("checker", "checked_at", "check_note")),
            Step("file", "报审核备案", ("signed",), "filed", Permission.WRITE_LEDGERS,
                 Action.STEP, asks=("filed_on", "filing_ref"), guard=_only_normative),
            Step("archive", "移交归档", ("signed", "filed"), "archived",
                 Permission.WRITE_LEDGERS, Action.STEP, asks=("archived_on", "archive_ref"),
                 guard=_normative_filed_first),
            Step("destroy", "登记销毁", ("signed", "filed"), "destroyed",
                 Permission.WRITE_LEDGERS, Action.STEP,
                 asks=("destroyed_on", "destroy_witness"), guard=_normative_filed_first),
        ),
    ),
    checks=(doc_number_gaps,),
    derivations=(TO_REVIEW,),
    documents=(Document("公文", "entry", "打印公文…"),),
    duties=(Duty(
        "normative_document_filing", "规范性文件报县纪委监委办公室审核备案",
        "献县办法 第五十四条",
        After("outgoing_document", start_field="signed_at", days=30,
              where={"normative": True}, done_field="filed_on",
              statuses=("signed", "filed", "archived", "destroyed")),
        note="第五十四条未规定备案期限；程序按签发后30日内提示。"),),
)

#: 第十三章, in navigation order.
LEDGERS = (INCOMING_DOCUMENT, OUTGOING_DOCUMENT)

"""保密管理 — 献县办法 第十四章 第五十五–五十九条.

The 保密员 the 组长 names and the people who handle secrets (第五十五条); 保密教育
(第五十五条); the 涉密载体 register — received, registered, consulted, kept,
handed back, destroyed, each copy with its 份号 (第五十八条) — which every print
of 秘密 or higher material fills by itself (the print log and the register are
written in one transaction, :func:`paizhu_desktop.core.printing.jobs.record_print`);
the approval to have classified material printed outside the office
(第五十六条); and the 降密/解密 review of every entry whose 保密期限 has run out,
the 保密期限 counted from the entry's own date to a day (:func:`term_end`).
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from collections.abc import Mapping
from dataclasses import replace
from typing import Any

from paizhu_desktop.core.actions import Action
from paizhu_desktop.core.classification import Classification, lowers
from paizhu_desktop.core.errors import RuleError
from paizhu_desktop.core.ledgers.description import Derivation, LedgerDescription, Link
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
    NOTE,
    Reclassifies,
    Step,
    Workflow,
    leader_decision,
    stand_in_field,
    taken_by,
)
from paizhu_desktop.core.permissions import Permission, Role
from paizhu_desktop.core.regulations.xianxian.chapters import SECRECY as CHAPTER

#: The 涉密载体 register's id: the print log fills it (第五十八条).
CARRIER_LEDGER = "classified_medium"
#: The 降密/解密 review ledger's id.
REVIEW_LEDGER = "classification_review"

# -- 保密期限 to a date ---------------------------------------------------------------

_TERM = re.compile(r"([0-9]{1,2})(年|个月)", re.ASCII)


def term_end(start: dt.date, retention: str) -> dt.date | None:
    """The last day of a 保密期限 of ``retention`` counted from ``start`` (the day the
    密级 was fixed): ``10年`` from 2026-03-31 ends 2036-03-31; ``6个月`` from 08-31
    ends 02-28 (or 29). None for 长期 or no term (no day to count to)."""
    m = _TERM.fullmatch(retention or "")
    if m is None:
        return None
    months = int(m.group(1)) * (12 if m.group(2) == "年" else 1)
    year, month = divmod(start.month - 1 + months, 12)
    year += start.year
    day = min(start.day, calendar.monthrange(year, month + 1)[1])
    return dt.date(year, month + 1, day)


def entry_start(entry: EntryView) -> dt.date:
    """The day an entry's 密级 counts from: its own date (the ledger's date field),
    or the day it was registered when that is empty."""
    date_field = entry_date_field(entry)
    raw = entry.values.get(date_field) if date_field else None
    text = str(raw or entry.created_at)[:10]
    return dt.date.fromisoformat(text)


def entry_date_field(entry: EntryView) -> str:
    ledger = getattr(entry, "ledger", None)
    return str(getattr(ledger, "date_field", "") or "")


# -- 保密员 and 涉密人员 (第五十五条) -------------------------------------------------

STAFF_DUTIES = (
    Choice("officer", "保密员"),
    Choice("staff", "涉密人员"),
)
STAFF_LEVELS = (
    Choice("core", "核心涉密人员"),
    Choice("important", "重要涉密人员"),
    Choice("general", "一般涉密人员"),
)


def _ended_after_start(values: Mapping[str, Any]) -> dict[str, str]:
    start, end = values.get("appointed_on"), values.get("ended_on")
    if start and end and end < start:
        return {"ended_on": "“离岗日期”不能早于“确定日期”"}
    return {}


def no_secrecy_officer(records: Records, year: int) -> list[str]:
    """A year in which 涉密载体 were registered but no 保密员 was named to keep them
    (第五十五条: 组长 … 明确保密员; 第五十八条: 明确专人负责管理)."""
    first, last = f"{year}-01-01", f"{year}-12-31"
    if year > records.now().year or not records.rows(
            CARRIER_LEDGER, (), ranges={"registered_on": (first, last)}):
        return []
    for e in records.find("secrecy_staff", where={"duty": "officer"}, statuses=("named",)):
        start, end = e.values.get("appointed_on") or "", e.values.get("ended_on") or ""
        if start <= last and (not end or end >= first):
            return []
    return [f"{year}年已登记涉密载体，但没有经组长确定的保密员，请组长明确保密员"
            "（献县办法 第五十五条）"]


SECRECY_STAFF = LedgerDescription(
    id="secrecy_staff",
    name="保密员及涉密人员",
    chapter=CHAPTER,
    article="献县办法 第五十五条",
    register_name="保密员及涉密人员登记簿",
    description=(
        "组长应认真履行保密工作第一责任人责任，明确保密员，加强保密教育，严格涉密人员管理监督"
        "（第五十五条）。保密员由组长确定；涉密人员登记涉密等级、保密承诺和离岗日期。"
    ),
    fields=(
        Field("person", "姓名", FieldType.TEXT, required=True, max_length=30),
        Field("account", "本系统账号", FieldType.USER,
              help="在本系统中承担保密员工作的账号（由安全保密管理员授予“保密员”角色）"),
        Field("duty", "类别", FieldType.CHOICE, required=True, choices=STAFF_DUTIES,
              default="officer"),
        Field("level", "涉密等级", FieldType.CHOICE, required=True, choices=STAFF_LEVELS,
              default="important"),
        Field("post", "职务", FieldType.TEXT, max_length=50),
        Field("appointed_on", "确定日期", FieldType.DATE, required=True, default=TODAY),
        Field("pledge", "已签订保密承诺书", FieldType.BOOL, default=True, searchable=False),
        Field("ended_on", "离岗日期", FieldType.DATE,
              help="调离涉密岗位的日期；离岗后按规定进入脱密期"),
        Field("note", "备注", FieldType.TEXT, max_length=200),
        Field("named_by", "确定人", FieldType.USER, hidden=True),
        stand_in_field(since=2),
        Field("named_at", "确定时间", FieldType.DATETIME, hidden=True, searchable=False),
    ),
    list_columns=("appointed_on", "person", "duty", "level", "post", "pledge", "ended_on",
                  "named_by"),
    ordering=(("appointed_on", False),),
    date_field="appointed_on",
    summary_field="person",
    validators=(_ended_after_start,),
    # 代行审批 recorded since version 2 (献县办法 第六十五条 AB角).
    version=2,
    workflow=Workflow(
        initial="proposed",
        states=(Choice("proposed", "待组长确定"), Choice("named", "已确定")),
        editable=("proposed", "named"),
        finished=("named",),
        steps=(Step("name", "确定", ("proposed",), "named", Permission.APPROVE, Action.APPROVE,
                    record=taken_by("named_by", "named_at")),),
    ),
    checks=(no_secrecy_officer,),
)

# -- 保密教育 (第五十五条) -------------------------------------------------------------

EDUCATION_FORMS = (
    Choice("study", "集中学习"),
    Choice("training", "专题培训"),
    Choice("warning", "警示教育"),
    Choice("test", "保密知识测试"),
    Choice("other", "其他"),
)

SECRECY_EDUCATION = LedgerDescription(
    id="secrecy_education",
    name="保密教育",
    chapter=CHAPTER,
    article="献县办法 第五十五条",
    register_name="保密教育登记簿",
    description="组长应加强保密教育（第五十五条）：登记每次教育的时间、形式、内容、参加人员。",
    fields=(
        Field("date", "日期", FieldType.DATE, required=True, default=TODAY),
        Field("form", "形式", FieldType.CHOICE, required=True, choices=EDUCATION_FORMS,
              default="study"),
        Field("topic", "主题", FieldType.TEXT, required=True, max_length=100),
        Field("host", "主持人或授课人", FieldType.TEXT, required=True, max_length=30),
        Field("attendees", "参加人员", FieldType.TEXT, required=True, max_length=300),
        Field("hours", "学时", FieldType.INTEGER, minimum=1, maximum=40, searchable=False),
        Field("content", "主要内容", FieldType.LONGTEXT, required=True, max_length=5000),
        Field("result", "效果及测试情况", FieldType.LONGTEXT, max_length=2000),
    ),
    list_columns=("date", "form", "topic", "host", "attendees", "hours"),
    ordering=(("date", False),),
    date_field="date",
    summary_field="topic",
    duties=(Duty(
        "secrecy_education_half", "每半年开展保密教育", "献县办法 第五十五条",
        Every("half"), counts=Counts("secrecy_education"),
        roles=frozenset({Role.LEADER, Role.SECRECY_OFFICER}),
        note="第五十五条要求加强保密教育，未规定次数；程序按每半年至少一次提示。"),),
)

# -- 涉密载体 (第五十八条) -------------------------------------------------------------

CARRIER_SOURCES = (
    Choice("received", "接收"),
    Choice("printed", "本组打印"),
    Choice("made", "本组制作"),
    Choice("copied", "经批准复制"),
    Choice("outside", "外出印制"),
    Choice("other", "其他"),
)
CARRIER_KINDS = (
    Choice("paper", "纸质文件"),
    Choice("pdf", "电子文件"),
    Choice("usb", "移动存储介质"),
    Choice("disc", "光盘"),
    Choice("device", "涉密计算机等设备"),
    Choice("other", "其他"),
)
LEVELS = (
    Choice("secret", "秘密"),
    Choice("confidential", "机密"),
)
DESTROY_METHODS = (
    Choice("office", "送县保密部门统一销毁"),
    Choice("shred", "涉密碎纸机粉碎"),
    Choice("wipe", "专用设备消磁或物理销毁"),
)
#: Kinds of material counted in copies (份号); media and devices carry a number instead.
_COPY_KINDS = ("paper",)


def copy_label(number: Any) -> str:
    """A 份号 as printed: six digits (GB/T 9704-2012 7.2.1)."""
    return f"{int(number):06d}"


def _copy_reads(number: Any, _values: Mapping[str, Any]) -> str:
    return copy_label(number)


def _carrier_complete(values: Mapping[str, Any]) -> dict[str, str]:
    out: dict[str, str] = {}
    if values.get("kind") in _COPY_KINDS and not values.get("copy_no"):
        out["copy_no"] = "纸质涉密文件应登记份号（第五十八条：接收、登记）"
    if values.get("source") == "received" and not values.get("issuer"):
        out["issuer"] = "接收的涉密载体应写明来文单位"
    total, number = values.get("copies_total"), values.get("copy_no")
    if total and number and number > total and values.get("source") == "received":
        out["copy_no"] = f"份号 {copy_label(number)} 大于来文份数 {total}，请核对"
    return out


def _printed_here(entry: EntryView, username: str) -> str | None:
    if not entry.values.get("print_seq"):
        return "“登记未印出”只适用于打印时自动登记的载体；其他载体请登记清退或申请销毁。"
    return None


def _proposer_is_not_approver(entry: EntryView, username: str) -> str | None:
    if entry.values.get("destroy_proposer") == username:
        return "申请销毁的人不能批准本人的销毁申请（献县办法 第五十八条），请由组长批准。"
    return None


def overdue_and_lost(records: Records, year: int) -> list[str]:
    """Carriers lent and not back by the agreed day, and printed copies whose
    registration was voided, so that the copy's whereabouts are unknown (第五十八条)."""
    out: list[str] = []
    today = records.now().date().isoformat()
    for e in records.find(CARRIER_LEDGER, statuses=("lent",), order=(("due_back", False),)):
        due = e.values.get("due_back")
        if due and due < today:
            out.append(f"涉密载体“{_short(e.values['title'])}”（份号 "
                       f"{_copy_of(e)}）借出逾期未归还（应于 {due} 归还，借用人 "
                       f"{e.values.get('borrower') or ''}，第五十八条）")
    for e in records.find(CARRIER_LEDGER, voided=True, where={"source": "printed"},
                          ranges={"registered_on": (f"{year}-01-01", f"{year}-12-31")}):
        out.append(f"打印件“{_short(e.values['title'])}”份号 {_copy_of(e)} 的载体登记已作废"
                   f"（{e.void_reason}），该份去向不明：请核实并登记清退或销毁（第五十八条）")
    return out


def _copy_of(e: EntryView) -> str:
    n = e.values.get("copy_no")
    return copy_label(n) if n else "无"


def _short(text: Any, limit: int = 30) -> str:
    s = " ".join(str(text or "").split())
    return s if len(s) <= limit else s[: limit - 1] + "…"


#: What a print registers of each copy (第五十八条 登记): never changed afterwards.
_PRINTED = ("copy_no", "source", "print_digest", "print_seq", "printer")


def _printed_copy_kept(records: Records, entry: EntryView | None,
                       values: Mapping[str, Any]) -> str | None:
    """A copy registered by a print keeps its 份号 and print: the register says which
    copy is where, as printed on it (第五十八条 接收、登记)."""
    if entry is None or not entry.values.get("print_seq"):
        return None
    changed = [f for f in _PRINTED if values.get(f) != entry.values.get(f)]
    if not changed:
        return None
    return (f"该载体由打印自动登记（份号 {_copy_of(entry)}），份号、来源和打印记录不能修改"
            "（第五十八条）；未印出的，由保密员办理“登记未印出”并写明原因。")


def _lend_dates(records: Records, entry: EntryView | None,
                values: Mapping[str, Any]) -> str | None:
    lent, due = values.get("lent_on"), values.get("due_back")
    if lent and due and due < lent[:10]:
        return "“应归还日期”不能早于借出时间。"
    back = values.get("returned_on")
    if lent and back and back < lent:
        return "归还时间不能早于借出时间。"
    return None


#: Enter once: a 降密/解密 review started from the entry it reviews (第五十五条).
def _review_of(entry: EntryView) -> dict[str, Any]:
    if not entry.classification.is_classified:
        raise RuleError("只有秘密级以上的条目需要审核降密、解密（第五十五条）。")
    return review_for(entry)


TO_REVIEW = Derivation("to_review", "审核密级（降密、解密）", REVIEW_LEDGER, _review_of)

CLASSIFIED_MEDIUM = LedgerDescription(
    id=CARRIER_LEDGER,
    name="涉密载体",
    chapter=CHAPTER,
    article="献县办法 第五十六–五十八条",
    register_name="涉密载体登记簿",
    description=(
        "涉密文件文档设备应明确专人负责管理，严格按照保密要求，做好接收、登记、查阅、保管、销毁"
        "等工作，严禁擅自复制、拍照、摘抄涉密文件文档，严禁对外借用涉密设备（第五十八条）。"
        "打印或另存秘密级以上的台账、文书时，程序按份自动登记，每份一个份号。"
    ),
    fields=(
        Field("registered_on", "登记日期", FieldType.DATE, required=True, default=TODAY),
        Field("source", "来源", FieldType.CHOICE, required=True, choices=CARRIER_SOURCES,
              default="received", width=6),
        Field("kind", "载体类型", FieldType.CHOICE, required=True, choices=CARRIER_KINDS,
              default="paper", width=7),
        Field("title", "载体名称", FieldType.TEXT, required=True, max_length=200,
              help="文件标题或介质、设备的名称"),
        Field("doc_number", "文号或编号", FieldType.TEXT, max_length=60),
        Field("issuer", "来文或制发单位", FieldType.TEXT, max_length=200),
        Field("copy_no", "份号", FieldType.INTEGER, minimum=1, maximum=999999,
              searchable=False, formatter=_copy_reads, width=8,
              help="纸质文件每份一个份号（GB/T 9704：六位数字）"),
        Field("copies_total", "份数", FieldType.INTEGER, minimum=1, maximum=9999,
              searchable=False, help="同一文件接收或印制的总份数"),
        Field("pages", "页数", FieldType.INTEGER, minimum=1, maximum=99999, searchable=False),
        Field("received_on", "接收日期", FieldType.DATE),
        Field("keeper", "保管人", FieldType.USER, required=True, default=CURRENT_USER),
        Field("location", "存放位置", FieldType.TEXT, required=True, max_length=60,
              default="派驻组保密柜"),
        # Filled by the print log (第五十八条 登记), never typed.
        Field("print_digest", "打印件内容摘要", FieldType.TEXT, hidden=True, searchable=False),
        Field("print_seq", "打印记录", FieldType.INTEGER, hidden=True, searchable=False),
        Field("printer", "打印机", FieldType.TEXT, hidden=True, searchable=False),
        Field("source_ledger", "来源台账", FieldType.TEXT, hidden=True, searchable=False),
        Field("source_id", "来源条目", FieldType.TEXT, hidden=True, searchable=False),
        # Recorded by the steps: 查阅, 归还, 清退, 销毁.
        Field("borrower", "查阅人", FieldType.TEXT, hidden=True, max_length=30),
        Field("lend_purpose", "查阅事由", FieldType.TEXT, hidden=True, max_length=200),
        Field("lent_on", "借出时间", FieldType.DATETIME, hidden=True, searchable=False),
        Field("due_back", "应归还日期", FieldType.DATE, hidden=True, searchable=False),
        Field("returned_on", "归还时间", FieldType.DATETIME, hidden=True, searchable=False),
        Field("handed_to", "清退接收单位", FieldType.TEXT, hidden=True, max_length=100),
        Field("handed_back_on", "清退日期", FieldType.DATE, hidden=True, searchable=False),
        Field("destroy_proposer", "申请销毁人", FieldType.USER, hidden=True),
        stand_in_field("propose_stand_in", "代行申请销毁", since=2),
        Field("destroy_reason", "销毁理由", FieldType.TEXT, hidden=True, max_length=200),
        Field("destroy_approver", "批准销毁人", FieldType.USER, hidden=True),
        stand_in_field("approve_stand_in", "代行批准销毁", since=2),
        Field("destroy_approved_at", "批准销毁时间", FieldType.DATETIME, hidden=True,
              searchable=False),
        Field("destroyed_on", "销毁日期", FieldType.DATE, hidden=True, searchable=False),
        Field("destroy_method", "销毁方式", FieldType.CHOICE, hidden=True,
              choices=DESTROY_METHODS),
        Field("destroy_witness", "监销人", FieldType.TEXT, hidden=True, max_length=30),
        Field("destroyed_by", "销毁登记人", FieldType.USER, hidden=True),
        stand_in_field("destroy_stand_in", "代行登记销毁", since=2),
        Field("not_printed_note", "未印出的原因", FieldType.TEXT, hidden=True, max_length=200,
              since=3),
    ),
    list_columns=("registered_on", "source", "kind", "title", "doc_number", "copy_no",
                  "keeper", "borrower", "returned_on", "destroyed_on", "destroy_witness"),
    ordering=(("registered_on", False), ("copy_no", False)),
    date_field="registered_on",
    summary_field="title",
    # The carrier's 密级 is the entry's own (秘密 unless marked 机密, 第五十八条).
    default_classification=Classification.SECRET,
    minimum_classification=Classification.SECRET,  # a 涉密载体 is 秘密 or higher
    validators=(_carrier_complete,),
    write_rules=(_lend_dates, _printed_copy_kept),
    # 代行申请销毁、批准销毁、登记销毁 recorded since version 2 (献县办法 第六十五条 AB角):
    # a field per step, so that each mark stays beside the person it qualifies.
    # 登记未印出 and its reason since version 3 (第五十八条).
    version=3,
    workflow=Workflow(
        initial="kept",
        states=(
            Choice("kept", "在库保管"),
            Choice("lent", "借出查阅中"),
            Choice("to_destroy", "待批准销毁"),
            Choice("destroy_approved", "已批准待销毁"),
            Choice("destroyed", "已销毁"),
            Choice("handed_back", "已清退"),
            Choice("not_printed", "未印出"),
        ),
        editable=("kept",),
        finished=("destroyed", "handed_back", "not_printed"),
        # Out of the office or about to be destroyed: only a step closes it (第五十八条).
        unvoidable=("lent", "destroy_approved", "destroyed", "not_printed"),
        steps=(
            Step("lend", "登记查阅", ("kept",), "lent", Permission.KEEP_CLASSIFIED, Action.STEP,
                 asks=("borrower", "lend_purpose", "lent_on", "due_back"),
                 clears=("returned_on",)),
            Step("give_back", "登记归还", ("lent",), "kept", Permission.KEEP_CLASSIFIED,
                 Action.STEP, asks=("returned_on",)),
            Step("hand_back", "登记清退", ("kept",), "handed_back", Permission.KEEP_CLASSIFIED,
                 Action.STEP, asks=("handed_to", "handed_back_on")),
            Step("propose_destroy", "申请销毁", ("kept",), "to_destroy",
                 Permission.KEEP_CLASSIFIED, Action.STEP, note_required=True,
                 note_label="销毁理由",
                 record=taken_by("destroy_proposer", note="destroy_reason",
                                 stand_in="propose_stand_in")),
            Step("approve_destroy", "批准销毁", ("to_destroy",), "destroy_approved",
                 Permission.APPROVE, Action.APPROVE, guard=_proposer_is_not_approver,
                 record=taken_by("destroy_approver", "destroy_approved_at",
                                 stand_in="approve_stand_in")),
            Step("reject_destroy", "不批准销毁", ("to_destroy",), "kept", Permission.APPROVE,
                 Action.REJECT, note_required=True, note_label="不批准的理由",
                 guard=_proposer_is_not_approver,
                 clears=("destroy_proposer", "destroy_reason", "propose_stand_in")),
            Step("destroy", "登记销毁", ("destroy_approved",), "destroyed",
                 Permission.KEEP_CLASSIFIED, Action.STEP,
                 asks=("destroyed_on", "destroy_method", "destroy_witness"),
                 record=taken_by("destroyed_by", stand_in="destroy_stand_in")),
            # Copies are registered before the printer runs (第五十八条): one it never
            # gave out is closed with the reason, by the 保密员, not voided.
            Step("not_printed", "登记未印出", ("kept",), "not_printed",
                 Permission.KEEP_CLASSIFIED, Action.STEP, note_required=True,
                 note_label="未印出的原因", record={"not_printed_note": NOTE},
                 guard=_printed_here, task=False, article="献县办法 第五十八条"),
        ),
    ),
    checks=(overdue_and_lost,),
    derivations=(TO_REVIEW,),
    links=(Link("source_id", "来源条目", ledger_field="source_ledger"),),
    duties=(Duty(
        "classified_medium_return", "借出的涉密载体按期归还", "献县办法 第五十八条",
        # The latest loan of each carrier (an earlier one stays in its history).
        After(CARRIER_LEDGER, start_field="lent_on", due_field="due_back",
              done_field="returned_on"),
        roles=frozenset({Role.SECRECY_OFFICER})),),
)

# -- 外出印制涉密材料 (第五十六条) ------------------------------------------------------


def _outside_unit_named(values: Mapping[str, Any]) -> dict[str, str]:
    unit = values.get("approved_unit") or ""
    if any(word in unit for word in _UNAPPROVED):
        return {"approved_unit": "确需到办公场所外印制涉密材料的，应到经保密部门审批的单位进行"
                                 "（第五十六条），不能在驻在部门或社会打印店印制"}
    return {}


#: Places 第五十六条 rules out: the host unit's equipment, a public copy shop.
_UNAPPROVED = ("驻在部门", "打印店", "复印店", "图文")


OUTSIDE_PRINTING = LedgerDescription(
    id="outside_printing",
    name="外出印制涉密材料",
    chapter=CHAPTER,
    article="献县办法 第五十六条",
    register_name="外出印制涉密材料审批登记簿",
    description=(
        "处理涉密文件应使用涉密电脑、打印机、复印机等设备，不得与驻在部门混用。确需到办公场所外"
        "印制涉密材料的，应到经保密部门审批的单位进行（第五十六条）。经组长批准后印制，"
        "印制完成后回收全部成品、废页，成品登记为涉密载体。"
    ),
    fields=(
        Field("requested_at", "申请时间", FieldType.DATETIME, required=True, default=TODAY),
        Field("material", "印制材料", FieldType.TEXT, required=True, max_length=200),
        Field("level", "材料密级", FieldType.CHOICE, required=True, choices=LEVELS,
              default="secret"),
        Field("copies", "印制份数", FieldType.INTEGER, required=True, minimum=1, maximum=9999,
              searchable=False),
        Field("approved_unit", "印制单位（经保密部门审批）", FieldType.TEXT, required=True,
              max_length=100, help="应到经保密部门审批的单位印制（第五十六条）"),
        Field("unit_licence", "保密资质证书编号", FieldType.TEXT, max_length=60),
        Field("reason", "外出印制理由", FieldType.LONGTEXT, required=True, max_length=1000,
              help="说明本组涉密设备不能完成的原因"),
        Field("requester", "申请人", FieldType.USER, required=True, default=CURRENT_USER),
        Field("approver", "批准人", FieldType.USER, hidden=True),
        stand_in_field(since=2),
        Field("approved_at", "批准时间", FieldType.DATETIME, hidden=True, searchable=False),
        Field("approval_note", "审批意见", FieldType.TEXT, hidden=True),
        Field("printed_on", "印制日期", FieldType.DATE, hidden=True, searchable=False),
        Field("recovered", "回收情况", FieldType.TEXT, hidden=True, max_length=200),
    ),
    list_columns=("requested_at", "material", "level", "copies", "approved_unit",
                  "requester", "approver", "printed_on", "recovered"),
    ordering=(("requested_at", False),),
    date_field="requested_at",
    summary_field="material",
    default_classification=Classification.INTERNAL,
    validators=(_outside_unit_named,),
    # 代行审批 recorded since version 2 (献县办法 第六十五条 AB角).
    version=2,
    workflow=Workflow(
        initial="requested",
        requester="requester",
        states=(
            Choice("requested", "待审批"),
            Choice("approved", "已批准待印制"),
            Choice("printed", "已印制回收"),
            Choice("rejected", "未批准"),
        ),
        editable=("requested",),
        finished=("printed", "rejected"),
        steps=(
            *leader_decision("到办公场所外印制涉密材料须经批准，第五十六条",
                             stand_in_field="stand_in"),
            Step("printed", "登记印制回收", ("approved",), "printed", Permission.KEEP_CLASSIFIED,
                 Action.STEP, asks=("printed_on", "recovered")),
        ),
    ),
)

# -- 降密/解密 审核 -----------------------------------------------------------------

DECISIONS = (
    Choice("keep", "维持原密级"),
    Choice("extend", "延长保密期限"),
    Choice("downgrade", "降低密级"),
    Choice("declassify", "解除密级"),
)


#: 解除密级: the entry becomes 非密 (the program's name for what is not classified).
DECLASSIFIED = Classification.UNCLASSIFIED
_MARKING = re.compile(r"\s*(非密|公开|内部|秘密|机密)?\s*(?:★\s*)?([0-9]{1,2}(?:年|个月)|长期)?\s*")


def read_term(text: Any, original: Any = "") -> tuple[Classification, str] | None:
    """``秘密★5年`` → (秘密, 5年); ``内部`` → (内部, ""); ``15年`` → the original 密级 with
    15年. None when the text does not read as a 密级 and 保密期限."""
    m = _MARKING.fullmatch(str(text or ""))
    if m is None or not (m.group(1) or m.group(2)):
        return None
    level = m.group(1) or str(original or "").partition("★")[0]
    try:
        cls = DECLASSIFIED if level == "公开" else Classification.parse(level)
    except ValueError:
        return None
    return cls, (m.group(2) or "") if cls.is_classified else ""


def decided(values: Mapping[str, Any]) -> tuple[Classification, str] | None:
    """The reviewed entry's 密级 and 保密期限 after an approved review (None: kept as
    they are): 解除密级 → 非密; 降低密级 and 延长保密期限 → what ``new_term`` says, the
    new 保密期限 counted, like the first, from the day the 密级 was fixed."""
    decision = values.get("decision")
    if decision == "declassify":
        return DECLASSIFIED, ""
    if decision in ("extend", "downgrade"):
        return read_term(values.get("new_term"), values.get("original"))
    return None


def _decision_complete(values: Mapping[str, Any]) -> dict[str, str]:
    if not (values.get("entry_ledger") and values.get("entry_id")):
        return {"entry_title": "请在需要审核的条目上使用“审核密级（降密、解密）”登记，"
                               "以便与该条目相互关联"}
    decision = values.get("decision")
    if decision not in ("extend", "downgrade"):
        return {}
    if not values.get("new_term"):
        return {"new_term": "延长保密期限或降低密级的，写明新的密级和保密期限"}
    new = read_term(values.get("new_term"), values.get("original"))
    old = read_term(values.get("original"))
    if new is None or old is None:
        return {"new_term": "“变更后的密级和保密期限”应写作“秘密★5年”“内部”或“15年”"}
    if decision == "extend" and (new[0] != old[0] or not lowers(*new, *old)):
        return {"new_term": f"延长保密期限的，密级仍为“{old[0].value}”，期限应长于原来的"
                            f"“{old[1]}”（自定密日期起计算），如“{old[0].value}★{_longer(old[1])}”"}
    if decision == "downgrade" and new[0].rank >= old[0].rank:
        return {"new_term": f"降低密级的，变更后的密级应低于原来的“{old[0].value}”"}
    if new[0].is_classified:
        if not new[1]:
            return {"new_term": f"{new[0].value}级应写明保密期限，如“{new[0].value}★5年”"}
        start, day = values.get("term_start"), values.get("reviewed_on")
        end = term_end(dt.date.fromisoformat(str(start)[:10]), new[1]) if start else None
        if end is not None and day and end.isoformat() <= str(day)[:10]:
            return {"new_term": f"新的保密期限自定密日期 {str(start)[:10]} 起计算，至 "
                                f"{end.isoformat()} 已届满，请写明更长的期限"}
    return {}


def _longer(term: str) -> str:
    m = _TERM.fullmatch(term or "")
    return f"{int(m.group(1)) * 2}{m.group(2)}" if m else "长期"


def expired_terms(records: Records, year: int) -> list[str]:
    """Entries of every ledger whose 保密期限 has run out by today (or by the end of
    ``year``, if earlier) and that no approved 降密/解密 review has yet decided: the
    保密员's queue (第五十五条; 保密法 第十九条 保密期限届满自行解密 needs a check)."""
    today = records.now().date()
    horizon = min(today, dt.date(year, 12, 31))
    reviewed = {(str(e.values.get("entry_ledger")), str(e.values.get("entry_id")),
                 str(e.values.get("term_end")))
                for e in records.find(REVIEW_LEDGER, statuses=("approved",))}
    out: list[str] = []
    classified = (Classification.SECRET, Classification.CONFIDENTIAL)
    for ledger_id in records.ledger_ids():
        for e in records.find(ledger_id, classifications=classified):
            if e.status in ("destroyed", "handed_back"):
                continue
            end = term_end(entry_start(e), e.retention)
            if end is None or end > horizon:
                continue
            if (ledger_id, e.id, end.isoformat()) in reviewed:
                continue
            name = getattr(getattr(e, "ledger", None), "name", ledger_id)
            out.append(f"{name}“{_short(_summary(e))}”（{e.classification.value}★"
                       f"{e.retention}）保密期限已于 {end.isoformat()} 届满，请保密员审核"
                       "维持、降密或解密（第五十五条）")
    return out


def _summary(e: EntryView) -> str:
    summary = getattr(e, "summary", None)
    return str(summary) if summary else e.id[:8]


def review_for(entry: EntryView, ledger_id: str = "") -> dict[str, Any]:
    """The values of a new 降密/解密 review of ``entry`` (its term counted to a day):
    the 保密员 starts it from the entry with one action (enter once)."""
    ledger_id = ledger_id or str(getattr(getattr(entry, "ledger", None), "id", ""))
    start = entry_start(entry)
    end = term_end(start, entry.retention)
    return {
        "entry_ledger": ledger_id,
        "entry_id": entry.id,
        "entry_title": _short(_summary(entry), 200),
        "original": f"{entry.classification.value}★{entry.retention}",
        "term_start": start.isoformat(),
        "term_end": end.isoformat() if end else None,
    }


def _review_steps() -> tuple[Step, Step]:
    """批准 changes the reviewed entry's 密级 in the same transaction; 不批准 leaves it."""
    approve, reject = leader_decision("密级变更由组长批准，第五十五条",
                                      stand_in_field="stand_in")
    return (replace(approve, reclassifies=Reclassifies(
        "entry_ledger", "entry_id", decided, "献县办法 第五十五条",
        found=lambda values: read_term(values.get("original")))), reject)


CLASSIFICATION_REVIEW = LedgerDescription(
    id=REVIEW_LEDGER,
    name="降密解密审核",
    chapter=CHAPTER,
    article="献县办法 第五十五条",
    register_name="密级变更（降密解密）审核登记簿",
    description=(
        "保密期限自确定密级之日起计算，期限届满的条目由保密员逐条审核，提出维持、延长、降密或"
        "解密意见，报组长批准（第五十五条：组长履行保密工作第一责任人责任）。组长批准时，程序"
        "即按审核意见变更该条目的密级和保密期限，并在该条目的历史记录中注明依据的审核；"
        "其他任何途径都不能降低密级或缩短保密期限。"
    ),
    fields=(
        Field("reviewed_on", "审核日期", FieldType.DATE, required=True, default=TODAY),
        # The reviewed entry (a link, filled by the 审核密级 action on that entry).
        Field("entry_ledger", "所在台账", FieldType.TEXT, hidden=True, max_length=40,
              searchable=False),
        Field("entry_id", "条目编号", FieldType.TEXT, hidden=True, max_length=40,
              searchable=False),
        Field("entry_title", "条目名称", FieldType.TEXT, required=True, max_length=200),
        Field("original", "原密级及保密期限", FieldType.TEXT, required=True, max_length=30),
        Field("term_start", "定密日期", FieldType.DATE, required=True),
        Field("term_end", "保密期限届满日", FieldType.DATE),
        Field("decision", "审核意见", FieldType.CHOICE, required=True, choices=DECISIONS),
        Field("new_term", "变更后的密级和保密期限", FieldType.TEXT, max_length=30,
              help="如“内部”“秘密★5年”；延长期限可只写“15年”。新的保密期限与原期限一样"
                   "自定密日期起计算。组长批准后，程序即按此变更该条目的密级"),
        Field("reason", "理由", FieldType.LONGTEXT, required=True, max_length=1000),
        Field("reviewer", "审核人", FieldType.USER, required=True, default=CURRENT_USER),
        Field("approver", "批准人", FieldType.USER, hidden=True),
        stand_in_field(since=2),
        Field("approved_at", "批准时间", FieldType.DATETIME, hidden=True, searchable=False),
        Field("approval_note", "审批意见", FieldType.TEXT, hidden=True),
    ),
    list_columns=("reviewed_on", "entry_title", "original", "term_end", "decision",
                  "new_term", "reviewer", "approver"),
    ordering=(("reviewed_on", False),),
    date_field="reviewed_on",
    summary_field="entry_title",
    validators=(_decision_complete,),
    # 代行审批 recorded since version 2 (献县办法 第六十五条 AB角).
    version=2,
    workflow=Workflow(
        initial="requested",
        requester="reviewer",
        states=(Choice("requested", "待组长批准"), Choice("approved", "已批准"),
                Choice("rejected", "未批准")),
        editable=("requested",),
        finished=("approved", "rejected"),
        steps=_review_steps(),
    ),
    checks=(expired_terms,),
    links=(Link("entry_id", "审核的条目", ledger_field="entry_ledger"),),
)


#: 第十四章, in navigation order.
LEDGERS = (CLASSIFIED_MEDIUM, SECRECY_STAFF, SECRECY_EDUCATION, OUTSIDE_PRINTING,
           CLASSIFICATION_REVIEW)

"""Documents of the branch, study and talk ledgers, in GB/T 9704 layout.

- 谈话记录 (献县办法 第四十七条; 濮阳·谈话 第十七条, 第二十条): who talked to whom,
  when, where, why, what was said and the person's answer, with lines for the
  signatures of the person talked to, the talker and the recorder (第二十条:
  并由本人签字).
- 谈话方案 (献县办法 第四十七条: 制定谈话方案，列出谈话提纲) of a 提醒谈话, with the
  组长's 审定.
- 学习季报 (献县办法 第三十一条): the quarter's written report to the 机关党支部.
- 《干部调离情况廉政登记表》 (濮阳·谈话 第九条) and the 廉洁承诺书 (第十二条: 领导干部
  本人作出书面廉洁承诺), each with its signature lines.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from paizhu_desktop.core.errors import RuleError, ValidationError
from paizhu_desktop.core.printing.context import job_fonts
from paizhu_desktop.core.printing.document import (
    Block,
    Document,
    Heading1,
    KeyValueTable,
    Paragraph,
    SignatureLines,
    body_blocks,
    render_document,
)
from paizhu_desktop.core.printing.jobs import PrintJob, new_job
from paizhu_desktop.core.progress import Progress

if TYPE_CHECKING:
    from paizhu_desktop.core.ledgers.entry import Entry
    from paizhu_desktop.core.session import UserSession


#: Per talk ledger: the title, the facts in the table head (fields), and the
#: sections of the record (fields), in the order 濮阳·谈话 第二十条 lists them.
TALK_LAYOUTS: dict[str, tuple[str, tuple[str, ...], tuple[str, ...]]] = {
    "care_talk": ("谈心谈话记录",
                  ("person", "post", "talker", "recorder", "date", "place", "kind", "trigger"),
                  ("situation", "suggestions", "problems", "follow_up")),
    "reminder_talk": ("提醒谈话记录",
                      ("person", "post", "talker", "talker_post", "recorder", "talked_at",
                       "place", "source"),
                      ("problem", "record", "statement")),
    "pre_appointment_talk": ("任前廉政谈话记录",
                             ("persons", "talker", "talker_post", "recorder", "date", "place",
                              "form"),
                             ("content", "requirements", "response")),
    "accountability_talk": ("督责约谈记录",
                            ("person", "post", "talker", "talker_post", "recorder", "date",
                             "place", "reason"),
                            ("content", "problems", "requirements", "response")),
    "admonition_talk": ("诫勉谈话记录",
                        ("person", "post", "talker", "talker_post", "recorder",
                         "recorder_post", "talked_at", "place", "decision_no", "ground",
                         "explanation_due"),
                        ("profile", "reason", "record", "requirements")),
}


def _date(iso: str | None) -> dt.date:
    return dt.date.fromisoformat(iso[:10]) if iso else dt.date.today()


def talk_record(session: UserSession, *, ledger_id: str, entry_id: str | None,
                progress: Progress | None = None, **_period: Any) -> PrintJob:
    """《谈话记录》 of one talk, with the signature lines (濮阳·谈话 第二十条)."""
    layout = TALK_LAYOUTS.get(ledger_id)
    if layout is None:
        raise ValidationError({"ledger": "谈话记录应从谈话类台账的条目打印"})
    if not entry_id:
        raise ValidationError({"id": "打印谈话记录须指定条目（--id）"})
    entry = session.ledgers.get(ledger_id, entry_id)
    if entry.voided:
        raise RuleError("已作废的条目不能打印谈话记录。")
    desc = session.catalog.ledger(ledger_id)
    title, head, sections = layout
    v = entry.values
    rows = [(desc.field(n).label, desc.display(n, v)) for n in head if desc.display(n, v)]
    blocks: list[Block] = [KeyValueTable(rows)]
    numerals = "一二三四五六七八九十"
    shown = [n for n in sections if desc.display(n, v)]
    for i, name in enumerate(shown):
        blocks.append(Heading1(f"{numerals[i]}、{desc.field(name).label}"))
        blocks += body_blocks(desc.display(name, v))
    if not shown:
        blocks.append(Paragraph("（谈话情况尚未登记）"))
    if v.get("signed_on"):
        blocks.append(Paragraph(f"被谈话人已于{_cn_date(v['signed_on'])}阅读本记录并签字确认。"))
    # Short labels: the engine's signature line holds about five characters of label.
    blocks.append(Paragraph("签字：", indent=False))
    blocks.append(SignatureLines(["被谈话人", "谈话人", "记录人"]))
    job = new_job(session, f"{title}（{desc.summary(v, 20)}）", ledger_id, "谈话记录", [entry],
                  {"ids": [entry.id]}, paper="谈话记录")
    day = v.get("talked_at") or v.get("date") or v.get("decided_on")
    doc = Document(title=title, marking=job.marking, blocks=blocks, date=_date(day),
                   issuer=session.group_name)
    return render_document(doc, job, job_fonts(session), progress=progress)


def talk_plan(session: UserSession, *, ledger_id: str, entry_id: str | None,
              progress: Progress | None = None, **_period: Any) -> PrintJob:
    """《提醒谈话方案》: the problem, the plan and the outline (献县办法 第四十七条)."""
    if ledger_id != "reminder_talk":
        raise ValidationError({"ledger": "谈话方案从“提醒谈话”台账打印"})
    if not entry_id:
        raise ValidationError({"id": "打印谈话方案须指定条目（--id）"})
    entry = session.ledgers.get(ledger_id, entry_id)
    if entry.voided:
        raise RuleError("已作废的条目不能打印谈话方案。")
    desc = session.catalog.ledger(ledger_id)
    v = entry.values
    head = ("person", "post", "source", "planned_on", "talker", "talker_post", "recorder")
    rows = [(desc.field(n).label, desc.display(n, v)) for n in head if desc.display(n, v)]
    blocks: list[Block] = [KeyValueTable(rows)]
    for i, name in enumerate(("problem", "plan", "outline")):
        blocks.append(Heading1(f"{'一二三'[i]}、{desc.field(name).label}"))
        blocks += body_blocks(desc.display(name, v))
    if v.get("plan_approved_at"):
        note = f"，意见：{v['plan_note']}" if v.get("plan_note") else ""
        blocks.append(Paragraph(f"组长已于{_cn_date(v['plan_approved_at'])}审定本方案{note}。"))
    job = new_job(session, f"提醒谈话方案（{desc.summary(v, 20)}）", ledger_id, "谈话方案",
                  [entry], {"ids": [entry.id]}, paper="谈话方案")
    doc = Document(title="提醒谈话方案", marking=job.marking, blocks=blocks,
                   date=_date(v.get("plan_approved_at") or v.get("planned_on")),
                   issuer=session.group_name)
    return render_document(doc, job, job_fonts(session), progress=progress)


def _one_entry(session: UserSession, ledger_id: str, entry_id: str | None, wanted: str,
               what: str) -> Entry:
    if ledger_id != wanted:
        name = session.catalog.ledger(wanted).name
        raise ValidationError({"ledger": f"{what}从“{name}”台账打印"})
    if not entry_id:
        raise ValidationError({"id": f"打印{what}须指定条目（--id）"})
    entry = session.ledgers.get(ledger_id, entry_id)
    if entry.voided:
        raise RuleError(f"已作废的条目不能打印{what}。")
    return entry


def transfer_form(session: UserSession, *, ledger_id: str, entry_id: str | None,
                  progress: Progress | None = None, **_period: Any) -> PrintJob:
    """《干部调离情况廉政登记表》, filled by the old unit (濮阳·谈话 第九条)."""
    entry = _one_entry(session, ledger_id, entry_id, "transfer_register", "调离登记表")
    desc = entry.ledger
    v = entry.values
    rows = [(f.label, desc.display(f.name, v)) for f in desc.visible_fields]
    blocks: list[Block] = [
        KeyValueTable(rows),
        Paragraph("以上情况属实，报上级纪委和组织部门（濮阳·谈话 第九条）。"),
        SignatureLines(["填表人", "单位负责人", "单位盖章"]),
    ]
    job = new_job(session, f"干部调离情况廉政登记表（{desc.summary(v, 20)}）", ledger_id,
                  "调离登记表", [entry], {"ids": [entry.id]}, paper="干部调离情况廉政登记表")
    # A form: the unit signs and stamps on its lines, there is no 落款 below them.
    doc = Document(title="干部调离情况廉政登记表", marking=job.marking, blocks=blocks)
    return render_document(doc, job, job_fonts(session), progress=progress)


def pledge_form(session: UserSession, *, ledger_id: str, entry_id: str | None,
                progress: Progress | None = None, **_period: Any) -> PrintJob:
    """The 廉洁承诺书 the leader signs himself (濮阳·谈话 第十二条)."""
    entry = _one_entry(session, ledger_id, entry_id, "integrity_pledge", "廉洁承诺书")
    v = entry.values
    blocks: list[Block] = [
        Paragraph(f"本人{v.get('person') or ''}（{v.get('post') or ''}），"
                  "已按规定报告以下重大事项："),
        *body_blocks(v.get("matter") or ""),
        Paragraph("对组织提出的纪律要求：", indent=True),
        *body_blocks(v.get("requirements") or ""),
        Paragraph("本人郑重承诺：", indent=True),
        *body_blocks(v.get("pledge") or ""),
        SignatureLines(["承诺人", "谈话人"]),
    ]
    job = new_job(session, f"廉洁承诺书（{v.get('person') or ''}）", ledger_id, "廉洁承诺书",
                  [entry], {"ids": [entry.id]}, paper="廉洁承诺书")
    doc = Document(title="廉洁承诺书", marking=job.marking, blocks=blocks,
                   date=_date(v.get("date")), issuer=v.get("person") or "")
    return render_document(doc, job, job_fonts(session), progress=progress)


def _cn_date(iso: str) -> str:
    d = _date(iso)
    return f"{d.year}年{d.month}月{d.day}日"


def study_report(session: UserSession, *, ledger_id: str, entry_id: str | None,
                 progress: Progress | None = None, **_period: Any) -> PrintJob:
    """《学习季报》 of one quarter, addressed to the 机关党支部 (献县办法 第三十一条)."""
    if ledger_id != "study_report":
        raise ValidationError({"ledger": "学习季报从“学习季报”台账打印"})
    if not entry_id:
        raise ValidationError({"id": "打印学习季报须指定条目（--id）"})
    entry = session.ledgers.get(ledger_id, entry_id)
    if entry.voided:
        raise RuleError("已作废的条目不能打印。")
    v = entry.values
    blocks: list[Block] = [Paragraph(f"{v.get('recipient') or '机关党支部'}：", indent=False)]
    blocks += body_blocks(v.get("content") or "")
    blocks.append(Paragraph("特此报告。"))
    title = v.get("title") or "学习情况报告"
    job = new_job(session, title, ledger_id, "学习季报", [entry], {"ids": [entry.id]},
                  paper="学习季报")
    doc = Document(title=title, marking=job.marking, blocks=blocks,
                   date=_date(v.get("sent_at") or v.get("reviewed_at") or v.get("period_end")),
                   issuer=session.group_name)
    return render_document(doc, job, job_fonts(session), progress=progress)


#: Registered in :data:`paizhu_desktop.core.printing.documents.DOCUMENTS`.
BRANCH_DOCUMENTS: dict[str, Callable[..., PrintJob]] = {
    "谈话记录": talk_record,
    "谈话方案": talk_plan,
    "学习季报": study_report,
    "调离登记表": transfer_form,
    "廉洁承诺书": pledge_form,
}

"""The documents of 献县办法 第二、三、八、九、十章, built from one entry each, in
GB/T 9704-2012 layout (:mod:`paizhu_desktop.core.printing.document`):

- 工作汇报 to the 县纪委常委会 (第四条);
- 一函两书: 监督提醒函、纪律检查建议书、监察建议书 (第十二条);
- 调研报告 (第三十七条);
- 请示 and 报告 to the county commission, one matter each (第三十九–四十条);
- 重要事项通报 to the host unit's party group (第四十一–四十三条).

Each names its 主送 on the first line, prints the entry's text (lines
beginning 一、 and （一） as headings), and closes with the group's name and
the date — the 签发 time where the entry has one.
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
    Paragraph,
    body_blocks,
    render_document,
)
from paizhu_desktop.core.printing.jobs import PrintJob, new_job, written_date
from paizhu_desktop.core.progress import Progress

if TYPE_CHECKING:
    from paizhu_desktop.core.ledgers.entry import Entry
    from paizhu_desktop.core.session import UserSession


def _entry(session: UserSession, ledger_id: str, entry_id: str | None, expected: str,
           document: str) -> Entry:
    if ledger_id != expected:
        name = session.catalog.ledger(expected).name
        raise ValidationError({"ledger": f"“{document}”从“{name}”台账打印"})
    if not entry_id:
        raise ValidationError({"id": f"打印{document}须指定条目（--id）"})
    entry = session.ledgers.get(ledger_id, entry_id)
    if entry.voided:
        raise RuleError("已作废的条目不能印发。")
    return entry


def _date(*isos: Any) -> dt.date:
    """The first of these ISO dates or times that is filled, else today."""
    for iso in isos:
        if iso:
            return dt.date.fromisoformat(str(iso)[:10])
    return dt.date.today()


def _render(session: UserSession, entry: Entry, ledger_id: str, kind: str, title: str,
            blocks: list[Block], date: dt.date, subtitle: str = "",
            progress: Progress | None = None) -> PrintJob:
    job = new_job(session, f"{title}（{written_date(date)}）", ledger_id, kind, [entry],
                  {"ids": [entry.id]}, paper=kind)
    doc = Document(title=title, subtitle=subtitle, marking=job.marking, blocks=blocks,
                   date=date, issuer=session.group_name)
    return render_document(doc, job, job_fonts(session), progress=progress)


def _addressee(name: str) -> list[Block]:
    return [Paragraph(f"{name}：", indent=False)] if name else []


def work_report(session: UserSession, *, ledger_id: str, entry_id: str | None,
                progress: Progress | None = None, **_period: Any) -> PrintJob:
    """The half-year 工作汇报 to the 县纪委常委会 (第四条)."""
    entry = _entry(session, ledger_id, entry_id, "work_report", "工作汇报")
    v = entry.values
    blocks = [*_addressee("县纪委常委会"), *body_blocks(v.get("content") or "")]
    return _render(session, entry, ledger_id, "工作汇报", v.get("title") or "工作情况汇报",
                   blocks, _date(v.get("heard_on")), progress=progress)


def supervision_letter(session: UserSession, *, ledger_id: str, entry_id: str | None,
                       progress: Progress | None = None, **_period: Any) -> PrintJob:
    """监督提醒函、纪律检查建议书 or 监察建议书 (第十二条), with the reply deadline."""
    entry = _entry(session, ledger_id, entry_id, "supervision_letter", "一函两书")
    v = entry.values
    desc = session.catalog.ledger(ledger_id)
    kind = desc.display("kind", v)
    due = written_date(_date(v.get("reply_due")))
    blocks: list[Block] = [
        *_addressee(v.get("receiver") or ""),
        Paragraph(f"我组在日常监督中发现，{v.get('subject') or ''}方面存在以下问题："),
        *body_blocks(v.get("problem") or ""),
        Paragraph("为推动问题整改，提出如下要求和建议："),
        *body_blocks(v.get("requests") or ""),
        Paragraph(f"请于{due}前将整改落实情况书面回复我组。"),
    ]
    return _render(session, entry, ledger_id, "一函两书", kind, blocks,
                   _date(v.get("signed_at"), v.get("issued_on")),
                   subtitle=v.get("number") or "", progress=progress)


def research_report(session: UserSession, *, ledger_id: str, entry_id: str | None,
                    progress: Progress | None = None, **_period: Any) -> PrintJob:
    """The 调研报告 (第三十七条: 调研结束应形成调研报告)."""
    entry = _entry(session, ledger_id, entry_id, "research_report", "调研报告")
    v = entry.values
    return _render(session, entry, ledger_id, "调研报告", v.get("title") or "调研报告",
                   body_blocks(v.get("content") or ""), _date(v.get("finished_on")),
                   progress=progress)


def request_report(session: UserSession, *, ledger_id: str, entry_id: str | None,
                   progress: Progress | None = None, **_period: Any) -> PrintJob:
    """A 请示 or 报告 of one matter (第四十条: 一事一请示、一事一报告), with 联系人."""
    entry = _entry(session, ledger_id, entry_id, "request_report", "请示报告")
    v = entry.values
    blocks: list[Block] = [*_addressee(v.get("recipient") or ""),
                           *body_blocks(v.get("content") or "")]
    if v.get("kind") == "request" and "请批示" not in (v.get("content") or ""):
        blocks.append(Paragraph("妥否，请批示。"))
    names = {u.username: u.display_name for u in session.list_users()}
    drafter = v.get("drafter") or ""
    blocks.append(Paragraph(f"（联系人：{names.get(drafter, drafter)}）"))
    kind = "请示" if v.get("kind") == "request" else "报告"
    return _render(session, entry, ledger_id, kind, v.get("title") or kind, blocks,
                   _date(v.get("signed_at"), v.get("drafted_on")), progress=progress)


def notification(session: UserSession, *, ledger_id: str, entry_id: str | None,
                 progress: Progress | None = None, **_period: Any) -> PrintJob:
    """A written 重要事项通报 to the host unit's party group (第四十二–四十三条)."""
    entry = _entry(session, ledger_id, entry_id, "notification", "重要事项通报")
    v = entry.values
    title = v.get("document_title") or f"关于{v.get('title') or ''}的通报"
    blocks = [*_addressee(v.get("host_unit") or ""), *body_blocks(v.get("content") or "")]
    return _render(session, entry, ledger_id, "重要事项通报", title, blocks,
                   _date(v.get("notified_on")), subtitle=v.get("document_no") or "",
                   progress=progress)


#: Document name (as the ledgers declare it) → maker.
DOCUMENTS: dict[str, Callable[..., PrintJob]] = {
    "工作汇报": work_report,
    "一函两书": supervision_letter,
    "调研报告": research_report,
    "请示报告": request_report,
    "重要事项通报": notification,
}

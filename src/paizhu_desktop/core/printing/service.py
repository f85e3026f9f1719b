"""Printing for one logged-in user: choose the entries, render, and log.

The GUI and the CLI both call these; each returns a :class:`PrintJob` held in
memory. Nothing is logged until the job is printed or saved
(:func:`~paizhu_desktop.core.printing.jobs.record_print`). Rendering reports
its progress page by page and can be cancelled between pages
(:class:`~paizhu_desktop.core.progress.Progress`); a cancelled job leaves nothing.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from paizhu_desktop.core.errors import NotFoundError
from paizhu_desktop.core.printing.context import font_overrides, job_fonts, period
from paizhu_desktop.core.printing.documents import DOCUMENTS
from paizhu_desktop.core.printing.jobs import PrintJob, new_job
from paizhu_desktop.core.printing.register import render_register, user_names_of
from paizhu_desktop.core.printing.supervision_documents import DOCUMENTS as SUPERVISION
from paizhu_desktop.core.progress import Progress, quiet

if TYPE_CHECKING:
    from paizhu_desktop.core.session import UserSession


def print_register(session: UserSession, ledger_id: str, *, year: int | None = None,
                   month: int | None = None, half: int | None = None,
                   include_voided: bool = True, progress: Progress | None = None) -> PrintJob:
    """The ledger's register (登记簿) for a period, entries in the ledger's own order.

    Voided entries are printed too, marked 已作废 with the reason: a register shows
    everything that was recorded (DOMAIN §3).
    """
    progress = quiet(progress)
    desc = session.catalog.ledger(ledger_id)
    date_from, date_to, label = period(year, month, half)
    query = {"date_from": date_from, "date_to": date_to, "include_voided": include_voided}
    progress.report(0, 0, "正在读取条目…")
    entries = session.ledgers.list(ledger_id, date_from=date_from, date_to=date_to,
                                   include_voided=include_voided)
    name = desc.register_name or f"{desc.name}登记簿"
    job = new_job(session, f"{name}（{label}）", ledger_id, "register", entries,
                  {k: v for k, v in query.items() if v}, paper=name, period_label=label)
    progress.check()
    return render_register(job, desc, job_fonts(session), group=session.group_name,
                           year_label=label, printed_by=session.user.display_name,
                           user_names=user_names_of(session), progress=progress)


def print_document(session: UserSession, ledger_id: str, document: str, *,
                   entry_id: str | None = None, year: int | None = None,
                   month: int | None = None, half: int | None = None,
                   progress: Progress | None = None) -> PrintJob:
    """A document per GB/T 9704-2012: 会议纪要 of one entry, 大事记 of a period."""
    maker = DOCUMENTS.get(document) or SUPERVISION.get(document)
    if maker is None:
        names = "、".join((*DOCUMENTS, *SUPERVISION))
        raise NotFoundError(f"没有名为“{document}”的文书；可打印：{names}")
    return maker(session, ledger_id=ledger_id, entry_id=entry_id, year=year, month=month,
                 half=half, progress=progress)


__all__ = ["font_overrides", "job_fonts", "period", "print_document", "print_register"]

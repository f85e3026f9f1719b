"""Printing for one logged-in user: choose the entries, render, and log.

The GUI and the CLI both call these; each returns a :class:`PrintJob` held in
memory. Nothing is logged until the job is printed or saved
(:func:`~paizhu_desktop.core.printing.jobs.record_print`).
"""

from __future__ import annotations

import calendar
import threading
from typing import TYPE_CHECKING

from paizhu_desktop.core.errors import NotFoundError, ValidationError
from paizhu_desktop.core.printing.fonts import FontSet, resolve_fonts
from paizhu_desktop.core.printing.jobs import PrintJob, new_job
from paizhu_desktop.core.printing.register import render_register, user_names_of

if TYPE_CHECKING:
    from paizhu_desktop.core.session import UserSession

_fonts_lock = threading.Lock()
_fonts: FontSet | None = None


def font_set(session: UserSession | None = None) -> FontSet:
    """The faces for printing (the user's mapping, official faces, bundled fallbacks)."""
    global _fonts
    overrides = font_overrides(session) if session is not None else {}
    with _fonts_lock:
        if _fonts is None or overrides != _fonts.overrides:
            _fonts = FontSet.load(resolve_fonts(overrides=overrides))
            _fonts.overrides = overrides
        _fonts.missing = set()
        return _fonts


def reset_fonts() -> None:
    """Forget the loaded faces (after the font settings change)."""
    global _fonts
    with _fonts_lock:
        _fonts = None


def font_overrides(session: UserSession) -> dict[str, str]:
    """Style → font file the user mapped on the settings page (stored encrypted)."""
    from paizhu_desktop.core.settings import get_print_fonts

    return get_print_fonts(session)


def period(year: int | None, month: int | None = None, half: int | None = None,
           ) -> tuple[str | None, str | None, str]:
    """(date_from, date_to, Chinese label) of a year, a month or a half-year."""
    if year is None:
        if month or half:
            raise ValidationError({"year": "按月或半年打印时须指定年度"})
        return None, None, "全部"
    if month:
        if not 1 <= month <= 12:
            raise ValidationError({"month": "月份应为 1–12"})
        last = calendar.monthrange(year, month)[1]
        return f"{year}-{month:02d}-01", f"{year}-{month:02d}-{last:02d}", f"{year}年{month}月"
    if half:
        if half not in (1, 2):
            raise ValidationError({"half": "半年应为 1（上半年）或 2（下半年）"})
        return ((f"{year}-01-01", f"{year}-06-30", f"{year}年上半年") if half == 1 else
                (f"{year}-07-01", f"{year}-12-31", f"{year}年下半年"))
    return f"{year}-01-01", f"{year}-12-31", f"{year}年"


def print_register(session: UserSession, ledger_id: str, *, year: int | None = None,
                   month: int | None = None, half: int | None = None,
                   include_voided: bool = True) -> PrintJob:
    """The ledger's register (登记簿) for a period, entries in the ledger's own order.

    Voided entries are printed too, marked 已作废 with the reason: a register shows
    everything that was recorded (DOMAIN §3).
    """
    desc = session.catalog.ledger(ledger_id)
    date_from, date_to, label = period(year, month, half)
    query = {"date_from": date_from, "date_to": date_to, "include_voided": include_voided}
    entries = session.ledgers.list(ledger_id, date_from=date_from, date_to=date_to,
                                   include_voided=include_voided)
    name = desc.register_name or f"{desc.name}登记簿"
    job = new_job(session, f"{name}（{label}）", ledger_id, "register", entries,
                  {k: v for k, v in query.items() if v})
    return render_register(job, desc, font_set(session), group=session.group_name,
                           year_label=label, printed_by=session.user.display_name,
                           user_names=user_names_of(session))


def print_document(session: UserSession, ledger_id: str, document: str, *,
                   entry_id: str | None = None, year: int | None = None,
                   month: int | None = None, half: int | None = None) -> PrintJob:
    """A document per GB/T 9704-2012: 会议纪要 of one entry, 大事记 of a period."""
    from paizhu_desktop.core.printing import documents

    maker = documents.DOCUMENTS.get(document)
    if maker is None:
        names = "、".join(documents.DOCUMENTS)
        raise NotFoundError(f"没有名为“{document}”的文书；可打印：{names}")
    return maker(session, ledger_id=ledger_id, entry_id=entry_id, year=year, month=month,
                 half=half)

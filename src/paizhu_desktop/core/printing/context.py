"""What every print job starts from: the period it covers and its own faces.

Both the registers (``service``) and the documents (``documents``, the hand-off
papers) take these from here, so neither imports the other for them. Each job
loads its own :class:`FontSet` (the parsed font files are shared, see
:func:`~paizhu_desktop.core.printing.fonts.load_face`): jobs can run side by side
on worker threads, and a change of the font settings applies to the next job.
"""

from __future__ import annotations

import calendar
from typing import TYPE_CHECKING

from paizhu_desktop.core.errors import ValidationError
from paizhu_desktop.core.fontfiles import resolve_fonts
from paizhu_desktop.core.printing.fonts import FontSet

if TYPE_CHECKING:
    from paizhu_desktop.core.session import UserSession


def font_overrides(session: UserSession) -> dict[str, str]:
    """Style → font file the user mapped on the settings page (stored encrypted)."""
    from paizhu_desktop.core.settings import get_print_fonts

    return get_print_fonts(session)


def job_fonts(session: UserSession | None = None) -> FontSet:
    """A fresh set of faces for one job: the user's mapping, official faces, bundled fallbacks."""
    overrides = font_overrides(session) if session is not None else {}
    return FontSet.load(resolve_fonts(overrides=overrides))


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

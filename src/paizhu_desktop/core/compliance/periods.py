"""The calendar periods duties recur in: weeks, months, quarters, half years, years."""

from __future__ import annotations

import calendar
import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass

from paizhu_desktop.core.ledgers.duties import Period

_QUARTERS = "一二三四"


@dataclass(frozen=True)
class Span:
    """One period: its first and last day and its Chinese name."""

    first: dt.date
    last: dt.date
    label: str


def _month_end(year: int, month: int) -> dt.date:
    return dt.date(year, month, calendar.monthrange(year, month)[1])


def span_of(period: Period, day: dt.date) -> Span:
    """The period of kind ``period`` that holds ``day``."""
    y, m = day.year, day.month
    if period == "week":
        first = day - dt.timedelta(days=day.weekday())
        last = first + dt.timedelta(days=6)
        iso_year, week, _ = first.isocalendar()
        return Span(first, last, f"{iso_year}年第{week}周（{first.month}月{first.day}日—"
                                 f"{last.month}月{last.day}日）")
    if period == "month":
        return Span(dt.date(y, m, 1), _month_end(y, m), f"{y}年{m}月")
    if period == "quarter":
        q = (m - 1) // 3
        return Span(dt.date(y, 3 * q + 1, 1), _month_end(y, 3 * q + 3),
                    f"{y}年第{_QUARTERS[q]}季度")
    if period == "half":
        if m <= 6:
            return Span(dt.date(y, 1, 1), dt.date(y, 6, 30), f"{y}年上半年")
        return Span(dt.date(y, 7, 1), dt.date(y, 12, 31), f"{y}年下半年")
    return Span(dt.date(y, 1, 1), dt.date(y, 12, 31), f"{y}年")


def spans(period: Period, first: dt.date, last: dt.date) -> Iterator[Span]:
    """Every period of kind ``period`` that overlaps ``first``–``last``, in order."""
    span = span_of(period, first)
    while span.first <= last:
        yield span
        span = span_of(period, span.last + dt.timedelta(days=1))


def add_months(day: dt.date, months: int) -> dt.date:
    """The same day ``months`` later (the month's last day where it has no such day:
    three months after 30 November is 28 or 29 February)."""
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    return dt.date(year, month + 1, min(day.day, calendar.monthrange(year, month + 1)[1]))

"""Working days in the PRC: statutory holidays, 调休 working weekends, and the group's table.

The State Council's schedules come from the ``holidays`` package (it carries
them up to its release). These machines stay offline for years, so the group
enters each coming year's 国务院办公厅 notice in the program; those days
(:class:`DayRule`) override the package. A period of N working days after day
D does not count D (the convention of Chinese administrative law): 10 working
days after 2026-09-28 is 2026-10-16.
"""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Literal

import holidays

#: A day the table says is a holiday (休) or a working day (班, a 调休 weekend).
DayKind = Literal["holiday", "workday"]
KIND_LABELS: dict[str, str] = {"holiday": "休", "workday": "班"}
#: The years a table row may name (the program's date range).
FIRST_YEAR, LAST_YEAR = 1949, 2100
#: Beyond this many days an add-workdays question is a typing error, not a deadline.
_MAX_WORKDAYS = 3650


@dataclass(frozen=True)
class DayRule:
    """One day of the group's table: 休 or 班, with the notice's name for it."""

    date: dt.date
    kind: DayKind
    name: str = ""


@functools.lru_cache(maxsize=256)
def _package_year(year: int) -> tuple[dict[dt.date, str], frozenset[dt.date]]:
    """The package's holidays of ``year`` (date → Chinese name) and 调休 working weekends."""
    cn = holidays.country_holidays("CN", years=year, language="zh_CN")
    days = {d: name for d, name in cn.items() if d.year == year}
    workdays = frozenset(d for d in getattr(cn, "weekend_workdays", ()) if d.year == year)
    return days, workdays


@functools.cache
def package_years() -> tuple[int, int]:
    """The first and last year for which the package has the State Council's 调休 schedule
    (a year after the last one needs the group's table)."""
    years = [y for y in range(2000, 2100) if _package_year(y)[1]]
    return (min(years), max(years)) if years else (0, 0)


class WorkCalendar:
    """Which days are working days: weekends and the package's holidays, corrected by
    the group's table."""

    def __init__(self, rules: Iterable[DayRule] = ()) -> None:
        self.rules: Mapping[dt.date, DayRule] = {r.date: r for r in rules}
        self._years: dict[int, tuple[frozenset[dt.date], dict[dt.date, str]]] = {}

    def _year(self, year: int) -> tuple[frozenset[dt.date], dict[dt.date, str]]:
        """The off days of ``year`` (weekends and holidays, minus 调休 working days) and
        the holidays' names."""
        got = self._years.get(year)
        if got is None:
            names, weekend_work = _package_year(year)
            names = dict(names)
            off: set[dt.date] = set(names)
            day = dt.date(year, 1, 1)
            while day.year == year:
                if day.weekday() >= 5 and day not in weekend_work:
                    off.add(day)
                day += dt.timedelta(days=1)
            for rule in self.rules.values():
                if rule.date.year != year:
                    continue
                if rule.kind == "holiday":
                    off.add(rule.date)
                    names[rule.date] = rule.name or names.get(rule.date, "休息日")
                else:
                    off.discard(rule.date)
                    names.pop(rule.date, None)
            got = (frozenset(off), names)
            self._years[year] = got
        return got

    def is_workday(self, day: dt.date) -> bool:
        return day not in self._year(day.year)[0]

    def holiday_name(self, day: dt.date) -> str:
        """The holiday's Chinese name ('' on a working day or a plain weekend)."""
        return self._year(day.year)[1].get(day, "")

    def workdays(self, first: dt.date, last: dt.date) -> int:
        """Working days in the inclusive range ``first``–``last`` (0 when last < first)."""
        count = 0
        for year in range(first.year, last.year + 1):
            start = max(first, dt.date(year, 1, 1))
            end = min(last, dt.date(year, 12, 31))
            if end < start:
                continue
            off = self._year(year)[0]
            span = (end - start).days + 1
            count += span - sum(1 for d in off if start <= d <= end)
        return count

    def add_workdays(self, day: dt.date, n: int) -> dt.date:
        """The N-th working day after ``day`` (``day`` itself not counted); ``day`` for 0."""
        if not 0 <= n <= _MAX_WORKDAYS:
            raise ValueError(f"工作日数应在 0–{_MAX_WORKDAYS} 之间")
        while n > 0:
            day += dt.timedelta(days=1)
            if self.is_workday(day):
                n -= 1
        return day

    def last_workday_before(self, day: dt.date) -> dt.date:
        """The last working day before ``day``."""
        day -= dt.timedelta(days=1)
        while not self.is_workday(day):
            day -= dt.timedelta(days=1)
        return day

    def holiday_periods(self, year: int) -> list[tuple[str, dt.date, dt.date]]:
        """The named holidays of ``year`` as (name, first day, last day): the run of days
        off around a named holiday, adjoining weekends included (国庆节 2026-10-01–10-07)."""
        names = self._year(year)[1]
        one = dt.timedelta(days=1)
        out: list[tuple[str, dt.date, dt.date]] = []
        for day in sorted(names):
            if out and out[-1][2] >= day:
                continue
            first, last = day, day
            while not self.is_workday(first - one):
                first -= one
            while not self.is_workday(last + one):
                last += one
            out.append((_holiday_label(self, first, last), first, last))
        return out


def _holiday_label(cal: WorkCalendar, first: dt.date, last: dt.date) -> str:
    """The name of a run of days off: the statutory holiday in it (春节 over 农历除夕)."""
    found = [name for n in range((last - first).days + 1)
             if (name := cal.holiday_name(first + dt.timedelta(days=n)))]
    for name in ("春节", "国庆节", "劳动节", "元旦", "清明节", "端午节", "中秋节"):
        if name in found:
            return name
    return found[0] if found else "假期"

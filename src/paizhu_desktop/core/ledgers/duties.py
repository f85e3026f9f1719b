"""Duties: the periods and deadlines the regulations set, declared with the ledgers.

A :class:`Duty` says what is due (a 组务会 every week, 献县办法 第三十二条), by
when (the end of the period, N working days after it, a day of the month, a
deadline counted from an event), and what counts as done (an entry of a
ledger in the period, a workflow state reached, a field filled). The
compliance calendar (:mod:`paizhu_desktop.core.compliance`) turns the
declarations into dated instances with their state; declarations hold no
dates of their own and no SQL.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, Literal

from paizhu_desktop.core.permissions import Role

#: The recurring periods: calendar week (Monday–Sunday), month, quarter, half year, year.
Period = Literal["week", "month", "quarter", "half", "year"]
PERIODS: tuple[Period, ...] = ("week", "month", "quarter", "half", "year")

#: The statutory holidays a "before each holiday" duty may name (国务院 names).
HOLIDAYS = ("元旦", "春节", "清明节", "劳动节", "端午节", "中秋节", "国庆节")


@dataclass(frozen=True)
class Counts:
    """Which entries of ``ledger`` count (not voided, always).

    Attributes:
        ledger: the ledger whose entries count.
        date_field: the date that places an entry in a period (default: the
            ledger's ``date_field``).
        statuses: the workflow states that count (empty: any state).
        where: fields that must hold these values (a 大事记 review of kind "month").
        done_field: the date or time the duty was done (审定时间); default
            ``date_field``. An entry in the period done after the due date is late.
    """

    ledger: str
    date_field: str = ""
    statuses: tuple[str, ...] = ()
    where: Mapping[str, Any] = field(default_factory=dict)
    done_field: str = ""


@dataclass(frozen=True)
class Every:
    """Due every period: at least ``count`` counted entries dated in it.

    Attributes:
        period: week, month, quarter, half or year.
        count: how many entries the period needs ("at least twice a year": 2).
        workdays_after: due this many working days after the period ends
            (0: due on its last day).
        day: due on this day of the period's last month instead (the 25th);
            past the month's end, its last day.
        month: due in this month of the period (1: its first) instead of its last —
            on ``day`` of that month, or its last day: a duty of the period's start
            (每年年初: ``Every("year", month=1)`` is due on 31 January). Entries dated
            anywhere in the period count; one dated after the due date is late.
    """

    period: Period
    count: int = 1
    workdays_after: int = 0
    day: int = 0
    month: int = 0

    def __post_init__(self) -> None:
        months = {"week": 0, "month": 1, "quarter": 3, "half": 6, "year": 12}[self.period]
        if self.month and not 1 <= self.month <= months:
            raise ValueError(f"{self.period}: month {self.month} is not in the period")
        if self.month and self.workdays_after:
            raise ValueError("month and workdays_after exclude each other")


@dataclass(frozen=True)
class BeforeHolidays:
    """Due before each named holiday: an entry dated in the ``window_days``
    calendar days before the holiday's first day (廉政恳谈 before a holiday).

    The due date is the last working day before the holiday."""

    names: tuple[str, ...] = HOLIDAYS
    window_days: int = 15


@dataclass(frozen=True)
class After:
    """Due after each event: every entry of ``ledger`` (not voided) that matches
    starts an instance, due a period after ``start_field`` or on ``due_field``.

    Done when ``done_field`` holds a date, or the entry reaches one of
    ``done_statuses``, or a ``followed_by`` entry links to it — whichever the
    declaration names; the date it was done decides on time or late.

    Attributes:
        ledger: the ledger of the event.
        start_field: the event's date (not counted in a working-day period).
        workdays / days / months / years: the period (one of them), or
        due_field: the entry's own deadline (议定事项 完成时限).
        statuses: the workflow states in which an event counts (empty: any).
        where: fields the event must hold.
        done_field: the date or time recorded when it was done.
        done_statuses: states that mean done (when no date is recorded).
        followed_by: another ledger's entry that does it, linked back through
            ``link_field`` (a written report after a phoned one); its
            ``date_field`` (default: that ledger's) is when it was done.
        latest_only: only the newest event starts an instance (换届 three years
            after the last election).
        owner_field: the account field naming who must do it (承办人).
    """

    ledger: str
    start_field: str
    workdays: int = 0
    days: int = 0
    months: int = 0
    years: int = 0
    due_field: str = ""
    statuses: tuple[str, ...] = ()
    where: Mapping[str, Any] = field(default_factory=dict)
    done_field: str = ""
    done_statuses: tuple[str, ...] = ()
    followed_by: str = ""
    link_field: str = ""
    followed_date_field: str = ""
    latest_only: bool = False
    owner_field: str = ""

    def __post_init__(self) -> None:
        offsets = [n for n in (self.workdays, self.days, self.months, self.years) if n]
        if len(offsets) + bool(self.due_field) != 1:
            raise ValueError(f"{self.ledger}: name one period or a due_field")
        if not (self.done_field or self.done_statuses or self.followed_by):
            raise ValueError(f"{self.ledger}: say what counts as done")
        if bool(self.followed_by) != bool(self.link_field):
            raise ValueError(f"{self.ledger}: followed_by needs link_field")

    @property
    def period_text(self) -> str:
        """The period in words (10个工作日, 3个月)."""
        if self.due_field:
            return "时限"
        for n, unit in ((self.workdays, "个工作日"), (self.days, "日"), (self.months, "个月"),
                        (self.years, "年")):
            if n:
                return f"{n}{unit}"
        return ""


Schedule = Every | BeforeHolidays | After


@dataclass(frozen=True)
class Duty:
    """One duty of the regulations, with its citation.

    Attributes:
        id: code name, unique in the catalog (``paizhu duties``).
        name: what is due, in Chinese (每周召开组务会).
        article: the citation ("献县办法 第三十二条").
        schedule: when it is due.
        counts: for :class:`Every` and :class:`BeforeHolidays`, the entries
            that do it (for :class:`After`, the schedule says it).
        roles: who sees it in 待办 when no ``owner_field`` names a person.
        note: what the program reads into the article where the article sets
            no exact day (the deadline a careful group keeps).
    """

    id: str
    name: str
    article: str
    schedule: Schedule
    counts: Counts | None = None
    roles: frozenset[Role] = frozenset({Role.LEADER})
    note: str = ""

    def __post_init__(self) -> None:
        if isinstance(self.schedule, After) == (self.counts is not None):
            raise ValueError(f"{self.id}: Every and BeforeHolidays need counts; After has none")

    @property
    def ledgers(self) -> tuple[str, ...]:
        """The ledgers the duty reads."""
        if isinstance(self.schedule, After):
            s = self.schedule
            return (s.ledger, s.followed_by) if s.followed_by else (s.ledger,)
        assert self.counts is not None
        return (self.counts.ledger,)

    @property
    def frequency(self) -> str:
        """How often, in Chinese (每周, 每季度至少2次, 事后10个工作日内)."""
        s = self.schedule
        if isinstance(s, Every):
            word = {"week": "每周", "month": "每月", "quarter": "每季度", "half": "每半年",
                    "year": "每年"}[s.period]
            return word + (f"至少{s.count}次" if s.count > 1 else "") + (
                f"（第{s.month}个月内）" if s.month and s.period != "year" else
                f"（{s.month}月底前）" if s.month else "")
        if isinstance(s, BeforeHolidays):
            return "节前"
        if s.due_field:
            return "按登记的时限"
        return "最近一次后" + s.period_text if s.latest_only else "事后" + s.period_text + "内"

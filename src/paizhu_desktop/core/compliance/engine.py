"""Every declared duty's instances, dated and with their state, for any day.

An instance is one occurrence of a duty: the 组务会 of one week, the 大事记
汇总 of one month, the 处置意见 of one 巡察 hand-over. Its state on a day is
done (on time), late (done after its due date), open, due soon (蓝 within
the warning days, 黄 within the last two) or overdue (红) — across year
boundaries: an item overdue since last year stays red on 1 January.

Nothing before the calendar's start is due (the day the database was made,
or the first month holding an entry, for a group that enters its paper
records of earlier months).
"""

from __future__ import annotations

import datetime as dt
import enum
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from paizhu_desktop.core.compliance.periods import add_months, span_of, spans
from paizhu_desktop.core.compliance.workdays import WorkCalendar
from paizhu_desktop.core.ledgers.catalog import Catalog
from paizhu_desktop.core.ledgers.duties import After, BeforeHolidays, Counts, Duty, Every
from paizhu_desktop.core.ledgers.rules import Records

#: Default warning: this many calendar days before the due date (濮阳·全程记实 第十条: 5).
WARN_DAYS = 5
#: 黄: the last days before the due date.
YELLOW_DAYS = 2


class State(str, enum.Enum):
    """An instance's state on a day."""

    DONE = "done"
    LATE = "late"
    OPEN = "open"
    SOON = "soon"
    OVERDUE = "overdue"

    @property
    def label(self) -> str:
        return _STATE_LABELS[self]

    @property
    def finished(self) -> bool:
        return self in (State.DONE, State.LATE)


_STATE_LABELS = {State.DONE: "按时完成", State.LATE: "逾期完成", State.OPEN: "未到期",
                 State.SOON: "即将到期", State.OVERDUE: "已逾期"}


@dataclass(frozen=True)
class Instance:
    """One occurrence of a duty and its state on ``on``.

    Attributes:
        duty: the declaration (name, article, schedule).
        label: the period or the event it belongs to (2026年11月, “…”的处置意见).
        start: the period's first day, or the event's date.
        due: the due date.
        state: the state on ``on``.
        on: the day the state is for.
        done_on: when it was done (None while not done, or when no date is recorded).
        entries: the entries that did it (ledger id, entry id).
        event: the entry that started it (After), as (ledger id, entry id).
        owner: the account that must do it ('' : the duty's roles).
        count: entries counted in the period (Every with a count).
    """

    duty: Duty
    label: str
    start: dt.date
    due: dt.date
    state: State
    on: dt.date
    done_on: dt.date | None = None
    entries: tuple[tuple[str, str], ...] = ()
    event: tuple[str, str] | None = None
    owner: str = ""
    count: int = 0

    @property
    def days_left(self) -> int:
        """Calendar days from ``on`` to the due date (negative when overdue)."""
        return (self.due - self.on).days

    @property
    def warning(self) -> str:
        """蓝 / 黄 / 红, or '' when nothing needs attention."""
        if self.state is State.OVERDUE:
            return "红"
        if self.state is State.SOON:
            return "黄" if self.days_left <= YELLOW_DAYS else "蓝"
        return ""

    def as_json(self) -> dict[str, Any]:
        return {
            "duty": self.duty.id, "name": self.duty.name, "article": self.duty.article,
            "label": self.label, "start": self.start.isoformat(), "due": self.due.isoformat(),
            "state": self.state.value, "state_label": self.state.label,
            "warning": self.warning, "days_left": self.days_left,
            "done_on": self.done_on.isoformat() if self.done_on else None,
            "entries": [{"ledger": ledger, "id": i} for ledger, i in self.entries],
            "event": {"ledger": self.event[0], "id": self.event[1]} if self.event else None,
            "owner": self.owner, "count": self.count,
        }


def _date(value: Any) -> dt.date | None:
    """A stored date or date-time as a date (None when empty or unreadable)."""
    if not value:
        return None
    try:
        return dt.date.fromisoformat(str(value)[:10])
    except ValueError:
        return None


class Engine:
    """Computes instances over the records of one catalog.

    ``since`` is the calendar's start (the database's creation); ``starts`` an earlier
    start per duty, where its own ledger holds entries of earlier months (a group
    entering its paper records); ``warn_days`` the 蓝 warning.
    """

    def __init__(self, records: Records, catalog: Catalog, calendar: WorkCalendar,
                 since: dt.date, warn_days: int = WARN_DAYS,
                 starts: Mapping[str, dt.date] | None = None) -> None:
        self.records = records
        self.catalog = catalog
        self.calendar = calendar
        self.created = since
        self.starts = dict(starts or {})
        self.warn_days = warn_days

    def since_of(self, duty: Duty) -> dt.date:
        """The day ``duty`` starts: the calendar's start, or its own earlier start."""
        return min(self.created, self.starts.get(duty.id, self.created))

    def state(self, due: dt.date, done_on: dt.date | None, done: bool, on: dt.date) -> State:
        if done and (done_on is None or done_on <= on):
            return State.LATE if done_on is not None and done_on > due else State.DONE
        if on > due:
            return State.OVERDUE
        return State.SOON if (due - on).days <= self.warn_days else State.OPEN

    def instances(self, on: dt.date, first: dt.date, last: dt.date, *,
                  duties: Iterable[Duty] | None = None,
                  carry: bool = False) -> list[Instance]:
        """Instances due in ``first``–``last`` with their state on ``on``; with ``carry``,
        also the ones due earlier (from the calendar's start) still not done."""
        out: list[Instance] = []
        for duty in self.catalog.duties() if duties is None else duties:
            since = self.since_of(duty)
            s = duty.schedule
            if isinstance(s, Every):
                got = self._every(duty, s, on, first, last, carry, since)
            elif isinstance(s, BeforeHolidays):
                got = self._before_holidays(duty, s, on, first, last, carry, since)
            else:
                got = self._after(duty, s, on, first, last, carry, since)
            out.extend(got)
        out.sort(key=lambda i: (i.due, i.duty.id, i.label))
        return out

    # -- recurring -------------------------------------------------------------------

    def _counted(self, counts: Counts, first: dt.date,
                 last: dt.date) -> list[tuple[str, dt.date, dt.date | None]]:
        """(entry id, date in the period, done date) of the entries that count."""
        desc = self.catalog.ledger(counts.ledger)
        date_field = counts.date_field or desc.date_field
        fields = [date_field] + ([counts.done_field] if counts.done_field else [])
        rows = self.records.rows(
            counts.ledger, fields, where=counts.where,
            ranges={date_field: (first.isoformat(), last.isoformat() + "\uffff")},
            statuses=counts.statuses or None)
        out = []
        for row in rows:
            day = _date(row[2])
            if day is None:
                continue
            done = _date(row[3]) if counts.done_field else day
            out.append((str(row[0]), day, done))
        return out

    def _every(self, duty: Duty, s: Every, on: dt.date, first: dt.date, last: dt.date,
               carry: bool, since: dt.date) -> list[Instance]:
        assert duty.counts is not None
        # The periods whose due date can fall in the range (a due date lies after its
        # period's end by at most a few weeks of working days).
        lead = dt.timedelta(days=s.workdays_after * 3 + 31)
        start = since if carry else max(since, first - lead)
        # A week or month counts from the first one wholly in the calendar; a longer
        # period (a half year's 小结) is owed when it ends after the start.
        short = s.period in ("week", "month")
        periods = [p for p in spans(s.period, start, last)
                   if (p.first >= since if short else p.last >= since)]
        if not periods:
            return []
        rows = self._counted(duty.counts, periods[0].first, periods[-1].last)
        buckets: dict[dt.date, list[tuple[str, dt.date, dt.date | None]]] = {}
        for row in rows:
            buckets.setdefault(span_of(s.period, row[1]).first, []).append(row)
        out = []
        for p in periods:
            if self.calendar.workdays(p.first, p.last) == 0:
                continue  # a week of holidays has no meeting to hold
            due = self._due_of_period(s, p.first, p.last)
            if s.month and due < since and not buckets.get(p.first):
                # Due at the period's start, before the calendar began, and nothing of the
                # period entered: not owed (entered late, it is judged late).
                continue
            done_rows = sorted(buckets.get(p.first, []),
                               key=lambda r: r[2] or dt.date.max)
            done = len(done_rows) >= s.count
            done_on = done_rows[s.count - 1][2] if done else None
            state = self.state(due, done_on, done, on)
            if not (first <= due <= last or (carry and due < first and not state.finished)):
                continue
            out.append(Instance(duty, p.label, p.first, due, state, on, done_on,
                                tuple((duty.counts.ledger, r[0]) for r in done_rows),
                                count=len(done_rows)))
        return out

    def _due_of_period(self, s: Every, first: dt.date, last: dt.date) -> dt.date:
        if s.month:
            # A duty of the period's start: the given month's day, or its last day.
            month_last = add_months(first, s.month) - dt.timedelta(days=1)
            if s.day:
                return min(month_last, month_last.replace(day=1) + dt.timedelta(days=s.day - 1))
            return month_last
        if s.day:
            month_first = last.replace(day=1)
            return min(last, month_first + dt.timedelta(days=s.day - 1))
        return self.calendar.add_workdays(last, s.workdays_after)

    # -- before holidays ---------------------------------------------------------------

    def _before_holidays(self, duty: Duty, s: BeforeHolidays, on: dt.date, first: dt.date,
                         last: dt.date, carry: bool, since: dt.date) -> list[Instance]:
        assert duty.counts is not None
        windows = []
        start_year = (since if carry else first).year
        for year in range(start_year, last.year + 2):
            for name, h_first, _h_last in self.calendar.holiday_periods(year):
                if name not in s.names:
                    continue
                w_first = h_first - dt.timedelta(days=s.window_days)
                due = self.calendar.last_workday_before(h_first)
                if w_first < since and due < since:
                    continue
                windows.append((f"{h_first.year}年{name}前", w_first, due))
        windows = sorted(set(windows), key=lambda w: w[2])
        if not windows:
            return []
        rows = self._counted(duty.counts, windows[0][1], windows[-1][2])
        out = []
        for label, w_first, due in windows:
            done_rows = sorted((r for r in rows if w_first <= r[1] <= due),
                               key=lambda r: r[2] or dt.date.max)
            done = bool(done_rows)
            state = self.state(due, done_rows[0][2] if done else None, done, on)
            if not (first <= due <= last or (carry and due < first and not state.finished)):
                continue
            out.append(Instance(duty, label, w_first, due, state, on,
                                done_rows[0][2] if done else None,
                                tuple((duty.counts.ledger, r[0]) for r in done_rows),
                                count=len(done_rows)))
        return out

    # -- after an event ----------------------------------------------------------------

    def _due_after(self, s: After, start: dt.date) -> dt.date:
        if s.workdays:
            return self.calendar.add_workdays(start, s.workdays)
        if s.days:
            return start + dt.timedelta(days=s.days)
        return add_months(start, s.months + 12 * s.years)

    def _after(self, duty: Duty, s: After, on: dt.date, first: dt.date, last: dt.date,
               carry: bool, since: dt.date) -> list[Instance]:
        desc = self.catalog.ledger(s.ledger)
        fields = [s.start_field, s.due_field or s.start_field, s.done_field or s.start_field,
                  s.owner_field or s.start_field, desc.summary_field]
        if s.due_field:
            low = None if carry else first.isoformat()
            ranges = {s.due_field: (low, last.isoformat() + "\uffff")}
        elif s.latest_only:
            ranges = {}
        else:
            span = s.workdays * 3 + 31 if s.workdays else s.days + (s.months + 12 * s.years) * 31
            low = None if carry else (first - dt.timedelta(days=span + 1)).isoformat()
            ranges = {s.start_field: (low, last.isoformat() + "\uffff")}
        rows = self.records.rows(s.ledger, fields, where=s.where, ranges=ranges,
                                 statuses=s.statuses or None)
        if s.latest_only and rows:
            rows = [max(rows, key=lambda r: str(r[2] or ""))]
        followed = self._followers(s, [str(r[0]) for r in rows]) if s.followed_by else {}
        out = []
        for row in rows:
            entry_id, status = str(row[0]), str(row[1] or "")
            start = _date(row[2])
            if start is None:
                continue
            due = _date(row[3]) if s.due_field else self._due_after(s, start)
            if due is None or due < since:
                continue
            done_on: dt.date | None = None
            entries: tuple[tuple[str, str], ...] = ()
            done = False
            if s.done_field and _date(row[4]) is not None:
                done, done_on = True, _date(row[4])
            elif s.done_statuses and status in s.done_statuses:
                done = True
            elif entry_id in followed:
                done_on, follower = followed[entry_id]
                done, entries = True, ((s.followed_by, follower),)
            state = self.state(due, done_on, done, on)
            if not (first <= due <= last or (carry and due < first and not state.finished)):
                continue
            label = desc.summary({desc.summary_field: row[6]})
            owner = str(row[5] or "") if s.owner_field else ""
            out.append(Instance(duty, f"“{label}”", start, due, state, on, done_on, entries,
                                (s.ledger, entry_id), owner))
        return out

    def _followers(self, s: After, ids: Sequence[str]) -> dict[str, tuple[dt.date, str]]:
        """Event id → (date, id) of the first linked entry that does the duty."""
        desc = self.catalog.ledger(s.followed_by)
        date_field = s.followed_date_field or desc.date_field
        out: dict[str, tuple[dt.date, str]] = {}
        wanted = set(ids)
        for row in self.records.rows(s.followed_by, [s.link_field, date_field]):
            link, day = str(row[2] or ""), _date(row[3])
            if link in wanted and day is not None and (link not in out or day < out[link][0]):
                out[link] = (day, str(row[0]))
        return out

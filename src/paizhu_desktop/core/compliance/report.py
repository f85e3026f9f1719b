"""The yearly compliance report: for every duty, how often it was due, done on time,
done late, missed, and still open — per duty, per ledger and per article; printed,
and carried in the hand-off for the county office."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from paizhu_desktop.core.compliance.engine import Instance, State
from paizhu_desktop.core.compliance.service import instances

if TYPE_CHECKING:
    from paizhu_desktop.core.session import UserSession


@dataclass
class Tally:
    """The counts of one line of the report."""

    key: str
    name: str
    article: str = ""
    ledger: str = ""
    frequency: str = ""
    on_time: int = 0
    late: int = 0
    missed: int = 0
    open: int = 0
    overdue_items: list[str] = field(default_factory=list)

    @property
    def due(self) -> int:
        """Instances done, or whose due date has passed."""
        return self.on_time + self.late + self.missed

    @property
    def rate(self) -> str:
        """Share done on time of those due, as 87.5%, or — when nothing was due."""
        return f"{100 * self.on_time / self.due:.1f}%" if self.due else "—"

    def add(self, item: Instance) -> None:
        if item.state is State.DONE:
            self.on_time += 1
        elif item.state is State.LATE:
            self.late += 1
        elif item.state is State.OVERDUE:
            self.missed += 1
            self.overdue_items.append(f"{item.label}（{item.due.isoformat()}）")
        else:
            self.open += 1

    def as_json(self) -> dict[str, Any]:
        return {"key": self.key, "name": self.name, "article": self.article,
                "ledger": self.ledger, "frequency": self.frequency, "due": self.due,
                "on_time": self.on_time, "late": self.late, "missed": self.missed,
                "open": self.open, "rate": self.rate}


@dataclass(frozen=True)
class ComplianceReport:
    """One year's report as of ``on``."""

    year: int
    on: dt.date
    duties: tuple[Tally, ...]
    ledgers: tuple[Tally, ...]
    articles: tuple[Tally, ...]

    @property
    def total(self) -> Tally:
        t = Tally("total", "合计")
        for d in self.duties:
            t.on_time += d.on_time
            t.late += d.late
            t.missed += d.missed
            t.open += d.open
        return t

    def as_json(self) -> dict[str, Any]:
        return {"year": self.year, "on": self.on.isoformat(),
                "duties": [t.as_json() for t in self.duties],
                "ledgers": [t.as_json() for t in self.ledgers],
                "articles": [t.as_json() for t in self.articles],
                "total": self.total.as_json()}


def tally(items: Iterable[Instance], year: int, on: dt.date,
          ledger_names: Mapping[str, str]) -> ComplianceReport:
    """Count instances by duty, by ledger (where the duty is recorded) and by article."""
    by_duty: dict[str, Tally] = {}
    by_ledger: dict[str, Tally] = {}
    by_article: dict[str, Tally] = {}
    for item in items:
        d = item.duty
        ledger = d.ledgers[0]
        lines = (
            by_duty.setdefault(d.id, Tally(d.id, d.name, d.article, ledger, d.frequency)),
            by_ledger.setdefault(ledger, Tally(ledger, ledger_names.get(ledger, ledger),
                                               ledger=ledger)),
            by_article.setdefault(d.article, Tally(d.article, d.article, d.article)),
        )
        for line in lines:
            line.add(item)
    return ComplianceReport(year, on, tuple(by_duty.values()), tuple(by_ledger.values()),
                            tuple(sorted(by_article.values(), key=lambda t: t.key)))


def compliance_report(session: UserSession, year: int,
                      on: dt.date | None = None) -> ComplianceReport:
    """Every duty due in ``year``, counted as of ``on`` (default: today)."""
    on = on or dt.date.today()
    items = instances(session, on=on, start=dt.date(year, 1, 1), end=dt.date(year, 12, 31))
    names = {d.id: d.name for d in session.db.catalog.ledgers()}
    report = tally(items, year, on, names)
    # Every declared duty has a line in the catalog's order, also one never due this
    # year (it says 0).
    seen = {t.key: t for t in report.duties}
    lines = tuple(seen.get(d.id) or Tally(d.id, d.name, d.article, d.ledgers[0], d.frequency)
                  for d in session.db.catalog.duties())
    return ComplianceReport(year, on, lines, report.ledgers, report.articles)

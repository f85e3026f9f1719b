"""The set of ledgers, chapters and cross-ledger reports an application runs with.

A :class:`Catalog` is handed to the store when a database is opened; nothing
in the framework reaches for a global list. The application's own catalog is
:data:`paizhu_desktop.core.regulations.CATALOG`; tests build evolved ones.
The catalog checks its declarations on construction: a ledger must sit in a
declared chapter, and every derivation, link and document must name what exists.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Index, MetaData, Table

from paizhu_desktop.core.errors import NotFoundError
from paizhu_desktop.core.ledgers.description import Chapter, LedgerDescription, Link
from paizhu_desktop.core.ledgers.duties import After, Duty
from paizhu_desktop.core.ledgers.fields import FieldType
from paizhu_desktop.core.ledgers.figures import Figure
from paizhu_desktop.core.ledgers.rules import Records
from paizhu_desktop.core.ledgers.tables import ledger_table
from paizhu_desktop.core.text import quoted


@dataclass(frozen=True)
class Report:
    """A report that spans several ledgers (a year's findings, quarterly reports,
    statistics, the compliance calendar): what it reads and how it is built.

    ``build`` receives read access to the records and the year, and returns
    Chinese lines (findings) or structured rows, as the report declares.
    """

    id: str
    name: str
    article: str
    reads: tuple[str, ...]
    build: Callable[[Records, int], list[Any]]


def duty_fields(duty: Duty) -> list[tuple[str, str]]:
    """(ledger, field) pairs a duty names, so the catalog can check they exist."""
    s = duty.schedule
    out: list[tuple[str, str]] = []
    if isinstance(s, After):
        out += [(s.ledger, n) for n in (s.start_field, s.due_field, s.done_field,
                                        s.owner_field, *s.where) if n]
        if s.followed_by:
            out += [(s.followed_by, n) for n in (s.link_field, s.followed_date_field) if n]
    elif duty.counts is not None:
        c = duty.counts
        out += [(c.ledger, n) for n in (c.date_field, c.done_field, *c.where) if n]
    return out


#: The longest list of ledgers an error message names in full (characters).
_KNOWN_LIMIT = 200


class Catalog:
    """Ledger descriptions in navigation order, their chapters, and reports."""

    def __init__(self, ledgers: Iterable[LedgerDescription], chapters: Iterable[Chapter],
                 reports: Iterable[Report] = (), figures: Iterable[Figure] = ()) -> None:
        self._ledgers = tuple(ledgers)
        self.chapters = tuple(chapters)
        self.reports = tuple(reports)
        self.figures = tuple(figures)
        self._by_id = {d.id: d for d in self._ledgers}
        self.metadata = MetaData()
        self._check()
        for desc in self._ledgers:
            ledger_table(desc, self.metadata)
        self._statistics_indexes()

    def _check(self) -> None:
        if len(self._by_id) != len(self._ledgers):
            raise ValueError("catalog: duplicate ledger ids")
        for desc in self._ledgers:
            if desc.chapter not in self.chapters:
                raise ValueError(f"{desc.id}: chapter {desc.chapter.heading} is not declared")
            for d in desc.derivations:
                if d.target not in self._by_id:
                    raise ValueError(f"{desc.id}: derivation {d.action} targets {d.target!r}")
            for link in desc.links:
                if link.ledger and link.ledger not in self._by_id:
                    raise ValueError(f"{desc.id}: link {link.id_field} to {link.ledger!r}")
        self._check_duties()
        self._check_figures()
        for report in self.reports:
            unknown = set(report.reads) - set(self._by_id)
            if unknown:
                raise ValueError(f"report {report.id}: unknown ledgers {sorted(unknown)}")

    def _check_duties(self) -> None:
        seen: set[str] = set()
        for duty in self.duties():
            if duty.id in seen:
                raise ValueError(f"catalog: duplicate duty id {duty.id!r}")
            seen.add(duty.id)
            for ledger_id in duty.ledgers:
                if ledger_id not in self._by_id:
                    raise ValueError(f"duty {duty.id}: unknown ledger {ledger_id!r}")
            for ledger_id, name in duty_fields(duty):
                try:
                    self._by_id[ledger_id].field(name)
                except KeyError:
                    raise ValueError(f"duty {duty.id}: {ledger_id} has no field {name!r}") \
                        from None

    def _statistics_indexes(self) -> None:
        """A covering index per ledger that figures count: the statistics read a year of
        a county's entries (a million over ten years) without touching the rows."""
        by_ledger: dict[str, list[str]] = {}
        for fig in self.figures:
            desc = self._by_id[fig.ledger]
            names = by_ledger.setdefault(fig.ledger, [fig.date_field or desc.date_field])
            for name in (*fig.where, fig.sum_field):
                if name and name not in names:
                    names.append(name)
        for ledger_id, names in by_ledger.items():
            desc = self._by_id[ledger_id]
            table = ledger_table(desc, self.metadata)
            columns = [desc.field(names[0]).column, "voided", "origin", "status",
                       *(desc.field(n).column for n in names[1:])]
            Index(f"ix_{ledger_id}_stats", *(table.c[c] for c in columns))

    def _check_figures(self) -> None:
        if len({f.id for f in self.figures}) != len(self.figures):
            raise ValueError("catalog: duplicate figure ids")
        for fig in self.figures:
            desc = self._by_id.get(fig.ledger)
            if desc is None:
                raise ValueError(f"figure {fig.id}: unknown ledger {fig.ledger!r}")
            for name in (fig.date_field, fig.sum_field, *fig.where):
                if name:
                    try:
                        desc.field(name)
                    except KeyError:
                        raise ValueError(f"figure {fig.id}: {fig.ledger} has no field "
                                         f"{name!r}") from None
            # The statistics add the stored column: a whole number (a DECIMAL's column is
            # scaled, and its figures would read 10 ** places too large).
            if fig.sum_field and desc.field(fig.sum_field).type is not FieldType.INTEGER:
                raise ValueError(f"figure {fig.id}: sum_field {fig.sum_field!r} is not an "
                                 "integer field")

    def duties(self) -> tuple[Duty, ...]:
        """Every declared duty, in navigation order of the ledgers declaring them."""
        return tuple(duty for desc in self._ledgers for duty in desc.duties)

    def duty(self, duty_id: str) -> Duty:
        for duty in self.duties():
            if duty.id == duty_id:
                return duty
        raise NotFoundError(f"没有名为“{quoted(duty_id)}”的职责。")

    def ledgers(self) -> tuple[LedgerDescription, ...]:
        return self._ledgers

    def ledger(self, ledger_id: str) -> LedgerDescription:
        """The description of ``ledger_id``; a Chinese error when there is none."""
        try:
            return self._by_id[ledger_id]
        except (KeyError, TypeError):
            known = "、".join(f"{d.id}（{d.name}）" for d in self._ledgers)
            if len(known) > _KNOWN_LIMIT:
                # A message stays one readable line: past a few ledgers, say where the list is.
                known = f"共 {len(self._ledgers)} 个，用“paizhu ledgers”列出"
            raise NotFoundError(f"没有名为“{quoted(ledger_id)}”的台账；可用的台账：{known}") \
                from None

    def table(self, desc: LedgerDescription | str) -> Table:
        """The SQL table of a ledger of this catalog."""
        d = self.ledger(desc) if isinstance(desc, str) else desc
        return ledger_table(d, self.metadata)

    def in_chapter(self, chapter: Chapter) -> list[LedgerDescription]:
        """The built ledgers of ``chapter``."""
        return [d for d in self._ledgers if d.chapter == chapter]

    def report(self, report_id: str) -> Report:
        for r in self.reports:
            if r.id == report_id:
                return r
        raise NotFoundError(f"没有名为“{quoted(report_id)}”的报表。")

    def links_to(self, ledger_id: str) -> list[tuple[LedgerDescription, Link]]:
        """Declared links through which entries may name an entry of ``ledger_id``."""
        return [(desc, link) for desc in self._ledgers for link in desc.links
                if link.ledger == ledger_id or (not link.ledger and link.ledger_field)]

"""Read access to the ledgers inside a transaction, for declared rules and reports.

Implements :class:`paizhu_desktop.core.ledgers.rules.Records`: the only way a
declaration sees other entries, so declarations never hold SQL.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping, Sequence
from typing import Any

from sqlalchemy import Connection, and_, func, select

from paizhu_desktop.core.classification import Classification
from paizhu_desktop.core.ledgers.catalog import Catalog
from paizhu_desktop.core.ledgers.entry import Entry, entry_from_row, values_from_row
from paizhu_desktop.core.ledgers.fields import FieldType
from paizhu_desktop.core.permissions import Permission

#: Field types stored otherwise than they are held (JSON rows, 0/1, scaled numbers).
_DECODED = (FieldType.TABLE, FieldType.BOOL, FieldType.DECIMAL)


def _nobody(_permission: Permission) -> bool:
    return False


class StoredRecords:
    """:class:`~.rules.Records` over an open connection of a catalog's database.

    ``may`` answers for the account making the write; without one (reports,
    checks) nobody holds anything. ``origin`` keeps to the entries of one group in a
    county database ('' : the database's own); None reads every entry.
    """

    def __init__(self, conn: Connection, catalog: Catalog,
                 clock: Callable[[], dt.datetime] = dt.datetime.now,
                 may: Callable[[Permission], bool] = _nobody,
                 origin: str | None = None) -> None:
        self.conn = conn
        self.catalog = catalog
        self._clock = clock
        self._may = may
        self._origin = origin

    def now(self) -> dt.datetime:
        return self._clock()

    def may(self, permission: Permission) -> bool:
        return self._may(permission)

    def entry(self, ledger_id: str, entry_id: str) -> Entry | None:
        desc = self.catalog.ledger(ledger_id)
        t = self.catalog.table(desc)
        row = self.conn.execute(select(t).where(t.c.id == entry_id)).first()
        return None if row is None else entry_from_row(desc, row._mapping)

    def _conditions(self, ledger_id: str, where: Mapping[str, Any] | None,
                    ranges: Mapping[str, tuple[Any, Any]] | None = None,
                    statuses: Sequence[str] | None = None, voided: bool | None = False,
                    exclude_id: str | None = None) -> list[Any]:
        desc = self.catalog.ledger(ledger_id)
        t = self.catalog.table(desc)
        conds: list[Any] = []
        for name, value in (where or {}).items():
            f = desc.field(name)
            col = t.c[f.column]
            conds.append(col.is_(None) if value is None else col == f.to_column(value))
        for name, (low, high) in (ranges or {}).items():
            f = desc.field(name)
            col = t.c[f.column]
            if low is not None:
                conds.append(col >= f.to_column(low))
            if high is not None:
                conds.append(col <= f.to_column(high))
        if statuses is not None:
            conds.append(t.c.status.in_(list(statuses)))
        if voided is not None:
            conds.append(t.c.voided == voided)
        if exclude_id is not None:
            conds.append(t.c.id != exclude_id)
        if self._origin is not None:
            conds.append(func.coalesce(t.c.origin, "") == self._origin)
        return conds

    def find(self, ledger_id: str, *, where: Mapping[str, Any] | None = None,
             ranges: Mapping[str, tuple[Any, Any]] | None = None,
             statuses: Sequence[str] | None = None, voided: bool | None = False,
             exclude_id: str | None = None,
             order: Sequence[tuple[str, bool]] = (),
             classifications: Sequence[Classification] | None = None) -> list[Entry]:
        """Matching entries (small sets: rules and reports, not lists); ``classifications``
        keeps only entries of these 密级."""
        desc = self.catalog.ledger(ledger_id)
        t = self.catalog.table(desc)
        conds = self._conditions(ledger_id, where, ranges, statuses, voided, exclude_id)
        if classifications is not None:
            conds.append(t.c.classification.in_([c.value for c in classifications]))
        cols = [t.c[desc.field(n).column] for n, _ in order]
        order_by = [c.desc() if d else c.asc() for c, (_, d) in zip(cols, order, strict=True)]
        stmt = select(t).where(and_(True, *conds)).order_by(*order_by, t.c.seq)
        return [entry_from_row(desc, r._mapping) for r in self.conn.execute(stmt)]

    def ledger_ids(self) -> tuple[str, ...]:
        return tuple(d.id for d in self.catalog.ledgers())

    def max_value(self, ledger_id: str, field: str, *,
                  where: Mapping[str, Any] | None = None) -> Any:
        """The largest value of ``field`` among matching entries, voided ones included
        (a number once given stays given)."""
        desc = self.catalog.ledger(ledger_id)
        t = self.catalog.table(desc)
        conds = self._conditions(ledger_id, where, voided=None)
        f = desc.field(field)
        return f.from_column(self.conn.execute(select(func.max(t.c[f.column]))
                                               .where(and_(True, *conds))).scalar())

    def rows(self, ledger_id: str, fields: Sequence[str], *,
             where: Mapping[str, Any] | None = None,
             ranges: Mapping[str, tuple[Any, Any]] | None = None,
             statuses: Sequence[str] | None = None,
             voided: bool | None = False) -> list[tuple[Any, ...]]:
        """(id, status, *fields) of matching entries, in entry order; nothing else is read."""
        desc = self.catalog.ledger(ledger_id)
        t = self.catalog.table(desc)
        conds = self._conditions(ledger_id, where, ranges, statuses, voided)
        named = [desc.field(n) for n in fields]
        cols = [t.c.id, t.c.status, *(t.c[f.column] for f in named)]
        stmt = select(*cols).where(and_(True, *conds)).order_by(t.c.seq)
        # Values as an entry holds them (a table field's rows, not its stored JSON).
        return [(r[0], r[1], *(values_from_row(desc, {f.column: v})[f.name]
                               if f.type in _DECODED else v for f, v in zip(named, r[2:],
                                                                           strict=True)))
                for r in self.conn.execute(stmt)]

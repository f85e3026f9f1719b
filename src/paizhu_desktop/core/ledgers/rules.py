"""What a declaration's rules may see: an entry's values and a read-only view of
the records, never SQL.

Declarations (``core/regulations``) are data plus small pure functions. A rule
that needs other entries — the next seal number, a locked chronicle period —
asks :class:`Records`, which the framework implements over the open
transaction (:mod:`paizhu_desktop.core.ledgers.records`).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping, Sequence
from typing import Any, Protocol

from paizhu_desktop.core.classification import Classification
from paizhu_desktop.core.permissions import Permission

#: A cross-field check: returns {field name: Chinese message} for what is wrong.
Validator = Callable[[Mapping[str, Any]], dict[str, str]]
#: Values derived from the others on every save (e.g. a period's dates).
Computed = Callable[[Mapping[str, Any]], dict[str, Any]]


class EntryView(Protocol):
    """The parts of a stored entry a rule reads."""

    @property
    def id(self) -> str: ...
    @property
    def values(self) -> Mapping[str, Any]: ...
    @property
    def status(self) -> str: ...
    @property
    def voided(self) -> bool: ...
    @property
    def void_reason(self) -> str: ...
    @property
    def content_hash(self) -> str: ...
    @property
    def classification(self) -> Classification: ...
    @property
    def retention(self) -> str: ...
    @property
    def created_at(self) -> str: ...


class Records(Protocol):
    """Read access to the ledgers inside the current transaction.

    ``where`` compares fields for equality; ``ranges`` bounds a field
    (inclusive, ``None`` for open); ``statuses`` restricts workflow states;
    ``voided`` is False (default), True, or None for both.
    """

    def find(self, ledger_id: str, *, where: Mapping[str, Any] | None = None,
             ranges: Mapping[str, tuple[Any, Any]] | None = None,
             statuses: Sequence[str] | None = None, voided: bool | None = False,
             exclude_id: str | None = None,
             order: Sequence[tuple[str, bool]] = (),
             classifications: Sequence[Classification] | None = None
             ) -> Sequence[EntryView]: ...

    def ledger_ids(self) -> Sequence[str]:
        """Every ledger of the catalog (a check over all of them: 保密期限, 第五十五条)."""
        ...

    def entry(self, ledger_id: str, entry_id: str) -> EntryView | None:
        """The entry with this id (voided or not), or None when the ledger has none."""
        ...

    def max_value(self, ledger_id: str, field: str, *,
                  where: Mapping[str, Any] | None = None) -> Any: ...

    def rows(self, ledger_id: str, fields: Sequence[str], *,
             where: Mapping[str, Any] | None = None,
             ranges: Mapping[str, tuple[Any, Any]] | None = None,
             statuses: Sequence[str] | None = None,
             voided: bool | None = False) -> Sequence[tuple[Any, ...]]:
        """(id, status, *fields) of every matching entry and nothing else: what a
        calendar over a hundred thousand entries reads."""
        ...

    def now(self) -> dt.datetime:
        """The business time of the operation (a step's recorded time)."""
        ...

    def may(self, permission: Permission) -> bool:
        """Whether the account making this write holds ``permission`` (a rule that
        depends on who writes: corrections into a signed-off period, 第四十八条)."""
        ...


#: Picks the default 密级 from the entry's content (e.g. 第四十八条(五) → 秘密).
ClassificationRule = Callable[[Mapping[str, Any]], "Classification | None"]
#: A refusal checked inside every write: given the stored entry (None for a new one)
#: and the new values, a Chinese refusal or None (e.g. a signed-off period is locked).
WriteRule = Callable[[Records, "EntryView | None", Mapping[str, Any]], "str | None"]
#: A completeness check over a year: Chinese findings (e.g. a gap in the seal numbers).
Check = Callable[[Records, int], list[str]]
#: A workflow step's own check: a Chinese refusal, or None when the step may be taken.
Guard = Callable[[EntryView, str], "str | None"]
#: Extra values a step writes, computed inside its transaction (the next seal number).
Effect = Callable[[Records, EntryView], dict[str, Any]]

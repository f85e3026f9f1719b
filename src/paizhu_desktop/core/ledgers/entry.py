"""An entry as stored, and the canonical encoding its content hash covers.

The hash covers exactly what was stored. Encoding 2 (from release 0.2.0)
records the version of the description that stored the entry and only the
values it holds, under each field's permanent key — so a description may
gain fields, rename them (declared), retire them or extend its choices on a
populated database and every earlier entry still hashes as it was stored.
Encoding 1 is release 0.1.0's: every field that release knew, empty ones as
null; rows it wrote carry no description version and are checked that way.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from paizhu_desktop.core.audit import canonical
from paizhu_desktop.core.classification import Classification, marking
from paizhu_desktop.core.ledgers.description import LedgerDescription
from paizhu_desktop.core.ledgers.fields import FieldType

#: The encoding new writes use.
ENCODING = 2

#: A stored row's columns by name: a SQLAlchemy ``RowMapping`` (whose keys may also be
#: column objects, hence ``Any``) or a plain mapping from a hand-off file.
RowValues = Mapping[Any, Any]


@dataclass(frozen=True)
class Entry:
    """One entry as read from its ledger."""

    ledger: LedgerDescription
    id: str
    seq: int
    values: dict[str, Any]
    classification: Classification
    retention: str
    status: str
    voided: bool
    void_reason: str
    created_at: str
    created_by: str
    updated_at: str
    updated_by: str
    version: int
    content_hash: str = field(repr=False, default="")
    origin: str = ""  # the group a county database received it from; '' = own

    def display(self, name: str) -> str:
        """A field's value as Chinese text, in its declared format."""
        return self.ledger.display(name, self.values)

    @property
    def marking(self) -> str:
        return marking(self.classification, self.retention)

    @property
    def summary(self) -> str:
        return self.ledger.summary(self.values)

    def as_json(self) -> dict[str, Any]:
        return {
            "id": self.id, "ledger": self.ledger.id, "version": self.version,
            "classification": self.classification.value, "retention": self.retention,
            "status": self.status, "voided": self.voided, "void_reason": self.void_reason,
            "created_at": self.created_at, "created_by": self.created_by,
            "updated_at": self.updated_at, "updated_by": self.updated_by,
            "values": self.values,
        }


@dataclass(frozen=True)
class Revision:
    """One stored version of an entry, with its values by current field name."""

    version: int
    at: str
    username: str
    action: str
    data: dict[str, Any]


@dataclass(frozen=True)
class Attachment:
    id: str
    filename: str
    mime: str
    size: int
    sha256: str
    added_at: str
    added_by: str


def _empty(value: Any) -> bool:
    return value is None or value == []


def encode_state(desc: LedgerDescription, values: Mapping[str, Any], *, classification: str,
                 retention: str, status: str, voided: bool, void_reason: str,
                 version: int, desc_version: int | None) -> dict[str, Any]:
    """The hashed state of an entry: encoding 2, or 1 for a row release 0.1.0 wrote
    (``desc_version`` None)."""
    common = {"classification": classification, "retention": retention, "status": status,
              "voided": bool(voided), "void_reason": void_reason, "version": version}
    if desc_version is None:
        return {"values": {f.key: values.get(f.name) for f in desc.fields if f.since == 1},
                **common}
    return {"encoding": ENCODING, "description": desc_version,
            "values": {f.key: v for f in desc.fields if not _empty(v := values.get(f.name))},
            **common}


def content_hash(entry_id: str, state: Mapping[str, Any]) -> str:
    """SHA-256 of what an entry says; ``verify`` recomputes it from the row."""
    return hashlib.sha256(entry_id.encode() + canonical(dict(state))).hexdigest()


def values_from_row(desc: LedgerDescription, row: RowValues) -> dict[str, Any]:
    """Field values (by current name) from a stored row or a row in a hand-off file;
    columns the row lacks (fields added later) read as empty."""
    out: dict[str, Any] = {}
    for f in desc.fields:
        v = row.get(f.column)
        if f.type is FieldType.TABLE:
            v = json.loads(v) if v else []
        elif f.type is FieldType.BOOL and v is not None:
            v = bool(v)
        elif f.type is FieldType.DECIMAL:
            v = f.from_column(v)  # the scaled whole number as its exact text
        out[f.name] = v
    return out


def columns_from_values(desc: LedgerDescription, values: Mapping[str, Any]) -> dict[str, Any]:
    """The field columns of a row for these values."""
    out: dict[str, Any] = {}
    for f in desc.fields:
        v = values.get(f.name)
        if f.type is FieldType.TABLE:
            v = json.dumps(v or [], ensure_ascii=False)
        out[f.column] = f.to_column(v)
    return out


def row_state(desc: LedgerDescription, row: RowValues) -> dict[str, Any]:
    """The hashed state of a stored row, in the encoding it was written with."""
    return encode_state(desc, values_from_row(desc, row), classification=row["classification"],
                        retention=row["retention"], status=row["status"],
                        voided=bool(row["voided"]), void_reason=row["void_reason"],
                        version=row["version"], desc_version=row.get("desc_version"))


def values_from_state(desc: LedgerDescription, state: Mapping[str, Any]) -> dict[str, Any]:
    """A revision's values by current field name (either encoding)."""
    stored = state.get("values") or {}
    return {f.name: stored.get(f.key) for f in desc.fields}


def entry_from_row(desc: LedgerDescription, row: RowValues) -> Entry:
    return Entry(
        ledger=desc, id=row["id"], seq=row["seq"], values=values_from_row(desc, row),
        classification=Classification.parse(row["classification"]),
        retention=row["retention"], status=row["status"], voided=bool(row["voided"]),
        void_reason=row["void_reason"], created_at=row["created_at"],
        created_by=row["created_by"], updated_at=row["updated_at"],
        updated_by=row["updated_by"], version=row["version"],
        content_hash=row["content_hash"], origin=row.get("origin") or "",
    )

"""The SQL tables a ledger description derives: one table and one FTS5 index each."""

from __future__ import annotations

from typing import Any

from sqlalchemy import Boolean, Column, Index, Integer, MetaData, String, Table, Text
from sqlalchemy.types import TypeEngine

from paizhu_desktop.core.ledgers.description import LedgerDescription
from paizhu_desktop.core.ledgers.fields import FieldType

_SQL_TYPES: dict[FieldType, type[TypeEngine[Any]]] = {
    FieldType.TEXT: Text,
    FieldType.LONGTEXT: Text,
    FieldType.DATE: String,
    FieldType.DATETIME: String,
    FieldType.INTEGER: Integer,
    FieldType.DECIMAL: Integer,  # scaled by 10 ** places: exact sorting and sums in SQL
    FieldType.CHOICE: String,
    FieldType.BOOL: Boolean,
    FieldType.USER: String,
    FieldType.TABLE: Text,  # JSON
}


def ledger_table(desc: LedgerDescription, md: MetaData) -> Table:
    """The SQL table derived from a ledger description (made once per metadata)."""
    if desc.table_name in md.tables:
        return md.tables[desc.table_name]
    cols: list[Column[Any]] = [
        Column("seq", Integer, primary_key=True),
        Column("id", String, nullable=False, unique=True),
        Column("classification", String, nullable=False),
        Column("retention", String, nullable=False, default=""),
        Column("status", String, nullable=False, default=""),
        Column("voided", Boolean, nullable=False, default=False),
        Column("void_reason", Text, nullable=False, default=""),
        Column("voided_at", String, nullable=False, default=""),
        Column("voided_by", String, nullable=False, default=""),
        Column("created_at", String, nullable=False),
        Column("created_by", String, nullable=False),
        Column("updated_at", String, nullable=False),
        Column("updated_by", String, nullable=False),
        Column("version", Integer, nullable=False, default=1),
        Column("search_text", Text, nullable=False, default=""),
        Column("content_hash", String, nullable=False),
        # The group a county database received the entry from ('' = this database's own).
        Column("origin", String, nullable=True, default=""),
        # The description version that wrote the row (NULL: release 0.1.0, encoding 1).
        Column("desc_version", Integer, nullable=True),
    ]
    for f in desc.fields:
        cols.append(Column(f.column, _SQL_TYPES[f.type], nullable=True))
    order_cols = [desc.field(name).column for name, _ in desc.ordering]
    return Table(
        desc.table_name, md, *cols,
        Index(f"ix_{desc.id}_order", "voided", *order_cols, "seq"),
        Index(f"ix_{desc.id}_date", desc.field(desc.date_field).column),
    )


def fts_ddl(desc: LedgerDescription) -> str:
    """FTS5 trigram index of an entry's text; its rowid is the entry's ``seq``."""
    return (f"CREATE VIRTUAL TABLE IF NOT EXISTS {desc.fts_table_name} "
            "USING fts5(search_text, tokenize='trigram')")

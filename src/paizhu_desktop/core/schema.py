"""Tables: the fixed ones (accounts, audit, revisions, attachments) and the
ones derived from the ledger descriptions."""

from __future__ import annotations

from sqlalchemy import (
    Boolean,
    Column,
    Index,
    Integer,
    LargeBinary,
    MetaData,
    String,
    Table,
    Text,
)
from sqlalchemy.types import TypeEngine

from paizhu_desktop.core.ledgers.description import LedgerDescription
from paizhu_desktop.core.ledgers.fields import FieldType
from paizhu_desktop.core.ledgers.registry import all_ledgers

metadata = MetaData()

meta = Table(
    "meta", metadata,
    Column("key", String, primary_key=True),
    Column("value", Text, nullable=False),
)

users = Table(
    "users", metadata,
    Column("id", Integer, primary_key=True),
    Column("username", String, nullable=False, unique=True),
    Column("display_name", String, nullable=False),
    Column("roles", String, nullable=False, default=""),
    Column("active", Boolean, nullable=False, default=True),
    Column("created_at", String, nullable=False),
    Column("created_by", String, nullable=False),
)

# Append-only: triggers made by the first migration refuse UPDATE and DELETE.
audit_log = Table(
    "audit_log", metadata,
    Column("seq", Integer, primary_key=True),
    Column("at", String, nullable=False),
    Column("username", String, nullable=False),
    Column("action", String, nullable=False),
    Column("ledger", String, nullable=False, default=""),
    Column("entry_id", String, nullable=False, default=""),
    Column("detail", Text, nullable=False, default="{}"),
    Column("prev_hash", String, nullable=False),
    Column("hash", String, nullable=False),
)

revisions = Table(
    "revisions", metadata,
    Column("seq", Integer, primary_key=True),
    Column("ledger", String, nullable=False),
    Column("entry_id", String, nullable=False),
    Column("version", Integer, nullable=False),
    Column("data", Text, nullable=False),
    Column("at", String, nullable=False),
    Column("username", String, nullable=False),
    Column("action", String, nullable=False),
    Index("ix_revisions_entry", "ledger", "entry_id", "version", unique=True),
)

attachments = Table(
    "attachments", metadata,
    Column("id", String, primary_key=True),
    Column("ledger", String, nullable=False),
    Column("entry_id", String, nullable=False),
    Column("filename", String, nullable=False),
    Column("mime", String, nullable=False, default="application/octet-stream"),
    Column("size", Integer, nullable=False),
    Column("sha256", String, nullable=False),
    Column("content", LargeBinary, nullable=False),
    Column("added_at", String, nullable=False),
    Column("added_by", String, nullable=False),
    Column("voided", Boolean, nullable=False, default=False),
    Index("ix_attachments_entry", "ledger", "entry_id"),
)

# Hand-off (DOMAIN §7): groups whose files were imported, the audit-chain segments
# they sent, and entries whose incoming version conflicts with the local one.
handoff_groups = Table(
    "handoff_groups", metadata,
    Column("db_id", String, primary_key=True),
    Column("group_name", String, nullable=False),
    Column("first_import_at", String, nullable=False),
    Column("last_import_at", String, nullable=False),
)

handoff_audit = Table(
    "handoff_audit", metadata,
    Column("origin", String, primary_key=True),
    Column("seq", Integer, primary_key=True),
    Column("at", String, nullable=False),
    Column("username", String, nullable=False),
    Column("action", String, nullable=False),
    Column("ledger", String, nullable=False),
    Column("entry_id", String, nullable=False),
    Column("detail", Text, nullable=False),
    Column("prev_hash", String, nullable=False),
    Column("hash", String, nullable=False),
)

handoff_conflicts = Table(
    "handoff_conflicts", metadata,
    Column("seq", Integer, primary_key=True),
    Column("ledger", String, nullable=False),
    Column("entry_id", String, nullable=False),
    Column("origin", String, nullable=False),
    Column("local_version", Integer, nullable=False),
    Column("local_hash", String, nullable=False),
    Column("incoming_version", Integer, nullable=False),
    Column("incoming_hash", String, nullable=False),
    Column("incoming", Text, nullable=False),  # the incoming row, JSON
    Column("file_sha256", String, nullable=False),
    Column("at", String, nullable=False),
    Column("resolved", Boolean, nullable=False, default=False),
    Index("ix_handoff_conflicts_entry", "ledger", "entry_id", "incoming_hash", unique=True),
)

settings = Table(
    "settings", metadata,
    Column("key", String, primary_key=True),
    Column("value", Text, nullable=False),
)

#: Columns every ledger table has besides its own fields.
COMMON_COLUMNS = (
    "seq", "id", "classification", "retention", "status", "voided", "void_reason",
    "voided_at", "voided_by", "created_at", "created_by", "updated_at", "updated_by",
    "version", "search_text", "content_hash",
)

_SQL_TYPES: dict[FieldType, type[TypeEngine[object]]] = {
    FieldType.TEXT: Text,
    FieldType.LONGTEXT: Text,
    FieldType.DATE: String,
    FieldType.DATETIME: String,
    FieldType.INTEGER: Integer,
    FieldType.CHOICE: String,
    FieldType.BOOL: Boolean,
    FieldType.USER: String,
    FieldType.TABLE: Text,  # JSON
}


def ledger_table(desc: LedgerDescription, md: MetaData | None = None) -> Table:
    """The SQL table derived from a ledger description."""
    md = metadata if md is None else md
    if desc.table_name in md.tables:
        return md.tables[desc.table_name]
    cols = [
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
    ]
    for f in desc.fields:
        cols.append(Column(f"f_{f.name}", _SQL_TYPES[f.type], nullable=True))
    order_cols = [f"f_{name}" for name, _ in desc.ordering]
    return Table(
        desc.table_name, md, *cols,
        Index(f"ix_{desc.id}_order", "voided", *order_cols, "seq"),
        Index(f"ix_{desc.id}_date", f"f_{desc.date_field}"),
    )


def fts_ddl(desc: LedgerDescription) -> str:
    """FTS5 trigram index of an entry's text; its rowid is the entry's ``seq``."""
    return (f"CREATE VIRTUAL TABLE IF NOT EXISTS {desc.fts_table_name} "
            "USING fts5(search_text, tokenize='trigram')")


for _desc in all_ledgers():
    ledger_table(_desc)

"""The fixed tables (accounts, audit, revisions, attachments, hand-off, settings).

Ledger tables are derived from the descriptions (:mod:`.ledgers.tables`), per catalog.
"""

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
    # Registered by a signed audit record; copied here for reading (verify compares).
    Column("public_key", String, nullable=True),
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
    # Who signed the record's hash, with which suite (NULL: written before signing).
    Column("signer", String, nullable=True),
    Column("suite", String, nullable=True),
    Column("signature", String, nullable=True),
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

# Hand-off (DOMAIN §7): groups whose files were imported, the audit-chain records
# they sent, and entries whose incoming version conflicts with the local one.
handoff_groups = Table(
    "handoff_groups", metadata,
    Column("db_id", String, primary_key=True),
    Column("group_name", String, nullable=False),
    Column("first_import_at", String, nullable=False),
    Column("last_import_at", String, nullable=False),
    # The head of the group's chain in the newest file received: the next file's
    # segment must continue from it (NULL: nothing received yet with a segment).
    Column("last_seq", Integer, nullable=True),
    Column("last_hash", String, nullable=True),
)

#: Per group and year, the 休/班 table and compliance report of the newest file received.
handoff_compliance = Table(
    "handoff_compliance", metadata,
    Column("origin", String, primary_key=True),
    Column("year", Integer, primary_key=True),
    Column("calendar", Text, nullable=False),
    Column("report", Text, nullable=False),
    Column("received_at", String, nullable=False),
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
    Column("signer", String, nullable=True),
    Column("suite", String, nullable=True),
    Column("signature", String, nullable=True),
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

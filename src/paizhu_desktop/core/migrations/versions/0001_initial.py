"""The fixed schema: meta, accounts, audit log, revisions, attachments, settings.

Revision ID: 0001
Revises:
"""

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "meta",
        sa.Column("key", sa.String, primary_key=True),
        sa.Column("value", sa.Text, nullable=False),
    )
    op.create_table(
        "users",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("username", sa.String, nullable=False, unique=True),
        sa.Column("display_name", sa.String, nullable=False),
        sa.Column("roles", sa.String, nullable=False),
        sa.Column("active", sa.Boolean, nullable=False),
        sa.Column("created_at", sa.String, nullable=False),
        sa.Column("created_by", sa.String, nullable=False),
    )
    op.create_table(
        "audit_log",
        sa.Column("seq", sa.Integer, primary_key=True),
        sa.Column("at", sa.String, nullable=False),
        sa.Column("username", sa.String, nullable=False),
        sa.Column("action", sa.String, nullable=False),
        sa.Column("ledger", sa.String, nullable=False),
        sa.Column("entry_id", sa.String, nullable=False),
        sa.Column("detail", sa.Text, nullable=False),
        sa.Column("prev_hash", sa.String, nullable=False),
        sa.Column("hash", sa.String, nullable=False),
    )
    op.create_index("ix_audit_entry", "audit_log", ["ledger", "entry_id"])
    # Append-only: the application never updates or deletes an audit entry.
    op.execute("CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log "
               "BEGIN SELECT RAISE(ABORT, 'audit log is append-only'); END")
    op.execute("CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log "
               "BEGIN SELECT RAISE(ABORT, 'audit log is append-only'); END")
    op.create_table(
        "revisions",
        sa.Column("seq", sa.Integer, primary_key=True),
        sa.Column("ledger", sa.String, nullable=False),
        sa.Column("entry_id", sa.String, nullable=False),
        sa.Column("version", sa.Integer, nullable=False),
        sa.Column("data", sa.Text, nullable=False),
        sa.Column("at", sa.String, nullable=False),
        sa.Column("username", sa.String, nullable=False),
        sa.Column("action", sa.String, nullable=False),
    )
    op.create_index("ix_revisions_entry", "revisions", ["ledger", "entry_id", "version"],
                    unique=True)
    op.execute("CREATE TRIGGER revisions_no_update BEFORE UPDATE ON revisions "
               "BEGIN SELECT RAISE(ABORT, 'revisions are append-only'); END")
    op.execute("CREATE TRIGGER revisions_no_delete BEFORE DELETE ON revisions "
               "BEGIN SELECT RAISE(ABORT, 'revisions are append-only'); END")
    op.create_table(
        "attachments",
        sa.Column("id", sa.String, primary_key=True),
        sa.Column("ledger", sa.String, nullable=False),
        sa.Column("entry_id", sa.String, nullable=False),
        sa.Column("filename", sa.String, nullable=False),
        sa.Column("mime", sa.String, nullable=False),
        sa.Column("size", sa.Integer, nullable=False),
        sa.Column("sha256", sa.String, nullable=False),
        sa.Column("content", sa.LargeBinary, nullable=False),
        sa.Column("added_at", sa.String, nullable=False),
        sa.Column("added_by", sa.String, nullable=False),
        sa.Column("voided", sa.Boolean, nullable=False),
    )
    op.create_index("ix_attachments_entry", "attachments", ["ledger", "entry_id"])
    op.create_table(
        "settings",
        sa.Column("key", sa.String, primary_key=True),
        sa.Column("value", sa.Text, nullable=False),
    )

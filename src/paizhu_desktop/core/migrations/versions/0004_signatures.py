"""Signed audit records and registered signing keys; the last chain head received
from each group.

Records written before this release stay unsigned (NULL); the first login
after the upgrade starts signing with a record that says so, and every
record after it must be signed.

A county database keeps per group the head of the chain in the newest file it
received (``handoff_groups.last_seq``/``last_hash``): the next file must
continue from it. Groups imported before learn theirs from the segments kept
in ``handoff_audit`` (each segment ran to the sender's head).

Revision ID: 0004
Revises: 0003
"""

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    insp = sa.inspect(op.get_bind())
    for table in ("audit_log", "handoff_audit"):
        have = {c["name"] for c in insp.get_columns(table)}
        # Plain ADD COLUMN: the append-only triggers stay, no table is rebuilt.
        for column in ("signer", "suite", "signature"):
            if column not in have:
                op.execute(f"ALTER TABLE {table} ADD COLUMN {column} VARCHAR")
    if "public_key" not in {c["name"] for c in insp.get_columns("users")}:
        op.execute("ALTER TABLE users ADD COLUMN public_key VARCHAR")
    have = {c["name"] for c in insp.get_columns("handoff_groups")}
    if "last_seq" not in have:
        op.execute("ALTER TABLE handoff_groups ADD COLUMN last_seq INTEGER")
    if "last_hash" not in have:
        op.execute("ALTER TABLE handoff_groups ADD COLUMN last_hash VARCHAR")
    sent = "FROM handoff_audit a WHERE a.origin = handoff_groups.db_id"
    op.execute(f"UPDATE handoff_groups SET last_seq = (SELECT max(a.seq) {sent}), "
               f"last_hash = (SELECT a.hash {sent} ORDER BY a.seq DESC LIMIT 1) "
               "WHERE last_seq IS NULL")


def downgrade() -> None:
    raise NotImplementedError("a database is never downgraded")

"""Signed audit records and registered signing keys.

Records written before this release stay unsigned (NULL); the first login
after the upgrade starts signing with a record that says so, and every
record after it must be signed.

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


def downgrade() -> None:
    raise NotImplementedError("a database is never downgraded")

"""Ledger rows record the description version that wrote them (content-hash encoding 2).

Rows written by release 0.1.0 keep NULL: ``verify`` checks them in encoding 1,
exactly as they were stored.

Revision ID: 0003
Revises: 0002
"""

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    insp = sa.inspect(op.get_bind())
    for table in insp.get_table_names():
        if not table.startswith("ledger_"):
            continue
        if "desc_version" not in {c["name"] for c in insp.get_columns(table)}:
            # A plain ADD COLUMN: batch mode would rebuild tables holding years of entries.
            op.execute(f"ALTER TABLE {table} ADD COLUMN desc_version INTEGER")


def downgrade() -> None:
    raise NotImplementedError("a database is never downgraded")

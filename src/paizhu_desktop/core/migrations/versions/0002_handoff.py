"""Hand-off: imported groups, their audit-chain segments, and conflicts kept side by side.

Revision ID: 0002
Revises: 0001
"""

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "handoff_groups",
        sa.Column("db_id", sa.String, primary_key=True),
        sa.Column("group_name", sa.String, nullable=False),
        sa.Column("first_import_at", sa.String, nullable=False),
        sa.Column("last_import_at", sa.String, nullable=False),
    )
    op.create_table(
        "handoff_audit",
        sa.Column("origin", sa.String, primary_key=True),
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
    op.create_table(
        "handoff_conflicts",
        sa.Column("seq", sa.Integer, primary_key=True),
        sa.Column("ledger", sa.String, nullable=False),
        sa.Column("entry_id", sa.String, nullable=False),
        sa.Column("origin", sa.String, nullable=False),
        sa.Column("local_version", sa.Integer, nullable=False),
        sa.Column("local_hash", sa.String, nullable=False),
        sa.Column("incoming_version", sa.Integer, nullable=False),
        sa.Column("incoming_hash", sa.String, nullable=False),
        sa.Column("incoming", sa.Text, nullable=False),
        sa.Column("file_sha256", sa.String, nullable=False),
        sa.Column("at", sa.String, nullable=False),
        sa.Column("resolved", sa.Boolean, nullable=False),
    )
    op.create_index("ix_handoff_conflicts_entry", "handoff_conflicts",
                    ["ledger", "entry_id", "incoming_hash"], unique=True)


def downgrade() -> None:
    op.drop_table("handoff_conflicts")
    op.drop_table("handoff_audit")
    op.drop_table("handoff_groups")

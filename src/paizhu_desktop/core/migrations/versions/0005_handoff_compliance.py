"""What a county database keeps of each group's compliance calendar: the group's
table of 休/班 days (so the county counts the same working days) and the yearly
compliance report, as carried in the signed manifest of each hand-off file.

Revision ID: 0005
Revises: 0004
"""

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    if "handoff_compliance" in sa.inspect(op.get_bind()).get_table_names():
        return
    op.create_table(
        "handoff_compliance",
        sa.Column("origin", sa.String, primary_key=True),
        sa.Column("year", sa.Integer, primary_key=True),
        sa.Column("calendar", sa.Text, nullable=False),
        sa.Column("report", sa.Text, nullable=False),
        sa.Column("received_at", sa.String, nullable=False),
    )


def downgrade() -> None:
    raise NotImplementedError("a database is never downgraded")

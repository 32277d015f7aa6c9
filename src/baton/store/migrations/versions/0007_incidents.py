"""incidents: failures a person must fix (a timer whose handler kept failing)

Revision ID: 0007
Revises: 0006
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "incidents",
        sa.Column("key", sa.BigInteger(), autoincrement=False, nullable=False),
        sa.Column("kind", sa.String(), nullable=False),
        sa.Column("message", sa.Text(), nullable=False),
        sa.Column("state", sa.String(), nullable=False),
        sa.Column("instance_id", sa.String(), nullable=True),
        sa.Column("element_id", sa.String(), nullable=True),
        sa.Column("task_id", sa.String(), nullable=True),
        sa.Column("timer_id", sa.String(), nullable=True),
        sa.Column("timer_kind", sa.String(), nullable=True),
        sa.Column("timer_payload", sa.JSON(), nullable=True),
        sa.Column("created_at", sa.BigInteger(), nullable=False),
        sa.Column("resolved_at", sa.BigInteger(), nullable=True),
        sa.PrimaryKeyConstraint("key", name=op.f("pk_incidents")),
    )
    op.create_index(
        op.f("ix_incidents_state_created_at"), "incidents", ["state", "created_at"], unique=False
    )
    op.create_index(op.f("ix_incidents_instance_id"), "incidents", ["instance_id"], unique=False)


def downgrade() -> None:
    op.drop_index(op.f("ix_incidents_instance_id"), table_name="incidents")
    op.drop_index(op.f("ix_incidents_state_created_at"), table_name="incidents")
    op.drop_table("incidents")

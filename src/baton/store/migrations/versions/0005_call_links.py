"""call activities: parent task <-> child instance links

Revision ID: 0005
Revises: 0004
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "call_links",
        sa.Column("parent_task_id", sa.String(), nullable=False),
        sa.Column("parent_instance_id", sa.String(), nullable=False),
        sa.Column("child_instance_id", sa.String(), nullable=False),
        sa.Column("depth", sa.Integer(), nullable=False),
        sa.Column("open", sa.Boolean(), nullable=False),
        sa.Column("created_at", sa.BigInteger(), nullable=False),
        sa.ForeignKeyConstraint(
            ["parent_instance_id"],
            ["instances.id"],
            name=op.f("fk_call_links_parent_instance_id_instances"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("parent_task_id", name=op.f("pk_call_links")),
        sa.UniqueConstraint("child_instance_id", name=op.f("uq_call_links_child_instance_id")),
    )
    op.create_index(
        op.f("ix_call_links_parent_instance_id"),
        "call_links",
        ["parent_instance_id"],
        unique=False,
    )


def downgrade() -> None:
    op.drop_index(op.f("ix_call_links_parent_instance_id"), table_name="call_links")
    op.drop_table("call_links")

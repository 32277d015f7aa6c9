"""the INBOX index of human-task candidates also holds the task id

The INBOX reads each candidate principal's tasks newest first and counts the union of their
ids. With the task id in the index, both are read from the index alone (no table lookup per
candidate row: the count over a big group's tasks was mostly those lookups), and tasks
updated in the same millisecond come in id order, as the page sorts them. One index
replaces the other: no extra index to write.

Revision ID: 0013
Revises: 0012
"""

from __future__ import annotations

from alembic import op

revision = "0013"
down_revision = "0012"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("human_task_candidates", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_human_task_candidates_kind_principal_updated_at"))
        batch_op.create_index(
            batch_op.f("ix_human_task_candidates_kind_principal_updated_at_task_id"),
            ["kind", "principal", "updated_at", "task_id"],
            unique=False,
        )


def downgrade() -> None:
    with op.batch_alter_table("human_task_candidates", schema=None) as batch_op:
        batch_op.drop_index(
            batch_op.f("ix_human_task_candidates_kind_principal_updated_at_task_id")
        )
        batch_op.create_index(
            batch_op.f("ix_human_task_candidates_kind_principal_updated_at"),
            ["kind", "principal", "updated_at"],
            unique=False,
        )

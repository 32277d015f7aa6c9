"""human tasks, candidates, form templates

Revision ID: 0003
Revises: 0002
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "form_templates",
        sa.Column("name", sa.String(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("json_schema", sa.JSON(), nullable=False),
        sa.Column("template_ui", sa.JSON(), nullable=False),
        sa.Column("tags", sa.JSON(), nullable=False),
        sa.Column("created_at", sa.BigInteger(), nullable=False),
        sa.Column("updated_at", sa.BigInteger(), nullable=False),
        sa.Column("created_by", sa.String(), nullable=True),
        sa.Column("updated_by", sa.String(), nullable=True),
        sa.Column("owner_app", sa.String(), nullable=True),
        sa.PrimaryKeyConstraint("name", "version", name=op.f("pk_form_templates")),
    )
    op.create_table(
        "human_tasks",
        sa.Column("id", sa.String(), nullable=False),
        sa.Column("instance_id", sa.String(), nullable=False),
        sa.Column("workflow_name", sa.String(), nullable=False),
        sa.Column("ref_name", sa.String(), nullable=False),
        sa.Column("iteration", sa.Integer(), nullable=False),
        sa.Column("definition_name", sa.String(), nullable=False),
        sa.Column("display_name", sa.String(), nullable=True),
        sa.Column("state", sa.String(), nullable=False),
        sa.Column("assignee", sa.String(), nullable=True),
        sa.Column("claimant", sa.String(), nullable=True),
        sa.Column("owner", sa.String(), nullable=True),
        sa.Column("form_name", sa.String(), nullable=True),
        sa.Column("form_version", sa.Integer(), nullable=True),
        sa.Column("due_at", sa.BigInteger(), nullable=True),
        sa.Column("follow_up_at", sa.BigInteger(), nullable=True),
        sa.Column("priority", sa.Integer(), nullable=True),
        sa.Column("form_key", sa.String(), nullable=True),
        sa.Column("headers", sa.Text(), nullable=True),
        sa.Column("document", sa.Text(), nullable=False),
        sa.Column("input", sa.Text(), nullable=False),
        sa.Column("output", sa.Text(), nullable=False),
        sa.Column("revision", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.BigInteger(), nullable=False),
        sa.Column("updated_at", sa.BigInteger(), nullable=False),
        sa.ForeignKeyConstraint(
            ["instance_id"],
            ["instances.id"],
            name=op.f("fk_human_tasks_instance_id_instances"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_human_tasks")),
    )
    with op.batch_alter_table("human_tasks", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_human_tasks_instance_id"), ["instance_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_human_tasks_state_updated_at"), ["state", "updated_at"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_human_tasks_updated_at"), ["updated_at"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_human_tasks_claimant_state"), ["claimant", "state"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_human_tasks_owner_state"), ["owner", "state"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_human_tasks_due_at"), ["due_at"], unique=False)
        batch_op.create_index(batch_op.f("ix_human_tasks_priority"), ["priority"], unique=False)

    op.create_table(
        "human_task_candidates",
        sa.Column("task_id", sa.String(), nullable=False),
        sa.Column("kind", sa.String(), nullable=False),
        sa.Column("principal", sa.String(), nullable=False),
        sa.Column("updated_at", sa.BigInteger(), nullable=False),
        sa.ForeignKeyConstraint(
            ["task_id"],
            ["human_tasks.id"],
            name=op.f("fk_human_task_candidates_task_id_human_tasks"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint(
            "task_id", "kind", "principal", name=op.f("pk_human_task_candidates")
        ),
    )
    with op.batch_alter_table("human_task_candidates", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_human_task_candidates_kind_principal_updated_at"),
            ["kind", "principal", "updated_at"],
            unique=False,
        )


def downgrade() -> None:
    with op.batch_alter_table("human_task_candidates", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_human_task_candidates_kind_principal_updated_at"))

    op.drop_table("human_task_candidates")
    with op.batch_alter_table("human_tasks", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_human_tasks_priority"))
        batch_op.drop_index(batch_op.f("ix_human_tasks_due_at"))
        batch_op.drop_index(batch_op.f("ix_human_tasks_owner_state"))
        batch_op.drop_index(batch_op.f("ix_human_tasks_claimant_state"))
        batch_op.drop_index(batch_op.f("ix_human_tasks_updated_at"))
        batch_op.drop_index(batch_op.f("ix_human_tasks_state_updated_at"))
        batch_op.drop_index(batch_op.f("ix_human_tasks_instance_id"))

    op.drop_table("human_tasks")
    op.drop_table("form_templates")

"""runtime history: element instances, variables by scope with history, Camunda incidents,
job retries

Revision ID: 0008
Revises: 0007
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None


def _instance_fk(table: str) -> sa.ForeignKeyConstraint:
    return sa.ForeignKeyConstraint(
        ["instance_id"],
        ["instances.id"],
        name=op.f(f"fk_{table}_instance_id_instances"),
        ondelete="CASCADE",
    )


def upgrade() -> None:
    op.add_column("tasks", sa.Column("retries", sa.Integer(), nullable=True))
    for name, kind in (
        ("def_name", sa.String()),
        ("def_version", sa.Integer()),
        ("element_key", sa.String()),
        ("job_key", sa.String()),
    ):
        op.add_column("incidents", sa.Column(name, kind, nullable=True))
    op.create_table(
        "element_instances",
        sa.Column("key", sa.BigInteger(), autoincrement=False, nullable=False),
        sa.Column("instance_id", sa.String(), nullable=False),
        sa.Column("def_name", sa.String(), nullable=False),
        sa.Column("def_version", sa.Integer(), nullable=False),
        sa.Column("element_id", sa.String(), nullable=False),
        sa.Column("element_name", sa.String(), nullable=False),
        sa.Column("kind", sa.String(), nullable=False),
        sa.Column("state", sa.String(), nullable=False),
        sa.Column("scope_key", sa.BigInteger(), nullable=True),
        sa.Column("incident_key", sa.BigInteger(), nullable=True),
        sa.Column("start_at", sa.BigInteger(), nullable=False),
        sa.Column("end_at", sa.BigInteger(), nullable=True),
        _instance_fk("element_instances"),
        sa.PrimaryKeyConstraint("key", name=op.f("pk_element_instances")),
    )
    op.create_index(
        op.f("ix_element_instances_instance_id_start_at"),
        "element_instances",
        ["instance_id", "start_at"],
    )
    op.create_table(
        "variables",
        sa.Column("key", sa.BigInteger(), autoincrement=False, nullable=False),
        sa.Column("instance_id", sa.String(), nullable=False),
        sa.Column("scope_key", sa.BigInteger(), nullable=False),
        sa.Column("name", sa.String(), nullable=False),
        sa.Column("value", sa.Text(), nullable=False),
        sa.Column("updated_at", sa.BigInteger(), nullable=False),
        _instance_fk("variables"),
        sa.PrimaryKeyConstraint("key", name=op.f("pk_variables")),
        sa.UniqueConstraint("scope_key", "name", name=op.f("uq_variables_scope_key_name")),
    )
    op.create_index(op.f("ix_variables_instance_id_name"), "variables", ["instance_id", "name"])
    op.create_table(
        "variable_history",
        sa.Column("id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
        sa.Column("instance_id", sa.String(), nullable=False),
        sa.Column("scope_key", sa.BigInteger(), nullable=False),
        sa.Column("name", sa.String(), nullable=False),
        sa.Column("value", sa.Text(), nullable=False),
        sa.Column("at", sa.BigInteger(), nullable=False),
        _instance_fk("variable_history"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_variable_history")),
    )
    op.create_index(
        op.f("ix_variable_history_scope_key_name"), "variable_history", ["scope_key", "name"]
    )
    op.create_index(op.f("ix_variable_history_instance_id"), "variable_history", ["instance_id"])


def downgrade() -> None:
    op.drop_table("variable_history")
    op.drop_table("variables")
    op.drop_table("element_instances")
    for name in ("job_key", "element_key", "def_version", "def_name"):
        op.drop_column("incidents", name)
    op.drop_column("tasks", "retries")

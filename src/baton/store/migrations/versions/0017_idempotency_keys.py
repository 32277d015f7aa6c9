"""Conductor idempotency keys on workflow starts: one instance per (workflow, key)

Revision ID: 0017
Revises: 0016
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0017"
down_revision = "0016"
branch_labels = None
depends_on = None

_INDEX = "ix_instances_def_name_idempotency_key"


def upgrade() -> None:
    with op.batch_alter_table("instances") as batch_op:
        batch_op.add_column(sa.Column("idempotency_key", sa.String(), nullable=True))
    condition = sa.text("idempotency_key IS NOT NULL")
    op.create_index(
        _INDEX,
        "instances",
        ["def_name", "idempotency_key"],
        unique=True,
        sqlite_where=condition,
        postgresql_where=condition,
    )


def downgrade() -> None:
    op.drop_index(_INDEX, table_name="instances")
    with op.batch_alter_table("instances") as batch_op:
        batch_op.drop_column("idempotency_key")

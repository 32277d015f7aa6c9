"""deployments, bpmn processes, forms

Revision ID: 0004
Revises: 0003
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "bpmn_processes",
        sa.Column("key", sa.BigInteger(), autoincrement=False, nullable=False),
        sa.Column("process_id", sa.String(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("resource_name", sa.String(), nullable=False),
        sa.Column("checksum", sa.String(), nullable=False),
        sa.Column("deployment_key", sa.BigInteger(), nullable=False),
        sa.Column("xml", sa.Text(), nullable=False),
        sa.Column("created_at", sa.BigInteger(), nullable=False),
        sa.PrimaryKeyConstraint("key", name=op.f("pk_bpmn_processes")),
        sa.UniqueConstraint(
            "process_id", "version", name=op.f("uq_bpmn_processes_process_id_version")
        ),
    )
    op.create_table(
        "deployments",
        sa.Column("key", sa.BigInteger(), autoincrement=False, nullable=False),
        sa.Column("created_at", sa.BigInteger(), nullable=False),
        sa.Column("created_by", sa.String(), nullable=True),
        sa.PrimaryKeyConstraint("key", name=op.f("pk_deployments")),
    )
    op.create_table(
        "forms",
        sa.Column("key", sa.BigInteger(), autoincrement=False, nullable=False),
        sa.Column("form_id", sa.String(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("resource_name", sa.String(), nullable=False),
        sa.Column("checksum", sa.String(), nullable=False),
        sa.Column("deployment_key", sa.BigInteger(), nullable=False),
        sa.Column("schema", sa.JSON(), nullable=False),
        sa.Column("created_at", sa.BigInteger(), nullable=False),
        sa.PrimaryKeyConstraint("key", name=op.f("pk_forms")),
        sa.UniqueConstraint("form_id", "version", name=op.f("uq_forms_form_id_version")),
    )


def downgrade() -> None:
    op.drop_table("forms")
    op.drop_table("deployments")
    op.drop_table("bpmn_processes")

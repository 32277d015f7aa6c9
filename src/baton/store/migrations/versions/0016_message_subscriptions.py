"""BPMN messages and signals: subscriptions, start events, buffered messages

Revision ID: 0016
Revises: 0014
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0016"
down_revision = "0014"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "event_subscriptions",
        sa.Column("id", sa.String(), nullable=False),
        sa.Column("kind", sa.String(), nullable=False),
        sa.Column("name", sa.String(), nullable=False),
        sa.Column("correlation_key", sa.String(), nullable=True),
        sa.Column("instance_id", sa.String(), nullable=False),
        sa.Column("task_id", sa.String(), nullable=False),
        sa.Column("node_id", sa.String(), nullable=False),
        sa.Column("def_name", sa.String(), nullable=False),
        sa.Column("created_at", sa.BigInteger(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_event_subscriptions")),
    )
    op.create_index(
        op.f("ix_event_subscriptions_kind_name_correlation_key"),
        "event_subscriptions",
        ["kind", "name", "correlation_key"],
    )
    op.create_index(op.f("ix_event_subscriptions_task_id"), "event_subscriptions", ["task_id"])
    op.create_table(
        "start_subscriptions",
        sa.Column("def_name", sa.String(), nullable=False),
        sa.Column("node_id", sa.String(), nullable=False),
        sa.Column("def_version", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(), nullable=False),
        sa.Column("name", sa.String(), nullable=False),
        sa.PrimaryKeyConstraint("def_name", "node_id", name=op.f("pk_start_subscriptions")),
    )
    op.create_index(
        op.f("ix_start_subscriptions_kind_name"), "start_subscriptions", ["kind", "name"]
    )
    op.create_table(
        "buffered_messages",
        sa.Column("key", sa.String(), nullable=False),
        sa.Column("name", sa.String(), nullable=False),
        sa.Column("correlation_key", sa.String(), nullable=False),
        sa.Column("message_id", sa.String(), nullable=True),
        sa.Column("variables", sa.Text(), nullable=False),
        sa.Column("expires_at", sa.BigInteger(), nullable=False),
        sa.Column("created_at", sa.BigInteger(), nullable=False),
        sa.PrimaryKeyConstraint("key", name=op.f("pk_buffered_messages")),
    )
    op.create_index(
        op.f("ix_buffered_messages_name_correlation_key_expires_at"),
        "buffered_messages",
        ["name", "correlation_key", "expires_at"],
    )
    condition = sa.text("message_id IS NOT NULL")
    op.create_index(
        "uq_buffered_messages_message_id",
        "buffered_messages",
        ["name", "correlation_key", "message_id"],
        unique=True,
        sqlite_where=condition,
        postgresql_where=condition,
    )
    op.create_table(
        "message_correlations",
        sa.Column("message_key", sa.String(), nullable=False),
        sa.Column("def_name", sa.String(), nullable=False),
        sa.PrimaryKeyConstraint("message_key", "def_name", name=op.f("pk_message_correlations")),
    )
    op.create_table(
        "message_start_keys",
        sa.Column("def_name", sa.String(), nullable=False),
        sa.Column("correlation_key", sa.String(), nullable=False),
        sa.Column("instance_id", sa.String(), nullable=False),
        sa.PrimaryKeyConstraint("def_name", "correlation_key", name=op.f("pk_message_start_keys")),
    )
    op.create_index(
        op.f("ix_message_start_keys_instance_id"), "message_start_keys", ["instance_id"]
    )


def downgrade() -> None:
    for table in (
        "message_start_keys",
        "message_correlations",
        "buffered_messages",
        "start_subscriptions",
        "event_subscriptions",
    ):
        op.drop_table(table)

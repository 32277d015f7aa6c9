"""instances keep the root of their call-activity chain; job rows keep their last failure and
custom headers; human tasks keep when they closed

Revision ID: 0010
Revises: 0009
"""

from __future__ import annotations

import json

import sqlalchemy as sa
from alembic import op

revision = "0010"
down_revision = "0009"
branch_labels = None
depends_on = None

_BATCH = 500
_CLOSED = ("COMPLETED", "TIMED_OUT", "DELETED")
_MAX_DEPTH = 64  # call chains are at most 16 deep (call_activities.MAX_DEPTH)


def upgrade() -> None:
    op.add_column("instances", sa.Column("root_id", sa.String(), nullable=True))
    for name, kind in (
        ("error_message", sa.Text()),
        ("failed_at", sa.BigInteger()),
        ("headers", sa.Text()),
    ):
        op.add_column("tasks", sa.Column(name, kind, nullable=True))
    op.add_column("human_tasks", sa.Column("completed_at", sa.BigInteger(), nullable=True))
    _backfill_roots()
    _backfill_completion()


def _backfill_roots() -> None:
    """Instances nobody called are their own root; a called one takes its parent's, level by
    level down the chain; one whose parent is gone is its own."""
    conn = op.get_bind()
    instances = sa.table("instances", sa.column("id", sa.String()), sa.column("root_id"))
    links = sa.table(
        "call_links",
        sa.column("parent_instance_id", sa.String()),
        sa.column("child_instance_id", sa.String()),
    )
    parent = instances.alias("parent")
    called = sa.select(links.c.child_instance_id)
    conn.execute(
        instances.update().where(instances.c.id.not_in(called)).values(root_id=instances.c.id)
    )
    parents_root = (
        sa.select(parent.c.root_id)
        .select_from(links.join(parent, parent.c.id == links.c.parent_instance_id))
        .where(links.c.child_instance_id == instances.c.id, parent.c.root_id.is_not(None))
        .scalar_subquery()
    )
    for _level in range(_MAX_DEPTH):
        done = conn.execute(
            instances.update()
            .where(instances.c.root_id.is_(None), parents_root.is_not(None))
            .values(root_id=parents_root)
        )
        if not done.rowcount:
            break
    conn.execute(
        instances.update().where(instances.c.root_id.is_(None)).values(root_id=instances.c.id)
    )


def _backfill_completion() -> None:
    """Closed tasks: the time of the first action that closed them (their action log), else
    their last update."""
    conn = op.get_bind()
    table = sa.table(
        "human_tasks",
        sa.column("id", sa.String()),
        sa.column("state", sa.String()),
        sa.column("document", sa.Text()),
        sa.column("updated_at", sa.BigInteger()),
        sa.column("completed_at", sa.BigInteger()),
    )
    after = ""
    while True:
        rows = conn.execute(
            sa.select(table.c.id, table.c.document, table.c.updated_at)
            .where(table.c.id > after, table.c.state.in_(_CLOSED))
            .order_by(table.c.id)
            .limit(_BATCH)
        ).all()
        if not rows:
            return
        for task_id, document, updated_at in rows:
            after = task_id
            closed = _closed_at(document)
            conn.execute(
                table.update()
                .where(table.c.id == task_id)
                .values(completed_at=closed if closed is not None else updated_at)
            )


def _closed_at(document: str | None) -> int | None:
    try:
        log = json.loads(document or "{}").get("action_log") or []
    except (ValueError, AttributeError):
        return None
    for entry in log:
        if isinstance(entry, dict) and entry.get("state") in _CLOSED:
            start = entry.get("state_start")
            return start if isinstance(start, int) and not isinstance(start, bool) else None
    return None


def downgrade() -> None:
    # plain DROP COLUMN (SQLite 3.35+): a batch copy would cascade-delete rows referring here
    op.drop_column("human_tasks", "completed_at")
    for name in ("headers", "failed_at", "error_message"):
        op.drop_column("tasks", name)
    op.drop_column("instances", "root_id")

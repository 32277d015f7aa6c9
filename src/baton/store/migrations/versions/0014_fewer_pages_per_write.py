"""fewer pages per write: partial indexes on columns most rows leave empty, and (SQLite) the
human-task candidate index stored by its primary key alone

Revision ID: 0014
Revises: 0013

`human_tasks.due_at` and `.priority` are set on BPMN user tasks only, `instances.
correlation_id` on instances started with one; every query on them asks for a value or a
range, so rows without one need no index entry (one page less per insert each). On SQLite,
`human_task_candidates` becomes a WITHOUT ROWID table: its primary key was a second b-tree
beside the rowid table, written with every candidate row.
"""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa
from alembic import op

revision = "0014"
down_revision = "0013"
branch_labels = None
depends_on = None

_PARTIAL = (("human_tasks", "due_at"), ("human_tasks", "priority"), ("instances", "correlation_id"))
_CANDIDATES = "human_task_candidates"
_CANDIDATES_INDEX = "ix_human_task_candidates_kind_principal_updated_at_task_id"


def _where(column: str) -> dict[str, Any]:
    condition = sa.text(f"{column} IS NOT NULL")
    return {"sqlite_where": condition, "postgresql_where": condition}


def upgrade() -> None:
    for table, column in _PARTIAL:
        op.drop_index(f"ix_{table}_{column}", table_name=table)
        op.create_index(f"ix_{table}_{column}", table, [column], **_where(column))
    if op.get_bind().dialect.name == "sqlite":
        _rebuild_candidates(with_rowid=False)


def downgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        _rebuild_candidates(with_rowid=True)
    for table, column in _PARTIAL:
        op.drop_index(f"ix_{table}_{column}", table_name=table)
        op.create_index(f"ix_{table}_{column}", table, [column])


def _rebuild_candidates(*, with_rowid: bool) -> None:
    """Copy the candidate index into a table of the same columns and keys (SQLite cannot
    change a table's rowid in place)."""
    new = f"{_CANDIDATES}_new"
    op.create_table(
        new,
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
        sa.PrimaryKeyConstraint("task_id", "kind", "principal", name=op.f("pk_" + _CANDIDATES)),
        sqlite_with_rowid=with_rowid,
    )
    op.execute(
        f"INSERT INTO {new} (task_id, kind, principal, updated_at)"
        f" SELECT task_id, kind, principal, updated_at FROM {_CANDIDATES}"
    )
    op.drop_table(_CANDIDATES)  # and its index
    op.rename_table(new, _CANDIDATES)
    op.create_index(_CANDIDATES_INDEX, _CANDIDATES, ["kind", "principal", "updated_at", "task_id"])

"""Rows of `task_logs`: what workers logged while running a task."""

from __future__ import annotations

from dataclasses import dataclass

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from baton.store.schema import task_logs


@dataclass(frozen=True)
class TaskLogRow:
    task_id: str
    log: str
    created_at: int


def append(conn: Connection, task_id: str, lines: list[str], *, now: int) -> None:
    if lines:
        conn.execute(
            task_logs.insert(), [{"task_id": task_id, "log": s, "created_at": now} for s in lines]
        )


def count(conn: Connection, task_id: str) -> int:
    found = conn.execute(
        sa.select(sa.func.count()).select_from(task_logs).where(task_logs.c.task_id == task_id)
    ).scalar_one()
    return int(found)


def read(conn: Connection, task_id: str, *, limit: int) -> list[TaskLogRow]:
    rows = conn.execute(
        sa.select(task_logs.c.task_id, task_logs.c.log, task_logs.c.created_at)
        .where(task_logs.c.task_id == task_id)
        .order_by(task_logs.c.seq)
        .limit(limit)
    ).all()
    return [TaskLogRow(r.task_id, r.log, r.created_at) for r in rows]

"""What `/metrics` reads from the database at scrape time: how much work waits, and how old.

Counts over indexed columns only; each query is one round trip. A group's open tasks are the
tasks offered to it right now (its live candidate rows, not the closed ones).
"""

from __future__ import annotations

from dataclasses import dataclass

import sqlalchemy as sa
from sqlalchemy import Connection

from baton.model.human_task.policy import UserType
from baton.store.schema import human_task_candidates, human_tasks, incidents, tasks, timers

_GROUP_KINDS = (UserType.CONDUCTOR_GROUP.value, UserType.EXTERNAL_GROUP.value)


@dataclass(frozen=True, slots=True)
class GroupWork:
    group: str
    open: int
    overdue: int
    oldest_created_at: int | None


def human_tasks_by_state(conn: Connection) -> dict[str, int]:
    rows = conn.execute(
        sa.select(human_tasks.c.state, sa.func.count()).group_by(human_tasks.c.state)
    )
    return {state: count for state, count in rows}


def open_work_by_group(conn: Connection, now: int) -> list[GroupWork]:
    c, t = human_task_candidates, human_tasks
    overdue = sa.func.sum(sa.case((sa.and_(t.c.due_at.is_not(None), t.c.due_at < now), 1), else_=0))
    rows = conn.execute(
        sa.select(c.c.principal, sa.func.count(), overdue, sa.func.min(t.c.created_at))
        .join(t, t.c.id == c.c.task_id)
        .where(c.c.kind.in_(_GROUP_KINDS))
        .group_by(c.c.principal)
    )
    return [GroupWork(group, count, int(late or 0), oldest) for group, count, late, oldest in rows]


def timers_due(conn: Connection, now: int) -> int:
    return int(conn.execute(sa.select(sa.func.count()).where(timers.c.due_at <= now)).scalar_one())


def queued_jobs_by_type(conn: Connection) -> dict[str, int]:
    """Worker tasks and Zeebe jobs waiting to be taken, per queue (task type / job type)."""
    rows = conn.execute(
        sa.select(tasks.c.queue, sa.func.count())
        .where(tasks.c.queue.is_not(None), tasks.c.status == "SCHEDULED")
        .group_by(tasks.c.queue)
    )
    return {queue: count for queue, count in rows}


def open_incidents(conn: Connection) -> int:
    return int(
        conn.execute(sa.select(sa.func.count()).where(incidents.c.state == "ACTIVE")).scalar_one()
    )

"""Queries on the timers table: schedule, cancel, lease the due ones, take one to fire.

A timer fires in the transaction that deletes its row (`take`), so it fires at most once
however many processes lease it; the lease only keeps processes from working on the same
timer at the same moment.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from baton.store.prepared import Prepared
from baton.store.schema import timers


@dataclass(frozen=True)
class TimerRow:
    id: str
    kind: str
    due_at: int
    payload: dict[str, Any]
    instance_id: str | None
    task_id: str | None


def schedule(
    conn: Connection,
    *,
    timer_id: str,
    kind: str,
    due_at: int,
    payload: dict[str, Any] | None = None,
    instance_id: str | None = None,
    task_id: str | None = None,
) -> None:
    _SCHEDULE.run(
        conn,
        id=timer_id,
        kind=kind,
        due_at=due_at,
        payload=json.dumps(payload or {}),
        instance_id=instance_id,
        task_id=task_id,
        lease_owner=None,
        lease_until=None,
    )


def reschedule(conn: Connection, timer_id: str, due_at: int) -> bool:
    return bool(_RESCHEDULE.run(conn, b_id=timer_id, due_at=due_at).rowcount)


def cancel(conn: Connection, timer_ids: Sequence[str]) -> None:
    for timer_id in timer_ids:
        _CANCEL.run(conn, b_id=timer_id)


def cancel_for_task(conn: Connection, task_id: str, kind: str | None = None) -> None:
    stmt = timers.delete().where(timers.c.task_id == task_id)
    if kind is not None:
        stmt = stmt.where(timers.c.kind == kind)
    conn.execute(stmt)


def cancel_with_prefix(conn: Connection, kind: str, prefix: str) -> None:
    """Cancel the timers of `kind` whose id starts with `prefix`."""
    conn.execute(
        timers.delete().where(
            timers.c.kind == kind, timers.c.id.startswith(prefix, autoescape=True)
        )
    )


def cancel_for_instance(conn: Connection, instance_id: str) -> None:
    conn.execute(timers.delete().where(timers.c.instance_id == instance_id))


def get(conn: Connection, timer_id: str) -> TimerRow | None:
    row = conn.execute(sa.select(timers).where(timers.c.id == timer_id)).mappings().first()
    return _row(row) if row else None


def for_task(conn: Connection, task_id: str, kind: str) -> TimerRow | None:
    row = (
        conn.execute(sa.select(timers).where(timers.c.task_id == task_id, timers.c.kind == kind))
        .mappings()
        .first()
    )
    return _row(row) if row else None


def lease_due(
    conn: Connection, *, now: int, owner: str, lease_ms: int, limit: int
) -> list[TimerRow]:
    """Lease up to `limit` due timers that nobody holds a live lease on, oldest first."""
    candidates = (
        sa.select(timers.c.id)
        .where(
            timers.c.due_at <= now,
            sa.or_(timers.c.lease_until.is_(None), timers.c.lease_until < now),
        )
        .order_by(timers.c.due_at)
        .limit(limit)
    )
    if conn.dialect.name == "postgresql":
        candidates = candidates.with_for_update(skip_locked=True)
    stmt = (
        timers.update()
        .where(timers.c.id.in_(candidates.scalar_subquery()))
        .values(lease_owner=owner, lease_until=now + lease_ms)
        .returning(*timers.c)
    )
    rows = [_row(r) for r in conn.execute(stmt).mappings()]
    return sorted(rows, key=lambda r: r.due_at)


def take(conn: Connection, timer_id: str, owner: str) -> bool:
    """Delete a leased timer; True when this caller still held it (so it may fire it)."""
    stmt = timers.delete().where(timers.c.id == timer_id, timers.c.lease_owner == owner)
    return bool(conn.execute(stmt).rowcount)


def release(conn: Connection, timer_id: str, owner: str, *, due_at: int, payload: Any) -> None:
    """Give a leased timer back (after a failed firing), due again at `due_at`."""
    conn.execute(
        timers.update()
        .where(timers.c.id == timer_id, timers.c.lease_owner == owner)
        .values(lease_owner=None, lease_until=None, due_at=due_at, payload=payload)
    )


def release_owned(conn: Connection, owner: str) -> int:
    """Give back every timer `owner` leased (it stops before firing them); how many."""
    stmt = (
        timers.update()
        .where(timers.c.lease_owner == owner)
        .values(lease_owner=None, lease_until=None)
    )
    return int(conn.execute(stmt).rowcount)


def next_due_at(conn: Connection) -> int | None:
    value = conn.execute(sa.select(sa.func.min(timers.c.due_at))).scalar()
    return int(value) if value is not None else None


def next_leasable_at(conn: Connection) -> int | None:
    """The earliest moment a timer may be leased: its due time, or the end of a live lease
    another process holds on it (so waiting on a held timer is no busy loop)."""
    free_at = sa.case(
        (timers.c.lease_until > timers.c.due_at, timers.c.lease_until), else_=timers.c.due_at
    )
    value = conn.execute(sa.select(sa.func.min(free_at))).scalar()
    return int(value) if value is not None else None


def _row(row: Any) -> TimerRow:
    return TimerRow(
        id=row["id"],
        kind=row["kind"],
        due_at=row["due_at"],
        payload=dict(row["payload"] or {}),
        instance_id=row["instance_id"],
        task_id=row["task_id"],
    )


_SCHEDULE = Prepared(timers.insert())
_RESCHEDULE = Prepared(
    timers.update()
    .where(timers.c.id == sa.bindparam("b_id"))
    .values(due_at=sa.bindparam("due_at"), lease_owner=None, lease_until=None)
)
_CANCEL = Prepared(timers.delete().where(timers.c.id == sa.bindparam("b_id")))

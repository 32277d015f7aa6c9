"""Queries on incidents: record one, list them, resolve one (once)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from baton.store.schema import incidents

ACTIVE = "ACTIVE"
RESOLVED = "RESOLVED"


@dataclass(frozen=True)
class IncidentRow:
    key: int
    kind: str
    message: str
    state: str
    instance_id: str | None
    element_id: str | None
    task_id: str | None
    timer_id: str | None
    timer_kind: str | None
    timer_payload: dict[str, Any] | None
    created_at: int
    resolved_at: int | None


def insert(conn: Connection, row: IncidentRow) -> None:
    conn.execute(incidents.insert().values(**row.__dict__))


def load(conn: Connection, key: int) -> IncidentRow | None:
    found = conn.execute(sa.select(incidents).where(incidents.c.key == key)).mappings().first()
    return IncidentRow(**found) if found is not None else None


def search(conn: Connection, *, state: str | None, limit: int) -> list[IncidentRow]:
    """Newest first."""
    stmt = sa.select(incidents)
    if state is not None:
        stmt = stmt.where(incidents.c.state == state)
    stmt = stmt.order_by(incidents.c.created_at.desc(), incidents.c.key.desc()).limit(limit)
    return [IncidentRow(**r) for r in conn.execute(stmt).mappings()]


def resolve(conn: Connection, key: int, *, now: int) -> bool:
    """Mark an ACTIVE incident RESOLVED; False when it was not active (any more)."""
    done = conn.execute(
        incidents.update()
        .where(incidents.c.key == key, incidents.c.state == ACTIVE)
        .values(state=RESOLVED, resolved_at=now)
    )
    return bool(done.rowcount)

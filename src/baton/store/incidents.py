"""Queries on incidents: record one, list them, resolve one (once)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from baton.store.prepared import Prepared
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
    def_name: str | None = None
    def_version: int | None = None
    element_key: str | None = None
    job_key: str | None = None


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
    return bool(_RESOLVE.run(conn, b_key=key, resolved_at=now).rowcount)


def active_for_instance(conn: Connection, instance_id: str) -> bool:
    found = conn.execute(
        sa.select(sa.literal(1))
        .where(incidents.c.instance_id == instance_id, incidents.c.state == ACTIVE)
        .limit(1)
    ).first()
    return found is not None


_RESOLVE = Prepared(
    incidents.update()
    .where(incidents.c.key == sa.bindparam("b_key"), incidents.c.state == ACTIVE)
    .values(state=RESOLVED, resolved_at=sa.bindparam("resolved_at"))
)

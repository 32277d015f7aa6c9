"""Queries on incidents: record one, list them, resolve one (once)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from baton.model.query import Page, Query
from baton.store import query_sql
from baton.store.prepared import Prepared
from baton.store.query_sql import Column
from baton.store.schema import bpmn_processes, incidents, instances

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


_SEARCH = sa.select(
    incidents,
    instances.c.created_by,
    instances.c.root_id,
    bpmn_processes.c.key.label("process_key"),
).select_from(
    incidents.join(instances, instances.c.id == incidents.c.instance_id).outerjoin(
        bpmn_processes,
        sa.and_(
            bpmn_processes.c.process_id == incidents.c.def_name,
            bpmn_processes.c.version == incidents.c.def_version,
        ),
    )
)
FIELDS: dict[str, Column] = {
    "key": Column(incidents.c.key, int),
    "kind": Column(incidents.c.kind),
    "message": Column(incidents.c.message),
    "state": Column(incidents.c.state),
    "instance_id": Column(incidents.c.instance_id),
    "def_name": Column(incidents.c.def_name),
    "process_key": Column(bpmn_processes.c.key, int),
    "element_id": Column(incidents.c.element_id),
    "element_key": Column(incidents.c.element_key),
    "job_key": Column(incidents.c.job_key),
    "created_at": Column(incidents.c.created_at),
}


def search_instance_incidents(
    conn: Connection, query: Query, *, owner: str | None
) -> Page[dict[str, Any]]:
    """Incidents of process instances (the instance's owner, its process key joined)."""
    select = _SEARCH if owner is None else _SEARCH.where(instances.c.created_by == owner)
    return query_sql.search(conn, select, FIELDS, query, incidents.c.key)


def instance_incident(conn: Connection, key: int) -> dict[str, Any] | None:
    row = conn.execute(_SEARCH.where(incidents.c.key == key)).mappings().first()
    return dict(row) if row is not None else None

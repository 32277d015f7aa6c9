"""Queries on BPMN process instances as the Camunda API lists them: instances of deployed
BPMN process versions, with their definition key, call-activity parent and incident flag."""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from baton.model.query import Query
from baton.store import query_sql
from baton.store.query_sql import Column
from baton.store.schema import bpmn_processes, call_links, incidents, instances


@dataclass(frozen=True)
class BpmnInstanceRow:
    id: str
    def_name: str
    def_version: int
    status: str
    state: dict[str, Any]
    created_at: int
    ended_at: int | None
    created_by: str | None
    definition_key: int
    has_incident: bool
    parent_key: str | None
    parent_element_key: str | None
    root_id: str | None = None


# Camunda's flag: an ACTIVE incident holds the instance (a FAILED one has none to resolve)
_HAS_INCIDENT = sa.exists(
    sa.select(sa.literal(1)).where(
        incidents.c.instance_id == instances.c.id, incidents.c.state == "ACTIVE"
    )
)
_INCIDENT_FLAG = sa.case((_HAS_INCIDENT, 1), else_=0)

COLUMNS: dict[str, Column] = {
    "key": Column(instances.c.id),
    "process_id": Column(instances.c.def_name),
    "definition_key": Column(bpmn_processes.c.key, int),
    "version": Column(instances.c.def_version),
    "status": Column(instances.c.status),
    "started": Column(instances.c.created_at),
    "ended": Column(instances.c.ended_at),
    "has_incident": Column(_INCIDENT_FLAG, int),
    "parent_key": Column(call_links.c.parent_instance_id),
    "parent_element_key": Column(call_links.c.parent_task_id),
}

_SELECT = sa.select(
    instances.c.id,
    instances.c.def_name,
    instances.c.def_version,
    instances.c.status,
    instances.c.state,
    instances.c.created_at,
    instances.c.ended_at,
    instances.c.created_by,
    bpmn_processes.c.key.label("definition_key"),
    _INCIDENT_FLAG.label("has_incident"),
    call_links.c.parent_instance_id.label("parent_key"),
    call_links.c.parent_task_id.label("parent_element_key"),
    instances.c.root_id,
).select_from(
    instances.join(
        bpmn_processes,
        sa.and_(
            bpmn_processes.c.process_id == instances.c.def_name,
            bpmn_processes.c.version == instances.c.def_version,
        ),
    ).join(call_links, call_links.c.child_instance_id == instances.c.id, isouter=True)
)


def _row(found: Any) -> BpmnInstanceRow:
    values = dict(found)
    values["state"] = json.loads(values["state"])
    values["has_incident"] = bool(values["has_incident"])
    return BpmnInstanceRow(**values)


def get(conn: Connection, key: str) -> BpmnInstanceRow | None:
    found = conn.execute(_SELECT.where(instances.c.id == key)).mappings().first()
    return _row(found) if found is not None else None


def search(
    conn: Connection, query: Query, *, owner: str | None, scan: int | None = None
) -> tuple[int, list[BpmnInstanceRow]]:
    """(total, rows) for the query's mapped conditions, sorted, one page. With `scan`, no
    page: at most `scan` rows in order, for a caller that filters further in memory."""
    clauses, _rest = query_sql.where(query, COLUMNS)
    if owner is not None:
        clauses.append(instances.c.created_by == owner)
    select = _SELECT.where(*clauses)
    ordered = select.order_by(*query_sql.order_by(query, COLUMNS, instances.c.id))
    if scan is not None:
        rows = [_row(r) for r in conn.execute(ordered.limit(scan)).mappings()]
        return len(rows), rows
    total = query_sql.count(conn, select)
    rows = [_row(r) for r in conn.execute(query_sql.paged(ordered, query)).mappings()]
    return total, rows


def open_task_counts(
    conn: Connection, def_name: str, def_version: int, *, owner: str | None, scan: int
) -> list[dict[str, Any]]:
    """The saved documents of a process version's instances (at most `scan`, newest first),
    for per-element statistics."""
    select = sa.select(instances.c.status, instances.c.state).where(
        instances.c.def_name == def_name, instances.c.def_version == def_version
    )
    if owner is not None:
        select = select.where(instances.c.created_by == owner)
    rows = conn.execute(select.order_by(instances.c.created_at.desc()).limit(scan))
    return [{"status": r.status, "state": json.loads(r.state)} for r in rows]

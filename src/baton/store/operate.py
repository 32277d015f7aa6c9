"""Queries Operate needs across both notations: instance counts per definition and state,
instance listings with Operate's filters, definitions with their versions, open incidents
and human tasks waiting per group.

`Scope` says which instances a caller may see: everything, or those they started plus the
instances of the definitions they were granted READ on (decided by `services/authz`)."""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from baton.model.process import EPHEMERAL_SEPARATOR
from baton.store.human_tasks import GROUP_KINDS, OPEN_STATES
from baton.store.schema import (
    call_links,
    element_instances,
    human_task_candidates,
    human_tasks,
    incidents,
    instances,
    process_defs,
)

ACTIVE_STATUSES = ("RUNNING", "PAUSED")
CANCELED_STATUSES = ("TERMINATED", "TIMED_OUT")


@dataclass(frozen=True)
class Scope:
    """Which instances a caller may see; `everything` or `owner`'s plus those of `definitions`."""

    everything: bool
    owner: str = ""
    definitions: Sequence[str] = field(default_factory=tuple)

    def clause(
        self, def_name: sa.ColumnElement[Any], created_by: sa.ColumnElement[Any]
    ) -> sa.ColumnElement[bool] | None:
        if self.everything:
            return None
        own: sa.ColumnElement[bool] = created_by == self.owner
        if not self.definitions:
            return own
        return sa.or_(own, def_name.in_(list(self.definitions)))


_HAS_INCIDENT = sa.exists(
    sa.select(sa.literal(1)).where(
        incidents.c.instance_id == instances.c.id, incidents.c.state == "ACTIVE"
    )
)


def _visible(scope: Scope) -> list[sa.ColumnElement[bool]]:
    clause = scope.clause(instances.c.def_name, instances.c.created_by)
    return [] if clause is None else [clause]


def state_clause(state: str) -> sa.ColumnElement[bool]:
    """Operate's instance states: ACTIVE (running, no incident), INCIDENT (running with an
    open incident, or failed), COMPLETED, CANCELED (terminated, timed out)."""
    running = instances.c.status.in_(ACTIVE_STATUSES)
    if state == "ACTIVE":
        return sa.and_(running, sa.not_(_HAS_INCIDENT))
    if state == "INCIDENT":
        return sa.or_(sa.and_(running, _HAS_INCIDENT), instances.c.status == "FAILED")
    if state == "COMPLETED":
        return instances.c.status == "COMPLETED"
    return instances.c.status.in_(CANCELED_STATUSES)


def state_counts(
    conn: Connection, scope: Scope, *, def_name: str | None = None
) -> list[dict[str, Any]]:
    """(def_name, def_version, status, incident, count) over the visible instances."""
    inner = sa.select(
        instances.c.def_name,
        instances.c.def_version,
        instances.c.status,
        sa.case((_HAS_INCIDENT, 1), else_=0).label("incident"),
    ).where(*_visible(scope))
    if def_name is not None:
        inner = inner.where(instances.c.def_name == def_name)
    sub = inner.subquery()
    rows = conn.execute(
        sa.select(
            sub.c.def_name,
            sub.c.def_version,
            sub.c.status,
            sub.c.incident,
            sa.func.count().label("count"),
        ).group_by(sub.c.def_name, sub.c.def_version, sub.c.status, sub.c.incident)
    ).mappings()
    return [dict(r) for r in rows]


def definitions(conn: Connection, name: str | None = None) -> list[dict[str, Any]]:
    """Every definition version (name, version, notation, label, created_at), by name."""
    stmt = sa.select(
        process_defs.c.name,
        process_defs.c.version,
        process_defs.c.notation,
        process_defs.c.compiled,
        process_defs.c.source,
        process_defs.c.created_at,
    ).order_by(process_defs.c.name, process_defs.c.version)
    # ephemeral definitions belong to their one instance, not to the list
    stmt = stmt.where(~process_defs.c.name.contains(EPHEMERAL_SEPARATOR, autoescape=True))
    if name is not None:
        stmt = stmt.where(process_defs.c.name == name)
    found = []
    for row in conn.execute(stmt).mappings():
        compiled = _json(row["compiled"])
        source = _json(row["source"])
        found.append(
            {
                "name": row["name"],
                "version": row["version"],
                "notation": row["notation"],
                "label": compiled.get("name") or row["name"],
                "description": source.get("description") if row["notation"] != "bpmn" else None,
                "created_at": row["created_at"],
            }
        )
    return found


def _json(value: Any) -> dict[str, Any]:
    if isinstance(value, str):
        value = json.loads(value)
    return value if isinstance(value, dict) else {}


@dataclass(frozen=True)
class InstanceFilter:
    def_name: str | None = None
    version: int | None = None
    state: str | None = None  # ACTIVE, INCIDENT, COMPLETED, CANCELED; None = all
    started_from: int | None = None
    started_to: int | None = None


_LIST = sa.select(
    instances.c.id,
    instances.c.def_name,
    instances.c.def_version,
    instances.c.status,
    instances.c.state,
    instances.c.created_by,
    instances.c.created_at,
    instances.c.ended_at,
    sa.case((_HAS_INCIDENT, 1), else_=0).label("incident"),
    call_links.c.parent_instance_id.label("parent_id"),
).select_from(
    instances.join(call_links, call_links.c.child_instance_id == instances.c.id, isouter=True)
)


def _where(scope: Scope, where: InstanceFilter) -> list[sa.ColumnElement[bool]]:
    clauses = _visible(scope)
    if where.def_name is not None:
        clauses.append(instances.c.def_name == where.def_name)
    if where.version is not None:
        clauses.append(instances.c.def_version == where.version)
    if where.state is not None:
        clauses.append(state_clause(where.state))
    if where.started_from is not None:
        clauses.append(instances.c.created_at >= where.started_from)
    if where.started_to is not None:
        clauses.append(instances.c.created_at <= where.started_to)
    return clauses


def list_instances(
    conn: Connection, scope: Scope, where: InstanceFilter, *, offset: int, limit: int
) -> tuple[int, list[dict[str, Any]]]:
    """(total, one page newest first); `state` is the parsed instance document."""
    clauses = _where(scope, where)
    total = conn.execute(
        sa.select(sa.func.count()).select_from(instances).where(*clauses)
    ).scalar_one()
    stmt = _LIST.where(*clauses).order_by(instances.c.created_at.desc(), instances.c.id)
    rows = conn.execute(stmt.offset(offset).limit(limit)).mappings()
    return int(total), [_instance(r) for r in rows]


def scan_instances(
    conn: Connection, scope: Scope, where: InstanceFilter, *, scan: int
) -> list[dict[str, Any]]:
    """At most `scan` matching instances, newest first, for filters applied in memory."""
    stmt = _LIST.where(*_where(scope, where)).order_by(
        instances.c.created_at.desc(), instances.c.id
    )
    return [_instance(r) for r in conn.execute(stmt.limit(scan)).mappings()]


def instance(conn: Connection, instance_id: str) -> dict[str, Any] | None:
    found = conn.execute(_LIST.where(instances.c.id == instance_id)).mappings().first()
    return _instance(found) if found is not None else None


def _instance(row: Any) -> dict[str, Any]:
    values = dict(row)
    values["state"] = json.loads(values["state"])
    values["incident"] = bool(values["incident"])
    return values


def children(conn: Connection, instance_id: str) -> list[dict[str, Any]]:
    """Instances called by `instance_id`'s call activities (id, definition, status)."""
    rows = conn.execute(
        sa.select(
            instances.c.id,
            instances.c.def_name,
            instances.c.def_version,
            instances.c.status,
            instances.c.created_at,
            instances.c.ended_at,
            instances.c.created_by,
            call_links.c.parent_task_id,
        )
        .select_from(call_links.join(instances, instances.c.id == call_links.c.child_instance_id))
        .where(call_links.c.parent_instance_id == instance_id)
        .order_by(call_links.c.created_at)
    ).mappings()
    return [dict(r) for r in rows]


def open_incidents(
    conn: Connection, scope: Scope, *, limit: int
) -> tuple[int, list[dict[str, Any]]]:
    """(count, newest `limit`) of the ACTIVE incidents of visible instances."""
    base = (
        sa.select(
            incidents.c.key,
            incidents.c.kind,
            incidents.c.message,
            incidents.c.instance_id,
            incidents.c.element_id,
            incidents.c.created_at,
            instances.c.def_name,
            instances.c.def_version,
        )
        .select_from(incidents.join(instances, instances.c.id == incidents.c.instance_id))
        .where(incidents.c.state == "ACTIVE", *_visible(scope))
    )
    total = conn.execute(sa.select(sa.func.count()).select_from(base.subquery())).scalar_one()
    rows = conn.execute(
        base.order_by(incidents.c.created_at.desc(), incidents.c.key.desc()).limit(limit)
    ).mappings()
    return int(total), [dict(r) for r in rows]


def instance_incidents(conn: Connection, instance_id: str) -> list[dict[str, Any]]:
    rows = conn.execute(
        sa.select(incidents)
        .where(incidents.c.instance_id == instance_id)
        .order_by(incidents.c.created_at, incidents.c.key)
    ).mappings()
    return [dict(r) for r in rows]


def failed_instances(
    conn: Connection, scope: Scope, *, limit: int
) -> tuple[int, list[dict[str, Any]]]:
    """(count, newest `limit`) of visible FAILED instances (Conductor's incidents)."""
    base = sa.select(
        instances.c.id,
        instances.c.def_name,
        instances.c.def_version,
        instances.c.state,
        instances.c.updated_at,
    ).where(instances.c.status == "FAILED", *_visible(scope))
    total = conn.execute(sa.select(sa.func.count()).select_from(base.subquery())).scalar_one()
    rows = conn.execute(base.order_by(instances.c.updated_at.desc()).limit(limit)).mappings()
    return int(total), [{**dict(r), "state": json.loads(r["state"])} for r in rows]


def waiting_by_group(conn: Connection, groups: Sequence[str] | None) -> list[dict[str, Any]]:
    """Open human tasks offered to each group: (group, count, oldest created_at). `groups`
    None = every group."""
    c = human_task_candidates
    stmt = (
        sa.select(
            c.c.principal.label("group"),
            sa.func.count().label("count"),
            sa.func.min(human_tasks.c.created_at).label("oldest"),
        )
        .select_from(c.join(human_tasks, human_tasks.c.id == c.c.task_id))
        .where(c.c.kind.in_(GROUP_KINDS), human_tasks.c.state.in_(OPEN_STATES))
        .group_by(c.c.principal)
        .order_by(c.c.principal)
    )
    if groups is not None:
        if not groups:
            return []
        stmt = stmt.where(c.c.principal.in_(list(groups)))
    return [dict(r) for r in conn.execute(stmt).mappings()]


def element_counts(
    conn: Connection, scope: Scope, def_name: str, version: int
) -> list[dict[str, Any]]:
    """Element instances of a process version's visible instances, counted by (element_id,
    state, incident) (BPMN keeps them; the process element itself is left out, and so are
    multi-instance bodies without an incident)."""
    e = element_instances
    inner = (
        sa.select(
            e.c.element_id,
            e.c.state,
            sa.case((e.c.incident_key.is_not(None), 1), else_=0).label("incident"),
        )
        .select_from(e.join(instances, instances.c.id == e.c.instance_id))
        .where(
            e.c.def_name == def_name,
            e.c.def_version == version,
            e.c.kind != "process",
            # a multi-instance body shares its element with the inner instances counted
            sa.or_(e.c.kind != "multi_instance", e.c.incident_key.is_not(None)),
            *_visible(scope),
        )
        .subquery()
    )
    rows = conn.execute(
        sa.select(inner.c.element_id, inner.c.state, inner.c.incident, sa.func.count().label("n"))
        .group_by(inner.c.element_id, inner.c.state, inner.c.incident)
        .order_by(inner.c.element_id)
    ).mappings()
    return [dict(r) for r in rows]


def documents(
    conn: Connection, scope: Scope, def_name: str, version: int, *, scan: int
) -> list[dict[str, Any]]:
    """The instance documents of a version's visible instances (newest `scan`)."""
    rows = conn.execute(
        sa.select(instances.c.state)
        .where(
            instances.c.def_name == def_name, instances.c.def_version == version, *_visible(scope)
        )
        .order_by(instances.c.created_at.desc())
        .limit(scan)
    ).scalars()
    return [json.loads(r) for r in rows]


def element_history(conn: Connection, instance_id: str) -> list[dict[str, Any]]:
    """An instance's element instances, oldest first (the process element left out)."""
    e = element_instances
    rows = conn.execute(
        sa.select(e)
        .where(e.c.instance_id == instance_id, e.c.kind != "process")
        .order_by(e.c.start_at, e.c.key)
    ).mappings()
    return [dict(r) for r in rows]

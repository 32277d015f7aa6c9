"""Operate: where every process instance stands, for BPMN processes and Conductor workflows
alike. Read views for the dashboard, the process list, a process's instances and element
counts; the steering (cancel, variables, incidents) goes through the existing services.

Conductor workflows keep no element-instance rows: their "elements" are the workflow's tasks
read from the instance document (scheduled or in progress = active, completed, failed =
incident). A failed Conductor workflow counts as an instance with an incident (a retry
resumes it)."""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from baton.model.actor_text import audit_text
from baton.model.identity import Access, Caller, TargetType
from baton.model.instance import Activity, InstanceState
from baton.model.status import TaskStatus
from baton.services import authz
from baton.services.context import ServiceContext
from baton.store import operate as store
from baton.store.identity import targets_granted
from baton.store.operate import InstanceFilter, Scope

STATES = ("ACTIVE", "INCIDENT", "COMPLETED", "CANCELED")
MAX_SCAN = 10_000  # filters applied in memory (variables, Conductor counts) read at most this
NEWEST_INCIDENTS = 5

_ACTIVE_TASK = {TaskStatus.SCHEDULED, TaskStatus.IN_PROGRESS}
_DONE_TASK = {TaskStatus.COMPLETED, TaskStatus.COMPLETED_WITH_ERRORS, TaskStatus.SKIPPED}
_FAILED_TASK = {TaskStatus.FAILED, TaskStatus.FAILED_WITH_TERMINAL_ERROR, TaskStatus.TIMED_OUT}


def scope(ctx: ServiceContext, caller: Caller) -> Scope:
    """The instances `caller` may see, as `authz.may_see_instance` decides one by one."""
    if authz.role_allows(caller, TargetType.WORKFLOW_DEF, Access.READ):
        return Scope(everything=True)
    subjects = [(kind.value, subject) for kind, subject in caller.subjects()]
    with ctx.db.read() as conn:
        granted = targets_granted(conn, TargetType.WORKFLOW_DEF, subjects, [Access.READ.value])
    return Scope(everything=False, owner=audit_text(caller.actor), definitions=tuple(granted))


def state_of(status: str, incident: bool) -> str:
    if status in store.ACTIVE_STATUSES:
        return "INCIDENT" if incident else "ACTIVE"
    if status == "FAILED":
        return "INCIDENT"
    if status == "COMPLETED":
        return "COMPLETED"
    return "CANCELED"


@dataclass
class StateCounts:
    active: int = 0
    incident: int = 0
    completed: int = 0
    canceled: int = 0

    def add(self, state: str, count: int) -> None:
        setattr(self, state.lower(), getattr(self, state.lower()) + count)


@dataclass
class VersionView:
    version: int
    counts: StateCounts = field(default_factory=StateCounts)


@dataclass
class ProcessView:
    name: str
    label: str
    notation: str  # "bpmn" or "conductor"
    description: str | None
    versions: list[VersionView] = field(default_factory=list)
    counts: StateCounts = field(default_factory=StateCounts)

    @property
    def latest(self) -> int:
        return max((v.version for v in self.versions), default=0)


def processes(ctx: ServiceContext, caller: Caller, name: str | None = None) -> list[ProcessView]:
    """Definitions the caller may see, each version with its instances counted by state."""
    with ctx.db.read() as conn:
        rows = store.definitions(conn, name)
    seen = {row["name"] for row in rows}
    visible = {n for n in seen if authz.may_see_definition(ctx, caller, n)}
    views: dict[str, ProcessView] = {}
    for row in rows:
        if row["name"] not in visible:
            continue
        view = views.setdefault(
            row["name"],
            ProcessView(row["name"], row["label"], _notation(row["notation"]), row["description"]),
        )
        view.label = row["label"]  # the latest version's label wins (rows come oldest first)
        view.versions.append(VersionView(row["version"]))
    if not views:
        return []
    with ctx.db.read() as conn:
        counts = store.state_counts(conn, scope(ctx, caller), def_name=name)
    for count in counts:
        found = views.get(count["def_name"])
        if found is None:
            continue
        state = state_of(count["status"], bool(count["incident"]))
        found.counts.add(state, count["count"])
        for version in found.versions:
            if version.version == count["def_version"]:
                version.counts.add(state, count["count"])
    return sorted(views.values(), key=lambda v: v.label.lower())


def _notation(stored: str) -> str:
    return "bpmn" if stored == "bpmn" else "conductor"


# ---------------------------------------------------------------- dashboard


@dataclass(frozen=True)
class IncidentSummary:
    key: str
    kind: str
    message: str
    instance_id: str
    definition: str
    version: int
    element_id: str | None
    created_at: int


@dataclass(frozen=True)
class GroupWaiting:
    group: str
    count: int
    oldest_created_at: int


@dataclass(frozen=True)
class Dashboard:
    processes: list[ProcessView]
    incident_count: int
    incidents: list[IncidentSummary]
    groups: list[GroupWaiting]


def dashboard(ctx: ServiceContext, caller: Caller) -> Dashboard:
    where = scope(ctx, caller)
    with ctx.db.read() as conn:
        count, rows = store.open_incidents(conn, where, limit=NEWEST_INCIDENTS)
        failed_count, failed = store.failed_instances(conn, where, limit=NEWEST_INCIDENTS)
        groups = store.waiting_by_group(conn, None if caller.is_admin else sorted(caller.groups))
    newest = [
        IncidentSummary(
            key=str(r["key"]),
            kind=r["kind"],
            message=r["message"],
            instance_id=r["instance_id"],
            definition=r["def_name"],
            version=r["def_version"],
            element_id=r["element_id"],
            created_at=r["created_at"],
        )
        for r in rows
    ]
    for row in failed:
        for incident in _failed_task_incidents(InstanceState.from_dict(row["state"])):
            newest.append(
                IncidentSummary(
                    key=incident.key,
                    kind=incident.kind,
                    message=incident.message,
                    instance_id=row["id"],
                    definition=row["def_name"],
                    version=row["def_version"],
                    element_id=incident.element_id,
                    created_at=incident.created_at,
                )
            )
            break
    newest.sort(key=lambda i: i.created_at, reverse=True)
    return Dashboard(
        processes=processes(ctx, caller),
        incident_count=count + failed_count,
        incidents=newest[:NEWEST_INCIDENTS],
        groups=[GroupWaiting(g["group"], g["count"], g["oldest"]) for g in groups],
    )


# ---------------------------------------------------------------- instances


@dataclass(frozen=True)
class InstanceSummary:
    id: str
    definition: str
    version: int
    state: str
    started_at: int
    ended_at: int | None
    started_by: str | None
    parent_id: str | None


@dataclass(frozen=True)
class InstancePage:
    total: int
    items: list[InstanceSummary]


def summary(row: Mapping[str, Any]) -> InstanceSummary:
    state = state_of(row["status"], row["incident"])
    return InstanceSummary(
        id=row["id"],
        definition=row["def_name"],
        version=row["def_version"],
        state=state,
        started_at=row["created_at"],
        ended_at=row["ended_at"] if state in ("COMPLETED", "CANCELED") or row["ended_at"] else None,
        started_by=person(row["created_by"]),
        parent_id=row["parent_id"],
    )


def person(text: str | None) -> str | None:
    if text is None:
        return None
    return text.split(":", 1)[1] if ":" in text else text


def list_instances(
    ctx: ServiceContext,
    caller: Caller,
    where: InstanceFilter,
    *,
    variable: tuple[str, Any] | None,
    offset: int,
    limit: int,
) -> InstancePage:
    """A page of visible instances, newest first. A variable filter (name = value, the value
    compared as JSON) is applied in memory to at most `MAX_SCAN` instances."""
    seen = scope(ctx, caller)
    with ctx.db.read() as conn:
        if variable is None:
            total, rows = store.list_instances(conn, seen, where, offset=offset, limit=limit)
            return InstancePage(total, [summary(r) for r in rows])
        rows = store.scan_instances(conn, seen, where, scan=MAX_SCAN)
    kept = [r for r in rows if _has_variable(r["state"], *variable)]
    return InstancePage(len(kept), [summary(r) for r in kept[offset : offset + limit]])


def _has_variable(document: Mapping[str, Any], name: str, value: Any) -> bool:
    for bag in (document.get("variables"), document.get("input")):
        if isinstance(bag, Mapping) and name in bag:
            return bool(bag[name] == value)
    return False


def parse_value(text: str) -> Any:
    """A filter or variable value as typed: JSON when it parses, else the text itself."""
    try:
        return json.loads(text)
    except ValueError:
        return text


# ---------------------------------------------------------------- Conductor elements


@dataclass(frozen=True)
class ElementCounts:
    element_id: str
    active: int
    incidents: int
    completed: int


def activity_state(activity: Activity) -> str | None:
    """An activity as an element instance: ACTIVE, INCIDENT, COMPLETED, or None (canceled or
    replaced by a retry)."""
    if activity.status in _ACTIVE_TASK:
        return "ACTIVE"
    if activity.status in _DONE_TASK:
        return "COMPLETED"
    if activity.status in _FAILED_TASK and not activity.retried:
        return "INCIDENT"
    return None


def count_activities(documents: Iterable[Mapping[str, Any]]) -> list[ElementCounts]:
    counts: dict[str, Counter[str]] = {}
    for document in documents:
        for activity in InstanceState.from_dict(document).activities.values():
            state = activity_state(activity)
            if state is not None:
                counts.setdefault(activity.node, Counter())[state] += 1
    return [
        ElementCounts(node, c["ACTIVE"], c["INCIDENT"], c["COMPLETED"])
        for node, c in sorted(counts.items())
    ]


@dataclass(frozen=True)
class FailedTask:
    key: str
    kind: str
    message: str
    element_id: str
    created_at: int


FAILED_TASK_PREFIX = "task:"


def _failed_task_incidents(state: InstanceState) -> list[FailedTask]:
    """A failed workflow's failed tasks, as incidents (key `task:<task id>`)."""
    return [
        FailedTask(
            key=FAILED_TASK_PREFIX + activity.id,
            kind="TASK_FAILED",
            message=activity.reason or f"Task {activity.ref} {activity.status.value}",
            element_id=activity.node,
            created_at=activity.end_time or activity.update_time,
        )
        for activity in sorted(state.activities.values(), key=lambda a: a.seq)
        if activity_state(activity) == "INCIDENT"
    ]


def failed_tasks(state: InstanceState) -> list[FailedTask]:
    if state.status.value != "FAILED":
        return []
    return _failed_task_incidents(state)

"""Operate's view of one process version (element badges) and of one instance (where its
tokens wait, the path taken, history, variables, incidents, human tasks), and the steering
it offers: cancel (one or many), set a variable (admins), resolve or retry an incident."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from typing import Any

from sqlalchemy.engine import Connection

from baton.engine.commands import SetVariables
from baton.model import human_task as human_model
from baton.model.errors import BatonError, Conflict, InvalidInput, NotFound
from baton.model.identity import Caller
from baton.model.instance import InstanceState
from baton.services import authz, incidents, job_search, operate, runtime, workflows
from baton.services.context import ServiceContext
from baton.services.operate import ElementCounts, InstanceSummary
from baton.store import human_tasks as task_store
from baton.store import instances as instance_store
from baton.store import operate as store

MAX_BATCH = 500


# ---------------------------------------------------------------- element badges


def element_counts(
    ctx: ServiceContext, caller: Caller, name: str, version: int | None
) -> list[ElementCounts]:
    """Per element of a version (the latest when None): active, incident, completed counts
    over the instances the caller may see."""
    views = operate.processes(ctx, caller, name)
    if not views:
        raise NotFound(f"No process definition {name!r}")
    view = views[0]
    version = version if version is not None else view.latest
    if version not in {v.version for v in view.versions}:
        raise NotFound(f"No process definition {name!r} version {version}")
    where = operate.scope(ctx, caller)
    with ctx.db.read() as conn:
        if view.notation == "bpmn":
            rows = store.element_counts(conn, where, name, version)
        else:
            documents = store.documents(conn, where, name, version, scan=operate.MAX_SCAN)
            return operate.count_activities(documents)
    counts: dict[str, Counter[str]] = {}
    for row in rows:
        bucket = counts.setdefault(row["element_id"], Counter())
        if row["incident"]:
            bucket["incidents"] += row["n"]
        elif row["state"] == "ACTIVE":
            bucket["active"] += row["n"]
        elif row["state"] == "COMPLETED":
            bucket["completed"] += row["n"]
    return [
        ElementCounts(element, c["active"], c["incidents"], c["completed"])
        for element, c in sorted(counts.items())
    ]


# ---------------------------------------------------------------- one instance


@dataclass(frozen=True)
class ElementStep:
    key: str
    element_id: str
    name: str
    type: str
    state: str  # ACTIVE, COMPLETED, TERMINATED, INCIDENT
    started_at: int
    ended_at: int | None


@dataclass(frozen=True)
class IncidentView:
    key: str
    kind: str
    message: str
    state: str
    element_id: str | None
    created_at: int
    retryable: bool


@dataclass(frozen=True)
class TaskSummary:
    id: str
    name: str
    element_id: str
    state: str
    holder: str | None
    candidates: list[str]
    created_at: int


@dataclass(frozen=True)
class InstanceDetail:
    summary: InstanceSummary
    label: str
    notation: str
    children: list[InstanceSummary]
    active: list[str]
    passed: list[str]
    history: list[ElementStep]
    variables: dict[str, Any]
    incidents: list[IncidentView]
    tasks: list[TaskSummary]
    may_cancel: bool
    may_edit_variables: bool


def _visible_row(ctx: ServiceContext, caller: Caller, instance_id: str) -> dict[str, Any]:
    with ctx.db.read() as conn:
        row = store.instance(conn, instance_id)
    if row is None or not authz.may_see_instance(ctx, caller, row["def_name"], row["created_by"]):
        raise NotFound(f"Process instance {instance_id} not found")
    return row


def get(ctx: ServiceContext, caller: Caller, instance_id: str) -> InstanceDetail:
    row = _visible_row(ctx, caller, instance_id)
    state = InstanceState.from_dict(row["state"])
    with ctx.db.read() as conn:
        versions = store.definitions(conn, row["def_name"])
        label_row = next((v for v in versions if v["version"] == row["def_version"]), None)
        notation = "bpmn" if label_row and label_row["notation"] == "bpmn" else "conductor"
        if notation == "bpmn":
            history = [_bpmn_step(e) for e in store.element_history(conn, instance_id)]
            found_incidents = [_incident(i) for i in store.instance_incidents(conn, instance_id)]
        else:
            history = _conductor_steps(state, _task_types(ctx, conn, row))
            found_incidents = [
                IncidentView(f.key, f.kind, f.message, "ACTIVE", f.element_id, f.created_at, True)
                for f in operate.failed_tasks(state)
            ]
        tasks = [_task(t) for t in task_store.for_instance(conn, instance_id)]
        kids = store.children(conn, instance_id)
    summary = operate.summary(row)
    running = summary.state in ("ACTIVE", "INCIDENT") and row["status"] != "FAILED"
    active = sorted({s.element_id for s in history if s.state in ("ACTIVE", "INCIDENT")})
    passed = sorted({s.element_id for s in history if s.state == "COMPLETED"} - set(active))
    if notation == "bpmn":
        passed += _passed_flows(ctx, row, {s.element_id for s in history}, set(passed))
    return InstanceDetail(
        summary=summary,
        label=label_row["label"] if label_row else row["def_name"],
        notation=notation,
        children=[_child(k, instance_id) for k in kids],
        active=active,
        passed=passed,
        history=history,
        variables=_variables(state, notation),
        incidents=found_incidents,
        tasks=tasks,
        may_cancel=running and _may_control(ctx, caller, row),
        may_edit_variables=caller.is_admin and running,
    )


def _may_control(ctx: ServiceContext, caller: Caller, row: dict[str, Any]) -> bool:
    try:
        authz.require_instance_control(ctx, caller, row["id"], row["def_name"], row["created_by"])
    except BatonError:
        return False
    return True


def _bpmn_step(e: dict[str, Any]) -> ElementStep:
    state = "INCIDENT" if e["incident_key"] is not None else e["state"]
    return ElementStep(
        key=str(e["key"]),
        element_id=e["element_id"],
        name=e["element_name"] or e["element_id"],
        type=e["kind"],
        state=state,
        started_at=e["start_at"],
        ended_at=e["end_at"],
    )


def _task_types(ctx: ServiceContext, conn: Connection, row: dict[str, Any]) -> dict[str, str]:
    """Conductor task type per node of the instance's definition."""
    try:
        definition, _ = ctx.definitions.get(conn, row["def_name"], row["def_version"])
    except NotFound:
        return {}
    return {node.id: node.task_type or node.kind.value for node in definition.nodes}


def _conductor_steps(state: InstanceState, types: dict[str, str]) -> list[ElementStep]:
    steps = []
    for activity in sorted(state.activities.values(), key=lambda a: a.seq):
        found = operate.activity_state(activity)
        steps.append(
            ElementStep(
                key=activity.id,
                element_id=activity.node,
                name=activity.ref,
                type=types.get(activity.node, "task"),
                state=found or "TERMINATED",
                started_at=activity.start_time or activity.scheduled_time,
                ended_at=activity.end_time or None,
            )
        )
    return steps


def _passed_flows(
    ctx: ServiceContext, row: dict[str, Any], entered: set[str], done: set[str]
) -> list[str]:
    """Sequence flows whose source completed and whose target was entered: the path taken."""
    with ctx.db.read() as conn:
        try:
            definition, _ = ctx.definitions.get(conn, row["def_name"], row["def_version"])
        except NotFound:
            return []
    element = {n.id: n.element_id for n in definition.nodes}  # a multi-instance body's
    return sorted(
        f.id for f in definition.flows if element[f.source] in done and element[f.target] in entered
    )


def _incident(row: dict[str, Any]) -> IncidentView:
    return IncidentView(
        key=str(row["key"]),
        kind=row["kind"],
        message=row["message"],
        state=row["state"],
        element_id=row["element_id"],
        created_at=row["created_at"],
        retryable=row["job_key"] is not None or row["timer_id"] is not None,
    )


def _task(row: task_store.HumanTaskRow) -> TaskSummary:
    task = human_model.from_dict(row.document)
    offered = [] if task.is_terminal else [str(p.user) for p in task.assignees]
    return TaskSummary(
        id=row.id,
        name=row.display_name or row.ref_name,
        element_id=row.ref_name,
        state=row.state,
        holder=operate.person(row.claimant),
        candidates=offered,
        created_at=row.created_at,
    )


def _child(row: dict[str, Any], parent_id: str) -> InstanceSummary:
    """A called instance (its incident flag is not read here: shown on its own page)."""
    return InstanceSummary(
        id=row["id"],
        definition=row["def_name"],
        version=row["def_version"],
        state=operate.state_of(row["status"], False),
        started_at=row["created_at"],
        ended_at=row["ended_at"],
        started_by=operate.person(row["created_by"]),
        parent_id=parent_id,
    )


def _variables(state: InstanceState, notation: str) -> dict[str, Any]:
    if notation == "bpmn":
        return dict(state.variables)
    return {**dict(state.input), **dict(state.variables)}


# ---------------------------------------------------------------- steering


def cancel(ctx: ServiceContext, caller: Caller, instance_id: str) -> None:
    row = _visible_row(ctx, caller, instance_id)
    if operate.state_of(row["status"], row["incident"]) in ("COMPLETED", "CANCELED"):
        raise Conflict(f"Process instance {instance_id} has ended already")
    workflows.terminate(ctx, caller, instance_id, "canceled in Operate")


@dataclass(frozen=True)
class CancelResult:
    id: str
    ok: bool
    status: int
    message: str


def cancel_many(ctx: ServiceContext, caller: Caller, ids: list[str]) -> list[CancelResult]:
    """Cancel each instance on its own; one refusal does not stop the others."""
    if not ids:
        raise InvalidInput("instanceIds must name at least one instance")
    if len(ids) > MAX_BATCH:
        raise InvalidInput(f"at most {MAX_BATCH} instances at once")
    results = []
    for instance_id in dict.fromkeys(ids):
        try:
            cancel(ctx, caller, instance_id)
        except BatonError as exc:
            results.append(CancelResult(instance_id, False, exc.status, exc.message))
        else:
            results.append(CancelResult(instance_id, True, 200, "Canceled"))
    return results


def set_variable(
    ctx: ServiceContext, caller: Caller, instance_id: str, name: str, value: Any
) -> None:
    """Admins set a process variable of a running instance (to fix an incident's cause)."""
    row = _visible_row(ctx, caller, instance_id)
    authz.require_admin(caller, "only an ADMIN may edit variables")
    if not name.strip():
        raise InvalidInput("a variable needs a name")
    if operate.state_of(row["status"], row["incident"]) in ("COMPLETED", "CANCELED"):
        raise Conflict(f"Process instance {instance_id} has ended; its variables are final")
    with ctx.db.write() as conn:
        found = instance_store.load_instance(conn, instance_id, for_update=True)
        if found is None:
            raise NotFound(f"Process instance {instance_id} not found")
        result = runtime.run_command(
            ctx, conn, instance_id, SetVariables({name: value}, None), actor=caller.actor
        )
    runtime.after_commit(ctx, [result])


def resolve_incident(
    ctx: ServiceContext, caller: Caller, instance_id: str, key: str, *, retry: bool
) -> None:
    """Resolve an incident of the instance. `retry` first gives a job whose retries ran out
    one more (Camunda's "retry"); a failed Conductor task's incident retries the workflow."""
    row = _visible_row(ctx, caller, instance_id)
    if key.startswith(operate.FAILED_TASK_PREFIX):
        state = InstanceState.from_dict(row["state"])
        if key not in {f.key for f in operate.failed_tasks(state)}:
            raise NotFound(f"Incident {key} not found")
        workflows.retry(ctx, caller, instance_id)
        return
    if not key.isdigit() or len(key) > 19:
        raise NotFound(f"Incident {key} not found")
    found = incidents.get_instance_incident(ctx, caller, int(key))
    if found["instance_id"] != instance_id:
        raise NotFound(f"Incident {key} not found")
    if retry and found["job_key"] is not None and found["state"] == "ACTIVE":
        job_search.update(ctx, caller, str(found["job_key"]), retries=1, timeout_ms=None)
    incidents.resolve(ctx, caller, int(key))

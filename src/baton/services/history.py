"""Runtime history and incidents, written from one command's changes in its transaction
(DESIGN, "Runtime history and incidents"): element instances and variables by scope for
definitions with `history`, incident rows for definitions with `incidents`."""

from __future__ import annotations

from sqlalchemy.engine import Connection

from baton.engine.changes import (
    Change,
    ElementActivated,
    ElementCompleted,
    ElementPassed,
    IncidentRaised,
    IncidentResolved,
    InstanceCompleted,
    InstanceFailed,
    InstanceStarted,
    InstanceTerminated,
    InstanceTimedOut,
    TaskCanceled,
    TaskCompleted,
    TaskFailed,
    TaskScheduled,
    VariablesChanged,
)
from baton.model.instance import InstanceState
from baton.model.process import ProcessDefinition
from baton.store import incidents
from baton.store.history import COMPLETED, TERMINATED, HistoryBatch
from baton.store.incidents import IncidentRow

MAX_MESSAGE = 4000
PROCESS_KIND = "process"


def record(
    conn: Connection,
    definition: ProcessDefinition,
    state: InstanceState,
    changes: list[Change],
    now: int,
) -> None:
    if definition.incidents:
        _incidents(conn, definition, state, changes, now)
    if not definition.history:
        return
    instance_key = int(state.instance_id)
    batch = HistoryBatch(state.instance_id, definition.id, definition.version, now)
    nodes = definition.index.nodes

    def scope_key(scope: str | None) -> int:
        return int(scope) if scope is not None else instance_key

    for change in changes:
        if isinstance(change, TaskScheduled):
            if not change.resumed:
                node = nodes[change.node_id]
                batch.start(
                    int(change.task_id),
                    node.element_id,
                    node.title,
                    node.kind.value,
                    scope_key(change.scope),
                )
            local = {k: v for k, v in change.input.items() if not k.startswith("_")}
            if local:
                batch.set_variables(int(change.task_id), local)
        elif isinstance(change, TaskCompleted):
            batch.end(int(change.task_id), COMPLETED)
        elif isinstance(change, TaskFailed | TaskCanceled):
            batch.end(int(change.task_id), TERMINATED)
        elif isinstance(change, ElementPassed | ElementActivated):
            node = nodes[change.node_id]
            ended = COMPLETED if isinstance(change, ElementPassed) else None
            batch.start(
                int(change.key),
                node.element_id,
                node.title,
                node.kind.value,
                scope_key(change.scope),
                ended=ended,
            )
        elif isinstance(change, ElementCompleted):
            batch.end(int(change.key), COMPLETED)
        elif isinstance(change, IncidentRaised):
            batch.incident(int(change.element_key), int(change.key))
        elif isinstance(change, IncidentResolved):
            batch.incident_resolved(int(change.element_key), int(change.key))
        elif isinstance(change, VariablesChanged):
            batch.set_variables(scope_key(change.scope), change.changed)
        elif isinstance(change, InstanceStarted):
            batch.start(
                instance_key, definition.id, definition.name or definition.id, PROCESS_KIND, None
            )
        elif isinstance(change, InstanceCompleted):
            batch.end(instance_key, COMPLETED)
        elif isinstance(change, InstanceFailed | InstanceTerminated | InstanceTimedOut):
            batch.end(instance_key, TERMINATED)
            batch.end_instance(TERMINATED)
    batch.write(conn)


def _incidents(
    conn: Connection,
    definition: ProcessDefinition,
    state: InstanceState,
    changes: list[Change],
    now: int,
) -> None:
    for change in changes:
        if isinstance(change, IncidentRaised):
            incidents.insert(
                conn,
                IncidentRow(
                    key=int(change.key),
                    kind=change.kind.value,
                    message=change.message[:MAX_MESSAGE],
                    state=incidents.ACTIVE,
                    instance_id=state.instance_id,
                    element_id=definition.node(change.node_id).element_id,
                    task_id=change.job_key,
                    timer_id=None,
                    timer_kind=None,
                    timer_payload=None,
                    created_at=now,
                    resolved_at=None,
                    def_name=definition.id,
                    def_version=definition.version,
                    element_key=change.element_key,
                    job_key=change.job_key,
                ),
            )
        elif isinstance(change, IncidentResolved):
            incidents.resolve(conn, int(change.key), now=now)

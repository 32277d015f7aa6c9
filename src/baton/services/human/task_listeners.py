"""Task listeners (`zeebe:taskListeners`): a user task transition they watch waits for their
jobs, one after another in model order, before it happens.

- Asking for the transition (assign, unassign, update, complete; creation by the process)
  starts the first listener's job and answers at once (the API says 202): the task stays as
  it was and refuses every other operation (409) while a listener job is open.
- Completing a listener job (`POST /v2/jobs/{key}/completion`) with
  `result: {denied: true, deniedReason}` drops the transition (only assigning, updating and
  completing may be denied); with `corrections` (assignee, candidate users and groups, due
  and follow-up dates, priority) they are kept for the next listeners and applied with the
  transition once the last listener completed. Listener jobs take no variables.
- A failing listener job is retried, then holds the transition under an incident; the
  process's end or an interrupting boundary cancels open listener jobs with the task.
- `canceling` listeners are started by the engine when it cancels the task (the instance
  ends, a boundary or an event sub-process interrupts): notifications nothing waits for,
  which a worker activates and completes even after the instance ended; their results are
  ignored.

Each step runs in the transaction of the request that caused it (durable when answered).
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import datetime
from typing import Any

from sqlalchemy.engine import Connection

from baton.clock import epoch_ms
from baton.engine.changes import TaskKind, TaskScheduled
from baton.engine.commands import CompleteTask, StartListenerJob
from baton.engine.nodes.task_listener import CANCELING, OWNER, TRANSITION, listeners_of
from baton.model import human_task as model
from baton.model.errors import Conflict, FieldError, InvalidInput, NotFound
from baton.model.identity import SYSTEM_ACTOR, Actor, Caller
from baton.model.instance import Activity, InstanceState
from baton.model.process import NodeKind, ProcessDefinition
from baton.services import authz, runtime
from baton.services.context import ServiceContext
from baton.services.human import transitions
from baton.services.human.transitions import Changes, Transition
from baton.store import human_tasks as store
from baton.store import instances
from baton.store.human_tasks import HumanTaskRow

DEFINITION_INPUT = "__humanTaskDefinition"
DENIABLE = frozenset({"assigning", "updating", "completing"})
_STATES = {
    "creating": "CREATING",
    "assigning": "ASSIGNING",
    "updating": "UPDATING",
    "completing": "COMPLETING",
}
MAX_PRIORITY = 100


@dataclass(frozen=True)
class ListenedTask:
    """The user task a task listener job runs for, as its worker sees it (Camunda's
    `userTask` of an activated job): with the transition's assignee and the corrections so far."""

    user_task_key: str
    action: str
    assignee: str | None
    candidate_users: list[str]
    candidate_groups: list[str]
    changed_attributes: list[str]
    due_at: int | None
    follow_up_at: int | None
    form_key: str | None
    priority: int | None


def _instance(
    ctx: ServiceContext, conn: Connection, instance_id: str
) -> tuple[ProcessDefinition, InstanceState]:
    # a human-task operation holds its locked instance row (PostgreSQL): no second read
    found = instances.held_instance(conn, instance_id) or instances.load_instance(conn, instance_id)
    if found is None:
        raise NotFound(f"Workflow {instance_id} not found")
    definition, _ = ctx.definitions.get(conn, found.def_name, found.def_version, found.def_stamp)
    return definition, InstanceState.from_dict(found.state)


def _watched(row: HumanTaskRow) -> bool:
    """BPMN user tasks, and Conductor HUMAN tasks whose definition names `taskListeners`."""
    values = row.user_task
    if values is None:
        return False
    if values.implementation.is_camunda:
        return True
    definition = row.input.get(DEFINITION_INPUT)  # a HUMAN task's input shows its definition
    return isinstance(definition, dict) and bool(definition.get("taskListeners"))


def _listened_node(
    ctx: ServiceContext, conn: Connection, row: HumanTaskRow
) -> tuple[ProcessDefinition, str] | None:
    """The compiled definition and the task's element when that element has task
    listeners; None (the common case) without reading the instance's state: the hot path
    of every claim, update and completion."""
    if not _watched(row):
        return None
    key = instances.definition_of(conn, row.instance_id)
    if key is None:
        return None
    definition, _ = ctx.definitions.get(conn, *key)
    listened = definition.index.task_listeners
    if not listened:
        return None
    node = _node_of(row.ref_name)
    return (definition, node) if node in listened else None


def _node_of(ref: str) -> str:
    """The element of a task reference (`<node>` or `<node>__<iteration>` inside a loop)."""
    head, _, tail = ref.rpartition("__")
    return head if head and tail.isdigit() else ref


def _open_job(state: InstanceState, task_id: str) -> Activity | None:
    for activity_id in state.open:
        activity = state.activities[activity_id]
        if activity.input.get(OWNER) == task_id and TRANSITION in activity.input:
            return activity
    return None


def require_idle(ctx: ServiceContext, conn: Connection, row: HumanTaskRow) -> None:
    """Refuse an operation on a task whose transition waits for a listener job (409)."""
    if _listened_node(ctx, conn, row) is None:
        return
    _definition, state = _instance(ctx, conn, row.instance_id)
    job = _open_job(state, row.id)
    if job is not None:
        move = Transition.from_dict(job.input[TRANSITION])
        raise Conflict(
            f"User task {row.id} is {_STATES.get(move.event, move.event.upper())}: it waits "
            f"for its task listener job {job.id} ({job.ref})",
            details={"state": _STATES.get(move.event), "listenerJobKey": job.id},
        )


def pending_state(ctx: ServiceContext, conn: Connection, row: HumanTaskRow) -> str | None:
    """CREATING, ASSIGNING, UPDATING or COMPLETING while a listener job holds the task."""
    if row.state in ("COMPLETED", "DELETED", "TIMED_OUT"):
        return None
    if _listened_node(ctx, conn, row) is None:
        return None
    _definition, state = _instance(ctx, conn, row.instance_id)
    job = _open_job(state, row.id)
    if job is None:
        return None
    return _STATES.get(Transition.from_dict(job.input[TRANSITION]).event)


def start(ctx: ServiceContext, conn: Connection, row: HumanTaskRow, move: Transition) -> bool:
    """Start the transition's next listener job; False when no listener is left."""
    found = _listened_node(ctx, conn, row)
    if found is None:
        return False
    definition, node = found
    listeners = listeners_of(definition, node, move.event)
    if move.index >= len(listeners):
        return False
    runtime.run_command(
        ctx,
        conn,
        row.instance_id,
        StartListenerJob(row.id, listeners[move.index].id, move.to_dict()),
        actor=move.by,
    )
    return True


def listened(ctx: ServiceContext, conn: Connection, row: HumanTaskRow, event: str) -> bool:
    """Whether task listeners watch `event` of the task (from the compiled definition)."""
    found = _listened_node(ctx, conn, row)
    return found is not None and bool(listeners_of(found[0], found[1], event))


def run(
    ctx: ServiceContext,
    conn: Connection,
    row: HumanTaskRow,
    task: model.HumanTask,
    move: Transition,
) -> bool:
    """Run `move` now, or start its listeners: True when it waits for them."""
    if start(ctx, conn, row, move):
        return True
    transitions.apply(ctx, conn, row, task, move)
    return False


def on_engine_changes(
    ctx: ServiceContext, conn: Connection, result: runtime.CommandResult, actor: Actor | None
) -> None:
    """A new user task with `creating` listeners waits for them (after `lifecycle` made it)."""
    for change in result.changes:
        if not isinstance(change, TaskScheduled) or change.kind is not TaskKind.HUMAN:
            continue
        if not listeners_of(result.definition, change.node_id, "creating"):
            continue
        row = store.load(conn, change.task_id)
        if row is not None and not model.from_dict(row.document).is_terminal:
            start(ctx, conn, row, transitions.asked("create", SYSTEM_ACTOR))


# ---------------------------------------------------------------- a listener job completes


@dataclass(frozen=True)
class Verdict:
    denied: bool = False
    reason: str | None = None
    corrections: Changes = field(default_factory=Changes)
    assignee: str | None = None


def is_listener_job(definition: ProcessDefinition, activity: Activity) -> bool:
    node = definition.index.nodes.get(activity.node)
    return node is not None and node.kind is NodeKind.TASK_LISTENER


def is_listener_task(ctx: ServiceContext, instance_id: str, task_id: str) -> bool:
    """Whether task `task_id` of the instance is a task listener job."""
    with ctx.db.read() as conn:
        found = instances.load_instance(conn, instance_id)
        if found is None:
            return False
        definition, _ = ctx.definitions.get(
            conn, found.def_name, found.def_version, found.def_stamp
        )
    activity = InstanceState.from_dict(found.state).activities.get(task_id)
    return activity is not None and is_listener_job(definition, activity)


def complete_job(
    ctx: ServiceContext, caller: Caller, conn: Connection, job_key: str, body: dict[str, Any]
) -> runtime.CommandResult:
    """Close the listener job `job_key` and go on with its transition: the next listener,
    the transition itself, or nothing when denied. In the caller's write transaction."""
    verdict = parse_result(body)
    if body.get("variables"):
        raise InvalidInput(
            "A task listener job is completed without variables (use result.corrections)",
            errors=[FieldError("variables", "not allowed for task listener jobs")],
        )
    row = instances.task_row(conn, job_key)
    if row is None:
        raise NotFound(f"Job {job_key} not found")
    result = runtime.run_command(
        ctx, conn, row.instance_id, CompleteTask(job_key, {}), actor=caller.actor
    )
    job = result.state.activities[job_key]
    move = Transition.from_dict(job.input[TRANSITION])
    if move.event == CANCELING:
        return result  # only told: a denial or corrections change nothing (as Camunda)
    if verdict.denied and move.event not in DENIABLE:
        raise InvalidInput(
            f"A {move.event} task listener cannot deny (only assigning, updating, completing)",
            errors=[FieldError("result.denied", f"not allowed for {move.event}")],
        )
    human = store.load(conn, str(job.input[OWNER]))
    if human is None or verdict.denied:
        return result  # denied: the task stays as it was
    move = replace(
        move,
        corrections=move.corrections.overlay(verdict.corrections),
        assignee_correction=verdict.assignee or move.assignee_correction,
        index=move.index + 1,
    )
    run(ctx, conn, human, model.from_dict(human.document), move)
    return result


def require_worker(ctx: ServiceContext, caller: Caller, job_type: str) -> None:
    authz.require_worker(ctx, caller, job_type)


def parse_result(body: dict[str, Any]) -> Verdict:
    """Camunda's `JobResultUserTask`: `{type: "userTask", denied, deniedReason, corrections}`."""
    raw = body.get("result")
    if raw is None:
        return Verdict()
    if not isinstance(raw, dict):
        raise InvalidInput("result must be a JSON object", errors=[FieldError("result", "object")])
    kind = raw.get("type", "userTask")
    if kind != "userTask":
        raise InvalidInput(
            f"result.type {kind!r} is not userTask (a task listener's result)",
            errors=[FieldError("result.type", "must be userTask")],
        )
    denied = raw.get("denied", False)
    if not isinstance(denied, bool):
        raise InvalidInput("result.denied must be true or false")
    reason = raw.get("deniedReason")
    if reason is not None and not isinstance(reason, str):
        raise InvalidInput("result.deniedReason must be text")
    corrections = raw.get("corrections") or {}
    if not isinstance(corrections, dict):
        raise InvalidInput("result.corrections must be a JSON object")
    changes, assignee = _corrections(corrections)
    return Verdict(denied, reason, changes, assignee)


def _corrections(raw: dict[str, Any]) -> tuple[Changes, str | None]:
    known = {"assignee", "candidateUsers", "candidateGroups", "dueDate", "followUpDate", "priority"}
    unknown = sorted(set(raw) - known)
    if unknown:
        raise InvalidInput(
            f"result.corrections cannot correct {', '.join(unknown)}",
            errors=[FieldError(f"result.corrections.{unknown[0]}", "unknown attribute")],
        )
    assignee = raw.get("assignee")
    if assignee is not None and (not isinstance(assignee, str) or not assignee.strip()):
        raise InvalidInput("result.corrections.assignee must be a user id")
    lists: list[tuple[str, ...] | None] = []
    for name in ("candidateUsers", "candidateGroups"):
        value = raw.get(name)
        if value is None:
            lists.append(None)
        elif isinstance(value, list) and all(isinstance(v, str) for v in value):
            lists.append(tuple(value))
        else:
            raise InvalidInput(f"result.corrections.{name} must be a list of ids")
    dates: list[int | None] = []
    clears: list[bool] = []
    for name in ("dueDate", "followUpDate"):
        value = raw.get(name)
        dates.append(_date(name, value) if value not in (None, "") else None)
        clears.append(value == "")
    priority = raw.get("priority")
    if priority is not None and (
        not isinstance(priority, int)
        or isinstance(priority, bool)
        or not 0 <= priority <= MAX_PRIORITY
    ):
        raise InvalidInput(f"result.corrections.priority must be a whole number 0..{MAX_PRIORITY}")
    changes = Changes(
        candidate_users=lists[0],
        candidate_groups=lists[1],
        due_at=dates[0],
        clear_due=clears[0],
        follow_up_at=dates[1],
        clear_follow_up=clears[1],
        priority=priority,
    )
    return changes, assignee


def _date(name: str, value: Any) -> int:
    try:
        moment = datetime.fromisoformat(str(value).replace("Z", "+00:00"))
    except ValueError:
        raise InvalidInput(
            f"result.corrections.{name} {value!r} is not an ISO 8601 date and time"
        ) from None
    if moment.tzinfo is None:
        raise InvalidInput(f"result.corrections.{name} {value!r} needs a time zone")
    return epoch_ms(moment)


# ---------------------------------------------------------------- what the worker sees


def listened_task(
    conn: Connection, definition: ProcessDefinition, job: Activity
) -> ListenedTask | None:
    """The user task of task listener job `job`, as the transition will leave it."""
    if not is_listener_job(definition, job) or TRANSITION not in job.input:
        return None
    row = store.load(conn, str(job.input[OWNER]))
    if row is None:
        return None
    task = model.from_dict(row.document)
    move = Transition.from_dict(job.input[TRANSITION])
    users, groups = transitions.candidate_names(task)
    wanted = move.changes.overlay(move.corrections)
    assignee = task.claimant.user if task.claimant is not None else None
    if move.action in ("assign", "claim"):
        assignee = move.assignee
    elif move.action == "unassign":
        assignee = None
    assignee = move.assignee_correction or assignee
    return ListenedTask(
        user_task_key=row.id,
        action=move.action,
        assignee=assignee,
        candidate_users=list(wanted.candidate_users)
        if wanted.candidate_users is not None
        else users,
        candidate_groups=list(wanted.candidate_groups)
        if wanted.candidate_groups is not None
        else groups,
        changed_attributes=move.changes.names,
        due_at=None if wanted.clear_due else (wanted.due_at or row.due_at),
        follow_up_at=None if wanted.clear_follow_up else (wanted.follow_up_at or row.follow_up_at),
        form_key=row.form_key,
        priority=wanted.priority if wanted.priority is not None else row.priority,
    )

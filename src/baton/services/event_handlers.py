"""Conductor event handlers: on an event (a name and a JSON payload), every active handler
registered for that name whose condition holds runs its actions — start a workflow,
complete or fail an open task, terminate a workflow or merge variables into one.

`publish` delivers an event in a transaction of its own; `deliver` does it inside the
caller's (the EVENT task publishes from within its workflow's command). Each action runs in
a savepoint: one that fails is reported and undone alone, the others stand.

Action parameters may hold `${...}` expressions over the payload (`${workflowId}`,
`${data.amount}`), resolved with Conductor's parameter language; a condition is an
expression of the safe JavaScript subset with the payload as `$` (`$.status == 'DONE'`).
"""

from __future__ import annotations

import contextlib
import json
from collections.abc import Mapping
from dataclasses import asdict, dataclass, field
from typing import Any

from sqlalchemy.engine import Connection

from baton.engine.commands import CompleteTask, SetVariables, StartInstance, TerminateInstance
from baton.expr.conductor import (
    JsEvalError,
    JsSyntaxError,
    ParamSyntaxError,
    ParamValueError,
    compile_expression,
    compile_template,
    run,
    truthy,
)
from baton.model.actor_text import audit_text
from baton.model.errors import BatonError, Conflict, InvalidInput, NotFound
from baton.model.identity import Caller
from baton.model.instance import InstanceState
from baton.model.status import TaskStatus
from baton.services import authz, runtime
from baton.services.context import ServiceContext
from baton.services.runtime import CommandResult
from baton.services.values import check_value
from baton.store import event_handlers as store
from baton.store import human_tasks, instances
from baton.store.event_handlers import EventHandlerRow

START_WORKFLOW = "start_workflow"
COMPLETE_TASK = "complete_task"
FAIL_TASK = "fail_task"
TERMINATE_WORKFLOW = "terminate_workflow"
UPDATE_VARIABLES = "update_workflow_variables"
ACTIONS = (START_WORKFLOW, COMPLETE_TASK, FAIL_TASK, TERMINATE_WORKFLOW, UPDATE_VARIABLES)
MAX_ACTIONS = 20


@dataclass(frozen=True)
class StartWorkflow:
    """Start workflow `name` (`version` None: the latest); values may be templates."""

    name: Any
    version: Any = None
    input: Any = field(default_factory=dict)
    correlation_id: Any = None


@dataclass(frozen=True)
class EndTask:
    """Complete (`status` COMPLETED) or fail (FAILED) the open task `task_id`, or the latest
    open task `task_ref` of workflow `workflow_id`; values may be templates."""

    status: str
    workflow_id: Any = None
    task_ref: Any = None
    task_id: Any = None
    output: Any = field(default_factory=dict)
    reason: Any = None


@dataclass(frozen=True)
class TerminateWorkflow:
    """Terminate workflow `workflow_id` with `reason`; values may be templates."""

    workflow_id: Any = None
    reason: Any = None


@dataclass(frozen=True)
class UpdateVariables:
    """Merge `variables` into workflow `workflow_id`'s (`append_array`: a list value is
    appended to the list already there); values may be templates."""

    workflow_id: Any = None
    variables: Any = field(default_factory=dict)
    append_array: bool = False


Action = StartWorkflow | EndTask | TerminateWorkflow | UpdateVariables
_KINDS: dict[str, type[Action]] = {
    t.__name__: t for t in (StartWorkflow, EndTask, TerminateWorkflow, UpdateVariables)
}


@dataclass(frozen=True)
class EventHandler:
    name: str
    event: str
    actions: tuple[Action, ...]
    condition: str | None = None
    evaluator_type: str | None = None
    active: bool = False
    expand_inline_json: bool = False
    created_by: str | None = None


@dataclass(frozen=True)
class ActionOutcome:
    """What one action of one handler did with one event."""

    handler: str
    action: str
    ok: bool
    message: str | None = None
    instance_id: str | None = None


@dataclass
class Delivery:
    outcomes: list[ActionOutcome] = field(default_factory=list)
    results: list[CommandResult] = field(default_factory=list)  # for `runtime.after_commit`


# ---------------------------------------------------------------- registering


def _check(ctx: ServiceContext, caller: Caller, handler: EventHandler) -> None:
    if not handler.actions:
        raise InvalidInput("an event handler needs at least one action")
    if len(handler.actions) > MAX_ACTIONS:
        raise InvalidInput(f"an event handler has at most {MAX_ACTIONS} actions")
    if handler.condition:
        try:
            compile_expression(handler.condition)
        except JsSyntaxError as exc:
            raise InvalidInput(f"condition: {exc}") from exc
    for i, action in enumerate(handler.actions):
        try:
            compile_template(asdict(action))
        except ParamSyntaxError as exc:
            raise InvalidInput(f"actions[{i}]: {exc}") from exc
        check_value(ctx, asdict(action), f"actions[{i}]")
        name = action.name if isinstance(action, StartWorkflow) else None
        if isinstance(name, str) and "${" not in name:
            authz.require_start(ctx, caller, name)


def _document(handler: EventHandler) -> dict[str, Any]:
    found = asdict(handler)
    found["actions"] = [{"kind": type(a).__name__, **asdict(a)} for a in handler.actions]
    found.pop("created_by")
    return found


def _handler(row: EventHandlerRow) -> EventHandler:
    document = dict(row.document)
    actions: list[Action] = []
    for item in document.pop("actions"):
        values = {k: v for k, v in item.items() if k != "kind"}
        actions.append(_KINDS[item["kind"]](**values))
    return EventHandler(**document, actions=tuple(actions), created_by=row.created_by)


def add(ctx: ServiceContext, caller: Caller, handler: EventHandler) -> None:
    authz.require_event_handler_writer(caller)
    _check(ctx, caller, handler)
    with ctx.db.write() as conn:
        if not store.insert(
            conn,
            name=handler.name,
            event=handler.event,
            active=handler.active,
            document=_document(handler),
            created_by=audit_text(caller.actor),
            now=ctx.now_ms(),
        ):
            raise Conflict(f"event handler {handler.name!r} exists already")


def update(ctx: ServiceContext, caller: Caller, handler: EventHandler) -> None:
    authz.require_event_handler_writer(caller)
    _check(ctx, caller, handler)
    with ctx.db.write() as conn:
        if not store.update(
            conn,
            name=handler.name,
            event=handler.event,
            active=handler.active,
            document=_document(handler),
            now=ctx.now_ms(),
        ):
            raise NotFound(f"event handler {handler.name!r} not found")


def remove(ctx: ServiceContext, caller: Caller, name: str) -> None:
    authz.require_event_handler_writer(caller)
    with ctx.db.write() as conn:
        if not store.delete(conn, name):
            raise NotFound(f"event handler {name!r} not found")


def listed(
    ctx: ServiceContext, caller: Caller, *, event: str | None = None, active_only: bool = False
) -> list[EventHandler]:
    authz.require_event_handler_reader(caller)
    with ctx.db.read() as conn:
        return [_handler(r) for r in store.listed(conn, event=event, active_only=active_only)]


# ---------------------------------------------------------------- delivering


class _Payload:
    """The payload as the scope of `${...}` templates: `${a.b}` reads `payload["a"]["b"]`."""

    def __init__(self, payload: Mapping[str, Any]) -> None:
        self._payload = payload

    def workflow_field(self, name: str) -> Any:
        workflow = self._payload.get("workflow")
        return workflow.get(name) if isinstance(workflow, dict) else None

    def workflow_all(self) -> dict[str, Any]:
        workflow = self._payload.get("workflow")
        return workflow if isinstance(workflow, dict) else {}

    def task_field(self, ref: str, name: str) -> Any:
        value = self._payload.get(ref)
        return value.get(name) if isinstance(value, dict) else None

    def task_all(self, ref: str) -> Any:
        return self._payload.get(ref)

    def current_task_id(self) -> str | None:
        return None


def _expanded(payload: Mapping[str, Any]) -> dict[str, Any]:
    """`expandInlineJSON`: top-level strings that hold a JSON object or array become it."""
    found = dict(payload)
    for key, value in payload.items():
        if isinstance(value, str) and value[:1] in ("{", "["):
            with contextlib.suppress(ValueError):
                found[key] = json.loads(value)
    return found


def publish(ctx: ServiceContext, event: str, payload: Mapping[str, Any]) -> list[ActionOutcome]:
    """Deliver `event` in a transaction of its own."""
    with ctx.db.write() as conn:
        delivery = deliver(ctx, conn, event, payload)
    runtime.after_commit(ctx, delivery.results)
    return delivery.outcomes


def deliver(
    ctx: ServiceContext,
    conn: Connection,
    event: str,
    payload: Mapping[str, Any],
    *,
    publisher: str | None = None,
) -> Delivery:
    """Run the actions of the active handlers of `event` in the caller's transaction; the
    caller calls `runtime.after_commit(ctx, delivery.results)` once it commits. `publisher`:
    the instance whose command publishes (locked by the caller): its own tasks are not
    completed from here."""
    delivery = Delivery()
    for row in store.listed(conn, event=event, active_only=True):
        handler = _handler(row)
        data = _expanded(payload) if handler.expand_inline_json else dict(payload)
        if handler.condition:
            try:
                matched = truthy(run(compile_expression(handler.condition), data))
            except (JsSyntaxError, JsEvalError) as exc:
                delivery.outcomes.append(
                    ActionOutcome(handler.name, "condition", False, f"condition: {exc}")
                )
                continue
            if not matched:
                continue
        for action in handler.actions:
            delivery.outcomes.append(_run(ctx, conn, handler, action, data, publisher, delivery))
    return delivery


def action_kind(action: Action) -> str:
    """The action's Conductor name (`start_workflow`, `complete_task`, ...)."""
    if isinstance(action, StartWorkflow):
        return START_WORKFLOW
    if isinstance(action, TerminateWorkflow):
        return TERMINATE_WORKFLOW
    if isinstance(action, UpdateVariables):
        return UPDATE_VARIABLES
    return COMPLETE_TASK if action.status == TaskStatus.COMPLETED.value else FAIL_TASK


def _run(
    ctx: ServiceContext,
    conn: Connection,
    handler: EventHandler,
    action: Action,
    data: dict[str, Any],
    publisher: str | None,
    delivery: Delivery,
) -> ActionOutcome:
    kind = action_kind(action)
    try:
        values = compile_template(asdict(action))(_Payload(data))
        with conn.begin_nested():
            if isinstance(action, StartWorkflow):
                result = _start(ctx, conn, handler, values)
            elif isinstance(action, EndTask):
                result = _end_task(ctx, conn, values, publisher)
            else:
                result = _steer(ctx, conn, action, values, publisher)
    except (BatonError, ParamValueError, JsEvalError) as exc:
        return ActionOutcome(handler.name, kind, False, str(exc))
    delivery.results.append(result)
    return ActionOutcome(handler.name, kind, True, instance_id=result.state.instance_id)


def _start(
    ctx: ServiceContext, conn: Connection, handler: EventHandler, values: dict[str, Any]
) -> CommandResult:
    name, version, given = values["name"], values["version"], values["input"]
    if not isinstance(name, str) or not name:
        raise InvalidInput("start_workflow needs a workflow name")
    if version is not None and (not isinstance(version, int) or isinstance(version, bool)):
        raise InvalidInput(f"start_workflow version must be a number, not {version!r}")
    if not isinstance(given, dict):
        raise InvalidInput("start_workflow input must be an object")
    check_value(ctx, given, "input")
    correlation = values["correlation_id"]
    command = StartInstance(
        input=given,
        correlation_id=None if correlation is None else str(correlation),
        created_by=handler.created_by,
    )
    return runtime.start_instance(
        ctx,
        conn,
        name=name,
        version=version,
        command=command,
        actor=None,
        owner=handler.created_by,
    )


def _end_task(
    ctx: ServiceContext, conn: Connection, values: dict[str, Any], publisher: str | None
) -> CommandResult:
    workflow_id, task_id, ref = values["workflow_id"], values["task_id"], values["task_ref"]
    output = values["output"]
    if not isinstance(output, dict):
        raise InvalidInput("the task output must be an object")
    check_value(ctx, output, "output")
    if not workflow_id and task_id:
        task = instances.task_row(conn, str(task_id))
        workflow_id = task.instance_id if task is not None else None
    if not workflow_id:
        raise InvalidInput("a task action needs workflowId (with taskRefName) or taskId")
    workflow_id = str(workflow_id)
    if workflow_id == publisher:
        raise Conflict(f"workflow {workflow_id} published this event: it cannot act on itself")
    row = instances.load_instance(conn, workflow_id)
    if row is None:
        raise NotFound(f"Workflow {workflow_id} not found")
    state = InstanceState.from_dict(row.state)
    open_tasks = [
        a
        for a in state.activities.values()
        if a.is_open and (a.id == task_id if task_id else a.ref == ref)
    ]
    if not open_tasks:
        raise NotFound(f"No open task {task_id or ref!r} in workflow {workflow_id}")
    activity = max(open_tasks, key=lambda a: a.seq)
    if human_tasks.load(conn, activity.id) is not None:
        raise Conflict(
            f"task {activity.ref!r} is a human task: people complete it (/api/human/tasks)"
        )
    status = TaskStatus(values["status"])
    reason = values["reason"]
    command = CompleteTask(
        activity.id, output=output, status=status, reason=None if reason is None else str(reason)
    )
    return runtime.run_command(ctx, conn, workflow_id, command, actor=None)


def _steer(
    ctx: ServiceContext,
    conn: Connection,
    action: TerminateWorkflow | UpdateVariables,
    values: dict[str, Any],
    publisher: str | None,
) -> CommandResult:
    workflow_id = values["workflow_id"]
    if not workflow_id:
        raise InvalidInput(f"{action_kind(action)} needs a workflowId")
    workflow_id = str(workflow_id)
    if workflow_id == publisher:
        raise Conflict(f"workflow {workflow_id} published this event: it cannot act on itself")
    if isinstance(action, TerminateWorkflow):
        reason = values["reason"]
        command: TerminateInstance | SetVariables = TerminateInstance(
            reason=None if reason is None else str(reason)
        )
    else:
        variables = values["variables"]
        if not isinstance(variables, dict):
            raise InvalidInput("update_workflow_variables needs variables as an object")
        check_value(ctx, variables, "variables")
        if values["append_array"]:
            variables = _appended(conn, workflow_id, variables)
        command = SetVariables(variables)
    return runtime.run_command(ctx, conn, workflow_id, command, actor=None)


def _appended(conn: Connection, workflow_id: str, variables: dict[str, Any]) -> dict[str, Any]:
    """`appendArray`: a list value extends the list the workflow holds under that name."""
    row = instances.load_instance(conn, workflow_id)
    if row is None:
        raise NotFound(f"Workflow {workflow_id} not found")
    current = InstanceState.from_dict(row.state).variables
    merged = dict(variables)
    for name, value in variables.items():
        held = current.get(name)
        if isinstance(value, list) and isinstance(held, list):
            merged[name] = [*held, *value]
    return merged

"""Call activities: a parent's CALL task starts a child instance and waits for it.

An engine hook (`on_engine_changes`, registered in `baton.app`) runs in the transaction of
every engine command:
- a parent's `TaskScheduled` of kind CALL starts the child (latest version of the called
  process, the task's input as start variables, the parent's owner) and links them; a called
  process that is not deployed, or a call deeper than `MAX_DEPTH`, fails the task for good;
- the child's end completes the parent's task with the child's result (COMPLETED: a BPMN
  process's variables, a Conductor workflow's output), or
  fails it for good with the child's reason (FAILED, TERMINATED, TIMED_OUT);
- the parent's task ending any other way (canceled by a boundary event or by the parent's
  end) terminates the child.
A link is closed by whichever side ends first, so the other side does not react again.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any

from sqlalchemy.engine import Connection

from baton.engine.changes import (
    ErrorPropagated,
    EscalationPropagated,
    InstanceCompleted,
    InstanceFailed,
    InstanceTerminated,
    InstanceTimedOut,
    TaskCanceled,
    TaskCompleted,
    TaskFailed,
    TaskKind,
    TaskScheduled,
)
from baton.engine.commands import (
    CompleteTask,
    StartInstance,
    TerminateInstance,
    ThrowEscalation,
)
from baton.ids import new_key_text
from baton.model.actor_text import parse_audit
from baton.model.errors import NotFound
from baton.model.identity import SYSTEM_ACTOR, Actor
from baton.model.instance import InstanceState
from baton.model.process import (
    EMBEDDED_SEPARATOR,
    DefaultOutput,
    Node,
    NodeKind,
    ProcessDefinition,
)
from baton.model.status import InstanceStatus, TaskStatus
from baton.services import runtime
from baton.services.context import ServiceContext
from baton.store import calls, deployments, instances

EMBEDDED_BINDING = "embedded"  # `Node.binding` of a call of a definition embedded in the caller
MAX_DEPTH = 16
# Child instances one command may start, its children's starts included: depth alone lets a
# process that calls itself twice in parallel start 2**16 instances in one request.
MAX_CALLS_PER_COMMAND = 1000
_calls_started: ContextVar[list[int] | None] = ContextVar("baton_calls_started", default=None)
_OPEN_TASK = frozenset({TaskStatus.SCHEDULED.value, TaskStatus.IN_PROGRESS.value})
_ENDS = (InstanceCompleted, InstanceFailed, InstanceTerminated, InstanceTimedOut)


def on_engine_changes(
    ctx: ServiceContext, conn: Connection, result: runtime.CommandResult, actor: Actor | None
) -> None:
    with _one_command():
        _apply(ctx, conn, result, actor)


def _apply(
    ctx: ServiceContext, conn: Connection, result: runtime.CommandResult, actor: Actor | None
) -> None:
    state = result.state
    for change in result.changes:
        if isinstance(change, TaskScheduled):
            if change.kind is TaskKind.CALL:
                _start_child(ctx, conn, result, change, actor)
        elif isinstance(change, TaskCompleted | TaskFailed | TaskCanceled):
            activity = state.activities.get(change.task_id)
            node = result.definition.index.nodes.get(activity.node) if activity else None
            if node is not None and node.kind is NodeKind.CALL_ACTIVITY:
                _parent_task_ended(ctx, conn, change.task_id, actor)
        elif isinstance(change, ErrorPropagated | EscalationPropagated):
            _to_caller(ctx, conn, result, change, actor)
        elif isinstance(change, _ENDS):
            _child_ended(ctx, conn, result, change, actor)


def _start_child(
    ctx: ServiceContext,
    conn: Connection,
    result: runtime.CommandResult,
    change: TaskScheduled,
    actor: Actor | None,
) -> None:
    state = result.state
    row = instances.task_row(conn, change.task_id)
    if row is None or row.status not in _OPEN_TASK:
        return  # ended already by an earlier change of the same command (a sibling failed)
    node = result.definition.index.nodes[change.node_id]
    process = _called_process(result.definition, node)
    try:
        version = _called_version(conn, result.definition, node)
    except NotFound as exc:
        _fail_parent(ctx, conn, state.instance_id, change.task_id, _missing(process, exc))
        return
    try:
        ctx.definitions.get(conn, process, version)
    except NotFound:
        _fail_parent(ctx, conn, state.instance_id, change.task_id, _missing(process))
        return
    counter = _calls_started.get()
    if counter is not None:
        counter[0] += 1
        if counter[0] > MAX_CALLS_PER_COMMAND:
            reason = (
                f"more than {MAX_CALLS_PER_COMMAND} called instances started by one command: "
                f"not starting process {process!r}"
            )
            _fail_parent(ctx, conn, state.instance_id, change.task_id, reason)
            return
    _start_linked_child(ctx, conn, state, result.definition, change, process, version)


@contextmanager
def _one_command() -> Iterator[None]:
    """Count the children started while the outermost command's changes are applied:
    children start synchronously inside their parent's hook, so nested hooks share it."""
    if _calls_started.get() is not None:
        yield
        return
    token = _calls_started.set([0])
    try:
        yield
    finally:
        _calls_started.reset(token)


def caller_catches(definition: ProcessDefinition, node_id: str) -> dict[str, list[str]]:
    """The error and escalation codes that boundaries on call activity `node_id` or on a
    scope around it, or event sub-processes of those scopes, catch ("*": a catch-all)."""
    found: dict[str, list[str]] = {}
    index = definition.index
    current: str | None = node_id
    while current is not None:
        scope = definition.node(current).scope
        catchers = [*index.boundaries.get(current, ()), *index.event_sub_processes.get(scope, ())]
        for catcher in catchers:
            if catcher.kind is NodeKind.BOUNDARY_ERROR or catcher.started_by == "error":
                found.setdefault("error", []).append(catcher.error_code or "*")
            elif catcher.kind is NodeKind.BOUNDARY_ESCALATION or catcher.started_by == "escalation":
                found.setdefault("escalation", []).append(catcher.escalation_code or "*")
        current = scope
    return found


def _to_caller(
    ctx: ServiceContext,
    conn: Connection,
    result: runtime.CommandResult,
    change: ErrorPropagated | EscalationPropagated,
    actor: Actor | None,
) -> None:
    """An error or escalation the called instance did not catch goes to its call activity."""
    link = calls.by_child(conn, result.state.instance_id)
    if link is None or not link.open:
        return
    if isinstance(change, EscalationPropagated):
        command: CompleteTask | ThrowEscalation = ThrowEscalation(link.parent_task_id, change.code)
    else:
        calls.close(conn, link.parent_task_id)  # the child ends for it: no other reaction
        command = CompleteTask(
            link.parent_task_id,
            output=change.variables,
            reason=change.message,
            error_code=change.code,
        )
    runtime.run_command(ctx, conn, link.parent_instance_id, command, actor=actor)


def _start_linked_child(
    ctx: ServiceContext,
    conn: Connection,
    state: InstanceState,
    definition: ProcessDefinition,
    change: TaskScheduled,
    process: str,
    version: int | None = None,
) -> None:
    depth = calls.depth_of(conn, state.instance_id) + 1
    if depth > MAX_DEPTH:
        reason = (
            f"call depth exceeds {MAX_DEPTH}: not starting process {process!r} "
            f"(does a process call itself endlessly?)"
        )
        _fail_parent(ctx, conn, state.instance_id, change.task_id, reason)
        return
    child_id = new_key_text()
    calls.add(
        conn,
        parent_task_id=change.task_id,
        parent_instance_id=state.instance_id,
        child_instance_id=child_id,
        depth=depth,
        now=ctx.now_ms(),
    )
    parent = instances.load_instance(conn, state.instance_id)
    owner = parent.created_by if parent is not None else state.created_by
    root = (parent.root_id or parent.id) if parent is not None else state.instance_id
    try:
        runtime.start_instance(
            ctx,
            conn,
            name=process,
            version=version,
            command=StartInstance(
                input=dict(change.input),
                created_by=state.created_by,
                instance_id=child_id,
                caller_catches=caller_catches(definition, change.node_id),
                task_to_domain=state.task_to_domain,
            ),
            actor=None if owner is None else parse_audit(owner),
            root_id=root,
        )
    except NotFound:  # removed between the check and the start
        calls.close(conn, change.task_id)
        _fail_parent(ctx, conn, state.instance_id, change.task_id, _missing(process))


def _missing(process: str, exc: NotFound | None = None) -> str:
    detail = f" ({exc.message})" if exc is not None and exc.message else ""
    return f"called process {process!r} is not deployed{detail}"


def _called_process(caller: ProcessDefinition, node: Node) -> str:
    """The name of the process `node` calls (one embedded in the caller: by its id)."""
    if node.binding == EMBEDDED_BINDING:
        return f"{caller.id}{EMBEDDED_SEPARATOR}{node.called_process}"
    return node.called_process or ""


def _called_version(conn: Connection, caller: ProcessDefinition, node: Node) -> int | None:
    """The version of the called process `node.binding` picks (None: the latest)."""
    process = node.called_process or ""
    if node.called_version is not None:
        return node.called_version
    if node.binding == EMBEDDED_BINDING:
        return caller.version
    if node.binding == "versionTag":
        version = deployments.version_with_tag(conn, process, node.binding_tag or "")
        if version is None:
            raise NotFound(f"no version is tagged {node.binding_tag!r}")
        return version
    if node.binding == "deployment":
        row = deployments.process_by_version(conn, caller.id, caller.version)
        found = (
            deployments.version_in_deployment(conn, process, row["deployment_key"])
            if row is not None
            else None
        )
        if found is None:
            raise NotFound("it was not deployed with the calling process (bindingType deployment)")
        return found
    return None


def _child_ended(
    ctx: ServiceContext,
    conn: Connection,
    result: runtime.CommandResult,
    change: InstanceCompleted | InstanceFailed | InstanceTerminated | InstanceTimedOut,
    actor: Actor | None,
) -> None:
    state = result.state
    if result.root_id == state.instance_id:
        return  # the top of its chain: no parent waits for it
    link = calls.by_child(conn, state.instance_id)
    if link is None or not link.open or not calls.close(conn, link.parent_task_id):
        return
    if isinstance(change, InstanceCompleted):
        command = CompleteTask(link.parent_task_id, output=_child_result(result))
    else:
        status = state.status.value.lower().replace("_", " ")
        detail = f": {change.reason}" if change.reason else ""
        command = CompleteTask(
            link.parent_task_id,
            status=TaskStatus.FAILED_WITH_TERMINAL_ERROR,
            reason=f"called instance {state.instance_id} {status}{detail}",
        )
    runtime.run_command(ctx, conn, link.parent_instance_id, command, actor=actor)


def _child_result(result: runtime.CommandResult) -> dict[str, Any]:
    """What a completed child gives its caller, as the child's notation defines its result:
    a BPMN process its variables, a Conductor workflow its output (and `subWorkflowId`)."""
    state = result.state
    if result.definition.default_output is DefaultOutput.VARIABLES:
        return dict(state.variables)
    return {"subWorkflowId": state.instance_id, **(state.output or {})}


def _parent_task_ended(
    ctx: ServiceContext, conn: Connection, task_id: str, actor: Actor | None
) -> None:
    link = calls.by_parent_task(conn, task_id)
    if link is None or not calls.close(conn, task_id):
        return
    child = instances.load_instance(conn, link.child_instance_id)
    if child is None or InstanceStatus(child.status).is_terminal:
        return
    runtime.run_command(
        ctx,
        conn,
        link.child_instance_id,
        TerminateInstance(reason=f"the calling task {task_id} ended"),
        actor=actor,
    )


def _fail_parent(
    ctx: ServiceContext, conn: Connection, instance_id: str, task_id: str, reason: str
) -> None:
    runtime.run_command(
        ctx,
        conn,
        instance_id,
        CompleteTask(task_id, status=TaskStatus.FAILED_WITH_TERMINAL_ERROR, reason=reason),
        actor=SYSTEM_ACTOR,
    )

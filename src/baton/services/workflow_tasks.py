"""Tasks the server runs against other instances, in the transaction of the command that
reached them (an engine hook, registered in `baton.app`):

- START_WORKFLOW (`START_INSTANCE`): starts `startWorkflow.name` (`version`, else the latest)
  with `startWorkflow.input` and `correlationId`, owned by the starting instance's owner, and
  completes with `{"workflowId"}` at once (it does not wait);
- TERMINATE_WORKFLOW (`TERMINATE_INSTANCES`): terminates the instances in `workflowId` (one id
  or a list) with `terminationReason`; completes with `{"terminatedWorkflowIds"}`;
- EVENT (`PUBLISH_EVENT`): delivers its input to Baton's event handlers of its event through
  `ctx.event_publisher` (the event-handler service), then completes (unless `asyncComplete`).

Both act with the owner's rights today (who may start that workflow, who may terminate those
instances); what the owner may not do, or what does not exist, fails the task for good with
the reason, and nothing else changes.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy.engine import Connection

from baton.engine.changes import TaskScheduled
from baton.engine.commands import CompleteTask, StartInstance, TerminateInstance
from baton.model.actor_text import audit_text
from baton.model.errors import BatonError, Forbidden, InvalidInput, NotFound
from baton.model.identity import SYSTEM_ACTOR, Access, Actor, Caller, TargetType
from baton.model.process import Node, NodeKind
from baton.model.status import InstanceStatus, TaskStatus
from baton.services import authz, runtime
from baton.services.auth import caller_for
from baton.services.context import ServiceContext
from baton.services.values import check_value
from baton.store import instances

ACTIONS = frozenset({NodeKind.START_INSTANCE, NodeKind.TERMINATE_INSTANCES, NodeKind.PUBLISH_EVENT})


def on_engine_changes(
    ctx: ServiceContext, conn: Connection, result: runtime.CommandResult, actor: Actor | None
) -> None:
    for change in result.changes:
        if not isinstance(change, TaskScheduled):
            continue
        node = result.definition.index.nodes.get(change.node_id)
        if node is None or node.kind not in ACTIONS:
            continue
        row = instances.task_row(conn, change.task_id)
        if row is None or row.status != TaskStatus.IN_PROGRESS.value:
            continue  # ended already by an earlier change of the same command
        instance_id = result.state.instance_id
        if node.kind is NodeKind.PUBLISH_EVENT:
            command: CompleteTask | None = _publish(ctx, conn, result, node, change)
            if command is not None:
                runtime.run_command(ctx, conn, instance_id, command, actor=SYSTEM_ACTOR)
            continue
        try:
            owner = _owner(conn, instance_id)
            if node.kind is NodeKind.START_INSTANCE:
                output = _start(ctx, conn, owner, dict(change.input))
            else:
                output = _terminate(ctx, conn, owner, instance_id, dict(change.input))
        except BatonError as exc:
            command = CompleteTask(
                change.task_id, status=TaskStatus.FAILED_WITH_TERMINAL_ERROR, reason=exc.message
            )
        else:
            command = CompleteTask(change.task_id, output=output)
        runtime.run_command(ctx, conn, instance_id, command, actor=SYSTEM_ACTOR)


def _publish(
    ctx: ServiceContext,
    conn: Connection,
    result: runtime.CommandResult,
    node: Node,
    change: TaskScheduled,
) -> CompleteTask | None:
    """EVENT: deliver the task's input to the handlers of its event (`conductor:NAME`, or
    `conductor:<workflow>:<task ref>` for the bare `conductor` sink); then complete it,
    unless `asyncComplete` leaves that to a handler. Refused: the task fails for good."""
    state = result.state
    sink = str(node.extensions.get("workflowTask", {}).get("sink") or "conductor")
    event = sink if sink != "conductor" else f"conductor:{state.definition_id}:{change.ref_name}"
    payload = {
        **dict(change.input),
        "workflowInstanceId": state.instance_id,
        "workflowType": state.definition_id,
        "workflowVersion": state.definition_version,
        "correlationId": state.correlation_id,
    }
    if ctx.event_publisher is None:
        reason = f"event {event!r} was not published: this server has no event handlers"
        return CompleteTask(
            change.task_id, status=TaskStatus.FAILED_WITH_TERMINAL_ERROR, reason=reason
        )
    try:
        ctx.event_publisher(ctx, conn, event, payload, publisher=state.instance_id)
    except BatonError as exc:
        return CompleteTask(
            change.task_id, status=TaskStatus.FAILED_WITH_TERMINAL_ERROR, reason=exc.message
        )
    if node.extensions.get("workflowTask", {}).get("asyncComplete") is True:
        return None
    return CompleteTask(change.task_id, output={"event_produced": event, **payload})


def _owner(conn: Connection, instance_id: str) -> Caller:
    row = instances.load_instance(conn, instance_id)
    owner = row.created_by if row is not None else None
    caller = caller_for(conn, owner) if owner else None
    if caller is None:
        raise Forbidden("the workflow's owner no longer exists: it cannot act on workflows")
    return caller


def _start(
    ctx: ServiceContext, conn: Connection, owner: Caller, values: dict[str, Any]
) -> dict[str, Any]:
    request = values.get("startWorkflow")
    if not isinstance(request, dict):
        raise InvalidInput("startWorkflow must be an object with the workflow's name and input")
    name = request.get("name")
    version = request.get("version")
    given = request.get("input")
    if not isinstance(name, str) or not name:
        raise InvalidInput("startWorkflow.name must name a workflow")
    if version is not None and (not isinstance(version, int) or isinstance(version, bool)):
        raise InvalidInput("startWorkflow.version must be a whole number")
    if given is not None and not isinstance(given, dict):
        raise InvalidInput("startWorkflow.input must be an object")
    if not authz.may_start(ctx, owner, name):
        raise Forbidden(f"the workflow's owner may not start workflow {name!r}")
    check_value(ctx, given or {}, "startWorkflow.input")
    correlation = request.get("correlationId")
    actor = owner.actor
    started = runtime.start_instance(
        ctx,
        conn,
        name=name,
        version=version,
        command=StartInstance(
            input=dict(given or {}),
            correlation_id=str(correlation) if correlation is not None else None,
            created_by=audit_text(actor),
        ),
        actor=actor,
    )
    return {"workflowId": started.state.instance_id}


def _terminate(
    ctx: ServiceContext, conn: Connection, owner: Caller, self_id: str, values: dict[str, Any]
) -> dict[str, Any]:
    raw = values.get("workflowId")
    ids = [raw] if isinstance(raw, str) else raw
    if not isinstance(ids, list) or not ids or not all(isinstance(i, str) and i for i in ids):
        raise InvalidInput("workflowId must be a workflow id or a list of them")
    if self_id in ids:
        raise InvalidInput("a workflow cannot terminate itself this way (use TERMINATE)")
    reason = values.get("terminationReason")
    rows = []
    for workflow_id in dict.fromkeys(ids):
        row = instances.load_instance(conn, workflow_id)
        if row is None or not authz.may_see_instance(ctx, owner, row.def_name, row.created_by):
            raise NotFound(f"Workflow {workflow_id} not found")
        mine = row.created_by == audit_text(owner.actor)
        if not mine and not authz.may(
            ctx, owner, (TargetType.WORKFLOW_DEF, row.def_name), Access.EXECUTE, conn=conn
        ):
            raise Forbidden(f"the workflow's owner may not terminate workflow {workflow_id}")
        rows.append(row)
    ended: list[str] = []
    for row in rows:
        if InstanceStatus(row.status).is_terminal:
            continue
        command = TerminateInstance(reason=str(reason) if reason is not None else None)
        runtime.run_command(ctx, conn, row.id, command, actor=owner.actor)
        ended.append(row.id)
    return {"terminatedWorkflowIds": ended}

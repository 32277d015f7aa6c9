"""Starting, reading and steering workflow instances (the Conductor workflow API)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from sqlalchemy.engine import Connection

from baton.engine.commands import (
    Command,
    PauseInstance,
    RerunFromTask,
    ResumeInstance,
    RetryInstance,
    SetVariables,
    SkipTask,
    StartInstance,
    TerminateInstance,
)
from baton.engine.executor import new_uuid
from baton.model.actor_text import audit_text
from baton.model.errors import Conflict, InvalidInput, NotFound
from baton.model.human_task import from_dict
from baton.model.identity import Caller
from baton.model.instance import InstanceState
from baton.model.process import EPHEMERAL_SEPARATOR, ProcessDefinition, shown_name
from baton.model.status import InstanceStatus
from baton.services import authz, metadata, runtime
from baton.services.context import ServiceContext
from baton.services.instance_views import WorkflowPage, WorkflowSummary, WorkflowView
from baton.services.values import check_value
from baton.store import calls, definitions, human_tasks, instances, timers
from baton.store.instances import InstanceRow


def start(
    ctx: ServiceContext,
    caller: Caller,
    *,
    name: str,
    version: int | None,
    input: dict[str, Any],
    correlation_id: str | None = None,
    priority: int = 0,
    instance_id: str | None = None,
    idempotency_key: str | None = None,
    idempotency_strategy: str | None = None,
    task_to_domain: dict[str, str] | None = None,
    workflow_def: Mapping[str, Any] | None = None,
) -> str:
    """Start an instance. With `idempotency_key`, a workflow started with the same key
    already: `FAIL` (the default) refuses (409), `RETURN_EXISTING` answers its id,
    `FAIL_ON_RUNNING` refuses only while it runs (an ended one gives up its key).
    `task_to_domain` queues its worker tasks in domains (task name or "*" -> domain).
    `workflow_def`: run this definition, unregistered (an ephemeral workflow): it is kept
    for this one instance only, as `<name>~~<instance id>`."""
    ephemeral: ProcessDefinition | None = None
    source: dict[str, Any] = {}
    if workflow_def is not None:
        if idempotency_key:
            raise InvalidInput("idempotencyKey cannot be used with an inline workflowDef")
        instance_id = instance_id or new_uuid()
        shown = workflow_def.get("name") or name
        ephemeral, source = metadata.compile_ephemeral(
            workflow_def, name, f"{shown}{EPHEMERAL_SEPARATOR}{instance_id}"
        )
        authz.require_ephemeral_start(ctx, caller, shown_name(ephemeral.id))
        name, version = ephemeral.id, ephemeral.version
    else:
        authz.require_start(ctx, caller, name)
    check_value(ctx, input, "input")
    strategy = _strategy(idempotency_strategy) if idempotency_key else None
    command = StartInstance(
        input=input,
        correlation_id=correlation_id,
        priority=priority,
        created_by=audit_text(caller.actor),
        instance_id=instance_id,
        task_to_domain=task_to_domain,
    )
    for attempt in (1, 2):  # a second try sees the start that won a race for the key
        try:
            with ctx.db.write() as conn:
                if idempotency_key and strategy is not None:
                    existing = _idempotent(conn, name, idempotency_key, strategy)
                    if existing is not None:
                        return existing
                if ephemeral is not None:
                    definitions.save_process_def(
                        conn,
                        name=ephemeral.id,
                        version=ephemeral.version,
                        notation="conductor",
                        source=source,
                        compiled=ephemeral.to_dict(),
                        now=ctx.now_ms(),
                        by=audit_text(caller.actor),
                    )
                result = runtime.start_instance(
                    ctx,
                    conn,
                    name=name,
                    version=version,
                    command=command,
                    actor=caller.actor,
                    idempotency_key=idempotency_key,
                )
        except instances.DuplicateIdempotencyKey:
            if attempt == 2:
                raise
            continue
        break
    runtime.after_commit(ctx, [result])
    return result.state.instance_id


IDEMPOTENCY_STRATEGIES = ("FAIL", "RETURN_EXISTING", "FAIL_ON_RUNNING")


def _strategy(raw: str | None) -> str:
    strategy = (raw or "FAIL").upper()
    if strategy not in IDEMPOTENCY_STRATEGIES:
        raise InvalidInput(
            f"idempotencyStrategy must be one of {', '.join(IDEMPOTENCY_STRATEGIES)}"
        )
    return strategy


def _idempotent(conn: Connection, name: str, key: str, strategy: str) -> str | None:
    """The id to answer instead of starting (RETURN_EXISTING), or None to start."""
    found = instances.by_idempotency_key(conn, name, key)
    if found is None:
        return None
    existing, status = found
    if strategy == "RETURN_EXISTING":
        return existing
    if strategy == "FAIL_ON_RUNNING" and InstanceStatus(status).is_terminal:
        instances.release_idempotency_key(conn, existing)
        return None
    raise Conflict(f"Workflow {name!r} was already started with idempotencyKey {key!r}: {existing}")


def _load(ctx: ServiceContext, instance_id: str) -> InstanceRow:
    with ctx.db.read() as conn:
        row = instances.load_instance(conn, instance_id)
    if row is None:
        raise NotFound(f"Workflow {instance_id} not found")
    return row


def _load_visible(ctx: ServiceContext, caller: Caller, instance_id: str) -> InstanceRow:
    row = _load(ctx, instance_id)
    authz.require_instance_visible(ctx, caller, instance_id, row.def_name, row.created_by)
    return row


def get(ctx: ServiceContext, caller: Caller, instance_id: str) -> WorkflowView:
    row = _load_visible(ctx, caller, instance_id)
    with ctx.db.read() as conn:
        definition, _ = ctx.definitions.get(conn, row.def_name, row.def_version, row.def_stamp)
        children = calls.children_of(conn, instance_id)
        caller_link = calls.by_child(conn, instance_id)
    parent = (caller_link.parent_instance_id, caller_link.parent_task_id) if caller_link else None
    return WorkflowView(definition, InstanceState.from_dict(row.state), children, parent)


def _steer(ctx: ServiceContext, caller: Caller, instance_id: str, command: Command) -> None:
    row = _load(ctx, instance_id)
    authz.require_instance_control(ctx, caller, instance_id, row.def_name, row.created_by)
    with ctx.db.write() as conn:
        result = runtime.run_command(ctx, conn, instance_id, command, actor=caller.actor)
    runtime.after_commit(ctx, [result])


def terminate(ctx: ServiceContext, caller: Caller, instance_id: str, reason: str | None) -> None:
    _steer(ctx, caller, instance_id, TerminateInstance(reason=reason))


def pause(ctx: ServiceContext, caller: Caller, instance_id: str) -> None:
    _steer(ctx, caller, instance_id, PauseInstance())


def resume(ctx: ServiceContext, caller: Caller, instance_id: str) -> None:
    _steer(ctx, caller, instance_id, ResumeInstance())


def retry(ctx: ServiceContext, caller: Caller, instance_id: str) -> None:
    _steer(ctx, caller, instance_id, RetryInstance())


def update_variables(
    ctx: ServiceContext, caller: Caller, instance_id: str, variables: dict[str, Any]
) -> WorkflowView:
    """Merge `variables` into a running or paused instance's variables."""
    row = _load(ctx, instance_id)
    authz.require_instance_control(ctx, caller, instance_id, row.def_name, row.created_by)
    check_value(ctx, variables, "variables")
    with ctx.db.write() as conn:
        result = runtime.run_command(
            ctx, conn, instance_id, SetVariables(variables), actor=caller.actor
        )
    runtime.after_commit(ctx, [result])
    return WorkflowView(result.definition, result.state)


def skip_task(
    ctx: ServiceContext, caller: Caller, instance_id: str, ref: str, output: dict[str, Any]
) -> None:
    """Skip the open task `ref`; a HUMAN task only by whom the human-task rules let delete
    it (admins, the owner, DELETE on its task definition)."""
    row = _load(ctx, instance_id)
    authz.require_instance_control(ctx, caller, instance_id, row.def_name, row.created_by)
    check_value(ctx, output, "taskOutput")
    with ctx.db.write() as conn:
        locked = instances.load_instance(conn, instance_id, for_update=True)
        state = InstanceState.from_dict(locked.state) if locked is not None else None
        for activity in state.activities.values() if state is not None else ():
            if activity.ref == ref and activity.is_open:
                human = human_tasks.load(conn, activity.id)
                if human is not None:
                    standing = authz.Standing(ctx, caller, human, from_dict(human.document))
                    standing.require(standing.may_delete, "skip")
        result = runtime.run_command(
            ctx, conn, instance_id, SkipTask(ref, output), actor=caller.actor
        )
    runtime.after_commit(ctx, [result])


def restart(
    ctx: ServiceContext,
    caller: Caller,
    instance_id: str,
    *,
    use_latest: bool = False,
    input: dict[str, Any] | None = None,
    correlation_id: str | None = None,
) -> str:
    """Run an ended instance again from its start, under the same id and owner: its tasks
    and history are replaced by the new run's (Conductor's restart; rerun with new input)."""
    row = _load(ctx, instance_id)
    authz.require_instance_control(ctx, caller, instance_id, row.def_name, row.created_by)
    if input is not None:
        check_value(ctx, input, "workflowInput")
    old = InstanceState.from_dict(row.state)
    with ctx.db.write() as conn:
        locked = instances.load_instance(conn, instance_id, for_update=True)
        if locked is None:
            raise NotFound(f"Workflow {instance_id} not found")
        if not InstanceState.from_dict(locked.state).status.is_terminal:
            raise Conflict(
                f"Workflow {instance_id} is {locked.status}: only an ended workflow restarts"
            )
        if locked.root_id not in (None, instance_id):
            # its caller waits for it by its link; restarting it alone would cut that link
            raise Conflict(
                f"Workflow {instance_id} was started by workflow {locked.root_id}: restart that"
            )
        timers.cancel_for_instance(conn, instance_id)
        instances.delete_instance(conn, instance_id)
        command = StartInstance(
            input=old.input if input is None else input,
            correlation_id=old.correlation_id if correlation_id is None else correlation_id,
            priority=old.priority,
            created_by=old.created_by,
            instance_id=instance_id,
        )
        result = runtime.start_instance(
            ctx,
            conn,
            name=row.def_name,
            version=None if use_latest else row.def_version,
            command=command,
            actor=caller.actor,
            owner=row.created_by,
        )
    runtime.after_commit(ctx, [result])
    return instance_id


def rerun_from_task(
    ctx: ServiceContext,
    caller: Caller,
    instance_id: str,
    task_id: str,
    *,
    task_input: dict[str, Any] | None = None,
    workflow_input: dict[str, Any] | None = None,
) -> str:
    """Run the instance again from its task `task_id` (Conductor's rerun with
    `reRunFromTaskId`): the tasks before it keep their outputs, it and those after it run
    again (the engine's `RerunFromTask` says where that is sound)."""
    row = _load(ctx, instance_id)
    authz.require_instance_control(ctx, caller, instance_id, row.def_name, row.created_by)
    if task_input is not None:
        check_value(ctx, task_input, "taskInput")
    if workflow_input is not None:
        check_value(ctx, workflow_input, "workflowInput")
    if row.root_id not in (None, instance_id):
        # its caller went on (or waits) by its link; rewinding it alone would cut that link
        raise Conflict(f"Workflow {instance_id} was started by workflow {row.root_id}: rerun that")
    command = RerunFromTask(task_id, task_input=task_input, workflow_input=workflow_input)
    with ctx.db.write() as conn:
        result = runtime.run_command(ctx, conn, instance_id, command, actor=caller.actor)
    runtime.after_commit(ctx, [result])
    return instance_id


def remove(ctx: ServiceContext, caller: Caller, instance_id: str) -> None:
    row = _load(ctx, instance_id)
    authz.require_instance_removal(ctx, caller, instance_id, row.def_name, row.created_by)
    with ctx.db.write() as conn:
        timers.cancel_for_instance(conn, instance_id)
        if not instances.delete_instance(conn, instance_id):
            raise NotFound(f"Workflow {instance_id} not found")
        if EPHEMERAL_SEPARATOR in row.def_name:  # its definition was its alone
            definitions.delete_process_def(conn, row.def_name, row.def_version)


def search(
    ctx: ServiceContext,
    caller: Caller,
    *,
    name: str | None,
    statuses: list[str],
    correlation_id: str | None,
    start: int,
    size: int,
) -> WorkflowPage:
    """A page of instances, newest first. Non-managers see what they started."""
    with ctx.db.read() as conn:
        total, rows = instances.search_instances(
            conn,
            def_name=name,
            statuses=statuses,
            correlation_id=correlation_id,
            created_by=authz.instance_search_owner(caller),
            start=start,
            size=size,
        )
    return WorkflowPage(total, [_summary(r) for r in rows])


def _summary(row: InstanceRow) -> WorkflowSummary:
    """Read from the stored state document, whatever its age: a missing field is absent."""
    state = row.state
    return WorkflowSummary(
        instance_id=row.id,
        name=row.def_name,
        version=row.def_version,
        status=row.status,
        correlation_id=state.get("correlation_id"),
        start_time=state.get("create_time"),
        update_time=state.get("update_time"),
        end_time=state.get("end_time"),
        input=state.get("input", {}),
        output=state.get("output", {}),
        reason=state.get("reason"),
        created_by=row.created_by,
        priority=state.get("priority", 0),
    )

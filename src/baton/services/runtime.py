"""Running one engine command inside the caller's transaction: load the instance (locked),
decide with the engine, apply each change to its rows, save the state guarded by its
revision, append the audit event. DESIGN principle 2: one transaction per command."""

from __future__ import annotations

import json
import logging
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from sqlalchemy.engine import Connection

from baton.engine.changes import (
    Change,
    IncidentRaised,
    JobUpdated,
    TaskCanceled,
    TaskCompleted,
    TaskFailed,
    TaskKind,
    TaskRemoved,
    TaskReopened,
    TaskRequeued,
    TaskScheduled,
    TaskStarted,
    TaskUpdated,
    TimerCanceled,
    TimerScheduled,
)
from baton.engine.commands import Command, StartInstance
from baton.engine.executor import Outcome
from baton.ids import new_id, new_key_text
from baton.logs import fields
from baton.model.actor_text import audit_text_or_none
from baton.model.errors import Conflict, NotFound
from baton.model.identity import Actor
from baton.model.instance import Activity, InstanceState
from baton.model.process import Node, NodeKind, ProcessDefinition
from baton.model.user_task import USER_TASK_JOB_TYPE, UserTaskValues
from baton.services import history
from baton.services.context import ServiceContext
from baton.services.definitions import LazyTaskDefs
from baton.store import instances, timers

ENGINE_TIMER = "engine"
TASK_LEASE_TIMER = "task_lease"
DEFAULT_LEASE_SECONDS = 3600

log = logging.getLogger("baton.commands")


@dataclass
class CommandResult:
    definition: ProcessDefinition
    state: InstanceState
    changes: list[Change]
    queues: set[str] = field(default_factory=set)
    next_timer_at: int | None = None
    # the top of the instance's call-activity chain (None: not known, e.g. an old row)
    root_id: str | None = None


def _ids_for(definition: ProcessDefinition) -> Callable[[], str]:
    """BPMN processes are also served over the Camunda API, whose keys are digits (and so
    are the keys of runtime history)."""
    if definition.history:
        return new_key_text
    return new_id


def lease_timer_id(task_id: str) -> str:
    return f"lease:{task_id}"


def start_instance(
    ctx: ServiceContext,
    conn: Connection,
    *,
    name: str,
    version: int | None,
    command: StartInstance,
    actor: Actor | None,
    root_id: str | None = None,
    owner: str | None = None,
    idempotency_key: str | None = None,
) -> CommandResult:
    """Start an instance; `root_id`: the top of the call-activity chain that starts it (None:
    it is a top itself); `owner`: whose it is, when not the actor's (a restart keeps it);
    `idempotency_key`: no other instance of the process may have it."""
    definition, stamp = ctx.definitions.get(conn, name, version)
    outcome = ctx.engine.execute(
        definition,
        None,
        command,
        now=ctx.clock.now(),
        task_defs=LazyTaskDefs(conn),
        new_id=_ids_for(definition),
    )
    state = outcome.state
    now = ctx.now_ms()
    instances.insert_instance(
        conn,
        instance_id=state.instance_id,
        def_name=definition.id,
        def_version=definition.version,
        def_stamp=stamp,
        status=state.status.value,
        state=state.to_dict(),
        correlation_id=state.correlation_id,
        created_by=owner or audit_text_or_none(actor),
        now=now,
        ended_at=state.end_time or None,
        root_id=root_id or state.instance_id,
        idempotency_key=idempotency_key,
    )
    return _finish(
        ctx, conn, definition, outcome, command, actor, now, root_id or state.instance_id
    )


def run_command(
    ctx: ServiceContext,
    conn: Connection,
    instance_id: str,
    command: Command,
    *,
    actor: Actor | None,
) -> CommandResult:
    row = instances.load_instance(conn, instance_id, for_update=True)
    if row is None:
        raise NotFound(f"Workflow {instance_id} not found")
    definition, stamp = ctx.definitions.get(conn, row.def_name, row.def_version, row.def_stamp)
    state = InstanceState.from_dict(row.state)
    outcome = ctx.engine.execute(
        definition,
        state,
        command,
        now=ctx.clock.now(),
        task_defs=LazyTaskDefs(conn),
        new_id=_ids_for(definition),
    )
    now = ctx.now_ms()
    saved = instances.save_instance(
        conn,
        instance_id=instance_id,
        expected_revision=row.revision,
        def_stamp=stamp,
        status=outcome.state.status.value,
        state=outcome.state.to_dict(),
        now=now,
        ended_at=outcome.state.end_time or None,
    )
    if not saved:  # only if a writer bypassed the row lock; callers may retry
        raise Conflict(f"Workflow {instance_id} was changed concurrently; try again")
    return _finish(ctx, conn, definition, outcome, command, actor, now, row.root_id)


def _finish(
    ctx: ServiceContext,
    conn: Connection,
    definition: ProcessDefinition,
    outcome: Outcome,
    command: Command,
    actor: Actor | None,
    now: int,
    root_id: str | None,
) -> CommandResult:
    result = CommandResult(definition, outcome.state, outcome.changes, root_id=root_id)
    _apply(conn, result, now)
    for hook in ctx.engine_hooks:
        hook(ctx, conn, result, actor)
    instances.append_audit(
        conn,
        instance_id=outcome.state.instance_id,
        at=now,
        actor=audit_text_or_none(actor),
        event=type(command).__name__,
        data=[type(c).__name__ for c in outcome.changes],
    )
    _record(ctx, type(command).__name__, outcome.state, actor)
    return result


def _record(ctx: ServiceContext, command: str, state: InstanceState, actor: Actor | None) -> None:
    """Count the command and log it once (written in its transaction: a later failure of
    the same transaction logs its own error line)."""
    ctx.metrics.command(command)
    log.info(
        "command %s",
        command,
        extra=fields(
            instance_id=state.instance_id,
            process=state.definition_id,
            status=state.status.value,
            actor=audit_text_or_none(actor),
        ),
    )


def _apply(conn: Connection, result: CommandResult, now: int) -> None:
    """Each change to the rows it affects (the state document is saved whole)."""
    state = result.state
    new_tasks = []
    for change in result.changes:
        if isinstance(change, TaskScheduled):
            queue, status = _queue_of(result.definition, change)
            if queue is not None:
                result.queues.add(queue)
            new_tasks.append(
                {
                    "id": change.task_id,
                    "instance_id": state.instance_id,
                    "ref": change.ref_name,
                    "task_type": change.task_type,
                    "status": status,
                    "queue": queue,
                    "domain": state.domain_of(change.def_name) if queue else None,
                    "available_at": now + change.delay_seconds * 1000,
                    "worker_id": None,
                    "poll_count": 0,
                    "started_at": None,
                    "lease_until": None,
                    "updated_at": now,
                    "retries": change.retries,
                    "error_message": None,
                    "failed_at": None,
                    "headers": _headers_text(result.definition, change) if queue else None,
                }
            )
        elif isinstance(change, TaskStarted):
            activity = state.activities.get(change.task_id)
            seconds = (activity.response_timeout_seconds if activity else 0) or (
                DEFAULT_LEASE_SECONDS
            )
            set_lease(conn, state.instance_id, change.task_id, now + seconds * 1000)
        elif isinstance(change, TaskUpdated):
            timers.cancel(conn, [lease_timer_id(change.task_id)])
            instances.requeue_task(
                conn,
                change.task_id,
                available_at=now + change.callback_after_seconds * 1000,
                now=now,
            )
            activity = state.activities.get(change.task_id)
            node = result.definition.index.nodes.get(activity.node) if activity else None
            if activity is not None and node is not None and node.job_type:
                # wake long polls; no need to read the row
                result.queues.add(activity.job_type or node.job_type)
        elif isinstance(change, TaskCompleted | TaskFailed | TaskCanceled):
            if _may_hold_lease(result.definition, state.activities.get(change.task_id)):
                timers.cancel(conn, [lease_timer_id(change.task_id)])
            instances.set_task_status(conn, change.task_id, _ended_status(change), now=now)
        elif isinstance(change, TaskRemoved):  # its lease and a human task's timers too
            timers.cancel_for_task(conn, change.task_id)
            instances.delete_task(conn, change.task_id)
        elif isinstance(change, TaskReopened):
            instances.set_task_status(conn, change.task_id, change.status.value, now=now)
        elif isinstance(change, TimerScheduled):
            due = int(change.due.timestamp() * 1000)
            timers.schedule(
                conn,
                timer_id=change.timer_id,
                kind=ENGINE_TIMER,
                due_at=due,
                payload={"purpose": change.purpose.value},
                instance_id=state.instance_id,
                task_id=change.task_id,
            )
            if result.next_timer_at is None or due < result.next_timer_at:
                result.next_timer_at = due
        elif isinstance(change, TimerCanceled):
            timers.cancel(conn, [change.timer_id])
        elif isinstance(change, TaskRequeued):
            if new_tasks:  # a job requeued in the command that scheduled it (rare): rows first
                instances.insert_tasks(conn, new_tasks)
                new_tasks = []
            timers.cancel(conn, [lease_timer_id(change.task_id)])
            instances.requeue_task(
                conn,
                change.task_id,
                available_at=now + change.delay_ms,
                now=now,
                retries=change.retries,
                error_message=change.error,
                failed=change.failed,
                queue=change.queue,
            )
            activity = state.activities.get(change.task_id)
            node = result.definition.index.nodes.get(activity.node) if activity else None
            if activity is not None and node is not None and node.job_type:
                result.queues.add(activity.job_type or node.job_type)
        elif isinstance(change, JobUpdated):
            if change.retries is not None:
                instances.set_task_retries(conn, change.task_id, change.retries, now=now)
            if change.timeout_ms is not None:
                set_lease(conn, state.instance_id, change.task_id, now + change.timeout_ms)
        elif isinstance(change, IncidentRaised) and change.job_key is not None:
            if new_tasks:  # a job held in the command that scheduled it: rows first
                instances.insert_tasks(conn, new_tasks)
                new_tasks = []
            # held until the incident is resolved: not offered to workers
            instances.set_task_status(conn, change.job_key, "FAILED", now=now)
    instances.insert_tasks(conn, new_tasks)
    history.record(conn, result.definition, state, result.changes, now)


def _may_hold_lease(definition: ProcessDefinition, activity: Activity | None) -> bool:
    """False for a person's task no worker can take (a user task outside any worker queue,
    never polled): no lease timer was ever set for it, so there is none to cancel."""
    if activity is None or activity.poll_count:
        return True
    node = definition.index.nodes.get(activity.node)
    if node is None or node.kind is not NodeKind.USER_TASK:
        return True
    return activity.user_task is not None and activity.user_task.is_job_worker


def _queue_of(definition: ProcessDefinition, change: TaskScheduled) -> tuple[str | None, str]:
    """The worker queue a new task joins (None: not polled), and its row's status.

    A BPMN job-worker user task is a human task that job workers may also take, as jobs of
    type `io.camunda.zeebe:userTask` (the Zeebe convention): it waits in that queue."""
    if change.kind is TaskKind.JOB:
        return change.queue, change.status.value
    if change.kind is TaskKind.HUMAN and change.user_task and change.user_task.is_job_worker:
        return USER_TASK_JOB_TYPE, "SCHEDULED"
    return None, change.status.value


def custom_headers(node: Node, user_task: UserTaskValues | None) -> dict[str, str]:
    """The headers a job carries to its worker: a job-worker user task's (with Zeebe's
    `io.camunda.zeebe:*` ones), else the node's static task headers."""
    return user_task.job_headers() if user_task is not None else dict(node.headers)


def _headers_text(definition: ProcessDefinition, change: TaskScheduled) -> str | None:
    node = definition.index.nodes.get(change.node_id)
    found = custom_headers(node, change.user_task) if node is not None else {}
    return json.dumps(found, separators=(",", ":"), ensure_ascii=False) if found else None


def _ended_status(change: TaskCompleted | TaskFailed | TaskCanceled) -> str:
    if isinstance(change, TaskCanceled):
        return "CANCELED"
    return change.status.value


def set_lease(conn: Connection, instance_id: str, task_id: str, due_at: int) -> None:
    timer_id = lease_timer_id(task_id)
    if not timers.reschedule(conn, timer_id, due_at):
        timers.schedule(
            conn,
            timer_id=timer_id,
            kind=TASK_LEASE_TIMER,
            due_at=due_at,
            instance_id=instance_id,
            task_id=task_id,
        )


def extend_lease(ctx: ServiceContext, conn: Connection, instance_id: str, task_id: str) -> None:
    """A worker's heartbeat: its lease runs again from now."""
    row = instances.load_instance(conn, instance_id)
    seconds = DEFAULT_LEASE_SECONDS
    if row is not None:
        activity = InstanceState.from_dict(row.state).activities.get(task_id)
        if activity is not None and activity.response_timeout_seconds:
            seconds = activity.response_timeout_seconds
    set_lease(conn, instance_id, task_id, ctx.now_ms() + seconds * 1000)


def after_commit(ctx: ServiceContext, results: Iterable[CommandResult]) -> None:
    """Wake long polls for queues that got work, and the scheduler for near timers."""
    queues: set[str] = set()
    wake = False
    for result in results:
        queues |= result.queues
        wake = wake or result.next_timer_at is not None
    if queues:
        ctx.queues.notify(queues)
    if wake and ctx.scheduler is not None:
        ctx.scheduler.wake()

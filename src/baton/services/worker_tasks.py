"""The Conductor task API: workers poll queues and report results; anyone entitled may
complete a waiting task by its reference name. A task that is a human task is handed to the
human-task commands (claim, form validation, action log) whichever endpoint reaches it; only
a job-worker user task is also a job its job type's workers may complete (see `authz`)."""

from __future__ import annotations

import time
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from sqlalchemy.engine import Connection

from baton.engine.commands import CompleteTask, StartTask
from baton.model.errors import Conflict, FieldError, Forbidden, InvalidInput, NotFound
from baton.model.identity import Caller
from baton.model.instance import InstanceState
from baton.model.status import TaskStatus
from baton.model.task_def import TaskDef
from baton.model.user_task import USER_TASK_JOB_TYPE
from baton.notation.conductor.task_defs import parse_task_def
from baton.services import authz, runtime, task_logs
from baton.services.context import ServiceContext
from baton.services.human import commands as human_commands
from baton.services.human import task_listeners
from baton.services.instance_views import TaskView
from baton.services.values import check_value
from baton.store import calls, human_tasks, instances
from baton.store import definitions as definition_store
from baton.store.instances import TaskRow

REPORTABLE = frozenset(
    {
        TaskStatus.IN_PROGRESS,
        TaskStatus.COMPLETED,
        TaskStatus.FAILED,
        TaskStatus.FAILED_WITH_TERMINAL_ERROR,
    }
)
MAX_POLL_COUNT = 1000
MAX_POLL_TIMEOUT_MS = 60_000
RECHECK_SECONDS = 0.2  # how often a long poll looks for work queued by other processes


def poll(
    ctx: ServiceContext,
    caller: Caller,
    task_type: str,
    *,
    worker_id: str | None,
    count: int = 1,
    timeout_ms: int = 0,
    domain: str | None = None,
) -> list[TaskView]:
    """Take up to `count` tasks of `task_type` (queued in `domain`, or in none), waiting up
    to `timeout_ms` for the first."""
    return [
        TaskView(result.definition, result.state, result.state.activities[task_id])
        for result, task_id in take(
            ctx,
            caller,
            task_type,
            worker_id=worker_id,
            count=count,
            timeout_ms=timeout_ms,
            domain=domain,
        )
    ]


def take(
    ctx: ServiceContext,
    caller: Caller,
    task_type: str,
    *,
    worker_id: str | None,
    count: int = 1,
    timeout_ms: int = 0,
    lease_ms: int | None = None,
    domain: str | None = None,
) -> list[tuple[runtime.CommandResult, str]]:
    """`poll` with the whole command result: (the StartTask result, task id) per task taken;
    `lease_ms` replaces the task definition's response timeout (Camunda's job timeout)."""
    authz.require_worker(ctx, caller, task_type)
    if count < 1 or count > MAX_POLL_COUNT:
        raise InvalidInput(f"count must be between 1 and {MAX_POLL_COUNT}")
    if timeout_ms < 0 or timeout_ms > MAX_POLL_TIMEOUT_MS:
        raise InvalidInput(f"timeout must be between 0 and {MAX_POLL_TIMEOUT_MS} ms")
    deadline = time.monotonic() + timeout_ms / 1000
    while True:
        seen = ctx.queues.generation(task_type)
        taken = _take(ctx, caller, task_type, worker_id, count, lease_ms, domain or None)
        remaining = deadline - time.monotonic()
        if taken or remaining <= 0 or ctx.queues.closing:  # closing: the server stops
            return taken
        ctx.queues.wait(task_type, seen, min(remaining, RECHECK_SECONDS))


def _take(
    ctx: ServiceContext,
    caller: Caller,
    queue: str,
    worker_id: str | None,
    count: int,
    lease_ms: int | None,
    domain: str | None = None,
) -> list[tuple[runtime.CommandResult, str]]:
    with ctx.db.read() as conn:
        candidates = instances.queued_task_ids(
            conn, queue, now=ctx.now_ms(), limit=count * 2, domain=domain
        )
        limits = _worker_limits(conn, queue) if candidates else None
    taken: list[tuple[runtime.CommandResult, str]] = []
    for task_id in candidates:
        if len(taken) >= count:
            break
        try:
            with ctx.db.write() as conn:
                if limits is not None and not _within_limits(ctx, conn, queue, limits):
                    break
                row = instances.task_row(conn, task_id)
                if row is None or row.status != "SCHEDULED":
                    continue
                result = runtime.run_command(
                    ctx,
                    conn,
                    row.instance_id,
                    StartTask(task_id, worker_id),
                    actor=caller.actor,
                )
                if not instances.claim_task(conn, task_id, worker_id=worker_id, now=ctx.now_ms()):
                    raise Conflict(f"task {task_id} was taken by another worker")
                if lease_ms is not None:
                    runtime.set_lease(conn, row.instance_id, task_id, ctx.now_ms() + lease_ms)
                ctx.metrics.job_activated(queue, (ctx.now_ms() - row.available_at) / 1000)
        except (Conflict, NotFound):
            continue  # another worker, or a cancellation, got there first
        taken.append((result, task_id))
    return taken


def _worker_limits(conn: Connection, queue: str) -> TaskDef | None:
    """The task definition of `queue`'s tasks, if it limits how many workers take."""
    raw = definition_store.get_task_def(conn, queue)
    if raw is None:
        return None
    try:
        found = parse_task_def(raw)
    except InvalidInput:
        return None
    return found if found.limits_workers else None


def _within_limits(ctx: ServiceContext, conn: Connection, queue: str, limits: TaskDef) -> bool:
    """Whether one more task of `queue` may be handed to a worker now: fewer than
    `concurrentExecLimit` held, fewer than `rateLimitPerFrequency` taken in the last
    `rateLimitFrequencyInSeconds` (counted under the definition's row lock)."""
    definition_store.lock_task_def(conn, queue)
    if limits.concurrent_exec_limit and (
        instances.workers_hold(conn, queue) >= limits.concurrent_exec_limit
    ):
        return False
    if limits.rate_limit_per_frequency:
        window = max(limits.rate_limit_frequency_seconds, 1) * 1000
        since = ctx.now_ms() - window + 1
        if instances.taken_since(conn, queue, since) >= limits.rate_limit_per_frequency:
            return False
    return True


def update(
    ctx: ServiceContext,
    caller: Caller,
    *,
    task_id: str,
    workflow_id: str | None,
    status: str,
    output: dict[str, Any],
    reason: str | None = None,
    worker_id: str | None = None,
    callback_after_seconds: int = 0,
    extend_lease: bool = False,
    error_code: str | None = None,
    retries: int | None = None,
    retry_backoff_ms: int = 0,
    logs: list[str] | None = None,
) -> str | None:
    """Apply a worker's TaskResult; returns the task's type when the task ended. `logs`:
    lines for the task's log, saved with the result (worker tasks only).

    `error_code` reports a BPMN error (Camunda jobs): `reason` is its message; `retries` and
    `retry_backoff_ms` go with a Camunda job's failure."""
    parsed = _status(status)
    check_value(ctx, output, "outputData")
    lines = list(logs or ())
    task_logs.check_lines(lines)
    with ctx.db.read() as conn:
        row = instances.task_row(conn, task_id)
        is_human = row is not None and _is_human(conn, row)
    if row is None:
        raise NotFound(f"Task {task_id} not found")
    if is_human and not _as_job(ctx, caller, row):
        with _hidden_as(NotFound(f"Task {task_id} not found")):
            if workflow_id and workflow_id != row.instance_id:
                human_commands.get(ctx, caller, task_id)  # nothing said to those who may not see
                raise _wrong_workflow(task_id, row.instance_id, workflow_id)
            _update_human(ctx, caller, task_id, parsed, output, reason)
        return None
    _require_worker_on(ctx, caller, row)
    if workflow_id and workflow_id != row.instance_id:
        raise _wrong_workflow(task_id, row.instance_id, workflow_id)
    if parsed is TaskStatus.COMPLETED and task_listeners.is_listener_task(
        ctx, row.instance_id, task_id
    ):
        # a task listener's worker answers in outputData: {denied, deniedReason, corrections}
        with ctx.db.write() as conn:
            result = task_listeners.complete_job(ctx, caller, conn, task_id, {"result": output})
        runtime.after_commit(ctx, [result])
        return row.queue
    with ctx.db.write() as conn:
        task_logs.append_reported(ctx, conn, task_id, lines)
        if extend_lease and parsed is TaskStatus.IN_PROGRESS:
            runtime.extend_lease(ctx, conn, row.instance_id, task_id)
            return None
        result = runtime.run_command(
            ctx,
            conn,
            row.instance_id,
            CompleteTask(
                task_id,
                output=output,
                status=parsed,
                reason=reason,
                worker_id=worker_id,
                callback_after_seconds=callback_after_seconds,
                error_code=error_code,
                retries=retries,
                retry_backoff_ms=retry_backoff_ms,
            ),
            actor=caller.actor,
        )
    runtime.after_commit(ctx, [result])
    return row.queue if parsed is not TaskStatus.IN_PROGRESS else None


def complete_by_ref(
    ctx: ServiceContext,
    caller: Caller,
    *,
    workflow_id: str,
    ref: str,
    status: str,
    output: dict[str, Any],
    worker_id: str | None = None,
) -> str:
    """Complete the open task with reference name `ref` (its latest iteration)."""
    parsed = _status(status)
    check_value(ctx, output, "output")
    with ctx.db.read() as conn:
        found = instances.load_instance(conn, workflow_id)
        state = InstanceState.from_dict(found.state) if found is not None else None
        open_tasks = [
            a
            for a in (state.activities.values() if state is not None else ())
            if a.is_open and (a.ref == ref or a.ref.rsplit("__", 1)[0] == ref)
        ]
        activity = max(open_tasks, key=lambda a: a.seq) if open_tasks else None
        task = instances.task_row(conn, activity.id) if activity is not None else None
        is_human = task is not None and _is_human(conn, task)
    if found is None:
        raise NotFound(f"Workflow {workflow_id} not found")
    if activity is None or task is None:
        authz.require_instance_visible(ctx, caller, workflow_id, found.def_name, found.created_by)
        raise NotFound(f"No open task {ref!r} in workflow {workflow_id}")
    if is_human and not _as_job(ctx, caller, task):
        with _hidden_as(NotFound(f"No open task {ref!r} in workflow {workflow_id}")):
            _update_human(ctx, caller, activity.id, parsed, output, None)
        return activity.id
    _require_worker_on(ctx, caller, task)
    with ctx.db.write() as conn:
        result = runtime.run_command(
            ctx,
            conn,
            workflow_id,
            CompleteTask(activity.id, output=output, status=parsed, worker_id=worker_id),
            actor=caller.actor,
        )
    runtime.after_commit(ctx, [result])
    return activity.id


def get_task(ctx: ServiceContext, caller: Caller, task_id: str) -> TaskView:
    with ctx.db.read() as conn:
        row = instances.task_row(conn, task_id)
        found = instances.load_instance(conn, row.instance_id) if row else None
        is_human = row is not None and _is_human(conn, row)
        if row is None or found is None:
            raise NotFound(f"Task {task_id} not found")
    if is_human and not _as_job(ctx, caller, row):
        with _hidden_as(NotFound(f"Task {task_id} not found")):
            human_commands.get(ctx, caller, task_id)
    elif not authz.is_worker_for(ctx, caller, _task_type(row)) and not authz.may_see_instance(
        ctx, caller, found.def_name, found.created_by
    ):
        raise NotFound(f"Task {task_id} not found")
    with ctx.db.read() as conn:
        definition, _ = ctx.definitions.get(
            conn, found.def_name, found.def_version, found.def_stamp
        )
        link = calls.by_parent_task(conn, task_id)
    state = InstanceState.from_dict(found.state)
    child = link.child_instance_id if link is not None else None
    return TaskView(definition, state, state.activities[task_id], child)


def _task_type(row: TaskRow) -> str:
    return row.queue or row.task_type


def _is_human(conn: Connection, row: TaskRow) -> bool:
    """Whether a task is a human task. Worker tasks wait in their own queue, so only a task
    outside any queue, or in the job-worker user task's, costs a look at the human tasks."""
    if row.queue is not None and row.queue != USER_TASK_JOB_TYPE:
        return False
    return human_tasks.load(conn, row.id) is not None


def _as_job(ctx: ServiceContext, caller: Caller, row: TaskRow) -> bool:
    return authz.works_as_job(ctx, caller, row.queue, USER_TASK_JOB_TYPE)


def _require_worker_on(ctx: ServiceContext, caller: Caller, row: TaskRow) -> None:
    """A worker of the task's type may report on it; someone who may see its workflow is
    told they may not; anyone else learns nothing (the answer for a missing task)."""
    if authz.is_worker_for(ctx, caller, _task_type(row)):
        return
    with ctx.db.read() as conn:
        found = instances.load_instance(conn, row.instance_id)
    if found is None or not authz.may_see_instance(ctx, caller, found.def_name, found.created_by):
        raise NotFound(f"Task {row.id} not found")
    raise Forbidden(f"working on {_task_type(row)!r} tasks needs a WORKER role or EXECUTE on it")


@contextmanager
def _hidden_as(missing: NotFound) -> Iterator[None]:
    """Say of a human task the caller may not see what this endpoint says of a missing task
    (not that it is a human task)."""
    try:
        yield
    except NotFound:
        raise missing from None


def _wrong_workflow(task_id: str, instance_id: str, given: str) -> InvalidInput:
    return InvalidInput(
        f"Task {task_id} belongs to workflow {instance_id}, not {given}",
        errors=[FieldError("workflowInstanceId", "does not own this task")],
    )


def _update_human(
    ctx: ServiceContext,
    caller: Caller,
    task_id: str,
    status: TaskStatus,
    output: dict[str, Any],
    reason: str | None,
) -> None:
    """A worker-style result for a human task, under the human-task rules: COMPLETED
    completes it (claim and form checked), IN_PROGRESS saves a draft, a failure is for
    admins and the task's owner."""
    if status is TaskStatus.COMPLETED or status is TaskStatus.IN_PROGRESS:
        human_commands.update(ctx, caller, task_id, output, complete=status is TaskStatus.COMPLETED)
    else:
        human_commands.fail(ctx, caller, task_id, status, reason)


def _status(status: str) -> TaskStatus:
    try:
        parsed = TaskStatus(status)
    except ValueError:
        parsed = None
    if parsed not in REPORTABLE:
        allowed = ", ".join(sorted(s.value for s in REPORTABLE))
        raise InvalidInput(
            f"status must be one of {allowed}, not {status!r}",
            errors=[FieldError("status", f"must be one of {allowed}")],
        )
    assert parsed is not None
    return parsed

"""What happens when an attempt fails: retry it, let an optional task pass, or fail the instance.

Conductor's rules: FAILED and TIMED_OUT attempts of tasks (jobs, human tasks, waits) are retried
while `retry_count` < the allowed retries (node override, else the task definition's; service
tasks without a definition get 3). FAILED_WITH_TERMINAL_ERROR is never retried. An optional task
that cannot be retried becomes COMPLETED_WITH_ERRORS and the instance goes on; otherwise the
instance FAILS (TIMES_OUT when the attempt timed out).

A BPMN error thrown by an attempt (`throw_error`) is never retried: the innermost error boundary
whose code matches catches it (on the task, then on each enclosing scope; at one level a
boundary naming the code wins over a catch-all one), else the instance fails.

Jobs of definitions with incidents follow Zeebe instead (`fail_job`, `time_out_job`): the job
keeps its key; a failure sets the retries left and offers it again after a back-off, and with
none left, or for an error no boundary catches, an incident holds it until resolved.
"""

from __future__ import annotations

from typing import Any

from baton.engine.catches import Catch, find_catch
from baton.engine.changes import TaskCompleted, TaskFailed
from baton.engine.context import Context
from baton.engine.event_sub_processes import trigger
from baton.model.instance import IncidentKind, Resume, Token
from baton.model.process import NodeKind
from baton.model.status import InstanceStatus, TaskStatus

RETRYABLE_KINDS = frozenset({NodeKind.SERVICE_TASK, NodeKind.USER_TASK, NodeKind.WAIT})


def fail_task(
    ctx: Context,
    activity_id: str,
    status: TaskStatus,
    reason: str | None,
    output: dict[str, Any] | None = None,
) -> None:
    activity = ctx.edit(activity_id)
    node = ctx.node(activity.node)
    activity.status = status
    activity.reason = reason
    if output:
        activity.output = {**activity.output, **output}
    ctx.close(activity)
    if (
        status.is_retriable
        and node.kind in RETRYABLE_KINDS
        and activity.retry_count < ctx.max_retries(node)
    ):
        activity.retried = True
        ctx.emit(TaskFailed(activity.id, status, reason, retried=True))
        ctx.queue.append(Token(node.id, activity.scope, None, retry_of=activity.id))
        return
    if node.optional:
        activity.status = TaskStatus.COMPLETED_WITH_ERRORS
        ctx.emit(TaskCompleted(activity.id, activity.status, activity.output, reason))
        ctx.behavior(node).on_complete(ctx, node, activity)
        return
    ctx.emit(TaskFailed(activity.id, status, reason, retried=False))
    instance_status = (
        InstanceStatus.TIMED_OUT if status is TaskStatus.TIMED_OUT else InstanceStatus.FAILED
    )
    ctx.finish_instance(
        instance_status,
        reason or f"Task {activity.ref} ended {status.value}",
        failed=activity,
    )


def fail_job(
    ctx: Context,
    activity_id: str,
    retries: int,
    backoff_ms: int,
    reason: str | None,
) -> None:
    """A Zeebe job failed: `retries` left; some: offered again after `backoff_ms`; none:
    a JOB_NO_RETRIES incident holds it."""
    activity = ctx.edit(activity_id)
    activity.retries = max(retries, 0)
    error = reason or ""
    if activity.retries > 0:
        ctx.requeue_job(activity.id, backoff_ms, reason, error=error, failed=True)
        return
    # waits, not offered, until the incident is resolved
    ctx.requeue_job(activity.id, 0, reason, error=error, failed=True)
    message = reason or "The job failed and has no retries left."
    ctx.raise_incident(IncidentKind.JOB_NO_RETRIES, message, activity=activity, resume=Resume.JOB)


def time_out_task(ctx: Context, activity_id: str, reason: str) -> None:
    """A task definition's `timeout_seconds` passed: RETRY retries, TIME_OUT_WF ends it all."""
    from baton.model.task_def import TaskTimeoutPolicy

    activity = ctx.activity(activity_id)
    node = ctx.node(activity.node)
    task_def = ctx.task_def(node)
    policy = task_def.timeout_policy if task_def is not None else TaskTimeoutPolicy.TIME_OUT_WF
    if policy is TaskTimeoutPolicy.ALERT_ONLY:
        return
    if policy is TaskTimeoutPolicy.RETRY:
        fail_task(ctx, activity_id, TaskStatus.TIMED_OUT, reason)
        return
    edited = ctx.edit(activity_id)
    edited.status = TaskStatus.TIMED_OUT
    edited.reason = reason
    ctx.close(edited)
    ctx.emit(TaskFailed(edited.id, edited.status, reason, retried=False))
    ctx.finish_instance(InstanceStatus.TIMED_OUT, reason, failed=edited)


def throw_error(
    ctx: Context,
    activity_id: str,
    code: str,
    message: str | None,
    variables: dict[str, Any] | None = None,
) -> None:
    """A BPMN error `code` thrown by the open activity `activity_id` (with the thrower's
    `variables`): the catching boundary's host is canceled (with everything inside it), the
    variables reach the process (through the boundary's output mappings, if any) and a token
    leaves along the boundary's flows."""
    reason = f"BPMN error {code}: {message or ''}".strip()
    found = error_catch(ctx, activity_id, code)
    if found is None and ctx.propagate_error(code, message or "", variables):
        return
    if found is None:
        thrower = ctx.activity(activity_id)
        if ctx.definition.incidents and ctx.node(thrower.node).kind is NodeKind.SERVICE_TASK:
            uncaught = f"An error was thrown with the code '{code}' but not caught. {message or ''}"
            ctx.requeue_job(activity_id, 0, reason, error=message or "")
            ctx.raise_incident(
                IncidentKind.UNHANDLED_ERROR_EVENT,
                uncaught.strip(),
                activity=ctx.activity(activity_id),
                resume=Resume.JOB,
            )
            return
        fail_task(ctx, activity_id, TaskStatus.FAILED_WITH_TERMINAL_ERROR, reason, variables)
        return
    thrower = ctx.edit(activity_id)
    if variables:
        thrower.output = {**thrower.output, **variables}
    catch_error(ctx, found, code, message, variables)


def error_catch(
    ctx: Context, activity_id: str | None, code: str, scope: str | None = None
) -> Catch | None:
    """Who catches error `code` thrown by the open activity `activity_id` (or, without one,
    by an event in scope instance `scope`): see `baton.engine.catches`."""
    return find_catch(ctx, "error", code, activity=activity_id, scope=scope)


def catch_error(
    ctx: Context,
    found: Catch,
    code: str,
    message: str | None,
    variables: dict[str, Any] | None = None,
) -> None:
    """The boundary caught the error: its host is canceled (with everything inside it), the
    thrown variables reach the process (through the boundary's output mappings, if any) and a
    token leaves along the boundary's flows."""
    where, boundary = found
    reason = f"BPMN error {code}: {message or ''}".strip()
    if boundary.kind is NodeKind.EVENT_SUB_PROCESS:
        if variables:
            ctx.set_variables(variables)
        trigger(ctx, boundary, where)
        return
    assert where is not None
    host = ctx.activity(where)
    ctx.cancel(host.id, f"{reason} (caught by error boundary {boundary.id})")
    values = dict(variables or {})
    output = {"errorCode": code, "errorMessage": message or ""}
    if boundary.error_code_variable:
        values[boundary.error_code_variable] = code
    if boundary.error_message_variable:
        values[boundary.error_message_variable] = message or ""
    if boundary.outputs is not None:
        # output mappings see the thrown variables and errorCode/errorMessage; only they
        # reach the process (Zeebe)
        ctx.apply_outputs(boundary, {**values, **output})
    elif values:
        ctx.set_variables(values)
    ctx.leave(boundary, host.scope, ctx.record(boundary, host.scope, output=output))

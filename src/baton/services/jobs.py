"""Camunda jobs (`/v2/jobs`): BPMN service tasks offered to job workers, over the same
worker queue as Conductor SIMPLE tasks."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from baton.model.errors import FieldError, InvalidInput, NotFound
from baton.model.identity import Caller
from baton.model.instance import Activity
from baton.model.process import Node, NodeKind, ProcessDefinition
from baton.model.status import TaskStatus
from baton.services import authz, runtime, worker_tasks
from baton.services.context import ServiceContext
from baton.services.human import task_listeners
from baton.services.human.task_listeners import ListenedTask
from baton.services.tenants import require_tenants
from baton.services.values import check_value
from baton.store import deployments, instances

MAX_JOBS = 1000


@dataclass(frozen=True)
class ActivatedJob:
    key: str
    type: str
    instance_key: str
    root_instance_key: str
    process_id: str
    definition_key: int | None
    version: int
    element_id: str
    element_instance_key: str
    custom_headers: dict[str, str]
    worker: str
    retries: int
    deadline: int  # epoch ms
    variables: dict[str, Any]
    kind: str = "BPMN_ELEMENT"  # or EXECUTION_LISTENER, TASK_LISTENER
    listener_event: str | None = None  # start, end, creating, assigning, ...
    user_task: ListenedTask | None = None  # a task listener's user task


def activate(ctx: ServiceContext, caller: Caller, body: dict[str, Any]) -> list[ActivatedJob]:
    job_type = body.get("type")
    if not isinstance(job_type, str) or not job_type:
        raise InvalidInput("type is required", errors=[FieldError("type", "required")])
    count = body.get("maxJobsToActivate", 1)
    timeout = body.get("timeout", 300_000)
    wait = body.get("requestTimeout") or 0
    for name, value, low, high in (
        ("maxJobsToActivate", count, 1, MAX_JOBS),
        ("timeout", timeout, 1, 7 * 24 * 3600 * 1000),
        ("requestTimeout", wait, -1, worker_tasks.MAX_POLL_TIMEOUT_MS),
    ):
        if not isinstance(value, int) or isinstance(value, bool) or not low <= value <= high:
            raise InvalidInput(
                f"{name} must be a whole number from {low} to {high}",
                errors=[FieldError(name, "out of range")],
            )
    require_tenants(body.get("tenantIds"))
    worker = body.get("worker") if isinstance(body.get("worker"), str) else None
    taken = worker_tasks.take(
        ctx,
        caller,
        job_type,
        worker_id=worker,
        count=count,
        timeout_ms=max(wait, 0),
        lease_ms=timeout,
    )
    jobs: list[ActivatedJob] = []
    for result, task_id in taken:
        state = result.state
        activity = state.activities[task_id]
        node = result.definition.index.nodes[activity.node]
        with ctx.db.read() as conn:
            process = deployments.process_by_version(
                conn, state.definition_id, state.definition_version
            )
            root = instances.root_of(conn, state.instance_id)
            listened = task_listeners.listened_task(conn, result.definition, activity)
        jobs.append(
            ActivatedJob(
                key=task_id,
                type=job_type,
                instance_key=state.instance_id,
                root_instance_key=root,
                process_id=state.definition_id,
                definition_key=process["key"] if process else None,
                version=state.definition_version,
                element_id=node.listener_of or node.id,
                element_instance_key=task_id,
                custom_headers=runtime.custom_headers(node, activity.user_task),
                worker=worker or "",
                retries=_retries_left(result.definition, node, activity),
                deadline=ctx.now_ms() + timeout,
                variables={
                    **state.visible_variables(activity),
                    **{k: v for k, v in activity.input.items() if not k.startswith("__")},
                },
                kind=_kind(node),
                listener_event=node.listener_event,
                user_task=listened,
            )
        )
    return jobs


def _kind(node: Node) -> str:
    if node.kind is NodeKind.TASK_LISTENER:
        return "TASK_LISTENER"
    return "EXECUTION_LISTENER" if node.listener_of is not None else "BPMN_ELEMENT"


def _retries_left(definition: ProcessDefinition, node: Node, activity: Activity) -> int:
    if definition.incidents and node.job_type:
        return activity.retries  # Zeebe: kept on the job itself
    return max((node.retry_count or 0) - activity.retry_count, 0) + 1


def _report(
    ctx: ServiceContext,
    caller: Caller,
    job_key: str,
    status: TaskStatus,
    *,
    output: dict[str, Any],
    reason: str | None = None,
    error_code: str | None = None,
    retries: int | None = None,
    retry_backoff_ms: int = 0,
) -> None:
    with ctx.db.read() as conn:
        row = instances.task_row(conn, job_key)
    if row is None or row.queue is None:
        raise NotFound(f"Job {job_key} not found")
    worker_tasks.update(
        ctx,
        caller,
        task_id=job_key,
        workflow_id=None,
        status=status.value,
        output=output,
        reason=reason,
        error_code=error_code,
        retries=retries,
        retry_backoff_ms=retry_backoff_ms,
    )


def _variables(ctx: ServiceContext, body: dict[str, Any]) -> dict[str, Any]:
    variables = body.get("variables") or {}
    if not isinstance(variables, dict):
        raise InvalidInput("variables must be a JSON object")
    check_value(ctx, variables, "variables")
    return variables


def complete(ctx: ServiceContext, caller: Caller, job_key: str, body: dict[str, Any]) -> None:
    """Complete a job; a task listener's (its `result` may deny or correct) goes on with
    the user task transition it held, in the same transaction."""
    with ctx.db.read() as conn:
        row = instances.task_row(conn, job_key)
    if (
        row is not None
        and row.queue is not None
        and task_listeners.is_listener_task(ctx, row.instance_id, job_key)
    ):
        authz.require_worker(ctx, caller, row.queue)
        with ctx.db.write() as conn:
            result = task_listeners.complete_job(ctx, caller, conn, job_key, body)
        runtime.after_commit(ctx, [result])
        return
    if body.get("result") is not None:
        raise InvalidInput(
            "result is for task listener jobs only",
            errors=[FieldError("result", "not a task listener job")],
        )
    _report(ctx, caller, job_key, TaskStatus.COMPLETED, output=_variables(ctx, body))


def fail(ctx: ServiceContext, caller: Caller, job_key: str, body: dict[str, Any]) -> None:
    """A worker's failure: `retries` is what is left (default: one fewer); with some left the
    same job comes back after `retryBackOff` ms, with none an incident (JOB_NO_RETRIES) holds
    it until its retries are raised and the incident is resolved."""
    retries = _whole(body, "retries", 0)
    backoff = _whole(body, "retryBackOff", 0) or 0
    reason = str(body.get("errorMessage") or "job failed")
    _report(
        ctx,
        caller,
        job_key,
        TaskStatus.FAILED,
        output=_variables(ctx, body),
        reason=reason,
        retries=retries,
        retry_backoff_ms=backoff,
    )


def _whole(body: dict[str, Any], name: str, low: int) -> int | None:
    value = body.get(name)
    if value is None:
        return None
    if not isinstance(value, int) or isinstance(value, bool) or value < low:
        raise InvalidInput(
            f"{name} must be a whole number of at least {low}",
            errors=[FieldError(name, "out of range")],
        )
    return value


def throw_error(ctx: ServiceContext, caller: Caller, job_key: str, body: dict[str, Any]) -> None:
    """A BPMN error: an error boundary event on the job's task (or an enclosing sub-process)
    whose code matches catches it; uncaught, the instance fails with the code and message.
    Retries do not apply."""
    code = body.get("errorCode")
    if not isinstance(code, str) or not code:
        raise InvalidInput("errorCode is required", errors=[FieldError("errorCode", "required")])
    message = body.get("errorMessage")
    _report(
        ctx,
        caller,
        job_key,
        TaskStatus.FAILED_WITH_TERMINAL_ERROR,
        output=_variables(ctx, body),
        reason=str(message) if message else None,
        error_code=code,
    )

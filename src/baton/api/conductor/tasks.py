"""`/api/tasks`: workers poll and report; tasks are completed by id or by reference name."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Body, Response
from fastapi.responses import JSONResponse, PlainTextResponse

from baton.api.conductor.render import task_json, task_log_json
from baton.api.conductor.schemas import TaskResult
from baton.api.deps import Ctx, CurrentCaller
from baton.api.params import Int64
from baton.services import task_logs, worker_tasks

router = APIRouter(prefix="/api/tasks", tags=["tasks"])


@router.get("/poll/batch/{task_type}", summary="Take up to `count` tasks, waiting `timeout` ms")
def batch_poll(
    task_type: str,
    ctx: Ctx,
    caller: CurrentCaller,
    workerid: str | None = None,
    domain: str | None = None,
    count: Int64 = 1,
    timeout: Int64 = 100,
) -> list[dict[str, Any]]:
    taken = worker_tasks.poll(
        ctx, caller, task_type, worker_id=workerid, count=count, timeout_ms=timeout, domain=domain
    )
    return [task_json(view) for view in taken]


@router.get("/poll/{task_type}", summary="Take one task (204 when there is none)")
def poll(
    task_type: str,
    ctx: Ctx,
    caller: CurrentCaller,
    workerid: str | None = None,
    domain: str | None = None,
) -> Response:
    taken = worker_tasks.poll(ctx, caller, task_type, worker_id=workerid, count=1, domain=domain)
    if not taken:
        return Response(status_code=204)
    return JSONResponse(task_json(taken[0]))


def _report(ctx: Ctx, caller: CurrentCaller, body: TaskResult) -> str | None:
    return worker_tasks.update(
        ctx,
        caller,
        task_id=body.taskId,
        workflow_id=body.workflowInstanceId,
        status=body.status,
        output=body.outputData,
        reason=body.reasonForIncompletion,
        worker_id=body.workerId,
        callback_after_seconds=body.callbackAfterSeconds,
        extend_lease=body.extendLease,
        logs=[entry.log for entry in body.logs or ()],
    )


@router.post("", response_class=PlainTextResponse, summary="Report a task result")
def update_task(body: TaskResult, ctx: Ctx, caller: CurrentCaller) -> str:
    _report(ctx, caller, body)
    return body.taskId


@router.post("/update-v2", summary="Report a result and take the next task of the same type")
def update_task_v2(body: TaskResult, ctx: Ctx, caller: CurrentCaller) -> Response:
    queue = _report(ctx, caller, body)
    if queue:
        taken = worker_tasks.poll(ctx, caller, queue, worker_id=body.workerId, count=1)
        if taken:
            return JSONResponse(task_json(taken[0]))
    return Response(status_code=204)


@router.post(
    "/{workflow_id}/{task_ref}/{status}",
    response_class=PlainTextResponse,
    summary="Complete the open task with this reference name",
)
def update_by_ref(
    workflow_id: str,
    task_ref: str,
    status: str,
    ctx: Ctx,
    caller: CurrentCaller,
    body: dict[str, Any] | None = Body(default=None),
    workerid: str | None = None,
) -> str:
    return worker_tasks.complete_by_ref(
        ctx,
        caller,
        workflow_id=workflow_id,
        ref=task_ref,
        status=status,
        output=body or {},
        worker_id=workerid,
    )


@router.post("/{task_id}/log", status_code=204, response_class=Response, summary="Log a line")
def append_log(
    task_id: str, ctx: Ctx, caller: CurrentCaller, line: str = Body(max_length=32_000)
) -> None:
    task_logs.append(ctx, caller, task_id, [line])


@router.get("/{task_id}/log", summary="A task's log lines, oldest first")
def read_log(task_id: str, ctx: Ctx, caller: CurrentCaller) -> list[dict[str, Any]]:
    return [task_log_json(row) for row in task_logs.read(ctx, caller, task_id)]


@router.get("/{task_id}", summary="A task")
def get_task(task_id: str, ctx: Ctx, caller: CurrentCaller) -> dict[str, Any]:
    return task_json(worker_tasks.get_task(ctx, caller, task_id))

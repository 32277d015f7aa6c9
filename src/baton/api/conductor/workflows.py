"""`/api/workflow`: start, read, steer and search workflow instances (Conductor shapes).
Starting answers the new id as `text/plain`, as Conductor does."""

from __future__ import annotations

import re
from typing import Any

from fastapi import APIRouter, Body, Response
from fastapi.responses import PlainTextResponse
from pydantic import BaseModel, ConfigDict, Field

from baton.api.conductor import workflow_bulk
from baton.api.conductor.render import (
    search_result_json,
    workflow_json,
    workflow_run_json,
    workflow_status_json,
)
from baton.api.conductor.schemas import (
    ExecuteWorkflowRequest,
    RerunRequest,
    SkipTaskRequest,
    StartWorkflowRequest,
)
from baton.api.deps import Ctx, CurrentCaller
from baton.api.params import Int64
from baton.model.errors import InvalidInput
from baton.services import workflow_runs, workflows

router = APIRouter(prefix="/api/workflow", tags=["workflow"])
router.include_router(workflow_bulk.router)  # first: /bulk/pause is not /{id}/pause


@router.post("", response_class=PlainTextResponse, summary="Start a workflow")
def start(body: StartWorkflowRequest, ctx: Ctx, caller: CurrentCaller) -> str:
    return workflows.start(
        ctx,
        caller,
        name=body.name,
        version=body.version,
        input=body.input,
        correlation_id=body.correlationId,
        priority=body.priority or 0,
        idempotency_key=body.idempotencyKey,
        idempotency_strategy=body.idempotencyStrategy,
        task_to_domain=body.taskToDomain,
        workflow_def=body.workflowDef,
    )


MAX_STATUSES = 20  # a status filter names each workflow status once, and there are fewer


class SearchRequest(BaseModel):
    model_config = ConfigDict(extra="ignore")

    name: str | None = None
    statuses: list[str] = Field(default_factory=list, max_length=MAX_STATUSES)
    correlationId: str | None = None
    start: int = Field(default=0, ge=0)
    size: int = Field(default=100, ge=0, le=1000)


_CLAUSE = re.compile(r"^\s*(\w+)\s*(=|IN)\s*(\(([^)]*)\)|\S+)\s*$", re.IGNORECASE)


def _parse_query(query: str | None) -> dict[str, Any]:
    """The subset of Conductor's search query Baton answers:
    `workflowType = x AND status IN (RUNNING, PAUSED) AND correlationId = c`."""
    found: dict[str, Any] = {"name": None, "statuses": [], "correlationId": None}
    if not query:
        return found
    for clause in re.split(r"\s+AND\s+", query, flags=re.IGNORECASE):
        match = _CLAUSE.match(clause)
        if not match:
            raise InvalidInput(f"cannot read search clause {clause.strip()!r}")
        field, values = match.group(1), match.group(4) or match.group(3)
        items = [v.strip().strip("'\"") for v in values.split(",") if v.strip()]
        if len(items) > MAX_STATUSES:
            raise InvalidInput(f"at most {MAX_STATUSES} values in {field!r}")
        if field == "workflowType":
            found["name"] = items[0]
        elif field == "status":
            found["statuses"] = items
        elif field == "correlationId":
            found["correlationId"] = items[0]
        else:
            raise InvalidInput(
                f"cannot search by {field!r}: use workflowType, status, correlationId"
            )
    return found


@router.get("/search", summary="Search workflow instances")
def search_get(
    ctx: Ctx,
    caller: CurrentCaller,
    start: Int64 = 0,
    size: Int64 = 100,
    query: str | None = None,
) -> dict[str, Any]:
    parsed = _parse_query(query)
    if start < 0 or not 0 <= size <= 1000:
        raise InvalidInput("start must be >= 0 and size between 0 and 1000")
    page = workflows.search(
        ctx,
        caller,
        name=parsed["name"],
        statuses=parsed["statuses"],
        correlation_id=parsed["correlationId"],
        start=start,
        size=size,
    )
    return search_result_json(page)


@router.post("/search", summary="Search workflow instances (JSON body)")
def search_post(body: SearchRequest, ctx: Ctx, caller: CurrentCaller) -> dict[str, Any]:
    page = workflows.search(
        ctx,
        caller,
        name=body.name,
        statuses=body.statuses,
        correlation_id=body.correlationId,
        start=body.start,
        size=body.size,
    )
    return search_result_json(page)


@router.post("/execute/{name}/{version}", summary="Start a workflow and wait for it")
async def execute(
    name: str,
    version: Int64,
    body: ExecuteWorkflowRequest,
    ctx: Ctx,
    caller: CurrentCaller,
    requestId: str | None = None,
    waitUntilTaskRef: str | None = None,
    waitForSeconds: Int64 = 10,
) -> dict[str, Any]:
    """Answers when the task `waitUntilTaskRef` is scheduled, when the workflow stops
    running, or after `waitForSeconds`, whichever comes first."""
    if version < 1:
        raise InvalidInput("version must be 1 or more")
    view = await workflow_runs.execute(
        ctx,
        caller,
        name=name,
        version=version,
        input=body.input or {},
        correlation_id=body.correlationId,
        priority=body.priority or 0,
        idempotency_key=body.idempotencyKey,
        idempotency_strategy=body.idempotencyStrategy,
        task_to_domain=body.taskToDomain,
        wait_until_ref=waitUntilTaskRef or None,
        wait_seconds=waitForSeconds,
        workflow_def=body.workflowDef,
    )
    return workflow_run_json(view, request_id=requestId)


@router.post("/{name}", response_class=PlainTextResponse, summary="Start a workflow by name")
def start_by_name(
    name: str,
    ctx: Ctx,
    caller: CurrentCaller,
    body: dict[str, Any] | None = Body(default=None),
    version: Int64 | None = None,
    correlationId: str | None = None,
    priority: Int64 = 0,
) -> str:
    return workflows.start(
        ctx,
        caller,
        name=name,
        version=version,
        input=body or {},
        correlation_id=correlationId,
        priority=priority,
    )


@router.get("/{workflow_id}", summary="A workflow instance")
def get_workflow(
    workflow_id: str, ctx: Ctx, caller: CurrentCaller, includeTasks: bool = True
) -> dict[str, Any]:
    return workflow_json(workflows.get(ctx, caller, workflow_id), include_tasks=includeTasks)


@router.get("/{workflow_id}/status", summary="A workflow instance's status")
def status(
    workflow_id: str,
    ctx: Ctx,
    caller: CurrentCaller,
    includeOutput: bool = False,
    includeVariables: bool = False,
) -> dict[str, Any]:
    return workflow_status_json(
        workflows.get(ctx, caller, workflow_id),
        include_output=includeOutput,
        include_variables=includeVariables,
    )


@router.post("/{workflow_id}/variables", summary="Merge variables into a running workflow")
def update_variables(
    workflow_id: str, ctx: Ctx, caller: CurrentCaller, body: dict[str, Any] = Body()
) -> dict[str, Any]:
    return workflow_json(workflows.update_variables(ctx, caller, workflow_id, body))


@router.delete("/{workflow_id}/remove", status_code=204, response_class=Response)
def remove(workflow_id: str, ctx: Ctx, caller: CurrentCaller) -> None:
    workflows.remove(ctx, caller, workflow_id)


@router.delete("/{workflow_id}", status_code=204, response_class=Response, summary="Terminate")
def terminate(workflow_id: str, ctx: Ctx, caller: CurrentCaller, reason: str | None = None) -> None:
    workflows.terminate(ctx, caller, workflow_id, reason)


@router.put("/{workflow_id}/pause", status_code=204, response_class=Response)
def pause(workflow_id: str, ctx: Ctx, caller: CurrentCaller) -> None:
    workflows.pause(ctx, caller, workflow_id)


@router.put("/{workflow_id}/resume", status_code=204, response_class=Response)
def resume(workflow_id: str, ctx: Ctx, caller: CurrentCaller) -> None:
    workflows.resume(ctx, caller, workflow_id)


@router.post("/{workflow_id}/retry", status_code=204, response_class=Response)
def retry(workflow_id: str, ctx: Ctx, caller: CurrentCaller) -> None:
    workflows.retry(ctx, caller, workflow_id)


@router.post("/{workflow_id}/restart", status_code=204, response_class=Response)
def restart(
    workflow_id: str, ctx: Ctx, caller: CurrentCaller, useLatestDefinitions: bool = False
) -> None:
    workflows.restart(ctx, caller, workflow_id, use_latest=useLatestDefinitions)


@router.post("/{workflow_id}/rerun", response_class=PlainTextResponse, summary="Rerun")
def rerun(workflow_id: str, body: RerunRequest, ctx: Ctx, caller: CurrentCaller) -> str:
    """Without `reRunFromTaskId`: run an ended workflow again from its start, with new input
    if given. With it: run the workflow again from that task (ended or running)."""
    if body.reRunFromWorkflowId not in (None, workflow_id):
        raise InvalidInput("reRunFromWorkflowId must be the workflow in the path")
    if body.reRunFromTaskId:
        return workflows.rerun_from_task(
            ctx,
            caller,
            workflow_id,
            body.reRunFromTaskId,
            task_input=body.taskInput,
            workflow_input=body.workflowInput,
        )
    return workflows.restart(
        ctx,
        caller,
        workflow_id,
        input=body.workflowInput,
        correlation_id=body.correlationId,
    )


@router.put(
    "/{workflow_id}/skiptask/{task_ref}",
    status_code=204,
    response_class=Response,
    summary="Skip the open task with this reference name",
)
def skip_task(
    workflow_id: str,
    task_ref: str,
    ctx: Ctx,
    caller: CurrentCaller,
    body: SkipTaskRequest | None = None,
) -> None:
    output = (body.taskOutput if body is not None else None) or {}
    workflows.skip_task(ctx, caller, workflow_id, task_ref, output)

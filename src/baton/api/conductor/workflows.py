"""`/api/workflow`: start, read, steer and search workflow instances (Conductor shapes).
Starting answers the new id as `text/plain`, as Conductor does."""

from __future__ import annotations

import re
from typing import Any

from fastapi import APIRouter, Body, Response
from fastapi.responses import PlainTextResponse
from pydantic import BaseModel, ConfigDict, Field

from baton.api.conductor.render import search_result_json, workflow_json
from baton.api.conductor.schemas import StartWorkflowRequest
from baton.api.deps import Ctx, CurrentCaller
from baton.api.params import Int64
from baton.model.errors import InvalidInput
from baton.services import workflows

router = APIRouter(prefix="/api/workflow", tags=["workflow"])


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

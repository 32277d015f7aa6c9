"""`/api/workflow/bulk/...`: pause, resume, restart, retry or terminate many workflows;
answers Conductor's `BulkResponse`. Included into the `/api/workflow` router before its
`/{id}/...` routes, whose paths would otherwise take `bulk` for an id."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Body

from baton.api.conductor.render import bulk_json
from baton.api.deps import Ctx, CurrentCaller
from baton.model.identity import Caller
from baton.services import workflow_bulk, workflows
from baton.services.context import ServiceContext

router = APIRouter(prefix="/bulk", tags=["workflow-bulk"])

Ids = Annotated[list[str], Body(max_length=workflow_bulk.MAX_BULK)]


@router.put("/pause", summary="Pause workflows")
def pause(body: Ids, ctx: Ctx, caller: CurrentCaller) -> dict[str, Any]:
    return bulk_json(workflow_bulk.apply(ctx, caller, body, workflows.pause))


@router.put("/resume", summary="Resume workflows")
def resume(body: Ids, ctx: Ctx, caller: CurrentCaller) -> dict[str, Any]:
    return bulk_json(workflow_bulk.apply(ctx, caller, body, workflows.resume))


@router.post("/retry", summary="Retry failed workflows")
def retry(body: Ids, ctx: Ctx, caller: CurrentCaller) -> dict[str, Any]:
    return bulk_json(workflow_bulk.apply(ctx, caller, body, workflows.retry))


@router.post("/restart", summary="Restart ended workflows from their start")
def restart(
    body: Ids, ctx: Ctx, caller: CurrentCaller, useLatestDefinitions: bool = False
) -> dict[str, Any]:
    def one(c: ServiceContext, who: Caller, instance_id: str) -> str:
        return workflows.restart(c, who, instance_id, use_latest=useLatestDefinitions)

    return bulk_json(workflow_bulk.apply(ctx, caller, body, one))


@router.post("/terminate", summary="Terminate workflows")
def terminate(
    body: Ids, ctx: Ctx, caller: CurrentCaller, reason: str | None = None
) -> dict[str, Any]:
    def one(c: ServiceContext, who: Caller, instance_id: str) -> None:
        workflows.terminate(c, who, instance_id, reason)

    return bulk_json(workflow_bulk.apply(ctx, caller, body, one))

"""`/api/metadata`: task definitions and workflow definitions (Conductor shapes)."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Body, Response

from baton.api.deps import Ctx, CurrentCaller
from baton.api.params import Int64
from baton.services import metadata

router = APIRouter(prefix="/api/metadata", tags=["metadata"])


@router.post("/workflow", summary="Register a workflow definition")
def register_workflow(
    ctx: Ctx,
    caller: CurrentCaller,
    body: dict[str, Any] = Body(...),
    overwrite: bool = False,
    newVersion: bool = False,
) -> dict[str, Any]:
    metadata.register_workflows(ctx, caller, [body], overwrite=overwrite, new_version=newVersion)
    return {}


@router.put("/workflow", summary="Create or update workflow definitions (bulk)")
def update_workflows(
    ctx: Ctx,
    caller: CurrentCaller,
    body: list[dict[str, Any]] = Body(...),
    overwrite: bool = True,
    newVersion: bool = False,
) -> dict[str, Any]:
    saved = metadata.register_workflows(
        ctx, caller, body, overwrite=overwrite, new_version=newVersion
    )
    return {"bulkSuccessfulResults": [s["name"] for s in saved], "bulkErrorResults": {}}


@router.get("/workflow", summary="All workflow definitions")
def list_workflows(ctx: Ctx, _caller: CurrentCaller, latest: bool = False) -> list[dict[str, Any]]:
    return metadata.list_workflow_defs(ctx, latest_only=latest)


@router.get("/workflow/{name}", summary="A workflow definition (latest version by default)")
def get_workflow(
    name: str, ctx: Ctx, _caller: CurrentCaller, version: Int64 | None = None
) -> dict[str, Any]:
    return metadata.get_workflow_def(ctx, name, version)


@router.delete("/workflow/{name}/{version}", status_code=204, response_class=Response)
def delete_workflow(name: str, version: Int64, ctx: Ctx, caller: CurrentCaller) -> None:
    metadata.delete_workflow_def(ctx, caller, name, version)


@router.post("/taskdefs", summary="Register task definitions")
def register_task_defs(
    ctx: Ctx, caller: CurrentCaller, body: list[dict[str, Any]] = Body(...)
) -> dict[str, Any]:
    metadata.register_task_defs(ctx, caller, body, replace=True)
    return {}


@router.put("/taskdefs", summary="Update a task definition")
def update_task_def(
    ctx: Ctx, caller: CurrentCaller, body: dict[str, Any] = Body(...)
) -> dict[str, Any]:
    metadata.register_task_defs(ctx, caller, [body], replace=True)
    return {}


@router.get("/taskdefs", summary="All task definitions")
def list_task_defs(ctx: Ctx, _caller: CurrentCaller) -> list[dict[str, Any]]:
    return metadata.list_task_defs(ctx)


@router.get("/taskdefs/{name}", summary="A task definition")
def get_task_def(name: str, ctx: Ctx, _caller: CurrentCaller) -> dict[str, Any]:
    return metadata.get_task_def(ctx, name)


@router.delete("/taskdefs/{name}", status_code=204, response_class=Response)
def delete_task_def(name: str, ctx: Ctx, caller: CurrentCaller) -> None:
    metadata.delete_task_def(ctx, caller, name)

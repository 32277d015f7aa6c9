"""`/api/human/tasks`: the Orkes human-task API over the human-task service."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Body, Query, Response

from baton.api.deps import Ctx, CurrentCaller
from baton.api.human.render import (
    conductor_task_json,
    entry_json,
    full_template_json,
    search_result_json,
)
from baton.api.json_body import json_response
from baton.api.params import Int64
from baton.model.errors import FieldError, InvalidInput, NotFound
from baton.services.human import commands, conductor_view, search
from baton.settings import SEARCH_COUNT_CAP

MAX_IDS = 1000  # task ids in one bulk delete

router = APIRouter(prefix="/api/human/tasks", tags=["human-task"])


@router.post(
    "/search",
    summary="Search human tasks (INBOX by default, or ADMIN)",
    description=f"`totalHits` counts up to {SEARCH_COUNT_CAP:,} (`BATON_SEARCH_COUNT_CAP`): "
    f"{SEARCH_COUNT_CAP:,} reads as that many or more. Paging with `start` goes on past it.",
    response_model=dict[str, Any],
)
def search_tasks(
    ctx: Ctx, caller: CurrentCaller, body: dict[str, Any] = Body(default_factory=dict)
) -> Response:
    return json_response(search_result_json(*search.search(ctx, caller, body)))


@router.get("/getTaskDisplayNames", summary="Display names of the tasks the caller can see")
def display_names(ctx: Ctx, caller: CurrentCaller, searchType: str = "INBOX") -> list[str]:
    return search.display_names(ctx, caller, searchType)


@router.post("/update/taskRef", status_code=204, response_class=Response)
def update_by_ref(
    ctx: Ctx,
    caller: CurrentCaller,
    workflowId: str,
    taskRefName: str,
    complete: bool = False,
    iteration: Annotated[list[Int64] | None, Query()] = None,
    body: dict[str, Any] = Body(default_factory=dict),
) -> None:
    commands.update_by_ref(
        ctx,
        caller,
        workflow_id=workflowId,
        ref_name=taskRefName,
        iteration=iteration[-1] if iteration else None,
        output=body,
        complete=complete,
    )


@router.delete("/delete/{task_id}", status_code=204, response_class=Response)
def delete_one(task_id: str, ctx: Ctx, caller: CurrentCaller) -> None:
    commands.delete(ctx, caller, [task_id])


@router.delete("/delete", status_code=204, response_class=Response)
def delete_many(
    ctx: Ctx, caller: CurrentCaller, body: list[str] = Body(..., max_length=MAX_IDS)
) -> None:
    if not body:
        raise InvalidInput("send a non-empty JSON array of task ids")
    commands.delete(ctx, caller, body)


def _entry(ctx: Ctx, result: Any, with_template: bool) -> dict[str, Any]:
    row, task = result
    template = (
        full_template_json(conductor_view.task_form(ctx, row, task)) if with_template else None
    )
    return entry_json(row, task, full_template=template)


@router.get("/{task_id}", summary="A human task")
def get_task(
    task_id: str, ctx: Ctx, caller: CurrentCaller, withTemplate: bool = False
) -> dict[str, Any]:
    return _entry(ctx, commands.get(ctx, caller, task_id), withTemplate)


@router.post("/{task_id}/claim", summary="Claim as the calling Conductor user")
def claim(
    task_id: str,
    ctx: Ctx,
    caller: CurrentCaller,
    overrideAssignment: bool = False,
    withTemplate: bool = False,
) -> dict[str, Any]:
    result = commands.claim(ctx, caller, task_id, override=overrideAssignment)
    return _entry(ctx, result, withTemplate)


@router.post("/{task_id}/externalUser/{user_id}", summary="Claim for an external user")
def claim_external(
    task_id: str,
    user_id: str,
    ctx: Ctx,
    caller: CurrentCaller,
    overrideAssignment: bool = False,
    withTemplate: bool = False,
) -> dict[str, Any]:
    result = commands.claim_external(ctx, caller, task_id, user_id, override=overrideAssignment)
    return _entry(ctx, result, withTemplate)


@router.post("/{task_id}/release", status_code=204, response_class=Response)
def release(task_id: str, ctx: Ctx, caller: CurrentCaller) -> None:
    commands.release(ctx, caller, task_id)


@router.post("/{task_id}/reassign", status_code=200, response_class=Response)
def reassign(task_id: str, ctx: Ctx, caller: CurrentCaller, body: Any = Body(...)) -> Response:
    """Seed 002: 200 when reassigned, 400 for a task id that names no task (the caller may
    see)."""
    try:
        commands.reassign(ctx, caller, task_id, body)
    except NotFound as exc:
        raise InvalidInput(exc.message, errors=[FieldError("taskId", "no such task")]) from exc
    return Response(status_code=200)


@router.post("/{task_id}/skip", status_code=204, response_class=Response)
def skip(task_id: str, ctx: Ctx, caller: CurrentCaller, reason: str | None = None) -> None:
    commands.skip(ctx, caller, task_id, reason)


@router.post("/{task_id}/update", status_code=204, response_class=Response)
def update(
    task_id: str,
    ctx: Ctx,
    caller: CurrentCaller,
    complete: bool = False,
    body: dict[str, Any] = Body(default_factory=dict),
) -> None:
    commands.update(ctx, caller, task_id, body, complete=complete)


@router.get("/{task_id}/conductorTask", summary="The Conductor task behind a human task")
def conductor_task(task_id: str, ctx: Ctx, caller: CurrentCaller) -> dict[str, Any]:
    return conductor_task_json(*conductor_view.conductor_task(ctx, caller, task_id))

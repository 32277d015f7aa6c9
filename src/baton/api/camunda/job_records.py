"""`POST /v2/jobs/search` and `PATCH /v2/jobs/{key}`: jobs as records, retries and timeout."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Body, Response

from baton.api.camunda import history_render as render
from baton.api.camunda.element_instances import path_key
from baton.api.camunda.render import search_result
from baton.api.camunda.search import FilterField, Kind, SearchSpec, enum, parse_search
from baton.api.deps import Ctx, CurrentCaller
from baton.model.errors import FieldError, InvalidInput
from baton.services import job_search

router = APIRouter(prefix="/v2/jobs", tags=["camunda"])

# Camunda job state -> task statuses
_STATES: dict[str, list[str]] = {}
for _status, _state in render.JOB_STATES.items():
    _STATES.setdefault(_state, []).append(_status)

SEARCH = SearchSpec(
    filters={
        "jobKey": FilterField(Kind.KEY, to="key"),
        "processInstanceKey": FilterField(Kind.KEY, to="instance_id"),
        "processDefinitionId": FilterField(Kind.STRING, to="def_name"),
        "processDefinitionKey": FilterField(Kind.KEY, to="process_key"),
        "elementId": FilterField(Kind.STRING, to="element_id"),
        "elementInstanceKey": FilterField(Kind.KEY, to="key"),
        "type": FilterField(Kind.STRING),
        "worker": FilterField(Kind.STRING),
        "retries": FilterField(Kind.INT),
        "state": enum(_STATES, to="status"),
        "deadline": FilterField(Kind.DATE),
        "lastUpdateTime": FilterField(Kind.DATE, to="updated_at"),
        "tenantId": FilterField(Kind.TENANT),
    },
    sort={
        "jobKey": "key",
        "processInstanceKey": "instance_id",
        "processDefinitionId": "def_name",
        "processDefinitionKey": "process_key",
        "elementId": "element_id",
        "type": "type",
        "worker": "worker",
        "retries": "retries",
        "state": "status",
        "deadline": "deadline",
        "lastUpdateTime": "updated_at",
    },
)


@router.post("/search", summary="Search jobs")
def search_jobs(ctx: Ctx, caller: CurrentCaller, body: Any = Body(default=None)) -> dict[str, Any]:
    found = job_search.search(ctx, caller, parse_search(body, SEARCH))
    return search_result(found, render.job)


@router.patch("/{key}", status_code=204, response_class=Response)
def update_job(key: str, ctx: Ctx, caller: CurrentCaller, body: Any = Body(...)) -> None:
    """`{changeset: {retries, timeout}}`: the job's retries left, its worker's lease (ms)."""
    changeset = body.get("changeset") if isinstance(body, dict) else None
    if not isinstance(changeset, dict):
        raise InvalidInput(
            "changeset must be an object", errors=[FieldError("changeset", "required")]
        )
    values: dict[str, int | None] = {}
    for name in ("retries", "timeout"):
        value = changeset.get(name)
        if value is not None and (isinstance(value, bool) or not isinstance(value, int)):
            raise InvalidInput(
                f"changeset.{name} must be a whole number",
                errors=[FieldError(f"changeset.{name}", "not a whole number")],
            )
        values[name] = value
    job_search.update(
        ctx,
        caller,
        str(path_key(key, "Job")),
        retries=values["retries"],
        timeout_ms=values["timeout"],
    )

"""`POST /v2/jobs/search` and `PATCH /v2/jobs/{key}`: jobs as records, retries and timeout."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Body, Response

from baton.api.camunda import history_render as render
from baton.api.camunda import history_search as search
from baton.api.camunda.element_instances import path_key
from baton.api.camunda.history_search import Field
from baton.api.camunda.render import TENANT
from baton.api.deps import Ctx, CurrentCaller
from baton.model.errors import FieldError, InvalidInput
from baton.model.search import Condition, Op
from baton.services import job_search

router = APIRouter(prefix="/v2/jobs", tags=["camunda"])

_STATES: dict[str, Any] = {}
for _status, _state in render.JOB_STATES.items():
    _STATES.setdefault(_state, []).append(_status)

FIELDS = {
    "jobKey": Field("key", search.key_text),
    "processInstanceKey": Field("instance_id", search.key_text),
    "processDefinitionId": Field("def_name"),
    "processDefinitionKey": Field("process_key", search.key),
    "elementId": Field("element_id"),
    "elementInstanceKey": Field("key", search.key_text),
    "type": Field("type"),
    "worker": Field("worker"),
    "retries": Field("retries", search.whole),
    "state": Field("status", search.one_of(_STATES)),
    "deadline": Field("deadline", search.date_ms),
    "lastUpdateTime": Field("updated_at", search.date_ms),
    "tenantId": Field("key", special=lambda v: Condition("key", Op.EXISTS, v == TENANT)),
}
SORTABLE = {
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
}


@router.post("/search", summary="Search jobs")
def search_jobs(ctx: Ctx, caller: CurrentCaller, body: Any = Body(default=None)) -> dict[str, Any]:
    query = search.parse(body, FIELDS, SORTABLE)
    found = job_search.search(ctx, caller, query)
    return {"items": [render.job(r) for r in found.rows], "page": search.page_json(found, query)}


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

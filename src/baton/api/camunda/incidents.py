"""`/v2/incidents`: what holds a process instance until someone fixes it, and resolving."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Body, Response

from baton.api.camunda import history_render as render
from baton.api.camunda import history_search as search
from baton.api.camunda.element_instances import path_key
from baton.api.camunda.history_search import Field
from baton.api.camunda.render import TENANT
from baton.api.deps import Ctx, CurrentCaller
from baton.model.instance import IncidentKind
from baton.model.search import Condition, Op
from baton.services import incidents

router = APIRouter(prefix="/v2/incidents", tags=["camunda"])

_UNKNOWN = [k.value for k in IncidentKind if k.value not in render.ERROR_TYPES]
_ERROR_TYPES: dict[str, Any] = {**render.ERROR_TYPES, "UNKNOWN": _UNKNOWN}
_STATES = {"ACTIVE": "ACTIVE", "RESOLVED": "RESOLVED"}

FIELDS = {
    "incidentKey": Field("key", search.key),
    "processInstanceKey": Field("instance_id", search.key_text),
    "processDefinitionId": Field("def_name"),
    "processDefinitionKey": Field("process_key", search.key),
    "errorType": Field("kind", search.one_of(_ERROR_TYPES)),
    "errorMessage": Field("message"),
    "elementId": Field("element_id"),
    "elementInstanceKey": Field("element_key", search.key_text),
    "jobKey": Field("job_key", search.key_text),
    "state": Field("state", search.one_of(_STATES)),
    "creationTime": Field("created_at", search.date_ms),
    "tenantId": Field("key", special=lambda v: Condition("key", Op.EXISTS, v == TENANT)),
}
SORTABLE = {
    "incidentKey": "key",
    "processInstanceKey": "instance_id",
    "processDefinitionId": "def_name",
    "processDefinitionKey": "process_key",
    "errorType": "kind",
    "elementId": "element_id",
    "elementInstanceKey": "element_key",
    "jobKey": "job_key",
    "state": "state",
    "creationTime": "created_at",
}


@router.post("/search", summary="Search incidents")
def search_incidents(
    ctx: Ctx, caller: CurrentCaller, body: Any = Body(default=None)
) -> dict[str, Any]:
    query = search.parse(body, FIELDS, SORTABLE)
    found = incidents.search_instances(ctx, caller, query)
    return {
        "items": [render.incident(r) for r in found.rows],
        "page": search.page_json(found, query),
    }


@router.get("/{key}", summary="An incident")
def get_incident(key: str, ctx: Ctx, caller: CurrentCaller) -> dict[str, Any]:
    return render.incident(incidents.get_instance_incident(ctx, caller, path_key(key, "Incident")))


@router.post("/{key}/resolution", status_code=204, response_class=Response)
def resolve_incident(
    key: str, ctx: Ctx, caller: CurrentCaller, _body: Any = Body(default=None)
) -> None:
    """Do again what the incident stopped (fix its cause first)."""
    incidents.resolve(ctx, caller, path_key(key, "Incident"))

"""`/v2/incidents`: what holds a process instance until someone fixes it, and resolving;
also the incidents of one element instance (`/v2/element-instances/{key}/incidents/search`)."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from fastapi import APIRouter, Body, Response

from baton.api.camunda import history_render as render
from baton.api.camunda.element_instances import path_key
from baton.api.camunda.render import search_result
from baton.api.camunda.search import FilterField, Kind, SearchSpec, enum, parse_search
from baton.api.deps import Ctx, CurrentCaller
from baton.model.instance import IncidentKind
from baton.services import incidents

router = APIRouter(tags=["camunda"])

# Camunda error type -> incident kinds (Baton's own kinds show as UNKNOWN)
_ERROR_TYPES: dict[str, tuple[str, ...]] = {
    **{name: (kind,) for kind, name in render.ERROR_TYPES.items()},
    "UNKNOWN": tuple(k.value for k in IncidentKind if k.value not in render.ERROR_TYPES),
}

SEARCH = SearchSpec(
    filters={
        "incidentKey": FilterField(Kind.KEY, to="key"),
        "processInstanceKey": FilterField(Kind.KEY, to="instance_id"),
        "processDefinitionId": FilterField(Kind.STRING, to="def_name"),
        "processDefinitionKey": FilterField(Kind.KEY, to="process_key"),
        "errorType": enum(_ERROR_TYPES, to="kind"),
        "errorMessage": FilterField(Kind.STRING, to="message"),
        "elementId": FilterField(Kind.STRING, to="element_id"),
        "elementInstanceKey": FilterField(Kind.KEY, to="element_key"),
        "jobKey": FilterField(Kind.KEY, to="job_key"),
        "state": FilterField(Kind.ENUM, values=frozenset({"ACTIVE", "RESOLVED"})),
        "creationTime": FilterField(Kind.DATE, to="created_at"),
        "tenantId": FilterField(Kind.TENANT),
    },
    sort={
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
    },
)


@router.post("/v2/incidents/search", summary="Search incidents")
def search_incidents(
    ctx: Ctx, caller: CurrentCaller, body: Any = Body(default=None)
) -> dict[str, Any]:
    found = incidents.search_instances(ctx, caller, parse_search(body, SEARCH))
    return search_result(found, render.incident)


@router.post(
    "/v2/element-instances/{key}/incidents/search", summary="Search an element's incidents"
)
def search_element_incidents(
    key: str, ctx: Ctx, caller: CurrentCaller, body: Any = Body(default=None)
) -> dict[str, Any]:
    """The incidents raised at one element instance (the search body narrows them further)."""
    element = path_key(key, "Element instance")
    query = parse_search(body, SEARCH)
    at = parse_search({"filter": {"elementInstanceKey": element}}, SEARCH).conditions
    found = incidents.search_instances(
        ctx, caller, replace(query, conditions=(*query.conditions, *at))
    )
    return search_result(found, render.incident)


@router.get("/v2/incidents/{key}", summary="An incident")
def get_incident(key: str, ctx: Ctx, caller: CurrentCaller) -> dict[str, Any]:
    return render.incident(incidents.get_instance_incident(ctx, caller, path_key(key, "Incident")))


@router.post("/v2/incidents/{key}/resolution", status_code=204, response_class=Response)
def resolve_incident(
    key: str, ctx: Ctx, caller: CurrentCaller, _body: Any = Body(default=None)
) -> None:
    """Do again what the incident stopped (fix its cause first)."""
    incidents.resolve(ctx, caller, path_key(key, "Incident"))

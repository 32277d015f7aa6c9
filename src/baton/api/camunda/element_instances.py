"""`/v2/element-instances`: where the tokens of a process instance are and were."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Body, Response

from baton.api.camunda import history_render as render
from baton.api.camunda.render import search_result
from baton.api.camunda.search import MAX_KEY, FilterField, Kind, SearchSpec, enum, parse_search
from baton.api.deps import Ctx, CurrentCaller
from baton.model.errors import FieldError, InvalidInput, NotFound
from baton.services import element_instances

router = APIRouter(prefix="/v2/element-instances", tags=["camunda"])

_STATES = frozenset({"ACTIVE", "COMPLETED", "TERMINATED"})

SEARCH = SearchSpec(
    filters={
        "elementInstanceKey": FilterField(Kind.KEY, to="key"),
        "processInstanceKey": FilterField(Kind.KEY, to="instance_id"),
        "processDefinitionId": FilterField(Kind.STRING, to="def_name"),
        "processDefinitionKey": FilterField(Kind.KEY, to="process_key"),
        "elementId": FilterField(Kind.STRING, to="element_id"),
        "elementName": FilterField(Kind.STRING, to="element_name"),
        "type": enum(render.KINDS_OF_TYPE, to="kind"),
        "state": FilterField(Kind.ENUM, values=_STATES),
        "incidentKey": FilterField(Kind.KEY, to="incident_key"),
        "hasIncident": FilterField(Kind.BOOL, to="has_incident"),
        "elementInstanceScopeKey": FilterField(Kind.KEY, to="scope_key"),
        "startDate": FilterField(Kind.DATE, to="start_at"),
        "endDate": FilterField(Kind.DATE, to="end_at"),
        "tenantId": FilterField(Kind.TENANT),
    },
    sort={
        "elementInstanceKey": "key",
        "processInstanceKey": "instance_id",
        "processDefinitionId": "def_name",
        "processDefinitionKey": "process_key",
        "elementId": "element_id",
        "elementName": "element_name",
        "type": "kind",
        "state": "state",
        "incidentKey": "incident_key",
        "startDate": "start_at",
        "endDate": "end_at",
    },
)


def path_key(value: str, what: str) -> int:
    """A key in a path: int64 digits, or the thing is not found."""
    if not value.isdigit() or int(value) > MAX_KEY:
        raise NotFound(f"{what} {value} not found")
    return int(value)


@router.post("/search", summary="Search element instances")
def search_element_instances(
    ctx: Ctx, caller: CurrentCaller, body: Any = Body(default=None)
) -> dict[str, Any]:
    found = element_instances.search(ctx, caller, parse_search(body, SEARCH))
    return search_result(found, render.element_instance)


@router.get("/{key}", summary="An element instance")
def get_element_instance(key: str, ctx: Ctx, caller: CurrentCaller) -> dict[str, Any]:
    row = element_instances.get(ctx, caller, path_key(key, "Element instance"))
    return render.element_instance(row)


@router.put("/{key}/variables", status_code=204, response_class=Response)
def set_element_instance_variables(
    key: str, ctx: Ctx, caller: CurrentCaller, body: Any = Body(...)
) -> None:
    """Set variables of the instance (or, with `local`, of this element instance)."""
    values = body.get("variables") if isinstance(body, dict) else None
    if not isinstance(values, dict):
        raise InvalidInput(
            "variables must be a JSON object", errors=[FieldError("variables", "not an object")]
        )
    local = body.get("local", False)
    if not isinstance(local, bool):
        raise InvalidInput("local must be true or false", errors=[FieldError("local", "bool")])
    element_instances.set_variables(
        ctx, caller, path_key(key, "Element instance"), values, local=local
    )

"""`/v2/element-instances`: where the tokens of a process instance are and were."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Body, Response

from baton.api.camunda import history_render as render
from baton.api.camunda import history_search as search
from baton.api.camunda.history_search import Field
from baton.api.camunda.render import TENANT
from baton.api.deps import Ctx, CurrentCaller
from baton.model.errors import FieldError, InvalidInput, NotFound
from baton.model.search import Condition, Op
from baton.services import element_instances

router = APIRouter(prefix="/v2/element-instances", tags=["camunda"])

_STATES = {s: s for s in ("ACTIVE", "COMPLETED", "TERMINATED")}

FIELDS = {
    "elementInstanceKey": Field("key", search.key),
    "processInstanceKey": Field("instance_id", search.key_text),
    "processDefinitionId": Field("def_name"),
    "processDefinitionKey": Field("process_key", search.key),
    "elementId": Field("element_id"),
    "elementName": Field("element_name"),
    "type": Field("kind", search.one_of(render.KINDS_OF_TYPE)),
    "state": Field("state", search.one_of(_STATES)),
    "incidentKey": Field("incident_key", search.key),
    "hasIncident": Field(
        "incident_key",
        special=lambda v: Condition("incident_key", Op.EXISTS, search.boolean(v)),
    ),
    "elementInstanceScopeKey": Field("scope_key", search.key),
    "startDate": Field("start_at", search.date_ms),
    "endDate": Field("end_at", search.date_ms),
    "tenantId": Field("def_name", special=lambda v: Condition("def_name", Op.EXISTS, v == TENANT)),
}
SORTABLE = {
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
}


def path_key(value: str, what: str) -> int:
    try:
        return search.key(value)
    except ValueError:
        raise NotFound(f"{what} {value} not found") from None


@router.post("/search", summary="Search element instances")
def search_element_instances(
    ctx: Ctx, caller: CurrentCaller, body: Any = Body(default=None)
) -> dict[str, Any]:
    query = search.parse(body, FIELDS, SORTABLE)
    found = element_instances.search(ctx, caller, query)
    return {
        "items": [render.element_instance(r) for r in found.rows],
        "page": search.page_json(found, query),
    }


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

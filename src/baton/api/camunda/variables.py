"""`/v2/variables`: process variables by scope (the instance, or an element instance)."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Body

from baton.api.camunda import history_render as render
from baton.api.camunda import history_search as search
from baton.api.camunda.element_instances import path_key
from baton.api.camunda.history_search import Field
from baton.api.camunda.render import TENANT
from baton.api.deps import Ctx, CurrentCaller
from baton.model.search import Condition, Op
from baton.services import element_instances

router = APIRouter(prefix="/v2/variables", tags=["camunda"])

FIELDS = {
    "variableKey": Field("key", search.key),
    "processInstanceKey": Field("instance_id", search.key_text),
    "scopeKey": Field("scope_key", search.key),
    "name": Field("name"),
    "value": Field("value"),
    "isTruncated": Field(
        "key", special=lambda v: Condition("key", Op.EXISTS, not search.boolean(v))
    ),
    "tenantId": Field("key", special=lambda v: Condition("key", Op.EXISTS, v == TENANT)),
}
SORTABLE = {
    "variableKey": "key",
    "processInstanceKey": "instance_id",
    "scopeKey": "scope_key",
    "name": "name",
    "value": "value",
}


@router.post("/search", summary="Search variables")
def search_variables(
    ctx: Ctx,
    caller: CurrentCaller,
    body: Any = Body(default=None),
    truncateValues: bool = True,
) -> dict[str, Any]:
    query = search.parse(body, FIELDS, SORTABLE)
    found = element_instances.search_variables(ctx, caller, query)
    return {
        "items": [render.variable(r, truncate=truncateValues) for r in found.rows],
        "page": search.page_json(found, query),
    }


@router.get("/{key}", summary="A variable (its full value)")
def get_variable(key: str, ctx: Ctx, caller: CurrentCaller) -> dict[str, Any]:
    return render.variable(element_instances.get_variable(ctx, caller, path_key(key, "Variable")))

"""`/v2/variables`: process variables by scope (the instance, or an element instance)."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Body

from baton.api.camunda import history_render as render
from baton.api.camunda.element_instances import path_key
from baton.api.camunda.render import search_result
from baton.api.camunda.search import FilterField, Kind, SearchSpec, parse_search
from baton.api.deps import Ctx, CurrentCaller
from baton.services import element_instances

router = APIRouter(prefix="/v2/variables", tags=["camunda"])

SEARCH = SearchSpec(
    filters={
        "variableKey": FilterField(Kind.KEY, to="key"),
        "processInstanceKey": FilterField(Kind.KEY, to="instance_id"),
        "scopeKey": FilterField(Kind.KEY, to="scope_key"),
        "name": FilterField(Kind.STRING),
        "value": FilterField(Kind.STRING),
        "isTruncated": FilterField(Kind.BOOL, to="truncated"),
        "tenantId": FilterField(Kind.TENANT),
    },
    sort={
        "variableKey": "key",
        "processInstanceKey": "instance_id",
        "scopeKey": "scope_key",
        "name": "name",
        "value": "value",
    },
)


@router.post("/search", summary="Search variables")
def search_variables(
    ctx: Ctx,
    caller: CurrentCaller,
    body: Any = Body(default=None),
    truncateValues: bool = True,
) -> dict[str, Any]:
    found = element_instances.search_variables(ctx, caller, parse_search(body, SEARCH))
    return search_result(found, lambda row: render.variable(row, truncate=truncateValues))


@router.get("/{key}", summary="A variable (its full value)")
def get_variable(key: str, ctx: Ctx, caller: CurrentCaller) -> dict[str, Any]:
    return render.variable(element_instances.get_variable(ctx, caller, path_key(key, "Variable")))

"""`/v2/process-definitions`: search, one version, its XML, its start form, element
statistics."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Body, Response

from baton.api.camunda.forms import render_form
from baton.api.camunda.render import TENANT, key, search_result
from baton.api.camunda.search import FilterField, Kind, SearchSpec, parse_search
from baton.api.deps import Ctx, CurrentCaller
from baton.model.query import SortKey
from baton.services import process_definitions
from baton.services.process_definitions import ElementStatistics, ProcessDefinitionView

router = APIRouter(prefix="/v2/process-definitions", tags=["camunda"])

SEARCH = SearchSpec(
    filters={
        "processDefinitionKey": FilterField(Kind.KEY, to="key"),
        "processDefinitionId": FilterField(Kind.STRING, to="process_id"),
        "name": FilterField(Kind.STRING),
        "version": FilterField(Kind.INT),
        "versionTag": FilterField(Kind.STRING, to="version_tag"),
        "resourceName": FilterField(Kind.STRING, to="resource_name"),
        "isLatestVersion": FilterField(Kind.BOOL, to="is_latest"),
        "hasStartForm": FilterField(Kind.BOOL, to="has_start_form"),
        "tenantId": FilterField(Kind.TENANT),
    },
    sort={
        "processDefinitionKey": "key",
        "processDefinitionId": "process_id",
        "name": "name",
        "version": "version",
        "versionTag": "version_tag",
        "resourceName": "resource_name",
        "tenantId": "tenant",
    },
    default_sort=(SortKey("key"),),
)

# element statistics take only the filters of the instances they count
STATISTICS = SearchSpec(filters={"tenantId": FilterField(Kind.TENANT)}, sort={})


def render_definition(view: ProcessDefinitionView) -> dict[str, Any]:
    return {
        "name": view.name,
        "resourceName": view.resource_name,
        "version": view.version,
        "versionTag": view.version_tag,
        "processDefinitionId": view.process_id,
        "tenantId": TENANT,
        "processDefinitionKey": key(view.key),
        "hasStartForm": view.has_start_form,
        "state": "ACTIVE",
    }


def render_statistics(item: ElementStatistics) -> dict[str, Any]:
    return {
        "elementId": item.element_id,
        "active": item.active,
        "canceled": item.canceled,
        "incidents": item.incidents,
        "completed": item.completed,
    }


@router.post("/search", summary="Search deployed process versions")
def search(ctx: Ctx, caller: CurrentCaller, body: Any = Body(default=None)) -> dict[str, Any]:
    query = parse_search(body, SEARCH)
    return search_result(process_definitions.search(ctx, caller, query), render_definition)


@router.get("/{definition_key}", summary="One deployed process version")
def get(definition_key: str, ctx: Ctx, caller: CurrentCaller) -> dict[str, Any]:
    return render_definition(process_definitions.get(ctx, caller, definition_key))


@router.get("/{definition_key}/xml", response_class=Response, summary="The deployed BPMN XML")
def xml(definition_key: str, ctx: Ctx, caller: CurrentCaller) -> Response:
    return Response(process_definitions.xml(ctx, caller, definition_key), media_type="text/xml")


@router.get("/{definition_key}/form", summary="The start form (204 when there is none)")
def start_form(definition_key: str, ctx: Ctx, caller: CurrentCaller) -> Any:
    found = process_definitions.form_of_start(ctx, caller, definition_key)
    return Response(status_code=204) if found is None else render_form(found)


@router.post(
    "/{definition_key}/statistics/element-instances",
    summary="Per element: active, completed, canceled, incidents",
)
def element_statistics(
    definition_key: str, ctx: Ctx, caller: CurrentCaller, body: Any = Body(default=None)
) -> dict[str, Any]:
    filters = {"filter": body.get("filter")} if isinstance(body, dict) else body
    query = parse_search(filters, STATISTICS)
    found = process_definitions.element_statistics(ctx, caller, definition_key, query)
    return {"items": [render_statistics(item) for item in found]}

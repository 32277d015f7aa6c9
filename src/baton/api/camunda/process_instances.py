"""`/v2/process-instances`: create (optionally awaiting the end), search, get, cancel."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Body, Response

from baton.api.camunda.render import TENANT, iso, key, search_result
from baton.api.camunda.request_body import object_body, variables_of
from baton.api.camunda.search import FilterField, Kind, SearchSpec, enum, parse_search
from baton.api.deps import Ctx, CurrentCaller
from baton.model.errors import FieldError, InvalidInput
from baton.model.query import SortKey
from baton.services import process_instances
from baton.services.process_instances import STATES, DefinitionRef, ProcessInstanceView

router = APIRouter(prefix="/v2/process-instances", tags=["camunda"])

SEARCH = SearchSpec(
    filters={
        "processInstanceKey": FilterField(Kind.KEY, to="key"),
        "processDefinitionId": FilterField(Kind.STRING, to="process_id"),
        "processDefinitionKey": FilterField(Kind.KEY, to="definition_key"),
        "processDefinitionVersion": FilterField(Kind.INT, to="version"),
        "state": enum(STATES, to="status"),
        "startDate": FilterField(Kind.DATE, to="started"),
        "endDate": FilterField(Kind.DATE, to="ended"),
        "hasIncident": FilterField(Kind.BOOL, to="has_incident"),
        "parentProcessInstanceKey": FilterField(Kind.KEY, to="parent_key"),
        "parentElementInstanceKey": FilterField(Kind.KEY, to="parent_element_key"),
        "tenantId": FilterField(Kind.TENANT),
    },
    sort={
        "processInstanceKey": "key",
        "processDefinitionId": "process_id",
        "processDefinitionKey": "definition_key",
        "processDefinitionVersion": "version",
        "startDate": "started",
        "endDate": "ended",
        "state": "status",
        "hasIncident": "has_incident",
        "parentProcessInstanceKey": "parent_key",
        "tenantId": "tenant",
    },
    variables={"variables": "process"},
    default_sort=(SortKey("started"),),
)

_CREATE_FIELDS = {
    "processDefinitionId",
    "processDefinitionVersion",
    "processDefinitionKey",
    "variables",
    "tenantId",
    "operationReference",
    "startInstructions",
    "runtimeInstructions",
    "awaitCompletion",
    "fetchVariables",
    "requestTimeout",
    "tags",
    "businessId",
}


def render_instance(view: ProcessInstanceView) -> dict[str, Any]:
    return {
        "processDefinitionId": view.process_id,
        "processDefinitionName": view.name,
        "processDefinitionVersion": view.version,
        "processDefinitionVersionTag": view.version_tag,
        "startDate": iso(view.started),
        "endDate": iso(view.ended),
        "state": view.state,
        "suspendedDate": None,
        "hasIncident": view.has_incident,
        "tenantId": TENANT,
        "processInstanceKey": key(view.key),
        "processDefinitionKey": key(view.definition_key),
        "parentProcessInstanceKey": key(view.parent_key),
        "parentElementInstanceKey": key(view.parent_element_key),
        "rootProcessInstanceKey": key(view.root_key),
        "tags": [],
        "businessId": None,
    }


def _whole(body: dict[str, Any], name: str) -> int | None:
    value = body.get(name)
    if value is None:
        return None
    if not isinstance(value, int) or isinstance(value, bool):
        raise InvalidInput(f"{name} must be a whole number", errors=[FieldError(name, "not int")])
    return value


def _create_request(body: dict[str, Any]) -> tuple[DefinitionRef, dict[str, Any]]:
    object_body(body, _CREATE_FIELDS)
    if body.get("startInstructions") or body.get("runtimeInstructions"):
        raise InvalidInput("startInstructions and runtimeInstructions are not supported")
    if body.get("tags"):
        raise InvalidInput("process instance tags are not supported")
    variables = variables_of(body)
    definition_key = body.get("processDefinitionKey")
    version = _whole(body, "processDefinitionVersion")
    process_id = body.get("processDefinitionId")
    if process_id is not None and not isinstance(process_id, str):
        raise InvalidInput("processDefinitionId must be text")
    if definition_key is not None:
        return DefinitionRef(key=str(definition_key)), variables
    return (
        DefinitionRef(process_id=process_id, version=None if version == -1 else version),
        variables,
    )


@router.post("", summary="Start a process instance (awaitCompletion: answer at its end)")
def create(ctx: Ctx, caller: CurrentCaller, body: dict[str, Any] = Body(...)) -> dict[str, Any]:
    ref, variables = _create_request(body)
    wait = body.get("awaitCompletion") is True
    fetch = body.get("fetchVariables")
    if fetch is not None and (
        not isinstance(fetch, list) or not all(isinstance(n, str) for n in fetch)
    ):
        raise InvalidInput("fetchVariables must be a list of variable names")
    view = process_instances.create(
        ctx,
        caller,
        ref,
        variables,
        tenant=body.get("tenantId"),
        await_completion=wait,
        request_timeout_ms=_whole(body, "requestTimeout") or None,
    )
    shown = view.variables if wait else variables
    if wait and fetch:
        shown = {name: value for name, value in shown.items() if name in fetch}
    return {
        "processDefinitionId": view.process_id,
        "processDefinitionVersion": view.version,
        "tenantId": TENANT,
        "variables": shown,
        "processDefinitionKey": key(view.definition_key),
        "processInstanceKey": key(view.key),
        "processDefinitionVersionTag": view.version_tag,
        "tags": [],
        "businessId": None,
    }


@router.post("/search", summary="Search process instances")
def search(ctx: Ctx, caller: CurrentCaller, body: Any = Body(default=None)) -> dict[str, Any]:
    query = parse_search(body, SEARCH)
    return search_result(process_instances.search(ctx, caller, query), render_instance)


@router.get("/{instance_key}", summary="A process instance")
def get(instance_key: str, ctx: Ctx, caller: CurrentCaller) -> dict[str, Any]:
    """Camunda's fields, plus (Baton's) the instance's `variables`."""
    view = process_instances.get(ctx, caller, instance_key)
    return {**render_instance(view), "variables": view.variables}


@router.post("/{instance_key}/cancellation", status_code=204, response_class=Response)
def cancel(
    instance_key: str, ctx: Ctx, caller: CurrentCaller, _body: Any = Body(default=None)
) -> None:
    process_instances.cancel(ctx, caller, instance_key)

"""`/v2/user-tasks`: Camunda 8 user tasks over the human-task service (one row, one action
log, one set of rules with the Orkes API). Commands answer 204; errors are problem+json."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import UTC, datetime
from typing import Any

from fastapi import APIRouter, Body, Response
from fastapi.responses import JSONResponse

from baton.api.camunda.render import search_result
from baton.api.camunda.search import FilterField, Kind, SearchSpec, enum, parse_search
from baton.api.camunda.user_task_render import (
    STATES,
    audit_entry_json,
    form_json,
    user_task_json,
    variable_json,
)
from baton.api.deps import Ctx, CurrentCaller
from baton.api.json_body import json_response
from baton.clock import epoch_ms
from baton.model.errors import FieldError, InvalidInput
from baton.model.query import Page, Query, SortKey, select_page
from baton.services.human import user_tasks
from baton.services.human.transitions import Changes
from baton.settings import SEARCH_COUNT_CAP

router = APIRouter(prefix="/v2/user-tasks", tags=["camunda"])

_NO_BODY = Body(default=None)

# Camunda user-task state -> human-task states (the transient ones have none)
_CAMUNDA_STATES: dict[str, list[str]] = {
    name: [] for name in ("CREATING", "ASSIGNING", "UPDATING", "COMPLETING", "CANCELING", "FAILED")
}
for _state, _name in STATES.items():
    _CAMUNDA_STATES.setdefault(_name, []).append(_state.value)

_TEXT = FilterField(Kind.STRING)
SEARCH = SearchSpec(
    filters={
        "state": enum(_CAMUNDA_STATES),
        "assignee": FilterField(Kind.STRING, to="claimant_user"),
        "priority": FilterField(Kind.INT),
        "elementId": FilterField(Kind.STRING, to="ref_name"),
        "name": FilterField(Kind.STRING, to="display_name"),
        "processInstanceKey": FilterField(Kind.KEY, to="instance_id"),
        "elementInstanceKey": FilterField(Kind.KEY, to="id"),
        "userTaskKey": FilterField(Kind.KEY, to="id"),
        "creationDate": FilterField(Kind.DATE, to="created_at"),
        "completionDate": FilterField(Kind.DATE, to="completed_at"),
        "dueDate": FilterField(Kind.DATE, to="due_at"),
        "followUpDate": FilterField(Kind.DATE, to="follow_up_at"),
        "candidateUser": FilterField(Kind.STRING, to="candidate_user"),
        "candidateGroup": FilterField(Kind.STRING, to="candidate_group"),
        "processDefinitionId": FilterField(Kind.STRING, to="process_id"),
        "processDefinitionKey": FilterField(Kind.KEY, to="process_key"),
        "tenantId": FilterField(Kind.TENANT),
        "tags": FilterField(Kind.TAGS),
    },
    sort={
        "creationDate": "created_at",
        "completionDate": "completed_at",
        "followUpDate": "follow_up_at",
        "dueDate": "due_at",
        "priority": "priority",
        "name": "display_name",
    },
    variables={"processInstanceVariables": "process", "localVariables": "local"},
    default_sort=(SortKey("created_at"),),
)


def _listed(*filters: str, sort: tuple[str, ...]) -> SearchSpec:
    """A search over a short list held in memory, by the rendered items' field names."""
    return SearchSpec(filters={f: _TEXT for f in filters}, sort={s: s for s in sort})


def _page_of(items: list[dict[str, Any]], query: Query) -> dict[str, Any]:
    page: Page[dict[str, Any]] = select_page(items, query, lambda i, f: (f in i, i.get(f)))
    return search_result(page, dict)


@router.post(
    "/search",
    summary="Search user tasks the caller may see",
    description=f"`page.totalItems` counts up to {SEARCH_COUNT_CAP:,} (`BATON_SEARCH_COUNT_CAP`); "
    "past it, `page.hasMoreTotalItems` is true and the total is a lower bound. Every page is "
    "served.",
    response_model=dict[str, Any],
)
def search(ctx: Ctx, caller: CurrentCaller, body: Any = _NO_BODY) -> Response:
    found = user_tasks.search(ctx, caller, parse_search(body, SEARCH))
    return json_response(search_result(found, user_task_json))


@router.get("/{key}", summary="A user task")
def get(key: str, ctx: Ctx, caller: CurrentCaller) -> dict[str, Any]:
    return user_task_json(user_tasks.get(ctx, caller, key))


_WAITS: dict[int | str, dict[str, Any]] = {
    202: {"description": "Accepted: the transition waits for the task's listener jobs"}
}


@router.post("/{key}/assignment", status_code=204, response_class=Response, responses=_WAITS)
def assign(key: str, ctx: Ctx, caller: CurrentCaller, body: Any = _NO_BODY) -> Response:
    data = _object(body)
    assignee = data.get("assignee")
    if not isinstance(assignee, str) or not assignee.strip():
        raise InvalidInput(
            "assignee must name the user to assign",
            errors=[FieldError("assignee", "must be a non-empty string")],
        )
    allow = data.get("allowOverride")
    if allow is not None and not isinstance(allow, bool):
        raise InvalidInput(
            "allowOverride must be true or false",
            errors=[FieldError("allowOverride", "must be a boolean")],
        )
    _action(data)
    waiting = user_tasks.assign(ctx, caller, key, assignee, allow_override=allow is not False)
    return _answer(key, waiting, "ASSIGNING")


@router.delete("/{key}/assignee", status_code=204, response_class=Response, responses=_WAITS)
def unassign(key: str, ctx: Ctx, caller: CurrentCaller) -> Response:
    return _answer(key, user_tasks.unassign(ctx, caller, key), "ASSIGNING")


@router.patch("/{key}", status_code=204, response_class=Response, responses=_WAITS)
def update(key: str, ctx: Ctx, caller: CurrentCaller, body: Any = _NO_BODY) -> Response:
    data = _object(body)
    _action(data)
    unknown = sorted(set(data) - {"changeset", "action"})
    if unknown:
        raise InvalidInput(
            f"unknown properties {unknown}: send changeset and action",
            errors=[FieldError(u, "unknown property") for u in unknown],
        )
    waiting = user_tasks.update(ctx, caller, key, _changes(data.get("changeset"), "changeset"))
    return _answer(key, waiting, "UPDATING")


@router.patch("/{key}/update", status_code=204, response_class=Response, responses=_WAITS)
def update_bare(key: str, ctx: Ctx, caller: CurrentCaller, body: Any = _NO_BODY) -> Response:
    """The `@camunda8/sdk` 8.8 form: the changeset itself as the body."""
    data = dict(_object(body))
    _action(data)
    data.pop("action", None)
    return _answer(key, user_tasks.update(ctx, caller, key, _changes(data, "")), "UPDATING")


@router.post("/{key}/completion", status_code=204, response_class=Response, responses=_WAITS)
def complete(key: str, ctx: Ctx, caller: CurrentCaller, body: Any = _NO_BODY) -> Response:
    data = _object(body)
    _action(data)
    variables = data.get("variables")
    if variables is None:
        variables = {}
    if not isinstance(variables, dict):
        raise InvalidInput(
            "variables must be a JSON object",
            errors=[FieldError("variables", "must be an object")],
        )
    return _answer(key, user_tasks.complete(ctx, caller, key, variables), "COMPLETING")


def _answer(key: str, waiting: bool, state: str) -> Response:
    """204 when done; 202 when the transition waits for the task's listener jobs (it is
    saved: it happens, or is denied, when they complete)."""
    if not waiting:
        return Response(status_code=204)
    body = {"userTaskKey": key, "state": state, "message": "waiting for task listener jobs"}
    return JSONResponse(body, status_code=202)


@router.get("/{key}/form", summary="The task's linked form (204 when it has none)")
def form(key: str, ctx: Ctx, caller: CurrentCaller) -> Any:
    found = user_tasks.form(ctx, caller, key)
    if found is None:
        return Response(status_code=204)
    return form_json(found)


_VARIABLES = _listed(
    "name", sort=("name", "value", "variableKey", "scopeKey", "processInstanceKey")
)


@router.post("/{key}/variables/search", summary="The variables the task sees, all scopes")
def variables(key: str, ctx: Ctx, caller: CurrentCaller, body: Any = _NO_BODY) -> Any:
    query = parse_search(body, _VARIABLES)  # a bad search is a 400 before the task is read
    found, values = user_tasks.task_variables(ctx, caller, key)
    return _page_of([variable_json(found, v) for v in values], query)


@router.post("/{key}/effective-variables/search", summary="The variables the task sees")
def effective_variables(
    key: str, ctx: Ctx, caller: CurrentCaller, body: Any = _NO_BODY
) -> dict[str, Any]:
    """One per name, the innermost scope winning (the task's own inputs come first)."""
    query = parse_search(body, _VARIABLES)
    found, values = user_tasks.task_variables(ctx, caller, key)
    seen: dict[str, dict[str, Any]] = {}
    for v in values:
        seen.setdefault(v.name, variable_json(found, v))
    return _page_of(list(seen.values()), query)


_AUDIT = _listed(
    "operationType",
    "actorId",
    "actorType",
    "result",
    sort=("timestamp", "operationType", "actorId"),
)


@router.post("/{key}/audit-logs/search", summary="What happened to the task, oldest first")
def audit_logs(key: str, ctx: Ctx, caller: CurrentCaller, body: Any = _NO_BODY) -> Any:
    query = parse_search(body, _AUDIT)
    found, entries = user_tasks.audit_log(ctx, caller, key)
    items = [audit_entry_json(found, e, i == 0) for i, e in enumerate(entries)]
    return _page_of(items, query)


# ---------------------------------------------------------------- request bodies


def _object(body: Any) -> Mapping[str, Any]:
    if body is None:
        return {}
    if not isinstance(body, dict):
        raise InvalidInput("the request body must be a JSON object")
    return body


def _action(data: Mapping[str, Any]) -> None:
    action = data.get("action")
    if action is not None and not isinstance(action, str):
        raise InvalidInput(
            "action must be a string", errors=[FieldError("action", "must be a string")]
        )


def _changes(raw: Any, at: str) -> Changes:
    """A changeset: null or missing keeps a value, `""` clears a date, `[]` a list."""
    if raw is None:
        return Changes()
    if not isinstance(raw, dict):
        raise InvalidInput(f"{at or 'the body'} must be an object")
    errors: list[FieldError] = []

    def path(name: str) -> str:
        return f"{at}.{name}" if at else name

    known = {"candidateUsers", "candidateGroups", "dueDate", "followUpDate", "priority"}
    for extra in sorted(set(raw) - known):
        errors.append(FieldError(path(extra), "unknown property; known: " + ", ".join(known)))
    lists: dict[str, tuple[str, ...] | None] = {}
    for name in ("candidateUsers", "candidateGroups"):
        value = raw.get(name)
        if value is not None and (
            not isinstance(value, list) or not all(isinstance(v, str) and v for v in value)
        ):
            errors.append(FieldError(path(name), "must be a list of names"))
            value = None
        lists[name] = tuple(value) if value is not None else None
    dates: dict[str, tuple[int | None, bool]] = {}
    for name in ("dueDate", "followUpDate"):
        value = raw.get(name)
        dates[name] = (None, value == "")
        if value not in (None, ""):
            moment = _date(value)
            if moment is None:
                errors.append(FieldError(path(name), 'must be an ISO 8601 date-time or ""'))
            dates[name] = (moment, False)
    priority = raw.get("priority")
    if priority is not None and (
        not isinstance(priority, int) or isinstance(priority, bool) or not 0 <= priority <= 100
    ):
        errors.append(FieldError(path("priority"), "must be a whole number from 0 to 100"))
        priority = None
    if errors:
        summary = "; ".join(f"{e.path}: {e.message}" for e in errors[:5])
        raise InvalidInput(f"invalid changeset: {summary}", errors=errors)
    return Changes(
        candidate_users=lists["candidateUsers"],
        candidate_groups=lists["candidateGroups"],
        due_at=dates["dueDate"][0],
        clear_due=dates["dueDate"][1],
        follow_up_at=dates["followUpDate"][0],
        clear_follow_up=dates["followUpDate"][1],
        priority=priority,
    )


def _date(value: Any) -> int | None:
    if not isinstance(value, str):
        return None
    try:
        moment = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return None
    return epoch_ms(moment if moment.tzinfo else moment.replace(tzinfo=UTC))

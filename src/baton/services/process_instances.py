"""BPMN process instances as the Camunda API works them: start one (optionally waiting for
its end), read one, search them, cancel one. Returns domain views; `api/camunda` renders.

An instance's Camunda state is ACTIVE while it runs (or is paused), COMPLETED, or
TERMINATED (canceled, failed or timed out). `hasIncident` is an open incident on it, or a
failure that ended it."""

from __future__ import annotations

import json
import time
from dataclasses import dataclass
from typing import Any

from sqlalchemy.engine import Connection

from baton.ids import new_key_text
from baton.model.errors import DeadlineExceeded, FieldError, InvalidInput, NotFound
from baton.model.identity import Caller
from baton.model.query import Page, Query, VariableCondition, json_matches, select_page
from baton.services import authz, workflows
from baton.services.context import ServiceContext
from baton.services.tenants import require_tenant
from baton.services.values import check_value
from baton.store import bpmn_instances
from baton.store import deployments as store
from baton.store.bpmn_instances import BpmnInstanceRow

STATES = {
    "ACTIVE": ("RUNNING", "PAUSED"),
    "COMPLETED": ("COMPLETED",),
    "TERMINATED": ("TERMINATED", "FAILED", "TIMED_OUT"),
}
_STATE_OF = {status: state for state, statuses in STATES.items() for status in statuses}
MAX_AWAIT_MS = 10 * 60 * 1000
DEFAULT_AWAIT_MS = 60 * 1000  # awaitCompletion without requestTimeout
RECHECK_SECONDS = 0.5
MAX_VARIABLE_SCAN = 10_000  # a search filtering by variables reads at most this many instances


@dataclass(frozen=True)
class DefinitionRef:
    """Which process to start: by key, or by id and version (None = the latest)."""

    key: str | None = None
    process_id: str | None = None
    version: int | None = None


@dataclass(frozen=True)
class ProcessInstanceView:
    key: str
    process_id: str
    definition_key: int
    version: int
    name: str | None
    version_tag: str | None
    state: str
    has_incident: bool
    started: int
    ended: int | None
    parent_key: str | None
    parent_element_key: str | None
    root_key: str
    variables: dict[str, Any]


def _definition(conn: Connection, ref: DefinitionRef) -> dict[str, Any]:
    if ref.key is not None:
        if not ref.key.isdigit() or len(ref.key) > 19:
            raise InvalidInput("processDefinitionKey must be a string of digits")
        row = store.process_by_key(conn, int(ref.key))
        if row is None:
            raise NotFound(f"No process definition with key {ref.key}")
        return row
    if ref.process_id is None:
        raise InvalidInput(
            "send processDefinitionId (and optionally processDefinitionVersion)"
            " or processDefinitionKey"
        )
    if ref.version is None:
        row = store.latest_process(conn, ref.process_id)
    else:
        row = store.process_by_version(conn, ref.process_id, ref.version)
    if row is None:
        raise NotFound(
            f"No deployed process {ref.process_id!r} (version {ref.version or 'latest'})"
        )
    return row


def create(
    ctx: ServiceContext,
    caller: Caller,
    ref: DefinitionRef,
    variables: dict[str, Any],
    *,
    tenant: str | None = None,
    await_completion: bool = False,
    request_timeout_ms: int | None = None,
) -> ProcessInstanceView:
    """Start an instance; with `await_completion`, answer once it has ended (its final
    variables), or raise `DeadlineExceeded` after `request_timeout_ms` (it keeps running)."""
    require_tenant(tenant)
    if request_timeout_ms is not None and not 0 <= request_timeout_ms <= MAX_AWAIT_MS:
        raise InvalidInput(
            f"requestTimeout must be from 0 to {MAX_AWAIT_MS} ms",
            errors=[FieldError("requestTimeout", "out of range")],
        )
    check_value(ctx, variables, "variables")
    with ctx.db.read() as conn:
        row = _definition(conn, ref)
    instance_key = workflows.start(
        ctx,
        caller,
        name=row["process_id"],
        version=row["version"],
        input=variables,
        instance_id=new_key_text(),
    )
    if await_completion:
        return _await(ctx, caller, instance_key, request_timeout_ms or DEFAULT_AWAIT_MS)
    return get(ctx, caller, instance_key)


def end_signal(instance_key: str) -> str:
    """The wake-up name an instance's end is announced under (after its commit)."""
    return f"instance-end:{instance_key}"


def on_engine_changes(_ctx: ServiceContext, _conn: Connection, result: Any, _actor: Any) -> None:
    """Engine hook: announce an instance's end to whoever awaits it (after the commit)."""
    if result.state.status.is_terminal:
        result.queues.add(end_signal(result.state.instance_id))


def _await(ctx: ServiceContext, caller: Caller, key: str, timeout_ms: int) -> ProcessInstanceView:
    deadline = time.monotonic() + timeout_ms / 1000
    signal = end_signal(key)
    while True:
        seen = ctx.queues.generation(signal)
        view = get(ctx, caller, key)
        if view.state != "ACTIVE":
            return view
        remaining = deadline - time.monotonic()
        if remaining <= 0:
            raise DeadlineExceeded(
                f"process instance {key} did not complete within {timeout_ms} ms;"
                " it is still running"
            )
        ctx.queues.wait(signal, seen, min(remaining, RECHECK_SECONDS))


def _labels(conn: Connection, rows: list[BpmnInstanceRow]) -> dict[int, dict[str, Any]]:
    found: dict[int, dict[str, Any]] = {}
    for row in rows:
        if row.definition_key not in found:
            found[row.definition_key] = store.process_with_labels(conn, row.definition_key) or {}
    return found


def _view(row: BpmnInstanceRow, labels: dict[str, Any]) -> ProcessInstanceView:
    state = row.state
    return ProcessInstanceView(
        key=row.id,
        process_id=row.def_name,
        definition_key=row.definition_key,
        version=row.def_version,
        name=labels.get("name"),
        version_tag=labels.get("version_tag"),
        state=_STATE_OF.get(row.status, "ACTIVE"),
        has_incident=row.has_incident,
        started=row.created_at,
        ended=row.ended_at if row.status not in STATES["ACTIVE"] else None,
        parent_key=row.parent_key,
        parent_element_key=row.parent_element_key,
        root_key=row.root_id or row.id,
        variables=dict(state.get("variables") or {}),
    )


def get(ctx: ServiceContext, caller: Caller, key: str) -> ProcessInstanceView:
    with ctx.db.read() as conn:
        row = bpmn_instances.get(conn, key)
        if row is None or not authz.may_see_instance(ctx, caller, row.def_name, row.created_by):
            raise NotFound(f"Process instance {key} not found")
        return _view(row, _labels(conn, [row])[row.definition_key])


def search(ctx: ServiceContext, caller: Caller, query: Query) -> Page[ProcessInstanceView]:
    """Instances the caller may see (everyone's for readers of every workflow, otherwise
    their own). Variable filters are checked in memory on at most `MAX_VARIABLE_SCAN`
    instances matching the other filters."""
    owner = authz.instance_search_owner(caller)
    tests = query.variables.get("process", ())
    with ctx.db.read() as conn:
        if not tests:
            total, rows = bpmn_instances.search(conn, query, owner=owner)
            labels = _labels(conn, rows)
            views = [_view(r, labels[r.definition_key]) for r in rows]
            return Page(views, total, query.page.offset)
        _count, rows = bpmn_instances.search(conn, query, owner=owner, scan=MAX_VARIABLE_SCAN + 1)
        if len(rows) > MAX_VARIABLE_SCAN:
            raise InvalidInput(
                f"a search by variables looks at most {MAX_VARIABLE_SCAN} instances; "
                "narrow it with other filters (processDefinitionId, state, dates)"
            )
        kept = [r for r in rows if _variables_pass(r.state.get("variables") or {}, tests)]
        labels = _labels(conn, kept)
        views = [_view(r, labels[r.definition_key]) for r in kept]
    unpaged = Query(page=query.page)  # filtered and ordered already
    return select_page(views, unpaged, lambda _v, _f: (False, None))


def _variables_pass(variables: dict[str, Any], tests: tuple[VariableCondition, ...]) -> bool:
    return all(
        json_matches(t.test, variables.get(t.name), present=t.name in variables) for t in tests
    )


def cancel(ctx: ServiceContext, caller: Caller, key: str) -> None:
    get(ctx, caller, key)  # a non-BPMN or invisible instance is not found here
    workflows.terminate(ctx, caller, key, "canceled")


def _json_text(value: Any) -> str:
    return json.dumps(value, separators=(",", ":"), ensure_ascii=False)

"""Deployed BPMN process versions as the Camunda API shows them: search, one version, its
XML, its start form, and where its instances stand per element.

A caller sees a process when it may start it or read its definition (`authz`); one it may
not see is reported like a missing one."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from sqlalchemy.engine import Connection

from baton.model.errors import InvalidInput, NotFound
from baton.model.identity import Caller
from baton.model.instance import InstanceState
from baton.model.process import NodeKind
from baton.model.query import Page, Query, select_page
from baton.notation.bpmn.start_form import start_form
from baton.services import authz
from baton.services.context import ServiceContext
from baton.services.deployments import EMBEDDED_PREFIX
from baton.store import bpmn_instances
from baton.store import deployments as store

MAX_DEFINITIONS = 10_000  # a definition search looks at no more versions than this
MAX_STATISTICS_INSTANCES = 10_000  # element statistics read at most this many instances


@dataclass(frozen=True)
class ProcessDefinitionView:
    key: int
    process_id: str
    version: int
    name: str | None
    version_tag: str | None
    resource_name: str
    is_latest: bool
    has_start_form: bool


@dataclass(frozen=True)
class FormView:
    key: int
    form_id: str
    version: int
    schema: dict[str, Any]


@dataclass(frozen=True)
class ElementStatistics:
    element_id: str
    active: int
    completed: int
    canceled: int
    incidents: int


def _view(row: dict[str, Any], latest: dict[str, int]) -> ProcessDefinitionView:
    return ProcessDefinitionView(
        key=row["key"],
        process_id=row["process_id"],
        version=row["version"],
        name=row["name"],
        version_tag=row["version_tag"],
        resource_name=row["resource_name"],
        is_latest=latest.get(row["process_id"]) == row["version"],
        has_start_form=_start_form_ref(row) is not None,
    )


def _start_form_ref(row: dict[str, Any]) -> dict[str, str] | None:
    return start_form(row["xml"], row["process_id"]) if "startEvent" in row["xml"] else None


_FIELDS: dict[str, Callable[[ProcessDefinitionView], Any]] = {
    "key": lambda v: str(v.key),
    "process_id": lambda v: v.process_id,
    "version": lambda v: v.version,
    "name": lambda v: v.name,
    "version_tag": lambda v: v.version_tag,
    "resource_name": lambda v: v.resource_name,
    "is_latest": lambda v: v.is_latest,
    "has_start_form": lambda v: v.has_start_form,
}


def _field(view: ProcessDefinitionView, name: str) -> tuple[bool, Any]:
    getter = _FIELDS.get(name)
    return (False, None) if getter is None else (True, getter(view))


def search(ctx: ServiceContext, caller: Caller, query: Query) -> Page[ProcessDefinitionView]:
    with ctx.db.read() as conn:
        rows = store.all_processes(conn, MAX_DEFINITIONS)
    latest: dict[str, int] = {}
    for row in rows:
        latest[row["process_id"]] = max(latest.get(row["process_id"], 0), row["version"])
    names = {row["process_id"] for row in rows}
    visible = {name for name in names if authz.may_see_definition(ctx, caller, name)}
    views = [_view(row, latest) for row in rows if row["process_id"] in visible]
    return select_page(views, query, _field)


def _row(ctx: ServiceContext, caller: Caller, key: str) -> dict[str, Any]:
    number = parse_key(key, "processDefinitionKey")
    with ctx.db.read() as conn:
        row = store.process_with_labels(conn, number)
    if row is None or not authz.may_see_definition(ctx, caller, row["process_id"]):
        raise NotFound(f"No process definition with key {key}")
    return row


def get(ctx: ServiceContext, caller: Caller, key: str) -> ProcessDefinitionView:
    row = _row(ctx, caller, key)
    with ctx.db.read() as conn:
        newest = store.latest_process(conn, row["process_id"])
    latest = {row["process_id"]: newest["version"] if newest else row["version"]}
    return _view(row, latest)


def xml(ctx: ServiceContext, caller: Caller, key: str) -> str:
    return str(_row(ctx, caller, key)["xml"])


def form_of_start(ctx: ServiceContext, caller: Caller, key: str) -> FormView | None:
    """The start event's form (the latest version of its `formId`, or the embedded form its
    `formKey` names); None when it has none."""
    row = _row(ctx, caller, key)
    with ctx.db.read() as conn:
        return start_form_of(conn, row)


def start_form_of(conn: Connection, row: dict[str, Any]) -> FormView | None:
    """The start form of a deployed process version (a `bpmn_processes` row), if any."""
    ref = _start_form_ref(row)
    if ref is None:
        return None
    if "formId" in ref:
        found = store.latest_form(conn, ref["formId"])
    elif ref["formKey"].startswith(EMBEDDED_PREFIX):
        found = store.latest_form(conn, ref["formKey"])
    else:
        found = None
    return _form(found) if found is not None else None


def form(ctx: ServiceContext, caller: Caller, key: str) -> FormView:
    """A deployed form by its key. Forms are read by anyone signed in (a task's form is what
    its people fill in)."""
    number = parse_key(key, "formKey")
    with ctx.db.read() as conn:
        found = store.form_by_key(conn, number)
    if found is None:
        raise NotFound(f"No form with key {key}")
    return _form(found)


def _form(row: dict[str, Any]) -> FormView:
    form_id = str(row["form_id"]).removeprefix(EMBEDDED_PREFIX)
    return FormView(key=row["key"], form_id=form_id, version=row["version"], schema=row["schema"])


def element_statistics(
    ctx: ServiceContext, caller: Caller, key: str, query: Query
) -> list[ElementStatistics]:
    """Per element of one process version: instances whose token is there now (active),
    activities that ended there (completed), that were canceled there, and failures there
    (incidents). Counted from the saved instance documents (newest `MAX_STATISTICS_INSTANCES`)."""
    row = _row(ctx, caller, key)
    with ctx.db.read() as conn:
        documents = bpmn_instances.open_task_counts(
            conn,
            row["process_id"],
            row["version"],
            owner=authz.instance_search_owner(caller),
            scan=MAX_STATISTICS_INSTANCES,
        )
        try:
            definition, _ = ctx.definitions.get(conn, row["process_id"], row["version"])
            bodies = {n.id for n in definition.nodes if n.kind is NodeKind.MULTI_INSTANCE}
        except NotFound:
            bodies = set()
    counts: dict[str, Counter[str]] = {}
    for document in documents:
        state = InstanceState.from_dict(document["state"])
        for activity in state.activities.values():
            if activity.node in bodies:  # its element's inner instances are counted
                continue
            bucket = counts.setdefault(activity.node, Counter())
            bucket[_activity_bucket(activity.status.value, document["status"])] += 1
    return [
        ElementStatistics(
            element_id=element,
            active=bucket["active"],
            completed=bucket["completed"],
            canceled=bucket["canceled"],
            incidents=bucket["incidents"],
        )
        for element, bucket in sorted(counts.items())
    ]


_ACTIVE = {"SCHEDULED", "IN_PROGRESS", "WAITING", "PAUSED"}
_DONE = {"COMPLETED", "COMPLETED_WITH_ERRORS", "SKIPPED"}
_FAILED = {"FAILED", "FAILED_WITH_TERMINAL_ERROR", "TIMED_OUT"}


def _activity_bucket(status: str, instance_status: str) -> str:
    if status in _ACTIVE:
        return "active"
    if status in _DONE:
        return "completed"
    if status in _FAILED and instance_status == "FAILED":
        return "incidents"
    return "canceled"


def parse_key(key: str, name: str) -> int:
    if not key.isdigit() or len(key) > 19:
        raise InvalidInput(f"{name} must be a string of digits, got {key[:40]!r}")
    return int(key)

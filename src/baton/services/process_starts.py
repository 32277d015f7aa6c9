"""Starting a process from the web app: the definitions a person may start (BPMN processes
and Conductor workflows alike, latest version first), their start forms, and a start that
answers with the new instance's first task for the starter (read-your-writes: the task is
committed before the answer, so the app can open it at once).

A definition the caller may not see is reported like a missing one; one the caller sees but
may not start is refused by the same check as every other start endpoint (403)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Literal

from sqlalchemy.engine import Connection

from baton.forms import validate_camunda_form
from baton.model import human_task as model
from baton.model.errors import InvalidInput, NotFound
from baton.model.identity import Caller
from baton.services import authz, process_definitions, process_instances, workflows
from baton.services.context import ServiceContext
from baton.services.process_instances import DefinitionRef
from baton.store import definitions, deployments
from baton.store import human_tasks as tasks_store

Kind = Literal["bpmn", "conductor"]


@dataclass(frozen=True)
class StartForm:
    """A Camunda form (form-js schema), or a JSON Schema with an optional JSON Forms UI schema."""

    kind: Literal["camunda", "jsonforms"]
    schema: dict[str, Any]
    ui_schema: dict[str, Any] | None = None


@dataclass(frozen=True)
class StartableProcess:
    name: str
    label: str
    kind: Kind
    version: int  # the latest
    versions: list[int]  # newest first
    description: str | None
    start_form: StartForm | None


@dataclass(frozen=True)
class FirstTask:
    task_id: str
    name: str


@dataclass(frozen=True)
class Started:
    instance_id: str
    kind: Kind
    first_task: FirstTask | None


def startable(ctx: ServiceContext, caller: Caller) -> list[StartableProcess]:
    """Every definition the caller may start, by label."""
    with ctx.db.read() as conn:
        rows = definitions.list_process_defs(conn)
        versions: dict[str, list[int]] = {}
        latest: dict[str, dict[str, Any]] = {}
        for row in rows:  # ordered by name, version
            versions.setdefault(row["name"], []).append(int(row["version"]))
            latest[row["name"]] = row
        found = [
            _startable(conn, row, sorted(versions[name], reverse=True))
            for name, row in latest.items()
            if authz.may_start(ctx, caller, name)
        ]
    return sorted(found, key=lambda p: (p.label.lower(), p.name))


def _startable(conn: Connection, row: dict[str, Any], versions: list[int]) -> StartableProcess:
    kind: Kind = "bpmn" if row["notation"] == "bpmn" else "conductor"
    source = row["source"] if isinstance(row["source"], dict) else {}
    compiled = row["compiled"] if isinstance(row["compiled"], dict) else {}
    label = compiled.get("name") or source.get("name") or row["name"]
    description = source.get("description") if kind == "conductor" else None
    return StartableProcess(
        name=row["name"],
        label=str(label),
        kind=kind,
        version=int(row["version"]),
        versions=versions,
        description=description if isinstance(description, str) and description else None,
        start_form=_start_form(conn, kind, row["name"], int(row["version"]), source),
    )


def _start_form(
    conn: Connection, kind: Kind, name: str, version: int, source: dict[str, Any]
) -> StartForm | None:
    if kind == "bpmn":
        deployed = deployments.process_by_version(conn, name, version)
        form = process_definitions.start_form_of(conn, deployed) if deployed else None
        return StartForm("camunda", form.schema) if form is not None else None
    return input_form(source)


def input_form(source: dict[str, Any]) -> StartForm | None:
    """A Conductor workflow's `inputParameters` as a JSON Schema form: a text field each,
    typed by its `inputTemplate` default when there is one. None without parameters."""
    names = [n for n in source.get("inputParameters") or [] if isinstance(n, str) and n]
    if not names:
        return None
    defaults = source.get("inputTemplate")
    defaults = defaults if isinstance(defaults, dict) else {}
    properties: dict[str, Any] = {}
    for name in names:
        prop: dict[str, Any] = {"type": _json_type(defaults.get(name))}
        if name in defaults:
            prop["default"] = defaults[name]
        properties[name] = prop
    schema = {"type": "object", "properties": properties}
    elements = [{"type": "Control", "scope": f"#/properties/{name}"} for name in names]
    return StartForm("jsonforms", schema, {"type": "VerticalLayout", "elements": elements})


def _json_type(value: Any) -> str:
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, int):
        return "integer"
    if isinstance(value, float):
        return "number"
    return "string"


def start(
    ctx: ServiceContext,
    caller: Caller,
    name: str,
    *,
    version: int | None,
    variables: dict[str, Any],
) -> Started:
    with ctx.db.read() as conn:
        row = definitions.get_process_def(conn, name, version)
    if row is None or not authz.may_see_definition(ctx, caller, name):
        which = f"{name} version {version}" if version is not None else name
        raise NotFound(f"No process definition {which}")
    kind: Kind = "bpmn" if row["notation"] == "bpmn" else "conductor"
    if kind == "bpmn":
        authz.require_start(ctx, caller, name)
        _check_start_form(ctx, name, int(row["version"]), variables)
        ref = DefinitionRef(process_id=name, version=int(row["version"]))
        instance_id = process_instances.create(ctx, caller, ref, variables).key
    else:
        instance_id = workflows.start(
            ctx, caller, name=name, version=int(row["version"]), input=variables
        )
    return Started(instance_id, kind, first_task(ctx, caller, instance_id))


def _check_start_form(
    ctx: ServiceContext, name: str, version: int, variables: dict[str, Any]
) -> None:
    with ctx.db.read() as conn:
        form = _start_form(conn, "bpmn", name, version, {})
    if form is None:
        return
    errors = validate_camunda_form(form.schema, variables)
    if errors:
        summary = "; ".join(f"{e.path}: {e.message}" for e in errors[:5])
        raise InvalidInput(f"the variables do not fit the start form: {summary}", errors=errors)


def first_task(ctx: ServiceContext, caller: Caller, instance_id: str) -> FirstTask | None:
    """The oldest open human task of the instance that is offered to or held by the caller."""
    with ctx.db.read() as conn:
        rows = tasks_store.for_instance(conn, instance_id)
    for row in rows:
        if row.state not in tasks_store.OPEN_STATES:
            continue
        standing = authz.Standing(ctx, caller, row, model.from_dict(row.document))
        if standing.offered or standing.is_claimant:
            return FirstTask(row.id, row.display_name or row.ref_name)
    return None

"""Deploying BPMN models and Camunda forms (`POST /v2/deployments`, `baton deploy`).

A deployment is all or nothing: every resource is compiled and checked first, then saved in
one transaction. Versions count per process id (per form id); a resource whose compiled
content equals the latest version's is not deployed again and answers that version.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
from dataclasses import dataclass
from typing import Any

from baton.forms import check_camunda_form
from baton.ids import new_key
from baton.model.actor_text import audit_text
from baton.model.errors import FieldError, Forbidden, InvalidInput
from baton.model.identity import Caller, TargetType
from baton.model.process import ProcessDefinition
from baton.notation.bpmn import compile_bpmn
from baton.services import start_timers
from baton.services.authz import require_definition_writer
from baton.services.context import ServiceContext
from baton.store import definitions, subscriptions
from baton.store import deployments as store

EMBEDDED_PREFIX = "camunda-forms:bpmn:"
MAX_RESOURCES = 100


@dataclass(frozen=True)
class DeployedProcess:
    key: int
    process_id: str
    version: int
    resource_name: str


@dataclass(frozen=True)
class DeployedForm:
    key: int
    form_id: str
    version: int
    resource_name: str


@dataclass(frozen=True)
class Deployment:
    """What one deployment holds, in the order of its resources (forms first)."""

    key: int
    resources: list[DeployedProcess | DeployedForm]


def _checksum(value: Any) -> str:
    return hashlib.sha256(json.dumps(value, sort_keys=True).encode()).hexdigest()


def deploy(ctx: ServiceContext, caller: Caller, resources: list[tuple[str, bytes]]) -> Deployment:
    if not resources:
        raise InvalidInput("send at least one resource (multipart field `resources`)")
    if len(resources) > MAX_RESOURCES:
        raise InvalidInput(f"at most {MAX_RESOURCES} resources per deployment")
    processes, form_files = _compile(ctx, caller, resources)
    return _save(ctx, caller, processes, form_files)


def check(ctx: ServiceContext, caller: Caller, name: str, data: bytes) -> list[FieldError]:
    """What deploying this one resource would refuse, each problem with the id of the
    element it concerns (its `path`; empty when the file as a whole is wrong). Nothing is
    saved: the modeler asks this as the user edits."""
    try:
        _compile(ctx, caller, [(name, data)])
    except InvalidInput as exc:
        return list(exc.errors) or [FieldError("", exc.message)]
    except Forbidden as exc:
        return [FieldError("", exc.message)]
    return []


_Compiled = tuple[list[tuple[str, bytes, ProcessDefinition]], list[tuple[str, dict[str, Any]]]]


def _compile(ctx: ServiceContext, caller: Caller, resources: list[tuple[str, bytes]]) -> _Compiled:
    """Compile and check every resource, as deploy does before it saves anything."""
    processes: list[tuple[str, bytes, ProcessDefinition]] = []
    form_files: list[tuple[str, dict[str, Any]]] = []
    for name, data in resources:
        if name.endswith((".bpmn", ".bpmn20.xml", ".xml")):
            deployment = compile_bpmn(data, name)
            # forms embedded in the model are kept under their formKey
            for embedded_id, embedded in deployment.forms.items():
                form = {**embedded, "id": f"{EMBEDDED_PREFIX}{embedded_id}"}
                form_files.append((name, form))
            for definition in deployment.processes:
                require_definition_writer(ctx, caller, TargetType.WORKFLOW_DEF, definition.id)
                processes.append((name, data, definition))
        elif name.endswith(".form"):
            form_files.append((name, _form(name, data)))
        else:
            raise InvalidInput(
                f"{name}: unsupported resource type: deploy .bpmn and .form files",
                errors=[FieldError("resources", f"{name}: not a .bpmn or .form file")],
            )
    return processes, form_files


def _save(
    ctx: ServiceContext,
    caller: Caller,
    processes: list[tuple[str, bytes, ProcessDefinition]],
    form_files: list[tuple[str, dict[str, Any]]],
) -> Deployment:
    deployment_key = new_key()
    now = ctx.now_ms()
    shown: list[DeployedProcess | DeployedForm] = []
    with ctx.db.write() as conn:
        store.add_deployment(conn, key=deployment_key, now=now, by=audit_text(caller.actor))
        for name, form in form_files:
            embedded = form["id"].startswith(EMBEDDED_PREFIX)
            checksum = _checksum(form)
            latest = store.latest_form(conn, form["id"])
            if latest is not None and latest["checksum"] == checksum:
                row = latest
            else:
                row = {
                    "key": new_key(),
                    "form_id": form["id"],
                    "version": (latest["version"] + 1) if latest else 1,
                    "resource_name": name,
                    "checksum": checksum,
                    "deployment_key": deployment_key,
                    "schema": form,
                    "created_at": now,
                }
                store.add_form(conn, **row)
            if embedded:
                continue  # part of its process, not a deployment of its own
            shown.append(
                DeployedForm(row["key"], row["form_id"], row["version"], row["resource_name"])
            )
        for name, data, definition in processes:
            checksum = _checksum(definition.to_dict())
            latest = store.latest_process(conn, definition.id)
            if latest is None or latest["checksum"] != checksum:
                version = (latest["version"] + 1) if latest else 1
                versioned = dataclasses.replace(definition, version=version)
                key = new_key()
                definitions.save_process_def(
                    conn,
                    name=definition.id,
                    version=version,
                    notation="bpmn",
                    source={
                        "name": definition.id,
                        "version": version,
                        "resourceName": name,
                        "processDefinitionKey": str(key),
                    },
                    compiled=versioned.to_dict(),
                    now=now,
                    by=audit_text(caller.actor),
                )
                latest = {
                    "key": key,
                    "process_id": definition.id,
                    "version": version,
                    "resource_name": name,
                    "checksum": checksum,
                    "deployment_key": deployment_key,
                    "xml": data.decode("utf-8", errors="replace"),
                    "created_at": now,
                }
                store.add_process(conn, **latest)
                subscriptions.replace_starts(
                    conn,
                    definition.id,
                    version,
                    [
                        (n.id, n.trigger.kind.value, n.trigger.name)
                        for n in versioned.index.event_starts
                        if n.trigger is not None
                    ],
                )
                start_timers.arm(ctx, conn, versioned)
            shown.append(
                DeployedProcess(
                    latest["key"],
                    latest["process_id"],
                    latest["version"],
                    latest["resource_name"],
                )
            )
    for _name, _data, definition in processes:
        ctx.definitions.forget(definition.id)
    return Deployment(deployment_key, shown)


def _form(name: str, data: bytes) -> dict[str, Any]:
    try:
        form = json.loads(data)
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise InvalidInput(f"{name}: not a JSON form: {exc}") from exc
    if not isinstance(form, dict) or not isinstance(form.get("id"), str) or not form["id"]:
        raise InvalidInput(f"{name}: a Camunda form needs a string `id`")
    errors = check_camunda_form(form)
    if errors:
        raise InvalidInput(
            f"{name}: {errors[0].path}: {errors[0].message}",
            errors=[FieldError(f"{name}:{e.path}", e.message) for e in errors],
        )
    return form

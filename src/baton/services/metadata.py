"""Registering task definitions and workflow definitions (Conductor metadata)."""

from __future__ import annotations

import copy
import json
from collections.abc import Mapping, Sequence
from typing import Any

from baton.model import human_task
from baton.model.actor_text import audit_text
from baton.model.errors import Conflict, FieldError, InvalidInput, NotFound
from baton.model.identity import Caller, TargetType
from baton.model.process import EPHEMERAL_SEPARATOR, ProcessDefinition
from baton.notation.conductor import compiler as conductor
from baton.notation.conductor.task_defs import parse_task_def
from baton.services.authz import require_definition_writer
from baton.services.context import ServiceContext
from baton.services.definitions import task_def_json
from baton.services.identity import check_id
from baton.store import definitions as store
from baton.store import instances

# ---------------------------------------------------------------- task definitions


def register_task_defs(
    ctx: ServiceContext, caller: Caller, defs: Sequence[Any], *, replace: bool
) -> list[dict[str, Any]]:
    """Validate all, then save all in one transaction (nothing is saved if one is bad)."""
    if not isinstance(defs, Sequence) or isinstance(defs, str | bytes):
        raise InvalidInput("expected a JSON array of task definitions")
    parsed = []
    for i, raw in enumerate(defs):
        try:
            task_def = parse_task_def(raw)
        except InvalidInput as exc:
            errors = [FieldError(f"[{i}].{e.path}", e.message) for e in exc.errors]
            raise InvalidInput(f"task definition [{i}]: {exc.message}", errors=errors) from exc
        check_id(task_def.name, f"[{i}].name")
        parsed.append((task_def.name, dict(raw)))
    names = [name for name, _ in parsed]
    duplicates = sorted({n for n in names if names.count(n) > 1})
    if duplicates:
        raise InvalidInput(f"task definitions listed twice: {', '.join(duplicates)}")
    for name in names:
        require_definition_writer(ctx, caller, TargetType.TASK_DEF, name)
    with ctx.db.write() as conn:
        for name, raw in parsed:
            if not replace and store.get_task_def(conn, name) is not None:
                raise Conflict(f"Task definition {name!r} already exists")
            store.upsert_task_def(conn, name, raw, ctx.now_ms(), audit_text(caller.actor))
        return [task_def_json(store.get_task_def(conn, n) or {}) for n in names]


def get_task_def(ctx: ServiceContext, name: str) -> dict[str, Any]:
    with ctx.db.read() as conn:
        found = store.get_task_def(conn, name)
    if found is None:
        raise NotFound(f"No such task definition: {name}")
    return task_def_json(found)


def list_task_defs(ctx: ServiceContext) -> list[dict[str, Any]]:
    with ctx.db.read() as conn:
        return [task_def_json(d) for d in store.list_task_defs(conn)]


def delete_task_def(ctx: ServiceContext, caller: Caller, name: str) -> None:
    require_definition_writer(ctx, caller, TargetType.TASK_DEF, name)
    with ctx.db.write() as conn:
        if not store.delete_task_def(conn, name):
            raise NotFound(f"No such task definition: {name}")


# ---------------------------------------------------------------- workflow definitions


def register_workflows(
    ctx: ServiceContext,
    caller: Caller,
    defs: Sequence[Any],
    *,
    overwrite: bool,
    new_version: bool = False,
) -> list[dict[str, Any]]:
    """Compile every definition first; save them all in one transaction or none."""
    compiled = []
    for i, raw in enumerate(defs):
        if not isinstance(raw, Mapping):
            raise InvalidInput(f"workflow definition [{i}] must be a JSON object")
        source = copy.deepcopy(dict(raw))
        name = source.get("name")
        if isinstance(name, str):
            check_name(name)
        compiled.append(source)
    sources = []
    with ctx.db.write() as conn:
        for source in compiled:
            name = source.get("name")
            if new_version and isinstance(name, str):
                source["version"] = (store.latest_version(conn, name) or 0) + 1
            version = source.get("version")
            if version is None:
                source["version"] = 1
            elif not isinstance(version, int) or isinstance(version, bool) or version < 1:
                raise InvalidInput(
                    "version must be a whole number >= 1",
                    errors=[FieldError("version", "must be a whole number >= 1")],
                )
            definition = conductor.compile(source)
            _check_human_tasks(source.get("tasks"), "tasks")
            require_definition_writer(ctx, caller, TargetType.WORKFLOW_DEF, definition.id)
            existing = store.get_process_def(conn, definition.id, definition.version)
            if existing is not None and not overwrite:
                raise Conflict(
                    f"Workflow {definition.id} version {definition.version} already exists; "
                    "use overwrite=true or a new version"
                )
            now = ctx.now_ms()
            shown = {
                **source,
                "createTime": existing["created_at"] if existing else now,
                "updateTime": now,
                "createdBy": existing["created_by"] if existing else audit_text(caller.actor),
                "updatedBy": audit_text(caller.actor),
            }
            store.save_process_def(
                conn,
                name=definition.id,
                version=definition.version,
                notation="conductor",
                source=shown,
                compiled=definition.to_dict(),
                now=now,
                by=audit_text(caller.actor),
            )
            sources.append(shown)
    for source in sources:
        ctx.definitions.forget(str(source["name"]))
    return sources


def check_name(name: str) -> None:
    """A workflow name: an id that cannot be taken for an ephemeral definition's."""
    check_id(name, "name")
    if EPHEMERAL_SEPARATOR in name:
        raise InvalidInput(
            f"name must not contain {EPHEMERAL_SEPARATOR!r}",
            errors=[FieldError("name", f"must not contain {EPHEMERAL_SEPARATOR!r}")],
        )


def compile_ephemeral(
    raw: Any, name: str, definition_id: str
) -> tuple[ProcessDefinition, dict[str, Any]]:
    """A workflow definition sent with a start (Orkes' ephemeral workflows), compiled as
    registering would and kept under `definition_id`; `name` when it names none."""
    if not isinstance(raw, Mapping):
        raise InvalidInput("workflowDef must be a JSON object")
    source = copy.deepcopy(dict(raw))
    source["name"] = source.get("name") or name
    if not isinstance(source["name"], str):
        raise InvalidInput("workflowDef.name must be a string")
    check_name(source["name"])
    source.setdefault("version", 1)
    version = source["version"]
    if not isinstance(version, int) or isinstance(version, bool) or version < 1:
        raise InvalidInput("workflowDef.version must be a whole number >= 1")
    compiled = conductor.compile(source)
    _check_human_tasks(source.get("tasks"), "tasks")
    return conductor.rebase(compiled, definition_id, compiled.version), source


def check_workflow(raw: Any) -> list[FieldError]:
    """What registering this one workflow definition would refuse (nothing is saved): the
    same compile and checks as `register_workflows`, for the modeler's live validation."""
    try:
        if not isinstance(raw, Mapping):
            raise InvalidInput("a workflow definition must be a JSON object")
        source = copy.deepcopy(dict(raw))
        if isinstance(source.get("name"), str):
            check_id(source["name"], "name")
        source.setdefault("version", 1)
        conductor.compile(source)
        _check_human_tasks(source.get("tasks"), "tasks")
    except InvalidInput as exc:
        return list(exc.errors) or [FieldError("", exc.message)]
    return []


def _check_human_tasks(steps: Any, path: str) -> None:
    """A HUMAN task's `__humanTaskDefinition` is checked at registration, unless it is built
    from expressions at run time."""
    if not isinstance(steps, list):
        return
    for i, step in enumerate(steps):
        if not isinstance(step, Mapping):
            continue
        here = f"{path}[{i}]"
        raw = (step.get("inputParameters") or {}).get("__humanTaskDefinition")
        if step.get("type") == "HUMAN" and isinstance(raw, Mapping) and "${" not in json.dumps(raw):
            human_task.parse_definition(raw, f"{here}.inputParameters.__humanTaskDefinition")
        for key in ("loopOver", "defaultCase"):
            _check_human_tasks(step.get(key), f"{here}.{key}")
        for name, branch in (step.get("decisionCases") or {}).items():
            _check_human_tasks(branch, f"{here}.decisionCases.{name}")
        for j, branch in enumerate(step.get("forkTasks") or []):
            _check_human_tasks(branch, f"{here}.forkTasks[{j}]")


def get_workflow_def(ctx: ServiceContext, name: str, version: int | None) -> dict[str, Any]:
    with ctx.db.read() as conn:
        row = store.get_process_def(conn, name, version)
    if row is None:
        which = f"{name} version {version}" if version is not None else name
        raise NotFound(f"No such workflow definition: {which}")
    return dict(row["source"])


def list_workflow_defs(ctx: ServiceContext, *, latest_only: bool) -> list[dict[str, Any]]:
    with ctx.db.read() as conn:
        return [dict(r["source"]) for r in store.list_process_defs(conn, latest_only=latest_only)]


def delete_workflow_def(ctx: ServiceContext, caller: Caller, name: str, version: int) -> None:
    require_definition_writer(ctx, caller, TargetType.WORKFLOW_DEF, name)
    with ctx.db.write() as conn:
        if instances.has_open_instances(conn, name, version):
            raise Conflict(
                f"Workflow {name} version {version} has running instances; "
                "terminate them before deleting it"
            )
        if not store.delete_process_def(conn, name, version):
            raise NotFound(f"No such workflow definition: {name} version {version}")
    ctx.definitions.forget(name)

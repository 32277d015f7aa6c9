"""The modeler's drafts: a person's diagrams and forms kept on the server by name until they
are deployed, the deployed versions a draft can start from, and a text diff of a draft
against a deployed version. Only people who may deploy keep drafts (`authz.require_modeler`);
a draft is seen by its owner alone."""

from __future__ import annotations

import difflib
import json
from dataclasses import dataclass
from typing import Any, Literal

from baton.model.errors import FieldError, InvalidInput, NotFound
from baton.model.identity import Caller
from baton.notation.bpmn import MAX_BYTES
from baton.notation.bpmn.document import BPMN, parse, q
from baton.services import authz
from baton.services.context import ServiceContext
from baton.services.deployments import EMBEDDED_PREFIX
from baton.store import deployments as deployment_store
from baton.store import model_drafts as store
from baton.store.model_drafts import DraftRow

MAX_NAME = 200
MAX_LISTED_VERSIONS = 10_000
DraftKind = Literal["bpmn", "form", "template"]


@dataclass(frozen=True)
class Draft:
    name: str
    kind: DraftKind
    resource_id: str | None
    content: str
    created_at: int
    updated_at: int


@dataclass(frozen=True)
class DeployedProcess:
    process_id: str
    label: str | None
    versions: list[int]  # newest first


@dataclass(frozen=True)
class DeployedFormVersions:
    form_id: str
    versions: list[int]  # newest first


@dataclass(frozen=True)
class DraftDiff:
    resource_id: str
    version: int
    diff: str  # unified diff, deployed → draft; empty when they are the same text


def _draft(row: DraftRow) -> Draft:
    kind: DraftKind = "form" if row.kind == "form" else "bpmn"
    if row.kind == "template":
        kind = "template"
    return Draft(row.name, kind, row.resource_id, row.content, row.created_at, row.updated_at)


def resource_id(kind: DraftKind, content: str) -> str | None:
    """The process id (first executable process), form id or template name the content is
    saved as; None while the draft is not yet readable."""
    try:
        if kind in ("form", "template"):
            found = json.loads(content).get("id" if kind == "form" else "name")
            return found if isinstance(found, str) and found else None
        root = parse(content.encode(), "draft.bpmn")
    except (InvalidInput, ValueError, AttributeError):
        return None
    processes = root.findall(q(BPMN, "process"))
    executable = [p for p in processes if p.get("isExecutable") == "true"] or processes
    return (executable[0].get("id") or None) if executable else None


def _checked_name(name: str) -> str:
    name = name.strip()
    if not name or len(name) > MAX_NAME:
        message = f"must be 1 to {MAX_NAME} characters"
        raise InvalidInput(f"name {message}", errors=[FieldError("name", message)])
    return name


def save(ctx: ServiceContext, caller: Caller, name: str, kind: DraftKind, content: str) -> Draft:
    """Keep `content` as the caller's draft `name` (replacing the one of that name)."""
    authz.require_modeler(ctx, caller)
    name = _checked_name(name)
    if len(content.encode()) > MAX_BYTES:
        message = f"must be at most {MAX_BYTES} bytes"
        raise InvalidInput(f"content {message}", errors=[FieldError("content", message)])
    now = ctx.now_ms()
    row = DraftRow(caller.id, name, kind, resource_id(kind, content), content, now, now)
    with ctx.db.write() as conn:
        return _draft(store.put(conn, row))


def mine(ctx: ServiceContext, caller: Caller) -> list[Draft]:
    authz.require_modeler(ctx, caller)
    with ctx.db.read() as conn:
        return [_draft(r) for r in store.owned_by(conn, caller.id)]


def get(ctx: ServiceContext, caller: Caller, name: str) -> Draft:
    authz.require_modeler(ctx, caller)
    with ctx.db.read() as conn:
        row = store.get(conn, caller.id, name)
    if row is None:
        raise NotFound(f"No draft {name!r}")
    return _draft(row)


def remove(ctx: ServiceContext, caller: Caller, name: str) -> None:
    authz.require_modeler(ctx, caller)
    with ctx.db.write() as conn:
        if not store.delete(conn, caller.id, name):
            raise NotFound(f"No draft {name!r}")


def deployed(ctx: ServiceContext, caller: Caller) -> list[DeployedProcess]:
    """The BPMN processes deployed so far that the caller may see, each with its versions."""
    authz.require_modeler(ctx, caller)
    with ctx.db.read() as conn:
        rows = deployment_store.all_processes(conn, MAX_LISTED_VERSIONS)
    found: dict[str, DeployedProcess] = {}
    for row in rows:  # oldest first: the label of the newest version wins
        pid = str(row["process_id"])
        versions = [int(row["version"]), *(found[pid].versions if pid in found else [])]
        found[pid] = DeployedProcess(pid, row.get("name"), versions)
    return [found[pid] for pid in sorted(found) if authz.may_see_definition(ctx, caller, pid)]


def deployed_forms(ctx: ServiceContext, caller: Caller) -> list[DeployedFormVersions]:
    """The forms deployed as `.form` resources (not those embedded in a diagram), each with
    its versions, for the form editor to open. Forms are readable by anyone signed in."""
    authz.require_modeler(ctx, caller)
    with ctx.db.read() as conn:
        rows = deployment_store.form_versions(conn, MAX_LISTED_VERSIONS)
    found: dict[str, list[int]] = {}
    for form_id, version in rows:
        if not form_id.startswith(EMBEDDED_PREFIX):
            found.setdefault(form_id, []).append(version)
    return [DeployedFormVersions(form_id, versions) for form_id, versions in found.items()]


def deployed_form(
    ctx: ServiceContext, caller: Caller, form_id: str, version: int
) -> dict[str, Any]:
    """The schema of one deployed version of a `.form` resource."""
    authz.require_modeler(ctx, caller)
    row = None
    if not form_id.startswith(EMBEDDED_PREFIX):
        with ctx.db.read() as conn:
            row = deployment_store.form_by_version(conn, form_id, version)
    if row is None:
        raise NotFound(f"No deployed form {form_id!r} version {version}")
    schema: dict[str, Any] = row["schema"]
    return schema


def diff(ctx: ServiceContext, caller: Caller, name: str, version: int | None) -> DraftDiff:
    """The draft against a deployed version of its process (the latest when None)."""
    draft = get(ctx, caller, name)
    if draft.kind != "bpmn" or draft.resource_id is None:
        raise InvalidInput(f"draft {name!r} is not a BPMN diagram with a process id")
    pid = draft.resource_id
    if not authz.may_see_definition(ctx, caller, pid):
        raise NotFound(f"No deployed process {pid!r}")
    with ctx.db.read() as conn:
        row = (
            deployment_store.latest_process(conn, pid)
            if version is None
            else deployment_store.process_by_version(conn, pid, version)
        )
    if row is None:
        raise NotFound(f"No deployed process {pid!r} version {version or 'latest'}")
    lines = difflib.unified_diff(
        str(row["xml"]).splitlines(keepends=True),
        draft.content.splitlines(keepends=True),
        fromfile=f"{pid} version {row['version']} (deployed)",
        tofile=f"{name} (draft)",
    )
    return DraftDiff(pid, int(row["version"]), "".join(lines))

"""User-form templates (Orkes `HumanTaskTemplate`): register and version them, tag them, delete
them, and find the one a human task shows.

Anyone authenticated may read templates; registering, tagging and deleting need ADMIN or
METADATA_MANAGER (or a CREATE/UPDATE grant on the `USER_FORM_TEMPLATE`). A template's
`jsonSchema` is checked when it is saved, so a human task's output can later be validated
against it. In a workflow a form is referenced by name and version, where version 0 (the SDK
builders' default) or none means the latest: `resolve` does that lookup.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any, NoReturn

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from baton.forms import check_schema
from baton.model.actor_text import audit_text
from baton.model.errors import Conflict, FieldError, InvalidInput, NotFound
from baton.model.identity import Caller, CallerKind, TargetType
from baton.services.authz import require_definition_writer
from baton.services.context import ServiceContext
from baton.services.human import commands as human_commands
from baton.services.identity import check_id
from baton.services.values import check_value
from baton.store import templates as store
from baton.store.templates import FormTemplate

MAX_VERSION = 2**31 - 1  # versions are int32 on the wire (Orkes) and INTEGER in the table
MAX_TAGS = 100
MAX_TAG_KEY = 255
MAX_TAG_VALUE = 1024
_SAVE_ATTEMPTS = 5
_NEW_VERSION_ATTEMPTS = 20


# ---------------------------------------------------------------- lookups for human tasks


@contextmanager
def _reading(source: ServiceContext | Connection) -> Iterator[Connection]:
    if isinstance(source, Connection):
        yield source
    else:
        with source.db.read() as conn:
            yield conn


def resolve(
    source: ServiceContext | Connection, name: str, version: int | None
) -> FormTemplate | None:
    """The template a workflow refers to: `version` None or 0 means the latest version.

    `source` is a service context (a read transaction is opened) or a connection already in
    a transaction (the caller's). None when there is no such template.
    """
    with _reading(source) as conn:
        if not version:
            return store.latest(conn, name)
        if version < 0 or version > MAX_VERSION:
            return None
        return store.get(conn, name, version)


# ---------------------------------------------------------------- reading


def list_templates(
    ctx: ServiceContext, *, name: str | None = None, version: int | None = None
) -> list[FormTemplate]:
    """All versions of all templates, or of one name (404 when none), or one version."""
    if version is not None:
        _check_version(version, "version")
    with ctx.db.read() as conn:
        found = store.list_templates(conn, name=name, version=version)
    if name is not None and not found:
        which = f"{name!r} version {version}" if version is not None else repr(name)
        raise NotFound(f"No user form template {which}")
    return found


def get_template(ctx: ServiceContext, name: str, version: int) -> FormTemplate:
    """One version; 0 means the latest (as in a workflow's form reference)."""
    if version < 0:
        _invalid("version", "must be a whole number >= 1 (or 0 for the latest)")
    found = resolve(ctx, name, version)
    if found is None:
        which = "latest version" if version == 0 else f"version {version}"
        raise NotFound(f"No user form template {name!r} {which}")
    return found


def get_template_for_task(ctx: ServiceContext, caller: Caller, human_task_id: str) -> FormTemplate:
    """The template a human task shows (its form reference, 0 = latest, resolved now), to
    those who may see the task."""
    human_commands.get(ctx, caller, human_task_id)
    with ctx.db.read() as conn:
        form = store.human_task_form(conn, human_task_id)
        if form is None:
            raise NotFound(f"No human task {human_task_id!r}")
        name, version = form
        if not name:
            raise NotFound(f"Human task {human_task_id!r} has no user form template")
        found = resolve(conn, name, version)
    if found is None:
        which = "latest version" if not version else f"version {version}"
        raise NotFound(
            f"User form template {name!r} {which} of human task {human_task_id!r} does not exist"
        )
    return found


# ---------------------------------------------------------------- saving


@dataclass(frozen=True)
class _Draft:
    """A validated template from a request body."""

    name: str
    version: int | None
    json_schema: dict[str, Any]
    template_ui: dict[str, Any]
    tags: list[dict[str, str]] | None  # None: keep the name's tags


def save_template(
    ctx: ServiceContext, caller: Caller, raw: Any, *, new_version: bool
) -> FormTemplate:
    """Register one template (`POST /api/human/template`) and return it as saved.

    An explicit `version` in the body wins; without one, `new_version` saves the latest + 1,
    otherwise the latest version is overwritten (version 1 for a new name).
    """
    check_value(ctx, raw, "body")
    draft = _parse_template(raw, "")
    require_definition_writer(ctx, caller, TargetType.USER_FORM_TEMPLATE, draft.name)
    return _save(ctx, caller, [draft], new_version=new_version)[0]


def save_templates(
    ctx: ServiceContext, caller: Caller, raws: Any, *, new_version: bool
) -> list[FormTemplate]:
    """Register many: all are checked first, then all saved in one transaction or none."""
    if not isinstance(raws, list):
        _invalid("body", "expected a JSON array of templates")
    check_value(ctx, raws, "body")
    drafts = [_parse_template(raw, f"[{i}].") for i, raw in enumerate(raws)]
    for name in dict.fromkeys(d.name for d in drafts):
        require_definition_writer(ctx, caller, TargetType.USER_FORM_TEMPLATE, name)
    return _save(ctx, caller, drafts, new_version=new_version)


def _save(
    ctx: ServiceContext, caller: Caller, drafts: list[_Draft], *, new_version: bool
) -> list[FormTemplate]:
    owner_app = caller.id if caller.kind is CallerKind.APPLICATION else None
    for attempt in range(_SAVE_ATTEMPTS):
        try:
            with ctx.db.write() as conn:
                store.lock_names(conn, (d.name for d in drafts))
                now = ctx.now_ms()
                return [
                    _save_one(
                        conn,
                        draft,
                        new_version=new_version,
                        now=now,
                        by=audit_text(caller.actor),
                        owner_app=owner_app,
                        path=f"[{i}].version" if len(drafts) > 1 else "version",
                    )
                    for i, draft in enumerate(drafts)
                ]
        except sa.exc.IntegrityError as exc:
            # Two writers took the same new version at once (PostgreSQL): try again.
            if attempt == _SAVE_ATTEMPTS - 1:
                raise Conflict("templates changed concurrently; try again") from exc
    raise AssertionError("unreachable")


def _save_one(
    conn: Connection,
    draft: _Draft,
    *,
    new_version: bool,
    now: int,
    by: str,
    owner_app: str | None,
    path: str,
) -> FormTemplate:
    tags = draft.tags if draft.tags is not None else store.get_tags(conn, draft.name) or []
    fields: dict[str, Any] = {
        "name": draft.name,
        "json_schema": draft.json_schema,
        "template_ui": draft.template_ui,
        "tags": tags,
        "now": now,
        "by": by,
        "owner_app": owner_app,
    }
    saved: FormTemplate | None = None
    if draft.version is None and new_version:
        # latest + 1, inserted only if still new: a concurrent writer that took that version
        # first must not be overwritten, so read the latest again and take the next one.
        for _ in range(_NEW_VERSION_ATTEMPTS):
            version = (store.latest_version(conn, draft.name) or 0) + 1
            if version > MAX_VERSION:
                _invalid(path, f"no version left after {MAX_VERSION}")
            saved = store.insert(conn, version=version, **fields)
            if saved is not None:
                break
        if saved is None:
            raise Conflict(f"template {draft.name!r} is being changed concurrently; try again")
    else:
        version = draft.version or store.latest_version(conn, draft.name) or 1
        saved = store.save(conn, version=version, **fields)
    if draft.tags is not None:
        store.set_tags(conn, draft.name, draft.tags)
    return saved


def _parse_template(raw: Any, prefix: str) -> _Draft:
    """Check a `HumanTaskTemplate` body; every problem is reported at once (400)."""
    if not isinstance(raw, Mapping):
        _invalid(prefix.rstrip(".") or "body", "a template must be a JSON object")
    errors: list[FieldError] = []

    name = raw.get("name")
    if not isinstance(name, str):
        missing = name is None
        errors.append(FieldError(f"{prefix}name", "is required" if missing else "must be a string"))
        name = ""
    else:
        try:
            check_id(name, f"{prefix}name")
        except InvalidInput as exc:
            errors.extend(exc.errors)
        if "/" in name:
            errors.append(FieldError(f"{prefix}name", "must not contain '/'"))

    version = raw.get("version")
    problem = _version_error(version) if version is not None else None
    if problem is not None:
        errors.append(FieldError(f"{prefix}version", problem))
        version = None

    schema = raw.get("jsonSchema")
    if schema is None:
        errors.append(FieldError(f"{prefix}jsonSchema", "is required (a JSON Schema object)"))
    elif not isinstance(schema, Mapping):
        errors.append(FieldError(f"{prefix}jsonSchema", "must be a JSON object (a JSON Schema)"))
    else:
        for e in check_schema(schema):
            path = f"{prefix}jsonSchema" + (f".{e.path}" if e.path else "")
            errors.append(FieldError(path, e.message))

    ui = raw.get("templateUI")
    if ui is not None and not isinstance(ui, Mapping):
        errors.append(FieldError(f"{prefix}templateUI", "must be a JSON object"))

    tags = raw.get("tags")
    parsed_tags = None
    if tags is not None:
        parsed_tags = _upsert_tags([], _parse_tag_list(tags, f"{prefix}tags", errors, True))
        if len(parsed_tags) > MAX_TAGS:
            errors.append(FieldError(f"{prefix}tags", f"at most {MAX_TAGS} tags"))

    if errors:
        label = f"template {name!r}" if name else "template"
        if prefix:
            label = f"{label} at {prefix.rstrip('.')}"
        raise InvalidInput(f"invalid {label}: {_summary(errors)}", errors=errors)
    return _Draft(
        name=name,
        version=version if isinstance(version, int) else None,
        json_schema=dict(schema) if isinstance(schema, Mapping) else {},
        template_ui=dict(ui) if isinstance(ui, Mapping) else {},
        tags=parsed_tags,
    )


def _version_error(value: Any) -> str | None:
    if not isinstance(value, int) or isinstance(value, bool):
        return "must be a whole number"
    if value < 1 or value > MAX_VERSION:
        return f"must be between 1 and {MAX_VERSION}"
    return None


def _check_version(value: int, path: str) -> None:
    problem = _version_error(value)
    if problem is not None:
        _invalid(path, problem)


# ---------------------------------------------------------------- deleting


def delete_template(
    ctx: ServiceContext, caller: Caller, name: str, version: int | None = None
) -> None:
    """Delete one version, or all versions of `name` when `version` is None (404 if none)."""
    if version is not None:
        _check_version(version, "version")
    require_definition_writer(ctx, caller, TargetType.USER_FORM_TEMPLATE, name)
    with ctx.db.write() as conn:
        if not store.delete(conn, name, version):
            which = f"{name!r} version {version}" if version is not None else repr(name)
            raise NotFound(f"No user form template {which}")


# ---------------------------------------------------------------- tags


def get_tags(ctx: ServiceContext, name: str) -> list[dict[str, str]]:
    with ctx.db.read() as conn:
        tags = store.get_tags(conn, name)
    if tags is None:
        raise NotFound(f"No user form template {name!r}")
    return tags


def put_tags(ctx: ServiceContext, caller: Caller, name: str, raw: Any) -> list[dict[str, str]]:
    """Add tags to every version of `name`; a tag whose key exists replaces its value."""
    new = _tags_body(raw, need_value=True)
    require_definition_writer(ctx, caller, TargetType.USER_FORM_TEMPLATE, name)
    with ctx.db.write() as conn:
        store.lock_names(conn, [name])
        tags = _upsert_tags(_existing_tags(conn, name), new)
        if len(tags) > MAX_TAGS:
            _invalid("body", f"a template may have at most {MAX_TAGS} tags")
        store.set_tags(conn, name, tags)
    return tags


def delete_tags(ctx: ServiceContext, caller: Caller, name: str, raw: Any) -> list[dict[str, str]]:
    """Remove tags from every version of `name`: by key, and by value too when one is given."""
    gone = _tags_body(raw, need_value=False)
    require_definition_writer(ctx, caller, TargetType.USER_FORM_TEMPLATE, name)
    with ctx.db.write() as conn:
        store.lock_names(conn, [name])
        tags = [
            tag
            for tag in _existing_tags(conn, name)
            if not any(
                tag["key"] == g["key"] and g.get("value") in (None, tag["value"]) for g in gone
            )
        ]
        store.set_tags(conn, name, tags)
    return tags


def _existing_tags(conn: Connection, name: str) -> list[dict[str, str]]:
    tags = store.get_tags(conn, name)
    if tags is None:
        raise NotFound(f"No user form template {name!r}")
    return tags


def _tags_body(raw: Any, *, need_value: bool) -> list[dict[str, Any]]:
    errors: list[FieldError] = []
    tags = _parse_tag_list(raw, "", errors, need_value)
    if errors:
        raise InvalidInput(f"invalid tags: {_summary(errors)}", errors=errors)
    return tags


def _parse_tag_list(
    raw: Any, path: str, errors: list[FieldError], need_value: bool
) -> list[dict[str, Any]]:
    """`[{key, value}]`; problems are added to `errors`."""
    if not isinstance(raw, list):
        errors.append(FieldError(path or "body", "must be a JSON array of {key, value}"))
        return []
    found: list[dict[str, Any]] = []
    for i, tag in enumerate(raw):
        at = f"{path}[{i}]"
        if not isinstance(tag, Mapping):
            errors.append(FieldError(at, "must be an object {key, value}"))
            continue
        key, value = tag.get("key"), tag.get("value")
        ok = True
        if not isinstance(key, str) or not key.strip():
            errors.append(FieldError(f"{at}.key", "must be a non-empty string"))
            ok = False
        elif len(key) > MAX_TAG_KEY or any(ord(ch) < 32 or ord(ch) == 127 for ch in key):
            message = f"must be at most {MAX_TAG_KEY} characters, without control characters"
            errors.append(FieldError(f"{at}.key", message))
            ok = False
        if value is None and not need_value:
            pass
        elif not isinstance(value, str):
            errors.append(FieldError(f"{at}.value", "must be a string"))
            ok = False
        elif len(value) > MAX_TAG_VALUE:
            errors.append(FieldError(f"{at}.value", f"must be at most {MAX_TAG_VALUE} characters"))
            ok = False
        if ok:
            found.append({"key": key, "value": value})
    return found


def _upsert_tags(existing: list[dict[str, str]], new: list[dict[str, Any]]) -> list[dict[str, str]]:
    merged = {t["key"]: t["value"] for t in existing}
    for tag in new:
        merged[tag["key"]] = tag["value"]
    return [{"key": k, "value": v} for k, v in merged.items()]


# ---------------------------------------------------------------- errors


def _summary(errors: list[FieldError]) -> str:
    shown = "; ".join(f"{e.path}: {e.message}" for e in errors[:5])
    return shown + (f" (and {len(errors) - 5} more)" if len(errors) > 5 else "")


def _invalid(path: str, message: str) -> NoReturn:
    raise InvalidInput(f"{path} {message}", errors=[FieldError(path, message)])

"""Queries on user-form templates (Orkes `HumanTaskTemplate`), one row per name and version.

Tags belong to a template name: every version of a name carries the same tag list.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import Any, TypedDict

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from baton.store.schema import form_templates, human_tasks


class FormTemplate(TypedDict):
    """One stored template version (its column names; `api.human.wire` renders the wire shape)."""

    name: str
    version: int
    json_schema: dict[str, Any]
    template_ui: dict[str, Any]
    tags: list[dict[str, str]]
    created_at: int
    updated_at: int
    created_by: str | None
    updated_by: str | None
    owner_app: str | None


def _json(value: Any) -> Any:
    return json.loads(value) if isinstance(value, str) else value


def _template(row: Any) -> FormTemplate:
    return FormTemplate(
        name=row["name"],
        version=int(row["version"]),
        json_schema=dict(_json(row["json_schema"]) or {}),
        template_ui=dict(_json(row["template_ui"]) or {}),
        tags=[dict(t) for t in (_json(row["tags"]) or [])],
        created_at=int(row["created_at"]),
        updated_at=int(row["updated_at"]),
        created_by=row["created_by"],
        updated_by=row["updated_by"],
        owner_app=row["owner_app"],
    )


def lock_names(conn: Connection, names: Iterable[str]) -> None:
    """Serialize writers of these template names until the transaction ends (PostgreSQL; a
    SQLite write transaction already excludes every other writer). Locks are taken in sorted
    order so two batches naming the same templates cannot deadlock."""
    if conn.dialect.name != "postgresql":
        return
    for name in sorted(set(names)):
        conn.execute(
            sa.text("SELECT pg_advisory_xact_lock(hashtextextended(:key, 0))"),
            {"key": f"baton.form_templates:{name}"},
        )


def get(conn: Connection, name: str, version: int) -> FormTemplate | None:
    row = (
        conn.execute(
            sa.select(form_templates).where(
                form_templates.c.name == name, form_templates.c.version == version
            )
        )
        .mappings()
        .first()
    )
    return _template(row) if row is not None else None


def latest(conn: Connection, name: str) -> FormTemplate | None:
    row = (
        conn.execute(
            sa.select(form_templates)
            .where(form_templates.c.name == name)
            .order_by(form_templates.c.version.desc())
            .limit(1)
        )
        .mappings()
        .first()
    )
    return _template(row) if row is not None else None


def latest_version(conn: Connection, name: str) -> int | None:
    value = conn.execute(
        sa.select(sa.func.max(form_templates.c.version)).where(form_templates.c.name == name)
    ).scalar()
    return int(value) if value is not None else None


def list_templates(
    conn: Connection, *, name: str | None = None, version: int | None = None
) -> list[FormTemplate]:
    """Every version of every template (or of one name / one version), by name then version."""
    stmt = sa.select(form_templates).order_by(form_templates.c.name, form_templates.c.version)
    if name is not None:
        stmt = stmt.where(form_templates.c.name == name)
    if version is not None:
        stmt = stmt.where(form_templates.c.version == version)
    return [_template(row) for row in conn.execute(stmt).mappings()]


def save(
    conn: Connection,
    *,
    name: str,
    version: int,
    json_schema: dict[str, Any],
    template_ui: dict[str, Any],
    tags: list[dict[str, str]],
    now: int,
    by: str,
    owner_app: str | None,
) -> FormTemplate:
    """Insert or overwrite one version. Overwriting keeps its creation time, creator and owner
    application. Returns the row as saved. (On PostgreSQL a concurrent insert of the same
    version raises `IntegrityError`: retry the transaction.)"""
    updated = conn.execute(
        form_templates.update()
        .where(form_templates.c.name == name, form_templates.c.version == version)
        .values(
            json_schema=json_schema,
            template_ui=template_ui,
            tags=tags,
            updated_at=now,
            updated_by=by,
        )
    ).rowcount
    if not updated:
        conn.execute(
            form_templates.insert().values(
                _new_row(name, version, json_schema, template_ui, tags, now, by, owner_app)
            )
        )
    saved = get(conn, name, version)
    assert saved is not None
    return saved


def insert(
    conn: Connection,
    *,
    name: str,
    version: int,
    json_schema: dict[str, Any],
    template_ui: dict[str, Any],
    tags: list[dict[str, str]],
    now: int,
    by: str,
    owner_app: str | None,
) -> FormTemplate | None:
    """Insert a version that must be new; None (and nothing changed) when it exists already,
    including when a concurrent transaction has just committed it."""
    row = _new_row(name, version, json_schema, template_ui, tags, now, by, owner_app)
    try:
        with conn.begin_nested():
            conn.execute(form_templates.insert().values(row))
    except sa.exc.IntegrityError:
        return None
    return _template(row)


def _new_row(
    name: str,
    version: int,
    json_schema: dict[str, Any],
    template_ui: dict[str, Any],
    tags: list[dict[str, str]],
    now: int,
    by: str,
    owner_app: str | None,
) -> dict[str, Any]:
    return {
        "name": name,
        "version": version,
        "json_schema": json_schema,
        "template_ui": template_ui,
        "tags": tags,
        "created_at": now,
        "updated_at": now,
        "created_by": by,
        "updated_by": by,
        "owner_app": owner_app,
    }


def get_tags(conn: Connection, name: str) -> list[dict[str, str]] | None:
    """The tags of a template name; None when no version of it exists."""
    raw = conn.execute(
        sa.select(form_templates.c.tags)
        .where(form_templates.c.name == name)
        .order_by(form_templates.c.version.desc())
        .limit(1)
    ).first()
    if raw is None:
        return None
    return [dict(t) for t in (_json(raw[0]) or [])]


def set_tags(conn: Connection, name: str, tags: list[dict[str, str]]) -> int:
    """Replace the tags on every version of `name` (the forms themselves, and so their update
    times, are unchanged); returns how many versions there are."""
    return int(
        conn.execute(
            form_templates.update().where(form_templates.c.name == name).values(tags=tags)
        ).rowcount
    )


def delete(conn: Connection, name: str, version: int | None = None) -> int:
    """Delete one version, or every version when `version` is None; returns how many."""
    stmt = form_templates.delete().where(form_templates.c.name == name)
    if version is not None:
        stmt = stmt.where(form_templates.c.version == version)
    return int(conn.execute(stmt).rowcount)


def human_task_form(conn: Connection, task_id: str) -> tuple[str | None, int | None] | None:
    """(form name, form version) of a human task; None when there is no such task.

    The version may be None or 0 (meaning the latest), and the name None (a task with no form).
    """
    row = conn.execute(
        sa.select(human_tasks.c.form_name, human_tasks.c.form_version).where(
            human_tasks.c.id == task_id
        )
    ).first()
    if row is None:
        return None
    version = row[1]
    return row[0], int(version) if version is not None else None

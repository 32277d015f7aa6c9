"""Queries on Camunda deployments: deployed BPMN process versions and forms."""

from __future__ import annotations

import json
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from baton.model.process_upgrade import stored_version_tag
from baton.store.schema import bpmn_processes, deployments, forms, process_defs


def add_deployment(conn: Connection, *, key: int, now: int, by: str | None) -> None:
    conn.execute(deployments.insert().values(key=key, created_at=now, created_by=by))


def latest_process(conn: Connection, process_id: str) -> dict[str, Any] | None:
    row = (
        conn.execute(
            sa.select(bpmn_processes)
            .where(bpmn_processes.c.process_id == process_id)
            .order_by(bpmn_processes.c.version.desc())
            .limit(1)
        )
        .mappings()
        .first()
    )
    return dict(row) if row else None


def process_by_key(conn: Connection, key: int) -> dict[str, Any] | None:
    row = (
        conn.execute(sa.select(bpmn_processes).where(bpmn_processes.c.key == key))
        .mappings()
        .first()
    )
    return dict(row) if row else None


def process_by_version(conn: Connection, process_id: str, version: int) -> dict[str, Any] | None:
    row = (
        conn.execute(
            sa.select(bpmn_processes).where(
                bpmn_processes.c.process_id == process_id, bpmn_processes.c.version == version
            )
        )
        .mappings()
        .first()
    )
    return dict(row) if row else None


def version_in_deployment(conn: Connection, process_id: str, deployment_key: int) -> int | None:
    """The version of `process_id` that deployment `deployment_key` created, if any."""
    value = conn.execute(
        sa.select(bpmn_processes.c.version).where(
            bpmn_processes.c.process_id == process_id,
            bpmn_processes.c.deployment_key == deployment_key,
        )
    ).scalar()
    return int(value) if value is not None else None


def version_with_tag(conn: Connection, process_id: str, version_tag: str) -> int | None:
    """The newest version of `process_id` whose `versionTag` is `version_tag`."""
    rows = conn.execute(
        sa.select(process_defs.c.version, process_defs.c.compiled)
        .where(process_defs.c.name == process_id)
        .order_by(process_defs.c.version.desc())
    ).mappings()
    for row in rows:
        compiled = row["compiled"]
        if isinstance(compiled, str):
            compiled = json.loads(compiled)
        if stored_version_tag(compiled) == version_tag:
            return int(row["version"])
    return None


def add_process(conn: Connection, **values: Any) -> None:
    conn.execute(bpmn_processes.insert().values(**values))


def latest_form(conn: Connection, form_id: str) -> dict[str, Any] | None:
    row = (
        conn.execute(
            sa.select(forms)
            .where(forms.c.form_id == form_id)
            .order_by(forms.c.version.desc())
            .limit(1)
        )
        .mappings()
        .first()
    )
    return _form_row(row) if row is not None else None


def _form_row(row: Any) -> dict[str, Any]:
    found = dict(row)
    if isinstance(found["schema"], str):
        found["schema"] = json.loads(found["schema"])
    return found


def form_as_of(conn: Connection, form_id: str, moment: int) -> dict[str, Any] | None:
    """The version of a form that was the latest at `moment` (epoch ms)."""
    row = (
        conn.execute(
            sa.select(forms)
            .where(forms.c.form_id == form_id, forms.c.created_at <= moment)
            .order_by(forms.c.version.desc())
            .limit(1)
        )
        .mappings()
        .first()
    )
    return _form_row(row) if row else None


def form_with_tag(conn: Connection, form_id: str, version_tag: str) -> dict[str, Any] | None:
    """The newest version of a form whose `versionTag` is `version_tag`."""
    rows = conn.execute(
        sa.select(forms).where(forms.c.form_id == form_id).order_by(forms.c.version.desc())
    ).mappings()
    for row in rows:
        found = _form_row(row)
        tag = found["schema"].get("versionTag")
        if (tag.get("value") if isinstance(tag, dict) else tag) == version_tag:
            return found
    return None


def form_versions(conn: Connection, limit: int) -> list[tuple[str, int]]:
    """(form id, version) of the deployed forms, by id then newest version first (at most
    `limit`)."""
    rows = conn.execute(
        sa.select(forms.c.form_id, forms.c.version)
        .order_by(forms.c.form_id, forms.c.version.desc())
        .limit(limit)
    )
    return [(str(r[0]), int(r[1])) for r in rows]


def form_by_version(conn: Connection, form_id: str, version: int) -> dict[str, Any] | None:
    row = (
        conn.execute(sa.select(forms).where(forms.c.form_id == form_id, forms.c.version == version))
        .mappings()
        .first()
    )
    return _form_row(row) if row is not None else None


def add_form(conn: Connection, **values: Any) -> None:
    conn.execute(forms.insert().values(**values))


def all_processes(conn: Connection, limit: int) -> list[dict[str, Any]]:
    """Deployed process versions with their compiled name and version tag (at most
    `limit`, oldest first), for searches done in memory."""
    rows = conn.execute(
        sa.select(bpmn_processes, process_defs.c.compiled)
        .join(
            process_defs,
            sa.and_(
                process_defs.c.name == bpmn_processes.c.process_id,
                process_defs.c.version == bpmn_processes.c.version,
            ),
            isouter=True,
        )
        .order_by(bpmn_processes.c.key)
        .limit(limit)
    ).mappings()
    return [_with_labels(dict(r)) for r in rows]


def _with_labels(row: dict[str, Any]) -> dict[str, Any]:
    compiled = row.pop("compiled", None)
    if isinstance(compiled, str):
        compiled = json.loads(compiled)
    compiled = compiled if isinstance(compiled, dict) else {}
    row["name"] = compiled.get("name") or None
    row["version_tag"] = stored_version_tag(compiled)
    return row


def process_with_labels(conn: Connection, key: int) -> dict[str, Any] | None:
    row = (
        conn.execute(
            sa.select(bpmn_processes, process_defs.c.compiled)
            .join(
                process_defs,
                sa.and_(
                    process_defs.c.name == bpmn_processes.c.process_id,
                    process_defs.c.version == bpmn_processes.c.version,
                ),
                isouter=True,
            )
            .where(bpmn_processes.c.key == key)
        )
        .mappings()
        .first()
    )
    return _with_labels(dict(row)) if row is not None else None


def form_by_key(conn: Connection, key: int) -> dict[str, Any] | None:
    row = conn.execute(sa.select(forms).where(forms.c.key == key)).mappings().first()
    return _form_row(row) if row is not None else None

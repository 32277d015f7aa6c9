"""Queries on task definitions and process definitions."""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from baton.store.schema import process_defs, task_defs

# ---------------------------------------------------------------- task definitions


def get_task_def(conn: Connection, name: str) -> dict[str, Any] | None:
    row = conn.execute(
        sa.select(task_defs.c.definition).where(task_defs.c.name == name)
    ).scalar_one_or_none()
    return dict(row) if row is not None else None


def get_task_defs(conn: Connection, names: list[str]) -> dict[str, dict[str, Any]]:
    if not names:
        return {}
    rows = conn.execute(
        sa.select(task_defs.c.name, task_defs.c.definition).where(task_defs.c.name.in_(names))
    )
    return {name: dict(definition) for name, definition in rows}


def list_task_defs(conn: Connection) -> list[dict[str, Any]]:
    rows = conn.execute(sa.select(task_defs.c.definition).order_by(task_defs.c.name)).scalars()
    return [dict(r) for r in rows]


def upsert_task_def(
    conn: Connection, name: str, definition: dict[str, Any], now: int, by: str
) -> None:
    existing = conn.execute(
        sa.select(task_defs.c.created_at, task_defs.c.created_by).where(task_defs.c.name == name)
    ).first()
    if existing is None:
        definition = {**definition, "createTime": now, "updateTime": now, "createdBy": by}
        conn.execute(
            task_defs.insert().values(
                name=name,
                definition=definition,
                created_at=now,
                updated_at=now,
                created_by=by,
                updated_by=by,
            )
        )
        return
    definition = {
        **definition,
        "createTime": existing.created_at,
        "createdBy": existing.created_by,
        "updateTime": now,
        "updatedBy": by,
    }
    conn.execute(
        task_defs.update()
        .where(task_defs.c.name == name)
        .values(definition=definition, updated_at=now, updated_by=by)
    )


def delete_task_def(conn: Connection, name: str) -> bool:
    return bool(conn.execute(task_defs.delete().where(task_defs.c.name == name)).rowcount)


# ---------------------------------------------------------------- process definitions


def get_process_def(
    conn: Connection, name: str, version: int | None = None
) -> dict[str, Any] | None:
    """A definition row (`source`, `compiled`, `version`, ...); the latest when no version."""
    stmt = sa.select(process_defs).where(process_defs.c.name == name)
    if version is None:
        stmt = stmt.order_by(process_defs.c.version.desc()).limit(1)
    else:
        stmt = stmt.where(process_defs.c.version == version)
    row = conn.execute(stmt).mappings().first()
    return dict(row) if row else None


def latest_version(conn: Connection, name: str) -> int | None:
    value = conn.execute(
        sa.select(sa.func.max(process_defs.c.version)).where(process_defs.c.name == name)
    ).scalar()
    return int(value) if value is not None else None


def list_process_defs(conn: Connection, *, latest_only: bool = False) -> list[dict[str, Any]]:
    stmt = sa.select(process_defs).order_by(process_defs.c.name, process_defs.c.version)
    if latest_only:
        latest = (
            sa.select(process_defs.c.name, sa.func.max(process_defs.c.version).label("v"))
            .group_by(process_defs.c.name)
            .subquery()
        )
        stmt = stmt.join(
            latest,
            sa.and_(process_defs.c.name == latest.c.name, process_defs.c.version == latest.c.v),
        )
    return [dict(r) for r in conn.execute(stmt).mappings()]


def save_process_def(
    conn: Connection,
    *,
    name: str,
    version: int,
    notation: str,
    source: dict[str, Any],
    compiled: dict[str, Any],
    now: int,
    by: str,
) -> bool:
    """Insert or overwrite one version; returns True when it was new."""
    values = {
        "notation": notation,
        "source": source,
        "compiled": compiled,
        "updated_at": now,
        "updated_by": by,
    }
    updated = conn.execute(
        process_defs.update()
        .where(process_defs.c.name == name, process_defs.c.version == version)
        .values(**values)
    ).rowcount
    if updated:
        return False
    conn.execute(
        process_defs.insert().values(
            name=name, version=version, created_at=now, created_by=by, **values
        )
    )
    return True


def delete_process_def(conn: Connection, name: str, version: int) -> bool:
    stmt = process_defs.delete().where(
        process_defs.c.name == name, process_defs.c.version == version
    )
    return bool(conn.execute(stmt).rowcount)

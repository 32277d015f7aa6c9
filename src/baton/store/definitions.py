"""Queries on task definitions and process definitions."""

from __future__ import annotations

import json
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from baton.model.process import EPHEMERAL_SEPARATOR
from baton.store.prepared import Prepared
from baton.store.schema import process_defs, task_defs

# ---------------------------------------------------------------- task definitions


def get_task_def(conn: Connection, name: str) -> dict[str, Any] | None:
    raw = _TASK_DEF.run(conn, name=name).scalar()
    if raw is None:
        return None
    return dict(json.loads(raw) if isinstance(raw, str) else raw)


def lock_task_def(conn: Connection, name: str) -> None:
    """Hold the task definition's row until the transaction ends (PostgreSQL; SQLite write
    transactions are serialized already): claims limited by it take turns."""
    if conn.dialect.name == "postgresql":
        conn.execute(sa.select(task_defs.c.name).where(task_defs.c.name == name).with_for_update())


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
    if version is None:
        found = _LATEST_PROCESS_DEF.run(conn, name=name).first()
    else:
        found = _PROCESS_DEF.run(conn, name=name, version=version).first()
    if found is None:
        return None
    for key in ("source", "compiled"):
        if isinstance(found[key], str):
            found[key] = json.loads(found[key])
    return found


def process_def_stamp(conn: Connection, name: str, version: int | None) -> tuple[int, int] | None:
    """(version, updated_at) of a definition, the latest when no version: enough to find
    its compiled form in a cache without reading the definition itself."""
    if version is None:
        row = _LATEST_STAMP.run(conn, name=name).first()
    else:
        row = _STAMP.run(conn, name=name, version=version).first()
    return (int(row["version"]), int(row["updated_at"])) if row else None


def latest_version(conn: Connection, name: str) -> int | None:
    value = conn.execute(
        sa.select(sa.func.max(process_defs.c.version)).where(process_defs.c.name == name)
    ).scalar()
    return int(value) if value is not None else None


def list_process_defs(conn: Connection, *, latest_only: bool = False) -> list[dict[str, Any]]:
    stmt = (
        sa.select(process_defs)
        .where(~process_defs.c.name.contains(EPHEMERAL_SEPARATOR, autoescape=True))
        .order_by(process_defs.c.name, process_defs.c.version)
    )
    if latest_only:
        latest = (
            sa.select(process_defs.c.name, sa.func.max(process_defs.c.version).label("v"))
            .where(~process_defs.c.name.contains(EPHEMERAL_SEPARATOR, autoescape=True))
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


_TASK_DEF = Prepared(
    sa.select(task_defs.c.definition).where(task_defs.c.name == sa.bindparam("name"))
)
_PROCESS_DEF = Prepared(
    sa.select(process_defs).where(
        process_defs.c.name == sa.bindparam("name"),
        process_defs.c.version == sa.bindparam("version"),
    )
)
_LATEST_PROCESS_DEF = Prepared(
    sa.select(process_defs)
    .where(process_defs.c.name == sa.bindparam("name"))
    .order_by(process_defs.c.version.desc())
    .limit(1)
)
_STAMP = Prepared(
    sa.select(process_defs.c.version, process_defs.c.updated_at).where(
        process_defs.c.name == sa.bindparam("name"),
        process_defs.c.version == sa.bindparam("version"),
    )
)
_LATEST_STAMP = Prepared(
    sa.select(process_defs.c.version, process_defs.c.updated_at)
    .where(process_defs.c.name == sa.bindparam("name"))
    .order_by(process_defs.c.version.desc())
    .limit(1)
)

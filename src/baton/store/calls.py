"""Queries on call-activity links: which child instance a parent's task waits for."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from baton.store.prepared import Prepared
from baton.store.schema import call_links


@dataclass(frozen=True, slots=True)
class CallLink:
    parent_task_id: str
    parent_instance_id: str
    child_instance_id: str
    depth: int
    open: bool


def _link(rows: list[tuple[Any, ...]]) -> CallLink | None:
    if not rows:
        return None
    row = rows[0]
    return CallLink(str(row[0]), str(row[1]), str(row[2]), int(row[3]), bool(row[4]))


_COLUMNS = (
    call_links.c.parent_task_id,
    call_links.c.parent_instance_id,
    call_links.c.child_instance_id,
    call_links.c.depth,
    call_links.c.open,
)


_BY_PARENT_TASK = Prepared(
    sa.select(*_COLUMNS).where(call_links.c.parent_task_id == sa.bindparam("key"))
)
_BY_CHILD = Prepared(
    sa.select(*_COLUMNS).where(call_links.c.child_instance_id == sa.bindparam("key"))
)


def add(
    conn: Connection,
    *,
    parent_task_id: str,
    parent_instance_id: str,
    child_instance_id: str,
    depth: int,
    now: int,
) -> None:
    conn.execute(
        call_links.insert().values(
            parent_task_id=parent_task_id,
            parent_instance_id=parent_instance_id,
            child_instance_id=child_instance_id,
            depth=depth,
            open=True,
            created_at=now,
        )
    )


def by_parent_task(conn: Connection, task_id: str) -> CallLink | None:
    return _link(_BY_PARENT_TASK.run(conn, key=task_id).rows)


def by_child(conn: Connection, instance_id: str) -> CallLink | None:
    """Asked after every instance that ends: a prepared statement keeps that cheap."""
    return _link(_BY_CHILD.run(conn, key=instance_id).rows)


def depth_of(conn: Connection, instance_id: str) -> int:
    """How many calls lie above `instance_id` (0 for an instance nobody called)."""
    found = conn.execute(
        sa.select(call_links.c.depth).where(call_links.c.child_instance_id == instance_id)
    ).scalar()
    return int(found) if found is not None else 0


def close(conn: Connection, parent_task_id: str) -> bool:
    """Mark the link ended; False if it was already (the caller must not act again)."""
    result = conn.execute(
        call_links.update()
        .where(call_links.c.parent_task_id == parent_task_id, call_links.c.open.is_(True))
        .values(open=False)
    )
    return bool(result.rowcount)


def open_children(conn: Connection, parent_instance_ids: list[str]) -> list[str]:
    """The instances that tasks of `parent_instance_ids` called and still wait for."""
    if not parent_instance_ids:
        return []
    rows = conn.execute(
        sa.select(call_links.c.child_instance_id).where(
            call_links.c.parent_instance_id.in_(parent_instance_ids),
            call_links.c.open.is_(True),
        )
    )
    return [str(row[0]) for row in rows]


def children_of(conn: Connection, parent_instance_id: str) -> dict[str, str]:
    """Every instance `parent_instance_id` called, open or ended: calling task id -> child."""
    rows = conn.execute(
        sa.select(call_links.c.parent_task_id, call_links.c.child_instance_id).where(
            call_links.c.parent_instance_id == parent_instance_id
        )
    )
    return {str(row[0]): str(row[1]) for row in rows}

"""Queries for Tasklist filters saved on the server (`saved_filters`)."""

from __future__ import annotations

from collections.abc import Iterable
from typing import NamedTuple

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from baton.store.schema import saved_filters


class SavedFilterRow(NamedTuple):
    id: str
    owner_id: str
    name: str
    shared_group: str | None
    query: str  # JSON text
    created_at: int
    updated_at: int


_COLUMNS = (
    saved_filters.c.id,
    saved_filters.c.owner_id,
    saved_filters.c.name,
    saved_filters.c.shared_group,
    saved_filters.c.query,
    saved_filters.c.created_at,
    saved_filters.c.updated_at,
)


def get(conn: Connection, filter_id: str) -> SavedFilterRow | None:
    row = conn.execute(sa.select(*_COLUMNS).where(saved_filters.c.id == filter_id)).first()
    return SavedFilterRow(*row) if row else None


def visible_to(conn: Connection, user_id: str, groups: Iterable[str]) -> list[SavedFilterRow]:
    """The user's own filters and those shared with one of `groups`, by name."""
    shared = list(groups)
    where = saved_filters.c.owner_id == user_id
    if shared:
        where = sa.or_(where, saved_filters.c.shared_group.in_(shared))
    rows = conn.execute(
        sa.select(*_COLUMNS).where(where).order_by(saved_filters.c.name, saved_filters.c.id)
    )
    return [SavedFilterRow(*r) for r in rows]


def name_taken(conn: Connection, owner_id: str, name: str, *, other_than: str | None) -> bool:
    stmt = sa.select(saved_filters.c.id).where(
        saved_filters.c.owner_id == owner_id, saved_filters.c.name == name
    )
    if other_than is not None:
        stmt = stmt.where(saved_filters.c.id != other_than)
    return conn.execute(stmt.limit(1)).first() is not None


def insert(conn: Connection, row: SavedFilterRow) -> None:
    conn.execute(saved_filters.insert().values(**row._asdict()))


def update(
    conn: Connection,
    filter_id: str,
    *,
    name: str,
    shared_group: str | None,
    query: str,
    now: int,
) -> None:
    conn.execute(
        saved_filters.update()
        .where(saved_filters.c.id == filter_id)
        .values(name=name, shared_group=shared_group, query=query, updated_at=now)
    )


def delete(conn: Connection, filter_id: str) -> None:
    conn.execute(saved_filters.delete().where(saved_filters.c.id == filter_id))

"""Rows of `event_handlers`: each handler's document (JSON) under its unique name."""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from baton.store.schema import event_handlers


@dataclass(frozen=True)
class EventHandlerRow:
    name: str
    event: str
    active: bool
    document: dict[str, Any]
    created_by: str | None


def _row(row: Any) -> EventHandlerRow:
    return EventHandlerRow(
        row.name, row.event, bool(row.active), json.loads(row.document), row.created_by
    )


def insert(
    conn: Connection,
    *,
    name: str,
    event: str,
    active: bool,
    document: dict[str, Any],
    created_by: str | None,
    now: int,
) -> bool:
    """False when a handler of that name exists already."""
    try:
        with conn.begin_nested():
            conn.execute(
                event_handlers.insert().values(
                    name=name,
                    event=event,
                    active=active,
                    document=json.dumps(document, separators=(",", ":")),
                    created_by=created_by,
                    updated_at=now,
                )
            )
    except sa.exc.IntegrityError:
        return False
    return True


def update(
    conn: Connection, *, name: str, event: str, active: bool, document: dict[str, Any], now: int
) -> bool:
    """False when there is no handler of that name."""
    result = conn.execute(
        event_handlers.update()
        .where(event_handlers.c.name == name)
        .values(
            event=event,
            active=active,
            document=json.dumps(document, separators=(",", ":")),
            updated_at=now,
        )
    )
    return bool(result.rowcount)


def delete(conn: Connection, name: str) -> bool:
    return bool(conn.execute(event_handlers.delete().where(event_handlers.c.name == name)).rowcount)


def get(conn: Connection, name: str) -> EventHandlerRow | None:
    row = conn.execute(sa.select(event_handlers).where(event_handlers.c.name == name)).first()
    return _row(row) if row is not None else None


def listed(
    conn: Connection, *, event: str | None = None, active_only: bool = False, limit: int = 1000
) -> list[EventHandlerRow]:
    query = sa.select(event_handlers).order_by(event_handlers.c.name).limit(limit)
    if event is not None:
        query = query.where(event_handlers.c.event == event)
    if active_only:
        query = query.where(event_handlers.c.active.is_(True))
    return [_row(r) for r in conn.execute(query)]

"""Queries for the modeler's drafts (`model_drafts`), one person's at a time."""

from __future__ import annotations

from typing import NamedTuple

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from baton.store.schema import model_drafts


class DraftRow(NamedTuple):
    owner_id: str
    name: str
    kind: str
    resource_id: str | None
    content: str
    created_at: int
    updated_at: int


def get(conn: Connection, owner_id: str, name: str) -> DraftRow | None:
    row = conn.execute(
        sa.select(model_drafts).where(
            model_drafts.c.owner_id == owner_id, model_drafts.c.name == name
        )
    ).first()
    return DraftRow(*row) if row else None


def owned_by(conn: Connection, owner_id: str) -> list[DraftRow]:
    """The person's drafts, most recently saved first."""
    rows = conn.execute(
        sa.select(model_drafts)
        .where(model_drafts.c.owner_id == owner_id)
        .order_by(model_drafts.c.updated_at.desc(), model_drafts.c.name)
    )
    return [DraftRow(*r) for r in rows]


def put(conn: Connection, row: DraftRow) -> DraftRow:
    """Insert the draft, or replace the content of the one of that name (keeping its
    creation time); answers what is stored."""
    existing = get(conn, row.owner_id, row.name)
    if existing is None:
        conn.execute(model_drafts.insert().values(**row._asdict()))
        return row
    conn.execute(
        model_drafts.update()
        .where(model_drafts.c.owner_id == row.owner_id, model_drafts.c.name == row.name)
        .values(
            kind=row.kind,
            resource_id=row.resource_id,
            content=row.content,
            updated_at=row.updated_at,
        )
    )
    return row._replace(created_at=existing.created_at)


def delete(conn: Connection, owner_id: str, name: str) -> bool:
    result = conn.execute(
        model_drafts.delete().where(
            model_drafts.c.owner_id == owner_id, model_drafts.c.name == name
        )
    )
    return result.rowcount > 0

"""Queries for browser sessions (`web_sessions`)."""

from __future__ import annotations

from typing import NamedTuple

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from baton.store.schema import web_sessions


class SessionRow(NamedTuple):
    user_id: str
    generation: str
    csrf_token: str
    expires_at: int


def insert(
    conn: Connection,
    *,
    id_hash: str,
    user_id: str,
    generation: str,
    csrf_token: str,
    created_at: int,
    expires_at: int,
) -> None:
    conn.execute(
        web_sessions.insert().values(
            id_hash=id_hash,
            user_id=user_id,
            generation=generation,
            csrf_token=csrf_token,
            created_at=created_at,
            expires_at=expires_at,
        )
    )


def find(conn: Connection, id_hash: str) -> SessionRow | None:
    row = conn.execute(
        sa.select(
            web_sessions.c.user_id,
            web_sessions.c.generation,
            web_sessions.c.csrf_token,
            web_sessions.c.expires_at,
        ).where(web_sessions.c.id_hash == id_hash)
    ).first()
    return SessionRow(*row) if row else None


def delete(conn: Connection, id_hash: str) -> None:
    conn.execute(web_sessions.delete().where(web_sessions.c.id_hash == id_hash))


def delete_expired(conn: Connection, now: int) -> None:
    conn.execute(web_sessions.delete().where(web_sessions.c.expires_at <= now))

"""Apply Alembic migrations programmatically (server start, `baton db upgrade`, tests)."""

from __future__ import annotations

import functools
from pathlib import Path

import sqlalchemy as sa
from alembic import command
from alembic.config import Config
from alembic.script import ScriptDirectory

from baton.store.db import Database

MIGRATIONS = Path(__file__).parent / "migrations"
VERSION_TABLE = "alembic_version"
# Any constant works; it only has to be the same in every Baton process.
_PG_MIGRATION_LOCK = 0x6261746F6E


def _config() -> Config:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    return config


@functools.cache
def head_revision() -> str | None:
    """The newest migration of this build (read from its files once)."""
    return ScriptDirectory.from_config(_config()).get_current_head()


def current_revision(db: Database) -> str | None:
    """The revision the database is at (None before the first migration). Read with one
    query (the readiness probe asks often; Alembic's context would log two lines a call)."""
    with db.engine.connect() as conn:
        if not sa.inspect(conn).has_table(VERSION_TABLE):
            return None
        found = conn.execute(sa.text(f"SELECT version_num FROM {VERSION_TABLE}")).scalars().all()
    if len(found) > 1:
        raise RuntimeError(f"{VERSION_TABLE} holds several revisions: {sorted(found)}")
    return found[0] if found else None


def upgrade(db: Database) -> None:
    """Bring the schema to the newest revision. Safe to call from several processes at once
    on PostgreSQL (an advisory lock serializes them)."""
    config = _config()
    with db.engine.connect() as conn:
        if not db.is_sqlite:
            conn.execute(sa.text("SELECT pg_advisory_lock(:k)"), {"k": _PG_MIGRATION_LOCK})
            conn.commit()
        try:
            config.attributes["connection"] = conn
            command.upgrade(config, "head")
            conn.commit()
        finally:
            if not db.is_sqlite:
                conn.execute(sa.text("SELECT pg_advisory_unlock(:k)"), {"k": _PG_MIGRATION_LOCK})
                conn.commit()

"""A consistent copy of a live SQLite database (SQLite's online backup API): readers and
writers carry on while it copies, and the copy is one committed state."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from baton.store.db import Database

_PAGES_PER_STEP = 1024  # copy in steps so writers are not held off for the whole copy


def backup_sqlite(db: Database, dest: Path) -> int:
    """Copy `db` into the new file `dest`; returns the pages copied."""
    if not db.is_sqlite:
        raise ValueError("backup_sqlite needs a SQLite database")
    source = db.url.database
    if not source or source == ":memory:" or not Path(source).exists():
        raise FileNotFoundError(f"no SQLite database file at {source!r}")
    raw = db.engine.raw_connection()
    try:
        connection = raw.driver_connection
        assert isinstance(connection, sqlite3.Connection)
        target = sqlite3.connect(dest)
        try:
            connection.backup(target, pages=_PAGES_PER_STEP)
            pages: int = target.execute("PRAGMA page_count").fetchone()[0]
        finally:
            target.close()
    finally:
        raw.close()
    return pages

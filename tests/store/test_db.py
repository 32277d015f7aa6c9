"""Connection settings and transaction behaviour of the store."""

from __future__ import annotations

import threading

import pytest
import sqlalchemy as sa

from baton.store.db import Database, normalize_url
from baton.store.schema import server_secrets


def test_sqlite_is_durable_wal_with_foreign_keys(db: Database) -> None:
    if not db.is_sqlite:
        pytest.skip("SQLite only")
    with db.read() as conn:
        assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert conn.exec_driver_sql("PRAGMA synchronous").scalar() == 2  # FULL
        assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
        assert conn.exec_driver_sql("PRAGMA busy_timeout").scalar() >= 1000


def test_failed_write_rolls_back(db: Database) -> None:
    with pytest.raises(RuntimeError), db.write() as conn:
        conn.execute(server_secrets.insert().values(name="a", value="1"))
        raise RuntimeError("boom")
    with db.read() as conn:
        assert conn.execute(sa.select(server_secrets)).all() == []


def test_concurrent_writers_all_commit(db: Database) -> None:
    errors: list[BaseException] = []

    def write(i: int) -> None:
        try:
            for j in range(10):
                with db.write() as conn:
                    conn.execute(server_secrets.insert().values(name=f"{i}-{j}", value="v"))
        except BaseException as exc:  # pragma: no cover - reported below
            errors.append(exc)

    threads = [threading.Thread(target=write, args=(i,)) for i in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    with db.read() as conn:
        assert conn.execute(sa.select(sa.func.count()).select_from(server_secrets)).scalar() == 80


def test_postgres_urls_use_psycopg3() -> None:
    assert normalize_url("postgres://u@h/db").drivername == "postgresql+psycopg"
    assert normalize_url("postgresql://u@h/db").drivername == "postgresql+psycopg"

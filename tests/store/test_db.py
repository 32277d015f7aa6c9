"""Connection settings and transaction behaviour of the store."""

from __future__ import annotations

import os
import stat
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
import sqlalchemy as sa

from baton.store import db as db_module
from baton.store.db import Database, StoreUnavailable, normalize_url
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


def test_a_postgres_read_sends_no_begin_and_a_later_write_is_a_transaction(
    db: Database,
) -> None:
    """Reads run in autocommit on PostgreSQL (no BEGIN/COMMIT round trips); the pooled
    connection they used goes back to transactions for the next write."""
    if db.is_sqlite:
        pytest.skip("PostgreSQL only")
    import psycopg

    for _ in range(3):  # the pool hands the same connection back (LIFO)
        with db.read() as conn:
            conn.exec_driver_sql("SELECT 1")
            status = conn.connection.dbapi_connection.info.transaction_status  # type: ignore[union-attr]
            assert status == psycopg.pq.TransactionStatus.IDLE
        test_failed_write_rolls_back(db)


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


def test_postgres_pool_holds_a_connection_per_request_thread(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("BATON_REQUEST_THREADS", "12")
    database = Database("postgresql://u@localhost/none")  # connects on first use only
    try:
        assert database.engine.pool.size() == 12 + db_module.PG_POOL_HEADROOM  # type: ignore[attr-defined]
    finally:
        database.dispose()


def _backend_pid(db: Database) -> int:
    with db.read() as conn:
        return int(conn.exec_driver_sql("SELECT pg_backend_pid()").scalar_one())


def _terminate(db: Database, pid: int) -> None:
    other = sa.create_engine(db.url, poolclass=sa.pool.NullPool)
    with other.connect() as conn:
        conn.exec_driver_sql(f"SELECT pg_terminate_backend({pid})")
        conn.commit()
    other.dispose()


def test_postgres_idle_connection_lost_is_replaced_on_checkout(
    db: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    if db.is_sqlite:
        pytest.skip("PostgreSQL only")
    lost = _backend_pid(db)
    _terminate(db, lost)
    monkeypatch.setattr(db_module, "PG_PING_AFTER_IDLE_SECONDS", 0.0)  # it has been idle
    assert _backend_pid(db) != lost


def test_postgres_connection_lost_in_use_answers_unavailable_then_recovers(
    db: Database,
) -> None:
    if db.is_sqlite:
        pytest.skip("PostgreSQL only")
    lost = _backend_pid(db)
    _terminate(db, lost)  # just used: not pinged before the next use
    with pytest.raises(StoreUnavailable), db.read() as conn:
        conn.exec_driver_sql("SELECT 1")
    assert _backend_pid(db) != lost


def test_postgres_urls_use_psycopg3() -> None:
    assert normalize_url("postgres://u@h/db").drivername == "postgresql+psycopg"
    assert normalize_url("postgresql://u@h/db").drivername == "postgresql+psycopg"


@pytest.fixture
def umask_022() -> Iterator[None]:
    """The common default umask, under which SQLite would create files 0644."""
    old = os.umask(0o022)
    yield
    os.umask(old)


def _mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


@pytest.mark.usefixtures("umask_022")
def test_new_sqlite_files_are_readable_by_their_owner_only(tmp_path: Path) -> None:
    path = tmp_path / "fresh.db"
    db = Database(f"sqlite:///{path}")
    try:
        with db.write() as conn:
            conn.exec_driver_sql("CREATE TABLE t (secret TEXT)")
            conn.exec_driver_sql("INSERT INTO t VALUES ('hash')")
        with db.read() as conn:  # an open connection keeps -wal and -shm in place
            conn.exec_driver_sql("SELECT * FROM t").all()
            files = [path, tmp_path / "fresh.db-wal", tmp_path / "fresh.db-shm"]
            assert {f.name: _mode(f) for f in files} == {f.name: 0o600 for f in files}
    finally:
        db.dispose()


@pytest.mark.usefixtures("umask_022")
def test_world_readable_sqlite_files_are_made_private(tmp_path: Path) -> None:
    path = tmp_path / "old.db"
    for name in ("old.db", "old.db-wal"):
        (tmp_path / name).write_bytes(b"")
        os.chmod(tmp_path / name, 0o644)
    Database(f"sqlite:///{path}").dispose()
    assert _mode(path) == 0o600
    assert _mode(tmp_path / "old.db-wal") == 0o600

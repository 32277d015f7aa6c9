"""Database connections: one SQLAlchemy engine, transactions as context managers.

SQLite runs in WAL mode with foreign keys, a busy timeout and `synchronous=FULL`, so a
committed transaction survives power loss. Write transactions on SQLite start with
`BEGIN IMMEDIATE` so two writers queue on the busy timeout instead of failing on a lock
upgrade. PostgreSQL uses psycopg 3 at READ COMMITTED; races are settled by guarded updates.
Its pool holds a connection for every request thread (`BATON_REQUEST_THREADS`) plus the
background work, LIFO so the busy connections keep their server-side prepared statements; a
connection is pinged only after it sat idle, and a connection lost mid-request answers 503.

A SQLite database holds password and key hashes, so its file is created readable by its
owner only (0600); SQLite gives the `-wal` and `-shm` files the database file's mode.
"""

from __future__ import annotations

import logging
import os
import sqlite3
import stat
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

import sqlalchemy as sa
from sqlalchemy import event
from sqlalchemy.engine import URL, Connection, Engine, make_url
from sqlalchemy.pool import StaticPool

from baton.model.errors import BatonError
from baton.store.commits import note_commit
from baton.store.writer import GroupCommitWriter, ProcessLock

SQLITE_BUSY_TIMEOUT_MS = 30_000
REQUEST_THREADS_ENV = "BATON_REQUEST_THREADS"  # set by `baton serve --workers`
DEFAULT_REQUEST_THREADS = 40
# PostgreSQL pool beyond the request threads: scheduler, task feed, event streams, health
PG_POOL_HEADROOM = 8
# a pooled connection idle longer than this is pinged before use (a restart, an idle timeout
# or a firewall may have dropped it); a busy one is not: the ping is a round trip
PG_PING_AFTER_IDLE_SECONDS = 10.0
PG_RECYCLE_SECONDS = 3600  # reconnect hourly: bounds a backend's memory growth
# psycopg prepares a statement server-side on its Nth run on a connection; the hot paths run
# a few dozen distinct statements, well within psycopg's default cache of 100 per connection
PG_PREPARE_THRESHOLD = 2
_IDLE_SINCE = "baton_idle_since"  # pool entry info key: when the connection was checked in
_TOPICS = "baton_commit_topics"  # Connection.info key: what the open transaction changed

log = logging.getLogger("baton.store")


class StoreUnavailable(BatonError):
    """The database cannot be reached (503)."""

    def __init__(self, message: str) -> None:
        super().__init__(message=message, status=503, code="UNAVAILABLE")


def normalize_url(url: str) -> URL:
    """Accept `postgresql://` / `postgres://` and use psycopg 3 for them."""
    if url.startswith("postgres://"):
        url = "postgresql://" + url[len("postgres://") :]
    parsed = make_url(url)
    if parsed.drivername in ("postgresql", "postgresql+psycopg2"):
        parsed = parsed.set(drivername="postgresql+psycopg")
    return parsed


class Database:
    """The one engine of a process, plus `read()` and `write()` transactions."""

    def __init__(self, url: str, *, pool_size: int | None = None) -> None:
        self.url = normalize_url(url)
        self.is_sqlite = self.url.get_backend_name() == "sqlite"
        self._listeners: list[Callable[[frozenset[str]], None]] = []
        self.engine = self._create_engine(pool_size)
        self._writer = (
            GroupCommitWriter(self.engine, _process_lock(self.url)) if self.is_sqlite else None
        )
        self._commit_observer: Callable[[float], None] | None = None

    @property
    def commit_observer(self) -> Callable[[float], None] | None:
        """Told the duration of every COMMIT of a write, in seconds (the metrics)."""
        return self._commit_observer

    @commit_observer.setter
    def commit_observer(self, observer: Callable[[float], None] | None) -> None:
        self._commit_observer = observer
        if self._writer is not None:
            self._writer.commit_observer = observer

    def _create_engine(self, pool_size: int | None) -> Engine:
        if self.is_sqlite:
            pool_size = pool_size or 16
            memory = self.url.database in (None, "", ":memory:")
            kwargs: dict[str, Any] = {
                "connect_args": {
                    "check_same_thread": False,
                    "timeout": SQLITE_BUSY_TIMEOUT_MS / 1000,
                }
            }
            if memory:
                kwargs["poolclass"] = StaticPool
            else:
                _make_owner_only(str(self.url.database))
                kwargs["pool_size"] = pool_size
                kwargs["max_overflow"] = pool_size
            engine = sa.create_engine(self.url, **kwargs)
            event.listen(engine, "connect", _configure_sqlite_connection)
            event.listen(engine, "begin", _begin_sqlite_transaction)
            return engine
        return _postgres_engine(self.url, pool_size or _postgres_pool_size())

    @contextmanager
    def write(self) -> Iterator[Connection]:
        """A transaction that will write: committed on success, rolled back on error; it
        returns only once the commit is durable.

        On SQLite the writes of this process share one connection and commit in groups
        (`store.writer`). PostgreSQL runs each write in its own transaction on a pooled
        connection: batching independent commands there would turn a row-lock wait between
        two of them into a deadlock between two batches, and PostgreSQL already flushes the
        WAL of concurrent commits together."""
        if self._writer is None:
            with self._connect() as conn:
                conn.info.pop(_TOPICS, None)
                with conn.begin():
                    yield conn
                    committing = time.perf_counter()
                if self.commit_observer is not None:
                    self.commit_observer(time.perf_counter() - committing)
                topics = conn.info.pop(_TOPICS, None)
            note_commit()
            self._announce(topics)
            return
        if self._writer.held_here():  # a write inside a write: part of the outer one
            with self._writer.command() as conn:
                yield conn
            return
        with self._writer.command() as conn:
            conn.info.pop(_TOPICS, None)
            try:
                yield conn
            finally:
                topics = conn.info.pop(_TOPICS, None)
        note_commit()
        self._announce(topics)

    def on_commit(self, listener: Callable[[frozenset[str]], None]) -> Callable[[], None]:
        """Call `listener` with the topics a write transaction marked, after it commits (in
        the committing thread: keep it quick). Returns a function that removes it."""
        self._listeners.append(listener)
        return lambda: self._listeners.remove(listener)

    def _announce(self, topics: set[str] | None) -> None:
        if topics:
            marked = frozenset(topics)
            for listener in list(self._listeners):
                try:
                    listener(marked)
                except Exception:  # a listener's failure must not fail a committed write
                    log.exception("commit listener failed")

    @contextmanager
    def read(self) -> Iterator[Connection]:
        """A read-only transaction (a consistent snapshot on SQLite WAL).

        On PostgreSQL at READ COMMITTED each statement takes its own snapshot even inside a
        transaction, so a read runs in autocommit: the same answers without the BEGIN and
        COMMIT round trips."""
        with self._connect() as conn:
            if not self.is_sqlite:
                conn.execution_options(isolation_level="AUTOCOMMIT")
            with conn.begin():
                yield conn

    @contextmanager
    def _connect(self) -> Iterator[Connection]:
        try:
            conn = self.engine.connect()
        except sa.exc.OperationalError as exc:
            raise StoreUnavailable(f"database unavailable: {exc.orig}") from exc
        with conn:
            try:
                yield conn
            except sa.exc.DBAPIError as exc:
                # the connection died under the transaction (server restart, network): the
                # pool has dropped it and every connection as old; the caller may retry
                if exc.connection_invalidated:
                    raise StoreUnavailable(f"database connection lost: {exc.orig}") from exc
                raise

    def ping(self) -> None:
        with self.read() as conn:
            conn.execute(sa.text("SELECT 1"))

    def dispose(self) -> None:
        if self._writer is not None:
            self._writer.close()
        self.engine.dispose()


def _postgres_pool_size() -> int:
    """A connection for each request thread plus the background work, so no request waits
    for a connection and none is opened and closed per request (an overflow connection is
    closed at check-in)."""
    try:
        threads = int(os.environ.get(REQUEST_THREADS_ENV, DEFAULT_REQUEST_THREADS))
    except ValueError:
        threads = DEFAULT_REQUEST_THREADS
    return max(threads, 1) + PG_POOL_HEADROOM


def _postgres_engine(url: URL, pool_size: int) -> Engine:
    """Connections open on demand up to `pool_size` and stay open; LIFO reuse keeps the few
    busy ones warm (their prepared statements) and leaves the rest idle. No pre-ping on each
    checkout: the checkout listener pings only a connection that sat idle."""
    engine = sa.create_engine(
        url,
        pool_size=pool_size,
        max_overflow=PG_POOL_HEADROOM,
        pool_use_lifo=True,
        pool_pre_ping=False,
        pool_recycle=PG_RECYCLE_SECONDS,
        connect_args={"connect_timeout": 10, "prepare_threshold": PG_PREPARE_THRESHOLD},
    )
    dialect = engine.dialect

    def checkin(_dbapi_connection: Any, entry: Any) -> None:
        entry.info[_IDLE_SINCE] = time.monotonic()

    def checkout(dbapi_connection: Any, entry: Any, _proxy: Any) -> None:
        since = entry.info.get(_IDLE_SINCE)
        if since is None or time.monotonic() - since < PG_PING_AFTER_IDLE_SECONDS:
            return
        try:
            dialect.do_ping(dbapi_connection)
        except dialect.loaded_dbapi.Error as exc:
            # the pool reconnects this checkout; older connections are likely dead too
            raise sa.exc.InvalidatePoolError(f"idle connection lost: {exc}") from exc

    event.listen(engine, "checkin", checkin)
    event.listen(engine, "checkout", checkout)
    return engine


def mark_commit_topic(conn: Connection, topic: str) -> None:
    """Tell `Database.on_commit` listeners about `topic` once this transaction commits."""
    conn.info.setdefault(_TOPICS, set()).add(topic)


def _process_lock(url: URL) -> ProcessLock | None:
    """The lock the writers of every process using this SQLite file take turns on."""
    database = url.database
    if database in (None, "", ":memory:") or str(database).startswith("file:"):
        return None
    return ProcessLock(f"{database}-writer")


def _make_owner_only(database: str) -> None:
    """Create the SQLite file 0600 before SQLite does (it would use 0644 less the umask),
    and take group and other access away from files an older Baton created."""
    if database.startswith("file:"):
        return  # a URI filename: SQLite's to interpret
    if not os.path.exists(database):
        os.close(os.open(database, os.O_WRONLY | os.O_CREAT, 0o600))
    for path in (database, f"{database}-wal", f"{database}-shm", f"{database}-journal"):
        try:
            mode = stat.S_IMODE(os.stat(path).st_mode)
            if mode & 0o077:
                os.chmod(path, mode & 0o700)
        except FileNotFoundError:
            continue
        except OSError as exc:  # e.g. owned by another user
            log.warning("cannot make %s private to its owner: %s", path, exc)


def _configure_sqlite_connection(dbapi_connection: sqlite3.Connection, _record: object) -> None:
    # Take transaction control away from the sqlite3 module; `_begin_sqlite_transaction`
    # emits BEGIN itself so write transactions can be IMMEDIATE.
    dbapi_connection.isolation_level = None
    cursor = dbapi_connection.cursor()
    try:
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA synchronous=FULL")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute(f"PRAGMA busy_timeout={SQLITE_BUSY_TIMEOUT_MS}")
    finally:
        cursor.close()


_BEGIN = {"DEFERRED": "BEGIN DEFERRED", "IMMEDIATE": "BEGIN IMMEDIATE"}


def _begin_sqlite_transaction(conn: Connection) -> None:
    """BEGIN straight on the DB-API connection, as `Prepared` runs the hot statements:
    SQLAlchemy's execution path would cost more than the statement, on every transaction."""
    mode = conn.get_execution_options().get("sqlite_begin", "DEFERRED")
    conn.connection.dbapi_connection.execute(_BEGIN[mode])  # type: ignore[union-attr]

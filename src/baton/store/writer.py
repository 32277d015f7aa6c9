"""SQLite's one writer, with group commit.

SQLite lets one transaction write at a time, and a durable commit costs a sync of the WAL.
Instead of each write taking a pooled connection, starting its own `BEGIN IMMEDIATE` and
syncing its own `COMMIT`, the writes of a process share one connection:

- a command takes the connection in turn (threads queue on a lock), and runs inside the open
  batch transaction (started on demand), in a savepoint of its own when the batch already holds
  other commands, so its failure rolls back only what it did;
- the command that finds no other command queued behind it (or the batch full) commits the
  batch: the commands that queued while a commit was syncing are applied one after another and
  then share a single `COMMIT`;
- every command waits until its batch is durable before it returns, so a 2xx still means the
  write survives a crash; a failed `COMMIT` fails every command of the batch.

Commands of one batch see each other's changes, as consecutive transactions would; since each
applies in full before the next starts, the guarded-update races (two claims of one task) are
settled exactly as before.

Several server processes on one database file (`baton serve --processes N`, the CLI) take
turns through an advisory lock on a file beside the database (`<db>-writer`), which the kernel
hands to the next waiter at once; SQLite's own busy handler would poll with sleeps instead.
"""

from __future__ import annotations

import fcntl
import logging
import os
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field

from sqlalchemy.engine import Connection, Engine, NestedTransaction

log = logging.getLogger("baton.store")

MAX_BATCH = 64
"""Commands in one transaction at most, so a steady stream of writers still commits."""


@dataclass(eq=False)
class Batch:
    """The commands applied in one transaction, and how its commit went."""

    members: int = 0
    done: threading.Event = field(default_factory=threading.Event)
    error: BaseException | None = None


class ProcessLock:
    """An exclusive advisory lock on a file, shared by every process that opens it."""

    def __init__(self, path: str) -> None:
        self._path = path
        self._fd: int | None = None

    def acquire(self) -> None:
        if self._fd is None:
            self._fd = os.open(self._path, os.O_RDWR | os.O_CREAT, 0o600)
        fcntl.flock(self._fd, fcntl.LOCK_EX)  # waits without the GIL

    def release(self) -> None:
        if self._fd is not None:
            fcntl.flock(self._fd, fcntl.LOCK_UN)

    def close(self) -> None:
        if self._fd is not None:
            os.close(self._fd)
            self._fd = None


class GroupCommitWriter:
    """The write connection of one process and its batches (see the module docstring)."""

    def __init__(self, engine: Engine, process_lock: ProcessLock | None) -> None:
        self._engine = engine
        self._process_lock = process_lock
        self._turn = threading.Lock()  # who uses the connection now
        self._count = threading.Lock()
        self._queued = 0  # threads waiting for `_turn`
        self._conn: Connection | None = None
        self._batch: Batch | None = None
        self._holder: int | None = None  # thread id holding `_turn`
        # told how long each COMMIT took (seconds): the metrics' commit time
        self.commit_observer: Callable[[float], None] | None = None

    def held_here(self) -> bool:
        """Whether this thread is inside a command now."""
        return self._holder == threading.get_ident()

    @contextmanager
    def command(self) -> Iterator[Connection]:
        """Run one command in the open batch. Returns (on leaving the block without error)
        once the batch has committed; raises its commit error otherwise."""
        if self.held_here():
            yield from self._nested()
            return
        with self._count:
            self._queued += 1
        self._turn.acquire()
        with self._count:
            self._queued -= 1
        self._holder = threading.get_ident()
        try:
            conn, batch = self._open_batch()
            first = batch.members == 0
            savepoint = None if first else conn.begin_nested()
            try:
                yield conn
            except BaseException:
                self._undo(savepoint)
                raise
            self._keep(savepoint)
            batch.members += 1
        finally:
            try:
                if self._batch is not None and (
                    self._queued == 0 or self._batch.members >= MAX_BATCH
                ):
                    self._end_batch(commit=self._batch.members > 0)
            finally:
                self._holder = None
                self._turn.release()
        batch.done.wait()
        if batch.error is not None:
            raise batch.error

    def _undo(self, savepoint: NestedTransaction | None) -> None:
        """Take back a failed command: its savepoint, or the whole batch when it was alone."""
        if savepoint is None:
            self._end_batch(commit=False)
            return
        try:
            savepoint.rollback()
        except BaseException as error:  # e.g. SQLite rolled the transaction back itself
            self._fail(error)

    def _keep(self, savepoint: NestedTransaction | None) -> None:
        if savepoint is not None:
            try:
                savepoint.commit()
            except BaseException as error:
                self._fail(error)
                raise

    def _nested(self) -> Iterator[Connection]:
        """A write opened inside a write of the same thread: part of the outer command."""
        assert self._conn is not None and self._batch is not None
        with self._conn.begin_nested():
            yield self._conn

    def _open_batch(self) -> tuple[Connection, Batch]:
        if self._batch is not None:
            assert self._conn is not None
            return self._conn, self._batch
        if self._conn is None:
            self._conn = self._engine.connect()
            self._conn.execution_options(sqlite_begin="IMMEDIATE")
        if self._process_lock is not None:
            self._process_lock.acquire()
        try:
            self._conn.begin()
        except BaseException:
            self._release_process_lock()
            self._discard_connection()
            raise
        self._batch = Batch()
        return self._conn, self._batch

    def _end_batch(self, *, commit: bool) -> None:
        """COMMIT (or ROLLBACK an empty batch), then wake the batch's commands."""
        batch, conn = self._batch, self._conn
        assert batch is not None and conn is not None
        self._batch = None
        try:
            if commit:
                started = time.perf_counter()
                conn.commit()
                if self.commit_observer is not None:
                    self.commit_observer(time.perf_counter() - started)
            else:
                conn.rollback()
        except BaseException as error:
            batch.error = error
            self._discard_connection()
        finally:
            self._release_process_lock()
            batch.done.set()

    def _fail(self, error: BaseException) -> None:
        batch = self._batch
        assert batch is not None
        self._batch = None
        batch.error = error
        self._discard_connection()
        self._release_process_lock()
        batch.done.set()

    def _release_process_lock(self) -> None:
        if self._process_lock is not None:
            self._process_lock.release()

    def _discard_connection(self) -> None:
        conn, self._conn = self._conn, None
        if conn is not None:
            try:
                conn.invalidate()
                conn.close()
            except Exception:  # already broken: nothing more to release
                log.debug("closing a failed write connection", exc_info=True)

    def close(self) -> None:
        with self._turn:
            if self._batch is not None:
                self._end_batch(commit=self._batch.members > 0)
            if self._conn is not None:
                self._conn.close()
                self._conn = None
            if self._process_lock is not None:
                self._process_lock.close()

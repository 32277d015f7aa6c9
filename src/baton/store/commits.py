"""Whether the current request has committed a write.

An error after a commit must not tell the client to retry (the retry would repeat what was
already done). The HTTP layer opens a record per request; `Database.write` marks it. The
record is one shared object, so the mark made in a worker thread (which runs on a copy of
the request's context) is seen by the error handler."""

from __future__ import annotations

from contextvars import ContextVar
from dataclasses import dataclass


@dataclass
class CommitRecord:
    committed: bool = False


_current: ContextVar[CommitRecord | None] = ContextVar("baton_commit_record", default=None)


def open_record() -> CommitRecord:
    record = CommitRecord()
    _current.set(record)
    return record


def note_commit() -> None:
    record = _current.get()
    if record is not None:
        record.committed = True

"""The log of human-task changes read by the live feed (`task_events`).

A row is appended in the transaction that changes the task, so a reader sees it exactly
when the change is committed. The log keeps the last `KEEP` rows: every `TRIM_EVERY`th
append deletes what is older (a reader further behind than that has missed events anyway,
and starts again from the top).
"""

from __future__ import annotations

import json
from collections.abc import Collection
from dataclasses import dataclass
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from baton.store.db import mark_commit_topic
from baton.store.prepared import Prepared
from baton.store.schema import task_events

KEEP = 10_000
TRIM_EVERY = 500
TOPIC = "task_events"  # what `Database` tells its commit listeners

_dumps = json.JSONEncoder(separators=(",", ":"), ensure_ascii=False).encode


@dataclass(frozen=True)
class TaskEventRow:
    seq: int
    task_id: str
    instance_id: str | None
    definition_name: str
    owner: str | None
    before: dict[str, Any] | None
    after: dict[str, Any]


def append(
    conn: Connection,
    *,
    task_id: str,
    instance_id: str | None,
    definition_name: str,
    owner: str | None,
    before: dict[str, Any] | None,
    after: dict[str, Any],
) -> int:
    seq = int(
        _APPEND.run(
            conn,
            task_id=task_id,
            instance_id=instance_id,
            definition_name=definition_name,
            owner=owner,
            before=_dumps(before) if before is not None else None,
            after=_dumps(after),
        ).scalar()
    )
    if seq % TRIM_EVERY == 0:
        _TRIM.run(conn, b_seq=seq - KEEP)
    mark_commit_topic(conn, TOPIC)
    return seq


def last_seq(conn: Connection) -> int:
    return int(conn.execute(sa.select(sa.func.max(task_events.c.seq))).scalar() or 0)


def read(
    conn: Connection, after: int, missing: Collection[int] = (), *, limit: int = 500
) -> list[TaskEventRow]:
    """Rows past `after`, plus those of `missing` (numbers skipped by an earlier read, which
    a transaction still open then may have committed since), in order."""
    where = task_events.c.seq > after
    if missing:
        where = sa.or_(where, task_events.c.seq.in_(sorted(missing)))
    found = conn.execute(
        sa.select(task_events).where(where).order_by(task_events.c.seq).limit(limit)
    ).mappings()
    return [
        TaskEventRow(
            seq=int(r["seq"]),
            task_id=r["task_id"],
            instance_id=r["instance_id"],
            definition_name=r["definition_name"],
            owner=r["owner"],
            before=json.loads(r["before"]) if r["before"] is not None else None,
            after=json.loads(r["after"]),
        )
        for r in found
    ]


_APPEND = Prepared(
    task_events.insert()
    .values(
        task_id=sa.bindparam("task_id"),
        instance_id=sa.bindparam("instance_id"),
        definition_name=sa.bindparam("definition_name"),
        owner=sa.bindparam("owner"),
        before=sa.bindparam("before"),
        after=sa.bindparam("after"),
    )
    .returning(task_events.c.seq)
)
_TRIM = Prepared(task_events.delete().where(task_events.c.seq < sa.bindparam("b_seq")))

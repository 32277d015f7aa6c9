"""Queries on process instances, their task rows (the worker queue) and audit events."""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from baton.model.process import EPHEMERAL_SEPARATOR
from baton.store.prepared import Prepared
from baton.store.schema import (
    audit_events,
    element_instances,
    event_subscriptions,
    instances,
    message_start_keys,
    tasks,
    variable_history,
    variables,
)

_dumps = json.JSONEncoder(separators=(",", ":"), ensure_ascii=False).encode


@dataclass(frozen=True)
class InstanceRow:
    id: str
    def_name: str
    def_version: int
    def_stamp: int
    status: str
    state: dict[str, Any]
    revision: int
    created_by: str | None
    root_id: str | None = None


@dataclass(frozen=True)
class TaskRow:
    id: str
    instance_id: str
    ref: str
    task_type: str
    status: str
    queue: str | None
    worker_id: str | None
    poll_count: int
    available_at: int


# ---------------------------------------------------------------- instances

_HELD = "baton_held_instance"  # Connection.info key: see `hold_locked`
INSTANCE_COLUMNS = (
    instances.c.id,
    instances.c.def_name,
    instances.c.def_version,
    instances.c.def_stamp,
    instances.c.status,
    instances.c.state,
    instances.c.revision,
    instances.c.created_by,
    instances.c.root_id,
)


def insert_instance(
    conn: Connection,
    *,
    instance_id: str,
    def_name: str,
    def_version: int,
    def_stamp: int,
    status: str,
    state: dict[str, Any],
    correlation_id: str | None,
    created_by: str | None,
    now: int,
    ended_at: int | None,
    root_id: str,
    idempotency_key: str | None = None,
) -> None:
    """Raises `DuplicateIdempotencyKey` when another instance of `def_name` holds
    `idempotency_key` (the transaction is then spoiled: retry it)."""
    try:
        _INSERT_INSTANCE.run(
            conn,
            id=instance_id,
            def_name=def_name,
            def_version=def_version,
            def_stamp=def_stamp,
            status=status,
            state=_dumps(state),
            revision=1,
            correlation_id=correlation_id,
            created_by=created_by,
            created_at=now,
            updated_at=now,
            ended_at=ended_at,
            root_id=root_id,
            idempotency_key=idempotency_key,
        )
    except Exception as exc:
        if idempotency_key is not None and _is_integrity_error(exc):
            raise DuplicateIdempotencyKey(def_name, idempotency_key) from exc
        raise


class DuplicateIdempotencyKey(Exception):
    """A start lost a race for its idempotency key."""


def _is_integrity_error(exc: BaseException) -> bool:
    """A unique constraint failed (SQLAlchemy's or the DB-API driver's own error)."""
    return any(c.__name__ == "IntegrityError" for c in type(exc).__mro__)


def by_idempotency_key(conn: Connection, def_name: str, key: str) -> tuple[str, str] | None:
    """(id, status) of the instance of `def_name` started with idempotency `key`."""
    row = _BY_IDEMPOTENCY_KEY.run(conn, def_name=def_name, key=key).first()
    return (str(row["id"]), str(row["status"])) if row is not None else None


def release_idempotency_key(conn: Connection, instance_id: str) -> None:
    """Let a new start use the key the (ended) instance was started with."""
    conn.execute(
        sa.update(instances).where(instances.c.id == instance_id).values(idempotency_key=None)
    )


def load_instance(
    conn: Connection, instance_id: str, *, for_update: bool = False
) -> InstanceRow | None:
    """One instance; with `for_update` its row stays locked until the transaction ends
    (PostgreSQL; SQLite write transactions are serialized already). The row this
    transaction locked and read already (`hold_locked`) is used instead of a round trip."""
    if for_update:
        held = conn.info.pop(_HELD, None)
        if held is not None and held["id"] == instance_id:
            return _instance(held)
    locked = for_update and conn.dialect.name == "postgresql"
    row = (_LOCK_INSTANCE if locked else _LOAD_INSTANCE).run(conn, id=instance_id).first()
    return _instance(row) if row is not None else None


def held_instance(conn: Connection, instance_id: str) -> InstanceRow | None:
    """The instance row this transaction locked and read (`hold_locked`), left held for the
    next `load_instance(for_update=True)`; None when no such row is held."""
    held = conn.info.get(_HELD)
    return _instance(held) if held is not None and held["id"] == instance_id else None


def definition_of(conn: Connection, instance_id: str) -> tuple[str, int, int] | None:
    """(name, version, stamp) of the definition the instance runs, without reading its
    state: from the held row when there is one, else one narrow query."""
    held = conn.info.get(_HELD)
    if held is not None and held["id"] == instance_id:
        return str(held["def_name"]), int(held["def_version"]), int(held["def_stamp"])
    row = _DEFINITION_OF.run(conn, id=instance_id).first()
    if row is None:
        return None
    return str(row["def_name"]), int(row["def_version"]), int(row["def_stamp"])


def hold_locked(conn: Connection, row: dict[str, Any]) -> None:
    """Keep an instance row (all `INSTANCE_COLUMNS`) that this transaction has just locked
    and read, for the next `load_instance(for_update=True)` of it: a human-task operation
    locks the instance first and its engine command needs the row, so one statement does
    both. Used once; `save_instance` and `release_held` drop it, so it is never stale."""
    conn.info[_HELD] = row


def release_held(conn: Connection) -> None:
    """Forget the held row (at the end of the operation that locked it: `conn.info`
    outlives the transaction)."""
    conn.info.pop(_HELD, None)


def _instance(row: dict[str, Any]) -> InstanceRow:
    return InstanceRow(**{**row, "state": json.loads(row["state"])})


def save_instance(
    conn: Connection,
    *,
    instance_id: str,
    expected_revision: int,
    def_stamp: int,
    status: str,
    state: dict[str, Any],
    now: int,
    ended_at: int | None,
) -> bool:
    """Write a new state if the row is still at `expected_revision`; False when another
    command got there first."""
    conn.info.pop(_HELD, None)
    result = _SAVE_INSTANCE.run(
        conn,
        b_id=instance_id,
        b_revision=expected_revision,
        status=status,
        def_stamp=def_stamp,
        state=_dumps(state),
        revision=expected_revision + 1,
        updated_at=now,
        ended_at=ended_at,
    )
    return bool(result.rowcount)


def delete_instance(conn: Connection, instance_id: str) -> bool:
    conn.execute(tasks.delete().where(tasks.c.instance_id == instance_id))
    for table in (element_instances, variables, variable_history):
        conn.execute(table.delete().where(table.c.instance_id == instance_id))
    conn.execute(audit_events.delete().where(audit_events.c.instance_id == instance_id))
    for held in (event_subscriptions, message_start_keys):
        conn.execute(held.delete().where(held.c.instance_id == instance_id))
    return bool(conn.execute(instances.delete().where(instances.c.id == instance_id)).rowcount)


def root_of(conn: Connection, instance_id: str) -> str:
    """The top of the call-activity chain an instance belongs to (itself if nobody called it)."""
    found = _ROOT_OF.run(conn, id=instance_id).scalar()
    return str(found) if found else instance_id


def search_instances(
    conn: Connection,
    *,
    def_name: str | None = None,
    statuses: Sequence[str] = (),
    correlation_id: str | None = None,
    created_by: str | None = None,
    start: int = 0,
    size: int = 100,
) -> tuple[int, list[InstanceRow]]:
    """Instances newest first, and how many match in all."""
    where = []
    if def_name:  # its ephemeral runs too (`<name>~~<instance id>`)
        where.append(
            sa.or_(
                instances.c.def_name == def_name,
                instances.c.def_name.startswith(
                    f"{def_name}{EPHEMERAL_SEPARATOR}", autoescape=True
                ),
            )
        )
    if statuses:
        where.append(instances.c.status.in_(list(statuses)))
    if correlation_id:
        where.append(instances.c.correlation_id == correlation_id)
    if created_by:
        where.append(instances.c.created_by == created_by)
    total = conn.execute(sa.select(sa.func.count()).select_from(instances).where(*where)).scalar()
    rows = conn.execute(
        sa.select(*INSTANCE_COLUMNS)
        .where(*where)
        .order_by(instances.c.created_at.desc(), instances.c.id)
        .offset(start)
        .limit(size)
    )
    return int(total or 0), [_instance(dict(r)) for r in rows.mappings()]


def has_open_instances(conn: Connection, def_name: str, def_version: int) -> bool:
    stmt = (
        sa.select(sa.literal(1))
        .where(
            instances.c.def_name == def_name,
            instances.c.def_version == def_version,
            instances.c.status.in_(["RUNNING", "PAUSED"]),
        )
        .limit(1)
    )
    return conn.execute(stmt).first() is not None


# ---------------------------------------------------------------- task rows


def insert_tasks(conn: Connection, rows: Sequence[dict[str, Any]]) -> None:
    _INSERT_TASK.run_many(conn, list(rows))


def task_row(conn: Connection, task_id: str) -> TaskRow | None:
    row = _TASK_ROW.run(conn, id=task_id).first()
    return TaskRow(**row) if row is not None else None


def workers_hold(conn: Connection, queue: str) -> int:
    """Tasks of a worker queue that workers hold now (taken, not ended)."""
    found = conn.execute(
        sa.select(sa.func.count())
        .select_from(tasks)
        .where(tasks.c.queue == queue, tasks.c.status == "IN_PROGRESS")
    ).scalar()
    return int(found or 0)


def taken_since(conn: Connection, queue: str, since: int) -> int:
    """Tasks of a worker queue that workers took at or after `since` (epoch ms)."""
    found = conn.execute(
        sa.select(sa.func.count())
        .select_from(tasks)
        .where(tasks.c.queue == queue, tasks.c.started_at >= since)
    ).scalar()
    return int(found or 0)


def queued_task_ids(
    conn: Connection, queue: str, *, now: int, limit: int, domain: str | None = None
) -> list[str]:
    """Tasks waiting in a worker queue, oldest first: those queued in `domain` (Conductor
    task domains), or without one those queued in none."""
    in_domain = tasks.c.domain.is_(None) if domain is None else tasks.c.domain == domain
    return list(
        conn.execute(
            sa.select(tasks.c.id)
            .where(
                tasks.c.queue == queue,
                tasks.c.status == "SCHEDULED",
                tasks.c.available_at <= now,
                in_domain,
            )
            .order_by(tasks.c.available_at, tasks.c.id)
            .limit(limit)
        ).scalars()
    )


def claim_task(conn: Connection, task_id: str, *, worker_id: str | None, now: int) -> bool:
    """SCHEDULED → IN_PROGRESS for one worker; False if someone else claimed it first."""
    result = _CLAIM_TASK.run(
        conn, b_id=task_id, worker_id=worker_id, started_at=now, updated_at=now
    )
    return bool(result.rowcount)


def delete_task(conn: Connection, task_id: str) -> None:
    conn.execute(tasks.delete().where(tasks.c.id == task_id))


def set_task_status(conn: Connection, task_id: str, status: str, *, now: int) -> None:
    _SET_TASK_STATUS.run(conn, b_id=task_id, status=status, updated_at=now)


def requeue_task(
    conn: Connection,
    task_id: str,
    *,
    available_at: int,
    now: int,
    retries: int | None = None,
    error_message: str | None = None,
    failed: bool = False,
    queue: str | None = None,
) -> None:
    """Offer a task to workers again; `error_message`: what its worker failed it with or
    threw (kept until the next one), `failed`: by a failure (stamps `failed_at`); `queue`:
    a new job type for it."""
    values: dict[str, Any] = {
        "status": "SCHEDULED",
        "available_at": available_at,
        "worker_id": None,
        "updated_at": now,
    }
    if retries is not None:
        values["retries"] = retries
    if error_message is not None:
        values["error_message"] = error_message
    if failed:
        values["failed_at"] = now
    if queue is not None:
        values["queue"] = queue
    conn.execute(tasks.update().where(tasks.c.id == task_id).values(**values))


def set_task_retries(conn: Connection, task_id: str, retries: int, *, now: int) -> None:
    conn.execute(
        tasks.update().where(tasks.c.id == task_id).values(retries=retries, updated_at=now)
    )


def count_queued(conn: Connection, queue: str) -> int:
    return int(
        conn.execute(
            sa.select(sa.func.count())
            .select_from(tasks)
            .where(tasks.c.queue == queue, tasks.c.status == "SCHEDULED")
        ).scalar()
        or 0
    )


# ---------------------------------------------------------------- audit


def append_audit(
    conn: Connection, *, instance_id: str, at: int, actor: str | None, event: str, data: Any
) -> None:
    _APPEND_AUDIT.run(
        conn, instance_id=instance_id, at=at, actor=actor, event=event, data=_dumps(data)
    )


def audit_trail(conn: Connection, instance_id: str) -> list[dict[str, Any]]:
    rows = conn.execute(
        sa.select(
            audit_events.c.at, audit_events.c.actor, audit_events.c.event, audit_events.c.data
        )
        .where(audit_events.c.instance_id == instance_id)
        .order_by(audit_events.c.id)
    ).mappings()
    return [dict(r) for r in rows]


# ---------------------------------------------------------------- prepared hot-path statements

_b = sa.bindparam
_INSERT_INSTANCE = Prepared(instances.insert())
_BY_IDEMPOTENCY_KEY = Prepared(
    sa.select(instances.c.id, instances.c.status).where(
        instances.c.def_name == _b("def_name"), instances.c.idempotency_key == _b("key")
    )
)
_LOAD_INSTANCE = Prepared(sa.select(*INSTANCE_COLUMNS).where(instances.c.id == _b("id")))
_DEFINITION_OF = Prepared(
    sa.select(instances.c.def_name, instances.c.def_version, instances.c.def_stamp).where(
        instances.c.id == _b("id")
    )
)
_ROOT_OF = Prepared(sa.select(instances.c.root_id).where(instances.c.id == _b("id")))
_LOCK_INSTANCE = Prepared(
    sa.select(*INSTANCE_COLUMNS).where(instances.c.id == _b("id")).with_for_update()
)
_SAVE_INSTANCE = Prepared(
    instances.update()
    .where(instances.c.id == _b("b_id"), instances.c.revision == _b("b_revision"))
    .values(
        status=_b("status"),
        def_stamp=_b("def_stamp"),
        state=_b("state"),
        revision=_b("revision"),
        updated_at=_b("updated_at"),
        ended_at=_b("ended_at"),
    )
)
_INSERT_TASK = Prepared(tasks.insert())
_TASK_ROW = Prepared(
    sa.select(
        tasks.c.id,
        tasks.c.instance_id,
        tasks.c.ref,
        tasks.c.task_type,
        tasks.c.status,
        tasks.c.queue,
        tasks.c.worker_id,
        tasks.c.poll_count,
        tasks.c.available_at,
    ).where(tasks.c.id == _b("id"))
)
_CLAIM_TASK = Prepared(
    tasks.update()
    .where(tasks.c.id == _b("b_id"), tasks.c.status == "SCHEDULED")
    .values(
        status="IN_PROGRESS",
        worker_id=_b("worker_id"),
        poll_count=tasks.c.poll_count + 1,
        started_at=_b("started_at"),
        updated_at=_b("updated_at"),
    )
)
_SET_TASK_STATUS = Prepared(
    tasks.update()
    .where(tasks.c.id == _b("b_id"))
    .values(status=_b("status"), updated_at=_b("updated_at"))
)
_APPEND_AUDIT = Prepared(
    audit_events.insert().values(
        instance_id=_b("instance_id"),
        at=_b("at"),
        actor=_b("actor"),
        event=_b("event"),
        data=_b("data"),
    )
)

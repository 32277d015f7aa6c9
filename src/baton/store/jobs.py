"""Jobs of BPMN instances (their worker-queue task rows) for searches."""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from baton.model.query import Page, Query
from baton.store import query_sql
from baton.store.query_sql import Column
from baton.store.schema import bpmn_processes, instances, tasks, timers

_lease = timers.alias("lease")
_SEARCH = (
    sa.select(
        tasks.c.id,
        tasks.c.instance_id,
        tasks.c.ref,
        tasks.c.queue,
        tasks.c.status,
        tasks.c.worker_id,
        tasks.c.retries,
        tasks.c.updated_at,
        tasks.c.error_message,
        tasks.c.failed_at,
        tasks.c.headers,
        instances.c.def_name,
        instances.c.def_version,
        instances.c.created_by,
        instances.c.created_at,
        instances.c.root_id,
        bpmn_processes.c.key.label("process_key"),
        _lease.c.due_at.label("deadline"),
    )
    .select_from(
        tasks.join(instances, instances.c.id == tasks.c.instance_id)
        .join(
            bpmn_processes,
            sa.and_(
                bpmn_processes.c.process_id == instances.c.def_name,
                bpmn_processes.c.version == instances.c.def_version,
            ),
        )
        .outerjoin(_lease, _lease.c.id == sa.literal("lease:") + tasks.c.id)
    )
    .where(tasks.c.queue.is_not(None))
)

FIELDS: dict[str, Column] = {
    "key": Column(tasks.c.id),
    "instance_id": Column(tasks.c.instance_id),
    "element_id": Column(tasks.c.ref),
    "type": Column(tasks.c.queue),
    "status": Column(tasks.c.status),
    "worker": Column(tasks.c.worker_id),
    "retries": Column(tasks.c.retries),
    "def_name": Column(instances.c.def_name),
    "process_key": Column(bpmn_processes.c.key, int),
    "deadline": Column(_lease.c.due_at),
    "updated_at": Column(tasks.c.updated_at),
}


def search_jobs(conn: Connection, query: Query, *, owner: str | None) -> Page[dict[str, Any]]:
    select = _SEARCH if owner is None else _SEARCH.where(instances.c.created_by == owner)
    return query_sql.search(conn, select, FIELDS, query, tasks.c.id)

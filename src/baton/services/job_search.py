"""Camunda jobs as records: search them, change a job's retries or its worker's timeout."""

from __future__ import annotations

from typing import Any

from baton.engine.commands import UpdateJob
from baton.model.errors import FieldError, InvalidInput, NotFound
from baton.model.identity import Caller
from baton.model.query import Page, Query
from baton.services import authz, runtime
from baton.services.context import ServiceContext
from baton.store import instances
from baton.store import jobs as store

MAX_TIMEOUT_MS = 7 * 24 * 3600 * 1000


def search(ctx: ServiceContext, caller: Caller, query: Query) -> Page[dict[str, Any]]:
    owner = authz.instance_search_owner(caller)
    with ctx.db.read() as conn:
        return store.search_jobs(conn, query, owner=owner)


def update(
    ctx: ServiceContext,
    caller: Caller,
    job_key: str,
    *,
    retries: int | None,
    timeout_ms: int | None,
) -> None:
    """`retries` (at least 1) left; the activated job's lease runs `timeout_ms` from now.
    Workers of the job's type and those who steer its instance may."""
    if retries is None and timeout_ms is None:
        raise InvalidInput(
            "changeset needs retries or timeout", errors=[FieldError("changeset", "empty")]
        )
    if retries is not None and retries < 1:
        raise InvalidInput(
            "retries must be at least 1", errors=[FieldError("changeset.retries", "too low")]
        )
    if timeout_ms is not None and not 1 <= timeout_ms <= MAX_TIMEOUT_MS:
        raise InvalidInput(
            f"timeout must be from 1 to {MAX_TIMEOUT_MS} ms",
            errors=[FieldError("changeset.timeout", "out of range")],
        )
    with ctx.db.write() as conn:
        row = instances.task_row(conn, job_key)
        found = instances.load_instance(conn, row.instance_id, for_update=True) if row else None
        if row is None or row.queue is None or found is None:
            raise NotFound(f"Job {job_key} not found")
        if not authz.is_worker_for(ctx, caller, row.queue, conn=conn):
            authz.require_instance_control(
                ctx, caller, row.instance_id, found.def_name, found.created_by
            )
        result = runtime.run_command(
            ctx,
            conn,
            row.instance_id,
            UpdateJob(job_key, retries, timeout_ms),
            actor=caller.actor,
        )
    runtime.after_commit(ctx, [result])

"""Incidents: failures a person must fix (DESIGN, "Runtime history and incidents").

A timer whose handler failed `BATON_TIMER_MAX_ATTEMPTS` times in a row stops being retried
and becomes a TIMER_FAILED incident holding the error and the timer; admins list incidents and
retry one, which arms its timer again and resolves it. The engine raises the others (job
retries exhausted, expressions and mappings that cannot be evaluated, unhandled errors, a
command out of budget) in the command's transaction (`services/history.py`); resolving one of
those runs `ResolveIncident` on its instance.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy.engine import Connection

from baton.engine.commands import ResolveIncident
from baton.ids import new_key
from baton.model.errors import Conflict, NotFound
from baton.model.identity import Caller
from baton.model.query import Page, Query
from baton.services import authz, runtime
from baton.services.authz import require_admin
from baton.services.context import ServiceContext
from baton.store import incidents as store
from baton.store import instances, timers
from baton.store.incidents import IncidentRow
from baton.store.timers import TimerRow

TIMER_FAILED = "TIMER_FAILED"
ATTEMPTS = "_attempts"  # how many firings of a timer failed so far, kept in its payload
MAX_MESSAGE = 4000
MAX_LIST = 1000


def record_timer_failure(
    ctx: ServiceContext, conn: Connection, timer: TimerRow, message: str
) -> IncidentRow:
    """The incident for a timer that has failed too often (its row is already taken)."""
    task = instances.task_row(conn, timer.task_id) if timer.task_id else None
    instance = instances.load_instance(conn, timer.instance_id) if timer.instance_id else None
    incident = IncidentRow(
        key=new_key(),
        kind=TIMER_FAILED,
        message=message[:MAX_MESSAGE],
        state=store.ACTIVE,
        instance_id=timer.instance_id,
        element_id=task.ref if task is not None else None,
        task_id=timer.task_id,
        timer_id=timer.id,
        timer_kind=timer.kind,
        timer_payload={k: v for k, v in timer.payload.items() if k != ATTEMPTS},
        created_at=ctx.now_ms(),
        resolved_at=None,
        def_name=instance.def_name if instance is not None else None,
        def_version=instance.def_version if instance is not None else None,
        element_key=timer.task_id,
    )
    store.insert(conn, incident)
    return incident


def instance_has_incident(ctx: ServiceContext, instance_id: str) -> bool:
    """Whether an ACTIVE incident holds the instance (the caller may see it: checked first)."""
    with ctx.db.read() as conn:
        return store.active_for_instance(conn, instance_id)


def search(
    ctx: ServiceContext, caller: Caller, *, state: str | None, limit: int
) -> list[IncidentRow]:
    require_admin(caller)
    with ctx.db.read() as conn:
        return store.search(conn, state=state, limit=min(limit, MAX_LIST))


def retry(ctx: ServiceContext, caller: Caller, key: int) -> IncidentRow:
    """Arm the incident's timer again, due now with a fresh attempt count, and resolve it."""
    require_admin(caller)
    return _rearm(ctx, key)


def _rearm(ctx: ServiceContext, key: int) -> IncidentRow:
    """Schedule a TIMER_FAILED incident's timer again, due now, and resolve the incident."""
    with ctx.db.write() as conn:
        incident = store.load(conn, key)
        if incident is None:
            raise NotFound(f"Incident {key} not found")
        if incident.timer_id is None or incident.timer_kind is None:
            raise Conflict(f"Incident {key} has no timer to retry")
        if not store.resolve(conn, key, now=ctx.now_ms()):
            raise Conflict(f"Incident {key} is {incident.state}, not ACTIVE")
        if timers.get(conn, incident.timer_id) is not None:
            raise Conflict(f"Timer {incident.timer_id} is scheduled again already")
        timers.schedule(
            conn,
            timer_id=incident.timer_id,
            kind=incident.timer_kind,
            due_at=ctx.now_ms(),
            payload=incident.timer_payload,
            instance_id=incident.instance_id,
            task_id=incident.task_id,
        )
        resolved = store.load(conn, key)
    if ctx.scheduler is not None:
        ctx.scheduler.wake()
    assert resolved is not None
    return resolved


# ---------------------------------------------------------------- incidents of instances


def search_instances(ctx: ServiceContext, caller: Caller, query: Query) -> Page[dict[str, Any]]:
    """Incidents of process instances the caller may see."""
    owner = authz.instance_search_owner(caller)
    with ctx.db.read() as conn:
        return store.search_instance_incidents(conn, query, owner=owner)


def get_instance_incident(ctx: ServiceContext, caller: Caller, key: int) -> dict[str, Any]:
    with ctx.db.read() as conn:
        row = store.instance_incident(conn, key)
    if row is None or not authz.may_see_instance(
        ctx, caller, row["def_name"] or "", row["created_by"]
    ):
        raise NotFound(f"Incident {key} not found")
    return row


def resolve(ctx: ServiceContext, caller: Caller, key: int) -> None:
    """Do again what the incident stopped (the cause should be fixed first: a job's retries
    raised, variables set): a timer is armed again, an instance goes on from the element.
    Whoever may control the instance may resolve its incidents (TIMER_FAILED ones too)."""
    row = get_instance_incident(ctx, caller, key)
    instance_id = row["instance_id"]
    if row["state"] != store.ACTIVE:
        raise Conflict(f"Incident {key} is {row['state']}, not ACTIVE")
    if row["timer_id"] is not None:
        authz.require_instance_control(
            ctx, caller, instance_id, row["def_name"] or "", row["created_by"]
        )
        _rearm(ctx, key)
        return
    with ctx.db.write() as conn:
        found = instances.load_instance(conn, instance_id, for_update=True)
        if found is None:
            raise NotFound(f"Incident {key} not found")
        authz.require_instance_control(ctx, caller, instance_id, found.def_name, found.created_by)
        result = runtime.run_command(
            ctx, conn, instance_id, ResolveIncident(str(key)), actor=caller.actor
        )
    runtime.after_commit(ctx, [result])

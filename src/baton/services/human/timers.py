"""What human-task timers do: escalate when a tier's SLA runs out, start trigger workflows."""

from __future__ import annotations

import logging

from sqlalchemy.engine import Connection

from baton.engine.commands import StartInstance
from baton.ids import new_id
from baton.model import human_task as model
from baton.model.actor_text import audit_text
from baton.model.errors import BatonError, Conflict, Forbidden
from baton.model.human_task import TriggerType
from baton.model.identity import Caller
from baton.services import authz, runtime
from baton.services.auth import caller_for
from baton.services.context import ServiceContext
from baton.services.human.lifecycle import candidates, persist, trigger_input
from baton.store import definitions, instances
from baton.store import human_tasks as store
from baton.store.timers import TimerRow

log = logging.getLogger("baton.human")


def escalate(ctx: ServiceContext, conn: Connection, timer: TimerRow) -> None:
    if timer.task_id is None or timer.instance_id is None:
        return
    instances.load_instance(conn, timer.instance_id, for_update=True)
    row = store.load(conn, timer.task_id)
    if row is None:
        return
    task = model.from_dict(row.document)
    outcome = model.escalate(
        task, offer=int(timer.payload.get("offer", -1)), now=ctx.now_ms(), new_id=new_id
    )
    persist(ctx, conn, row, task, outcome)
    if outcome.changed:
        ctx.metrics.escalations.inc()


def start_trigger(ctx: ServiceContext, conn: Connection, timer: TimerRow) -> None:
    """Start the workflow a task trigger names and note it in the task's trigger log. The
    timer row was written with the change that caused it (an outbox), so it runs at least
    once; it runs in the transaction that consumes the timer, so in fact exactly once.

    The log entry is saved under the task's revision guard, with the instance locked first
    like every other writer; should the guard still refuse, `Conflict` rolls back the start
    too and the scheduler fires the timer again, so no started workflow goes unlogged."""
    if timer.task_id is None:
        return
    if timer.instance_id is not None:
        instances.load_instance(conn, timer.instance_id, for_update=True)
    request = timer.payload.get("request") or {}
    name = str(request.get("name") or "")
    workflow_id: str | None = None
    error: str | None = None
    try:
        definer = _definer(conn, timer)
        version = request.get("version")
        if definer is None or not authz.may_start(ctx, definer, name):
            raise Forbidden(
                f"whoever defined this trigger ({_author(conn, timer) or 'unknown'}) "
                f"may not start workflow {name!r}"
            )
        result = runtime.start_instance(
            ctx,
            conn,
            name=name,
            version=int(version) if version else None,
            command=StartInstance(
                input=trigger_input(timer.payload, timer.task_id),
                correlation_id=request.get("correlationId"),
                created_by=audit_text(definer.actor),
            ),
            actor=definer.actor,
        )
        workflow_id = result.state.instance_id
    except BatonError as exc:
        error = exc.message
        log.warning("trigger of human task %s could not start %r: %s", timer.task_id, name, error)
    row = store.load(conn, timer.task_id)
    if row is None:
        return
    task = model.record_trigger(
        model.from_dict(row.document),
        model.Trigger(TriggerType(timer.payload["trigger"]), request),
        workflow_id=workflow_id,
        error=error,
        now=ctx.now_ms(),
        new_id=new_id,
    )
    saved = store.save(
        conn,
        task_id=row.id,
        expected_revision=row.revision,
        state=row.state,
        assignee=row.assignee,
        claimant=row.claimant,
        document=model.to_dict(task),
        output=row.output,
        updated_at=row.updated_at,
        candidates=candidates(task),
    )
    if not saved:
        raise Conflict(f"Human task {row.id} changed while its trigger log was saved; retrying")


def _author(conn: Connection, timer: TimerRow) -> str | None:
    """Who last registered the definition of the process the trigger's task belongs to."""
    instance = instances.load_instance(conn, timer.instance_id) if timer.instance_id else None
    if instance is None:
        return None
    found = definitions.get_process_def(conn, instance.def_name, instance.def_version)
    return str(found["updated_by"]) if found and found.get("updated_by") else None


def _definer(conn: Connection, timer: TimerRow) -> Caller | None:
    """A trigger starts workflows with the rights of whoever defined it, as they are now."""
    author = _author(conn, timer)
    return caller_for(conn, author) if author is not None else None

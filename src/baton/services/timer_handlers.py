"""What each kind of timer does when it fires (registered with the scheduler)."""

from __future__ import annotations

import logging

from sqlalchemy.engine import Connection

from baton.engine.commands import FireTimer, TimeOutTask
from baton.model.errors import Conflict, NotFound
from baton.model.identity import SYSTEM_ACTOR
from baton.model.user_task import USER_TASK_JOB_TYPE
from baton.services import event_subscriptions, runtime, start_timers
from baton.services.context import ServiceContext
from baton.services.human import lifecycle
from baton.services.human import timers as human_timers
from baton.services.scheduler import Scheduler
from baton.store import instances
from baton.store.timers import TimerRow

log = logging.getLogger("baton.timers")


def fire_engine_timer(ctx: ServiceContext, conn: Connection, timer: TimerRow) -> None:
    """A WAIT, a timeout or a boundary timer of an instance."""
    if timer.instance_id is None:
        return
    try:
        runtime.run_command(ctx, conn, timer.instance_id, FireTimer(timer.id), actor=SYSTEM_ACTOR)
    except (NotFound, Conflict) as exc:
        log.info("timer %s of %s no longer applies: %s", timer.id, timer.instance_id, exc)


def expire_task_lease(ctx: ServiceContext, conn: Connection, timer: TimerRow) -> None:
    """A worker said nothing within responseTimeoutSeconds: its task goes back to the queue
    (as a retry, when retries are left)."""
    if timer.task_id is None:
        return
    row = instances.task_row(conn, timer.task_id)
    if row is None or row.status != "IN_PROGRESS":
        return
    if row.queue == USER_TASK_JOB_TYPE:
        # a person's task stays open: only the job goes back for another worker to take
        instances.requeue_task(conn, row.id, available_at=ctx.now_ms(), now=ctx.now_ms())
        return
    try:
        runtime.run_command(
            ctx, conn, row.instance_id, TimeOutTask(timer.task_id), actor=SYSTEM_ACTOR
        )
    except (NotFound, Conflict) as exc:
        log.info("lease of task %s no longer applies: %s", timer.task_id, exc)


def new_scheduler(ctx: ServiceContext) -> Scheduler:
    scheduler = Scheduler(ctx)
    scheduler.register(runtime.ENGINE_TIMER, fire_engine_timer)
    scheduler.register(runtime.TASK_LEASE_TIMER, expire_task_lease)
    scheduler.register(lifecycle.SLA_TIMER, human_timers.escalate)
    scheduler.register(lifecycle.TRIGGER_TIMER, human_timers.start_trigger)
    scheduler.register(
        event_subscriptions.SUBSCRIPTION_TIMER, event_subscriptions.recheck_subscription
    )
    scheduler.register(start_timers.PROCESS_START_TIMER, start_timers.fire)
    return scheduler

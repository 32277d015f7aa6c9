"""Timer start events: a process starts on its timers while its definition is the latest.

Deploying a new version of a process cancels the start timers of the versions before and
arms those of the new one (Zeebe). Each timer start event is one row of the timers table
(kind `process_start`, id `start:<process>:<element>`); firing it starts an instance at that
start event and, for a cycle, schedules the next firing under the same id. A row whose version
is no longer the latest is dropped when it fires.

A timer start event's date, duration or cycle is static text or FEEL over no variables; the
duration counts from the deployment.
"""

from __future__ import annotations

import logging
from datetime import datetime

from sqlalchemy.engine import Connection

from baton.clock import epoch_ms, from_epoch_ms
from baton.engine.commands import StartInstance
from baton.expr import feel
from baton.model.cycles import parse_cycle
from baton.model.durations import parse_date, parse_duration
from baton.model.errors import NotFound
from baton.model.process import Node, ProcessDefinition, Template
from baton.services import runtime
from baton.services.context import ServiceContext
from baton.store import timers
from baton.store.timers import TimerRow

log = logging.getLogger("baton.start_timers")

PROCESS_START_TIMER = "process_start"


def timer_id(process_id: str, node_id: str) -> str:
    return f"start:{process_id}:{node_id}"


def arm(ctx: ServiceContext, conn: Connection, definition: ProcessDefinition) -> None:
    """`definition` is the new latest version: its start timers replace the older ones'."""
    timers.cancel_with_prefix(conn, PROCESS_START_TIMER, timer_id(definition.id, ""))
    now = ctx.clock.now()
    for node in definition.timer_starts:
        due = _due(node, now, 0, None)
        if due is not None:
            _schedule(conn, definition, node, due, 0)


def fire(ctx: ServiceContext, conn: Connection, timer: TimerRow) -> None:
    """Start an instance at the timer's start event; arm the cycle's next firing."""
    process_id = str(timer.payload["process"])
    node_id = str(timer.payload["node"])
    fired = int(timer.payload.get("fired", 0))
    try:
        definition, _stamp = ctx.definitions.get(conn, process_id, None)
    except NotFound:
        return
    if definition.version != timer.payload.get("version"):
        log.info("start timer %s belongs to a replaced version; dropped", timer.id)
        return
    node = definition.index.nodes.get(node_id)
    if node is None or node.timer is None:
        return
    runtime.start_instance(
        ctx,
        conn,
        name=process_id,
        version=definition.version,
        command=StartInstance(start_node=node_id),
        actor=None,
    )
    following = _due(node, ctx.clock.now(), fired + 1, from_epoch_ms(timer.due_at))
    if following is not None:
        _schedule(conn, definition, node, following, fired + 1)


def _schedule(
    conn: Connection, definition: ProcessDefinition, node: Node, due: datetime, fired: int
) -> None:
    timers.schedule(
        conn,
        timer_id=timer_id(definition.id, node.id),
        kind=PROCESS_START_TIMER,
        due_at=epoch_ms(due),
        payload={
            "process": definition.id,
            "version": definition.version,
            "node": node.id,
            "fired": fired,
        },
    )


def _due(node: Node, now: datetime, fired: int, previous: datetime | None) -> datetime | None:
    """When firing `fired` of the start event's timer is due (None: it fires no more)."""
    spec = node.timer
    assert spec is not None
    try:
        if spec.cycle is not None:
            return parse_cycle(_text(spec.cycle, now)).due(fired, now, previous)
        if fired:
            return None  # a date or a duration fires once
        if spec.date is not None:
            return parse_date(_text(spec.date, now))
        if spec.duration is not None:
            return now + parse_duration(_text(spec.duration, now))
    except (ValueError, feel.FeelError) as exc:
        log.warning("start timer %s cannot be evaluated: %s", node.id, exc)
    return None


def _text(template: Template, now: datetime) -> str:
    value = str(template.value)
    expression = feel.compile_value(value)
    if expression is None:
        return value
    return str(feel.to_json(expression.evaluate({}, now)))

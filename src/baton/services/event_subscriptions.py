"""BPMN message and signal subscriptions kept in step with the engine, and delivery to them.

An engine hook (`on_engine_changes`, registered last in `baton.app`) runs in the transaction
of every engine command: it opens and closes subscription rows as the engine says, releases
the message-start correlation keys of ended instances, gives a newly opened message
subscription a buffered message that waits for it, and broadcasts the signals the engine
threw. Delivering is consuming the subscription row (one transaction wins it) and running
`TriggerEvent` on its instance, in the same transaction.

A buffered message and a new subscription meet under the (name, key) lock that publishers
take too (`store.subscriptions.lock_key`). The engine command already holds its instance's
row, so it only tries the lock: when a publisher holds it, a timer due at once checks again
(taking the locks in the publishers' order), so none waits for the other.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any

from sqlalchemy.engine import Connection

from baton.engine.changes import (
    InstanceCompleted,
    InstanceFailed,
    InstanceTerminated,
    InstanceTimedOut,
    SignalThrown,
    SubscriptionOpened,
    SubscriptionsClosed,
)
from baton.engine.commands import StartInstance, TriggerEvent
from baton.ids import new_id, new_key_text
from baton.model.actor_text import audit_text
from baton.model.errors import Conflict, NotFound
from baton.model.identity import SYSTEM_ACTOR, Actor, Caller
from baton.model.process import ProcessDefinition, TriggerKind
from baton.services import authz, runtime
from baton.services.context import ServiceContext
from baton.store import instances, timers
from baton.store import subscriptions as subs
from baton.store.subscriptions import StartRow, SubscriptionRow
from baton.store.timers import TimerRow

log = logging.getLogger("baton.events")

SUBSCRIPTION_TIMER = "message_subscription"
# signals thrown by signals thrown by ... at most this deep in one command
MAX_SIGNAL_DEPTH = 16
_ENDS = (InstanceCompleted, InstanceFailed, InstanceTerminated, InstanceTimedOut)
_signal_depth: ContextVar[int] = ContextVar("baton_signal_depth", default=0)


def on_engine_changes(
    ctx: ServiceContext, conn: Connection, result: runtime.CommandResult, actor: Actor | None
) -> None:
    state = result.state
    opened: list[tuple[SubscriptionRow, str, str]] = []
    thrown: list[SignalThrown] = []
    released: list[tuple[str, str]] = []
    now = ctx.now_ms()
    for change in result.changes:
        if isinstance(change, SubscriptionsClosed):
            subs.close_for_task(conn, change.task_id)
        elif isinstance(change, SubscriptionOpened):
            row = SubscriptionRow(
                new_id(), state.instance_id, change.task_id, change.node_id, state.definition_id
            )
            subs.open_subscription(
                conn,
                subscription_id=row.id,
                kind=change.kind.value,
                name=change.name,
                correlation_key=change.correlation_key,
                instance_id=row.instance_id,
                task_id=row.task_id,
                node_id=row.node_id,
                def_name=row.def_name,
                now=now,
            )
            if change.kind is TriggerKind.MESSAGE:
                opened.append((row, change.name, change.correlation_key or ""))
        elif isinstance(change, SignalThrown):
            thrown.append(change)
        elif isinstance(change, _ENDS) and _starts_by_message(result.definition):
            # only an instance started by a message start event holds a key (no statement
            # on every instance's end otherwise: this hook runs for every process)
            released.extend(subs.release_start_keys(conn, state.instance_id))
    for row, name, key in opened:
        _join(result, take_buffered(ctx, conn, row, name, key, wait=False))
    for signal in thrown:
        _throw(ctx, conn, result, signal)
    for def_name, key in released:
        _join(result, start_by_buffered(ctx, conn, def_name, key))


def _starts_by_message(definition: ProcessDefinition) -> bool:
    return any(
        n.trigger is not None and n.trigger.kind is TriggerKind.MESSAGE
        for n in definition.index.event_starts
    )


def start_by_buffered(
    ctx: ServiceContext, conn: Connection, def_name: str, key: str
) -> runtime.CommandResult | None:
    """The instance started for `key` ended: a message buffered for one of the process's
    message start events meanwhile starts the next one (Camunda's rule)."""
    for start, name in subs.starts_of(conn, def_name, TriggerKind.MESSAGE.value):
        if not subs.lock_key(conn, name, key, wait=False):
            continue  # its publisher is correlating it right now
        found = subs.buffered_for(conn, name, key, def_name, ctx.now_ms())
        if not found:
            continue
        subs.mark_correlated(conn, found[0].key, [def_name])
        return start_by_event(
            ctx, conn, start, found[0].variables, SYSTEM_ACTOR, correlation_key=key
        )
    return None


def take_buffered(
    ctx: ServiceContext,
    conn: Connection,
    row: SubscriptionRow,
    name: str,
    key: str,
    *,
    wait: bool,
) -> runtime.CommandResult | None:
    """Give the new subscription `row` the oldest live buffered message for it, if any."""
    if not subs.lock_key(conn, name, key, wait=wait):
        timers.schedule(
            conn,
            timer_id=new_id(),
            kind=SUBSCRIPTION_TIMER,
            due_at=ctx.now_ms(),
            payload={"subscription": row.id, "name": name, "key": key},
            instance_id=row.instance_id,
            task_id=row.task_id,
        )
        return None
    found = subs.buffered_for(conn, name, key, row.def_name, ctx.now_ms())
    if not found:
        return None
    if not subs.take(conn, row.id):
        return None
    message = found[0]
    # marked first: the command may open another subscription that looks for messages
    subs.mark_correlated(conn, message.key, [row.def_name])
    return _trigger(ctx, conn, row, message.variables, SYSTEM_ACTOR)


def recheck_subscription(ctx: ServiceContext, conn: Connection, timer: TimerRow) -> None:
    """The timer of a subscription that could not look for its buffered message at once."""
    row = subs.get(conn, str(timer.payload.get("subscription", "")))
    if row is None:
        return
    name, key = str(timer.payload.get("name", "")), str(timer.payload.get("key", ""))
    take_buffered(ctx, conn, row, name, key, wait=True)


def deliver(
    ctx: ServiceContext,
    conn: Connection,
    row: SubscriptionRow,
    variables: dict[str, Any],
    actor: Actor | None,
    caller: Caller | None = None,
) -> runtime.CommandResult | None:
    """Consume subscription `row` and trigger its event; None when another transaction
    consumed it first (or its activity is gone). With a `caller`, they must be allowed to
    change the instance."""
    if caller is not None:
        found = instances.load_instance(conn, row.instance_id)
        if found is None:
            return None
        authz.require_instance_update(ctx, caller, row.def_name, found.created_by, conn=conn)
    if not subs.take(conn, row.id):
        return None
    return _trigger(ctx, conn, row, variables, actor)


def _trigger(
    ctx: ServiceContext,
    conn: Connection,
    row: SubscriptionRow,
    variables: dict[str, Any],
    actor: Actor | None,
) -> runtime.CommandResult | None:
    command = TriggerEvent(row.task_id, row.node_id, variables, row.correlation_key)
    try:
        return runtime.run_command(ctx, conn, row.instance_id, command, actor=actor)
    except (NotFound, Conflict) as exc:
        log.info("subscription %s no longer applies: %s", row.id, exc)
        return None


def start_by_event(
    ctx: ServiceContext,
    conn: Connection,
    start: StartRow,
    variables: dict[str, Any],
    actor: Actor | None,
    *,
    caller: Caller | None = None,
    correlation_key: str = "",
) -> runtime.CommandResult | None:
    """Start an instance at a message or signal start event; None when a running instance
    started by a message holds `correlation_key` for that process."""
    if caller is not None:
        authz.require_start(ctx, caller, start.def_name)
    instance_id = new_key_text()
    if correlation_key and not subs.claim_start_key(
        conn, start.def_name, correlation_key, instance_id
    ):
        return None
    command = StartInstance(
        input=variables,
        instance_id=instance_id,
        start_node=start.node_id,
        created_by=audit_text(actor) if actor is not None and actor != SYSTEM_ACTOR else None,
    )
    return runtime.start_instance(
        ctx, conn, name=start.def_name, version=start.def_version, command=command, actor=actor
    )


def broadcast(
    ctx: ServiceContext,
    conn: Connection,
    name: str,
    variables: dict[str, Any],
    actor: Actor | None,
    caller: Caller | None = None,
) -> list[runtime.CommandResult]:
    """A signal reaches every subscription open now and starts every process with a start
    event for it."""
    results: list[runtime.CommandResult] = []
    with _deeper() as depth:
        if depth > MAX_SIGNAL_DEPTH:
            log.warning("signal %r not delivered: thrown more than %d deep", name, depth - 1)
            return results
        for row in subs.waiting(conn, TriggerKind.SIGNAL.value, name):
            result = deliver(ctx, conn, row, variables, actor, caller)
            if result is not None:
                results.append(result)
        for start in subs.starts(conn, TriggerKind.SIGNAL.value, name):
            result = start_by_event(ctx, conn, start, variables, actor, caller=caller)
            if result is not None:
                results.append(result)
    return results


def _throw(
    ctx: ServiceContext, conn: Connection, result: runtime.CommandResult, signal: SignalThrown
) -> None:
    for reached in broadcast(ctx, conn, signal.name, signal.variables, SYSTEM_ACTOR):
        _join(result, reached)


def _join(result: runtime.CommandResult, nested: runtime.CommandResult | None) -> None:
    """What a nested command needs after commit (queues to wake, a near timer) goes with
    the command that caused it."""
    if nested is None:
        return
    result.queues |= nested.queues
    due = nested.next_timer_at
    if due is not None and (result.next_timer_at is None or due < result.next_timer_at):
        result.next_timer_at = due


@contextmanager
def _deeper() -> Iterator[int]:
    depth = _signal_depth.get() + 1
    token = _signal_depth.set(depth)
    try:
        yield depth
    finally:
        _signal_depth.reset(token)

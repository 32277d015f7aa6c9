"""Event sub-processes: scopes started inside their enclosing scope instance by a timer, an
error, an escalation, a message or a signal while that scope instance is active.

Timer ones are armed when the enclosing scope instance starts (the process, or the
sub-process instance that owns the timer, so it is canceled when that ends). An interrupting
one first cancels everything else in the enclosing scope instance (and its other event
sub-processes' timers); a non-interrupting one runs beside it, and a cycle arms again.
An event sub-process leaves by no flow: when it ends, its scope instance may complete.

Message and signal ones are subscriptions held by the enclosing scope instance (the process
instance itself at root level), opened as it starts and closed as it ends, like boundary
events held by their activity: an interrupting one closes them all, a non-interrupting one
subscribes again after it fired, with the correlation key it had (as Zeebe keeps the key
evaluated when the scope started; evaluated anew only when the caller does not say it).
"""

from __future__ import annotations

from typing import Any

from baton.engine.changes import SubscriptionsClosed
from baton.engine.context import Context
from baton.engine.languages import EvaluationError
from baton.model.instance import Activity, Timer, TimerPurpose
from baton.model.process import Node
from baton.model.status import TaskStatus


def enter_scope(ctx: Context, scope: Activity | None) -> None:
    """Scope instance `scope` (None: the process) started: arm its timer event
    sub-processes and subscribe to its message and signal ones."""
    arm_timers(ctx, scope)
    ctx.open_event_subscriptions(scope)


def arm_timers(ctx: Context, scope: Activity | None) -> None:
    """Arm the timer event sub-processes of the scope instance `scope` (None: the process)."""
    for node in ctx.index.event_sub_processes.get(scope.node if scope else None, ()):
        if node.started_by == "timer":
            _arm(ctx, node, scope.id if scope else None, 0, 0)


def _arm(ctx: Context, node: Node, scope_id: str | None, fired: int, previous: int) -> None:
    assert node.timer is not None
    current = ctx.activity(scope_id) if scope_id is not None else None
    try:
        due = ctx.timer_due(node.timer, current, fired, previous)
    except EvaluationError as exc:
        if scope_id is None or not ctx.definition.incidents:
            raise
        ctx.timer_incident(ctx.activity(scope_id), f"{node.id}: {exc}")
        return
    if due is None:
        return
    if scope_id is None:
        ctx.schedule_timer(TimerPurpose.EVENT_SUB_PROCESS, due, None, node.id, fired)
    else:
        owner = ctx.edit(scope_id)
        ctx.add_timer(owner, TimerPurpose.EVENT_SUB_PROCESS, due, node.id, fired)


def on_timer(ctx: Context, timer: Timer) -> None:
    """A timer event sub-process's timer fired (already removed from the state)."""
    assert timer.node is not None
    node = ctx.node(timer.node)
    if timer.activity is not None:
        owner = ctx.edit(timer.activity)
        owner.timers = tuple(t for t in owner.timers if t != timer.id)
        if not owner.is_open:
            return
    if not node.interrupting and node.timer is not None and node.timer.cycle is not None:
        _arm(ctx, node, timer.activity, timer.fired + 1, timer.due)
    trigger(ctx, node, timer.activity)


def on_trigger(
    ctx: Context,
    node: Node,
    scope: Activity | None,
    variables: dict[str, Any],
    correlation_key: str | None = None,
) -> None:
    """The message or signal of event sub-process `node` reached scope instance `scope`
    (None: the process); its subscription (opened with `correlation_key`) was consumed. Its
    variables are merged; a non-interrupting one subscribes again with the same key."""
    if variables:
        ctx.set_variables(variables)
    if not node.interrupting:
        ctx.open_subscription(scope, node, key=correlation_key)
        if ctx.state.status.is_terminal:
            return  # its key could not be evaluated at process level: the instance failed
    trigger(ctx, node, scope.id if scope is not None else None)


def trigger(ctx: Context, node: Node, scope_id: str | None) -> None:
    """Start event sub-process `node` in scope instance `scope_id` (interrupting it first)."""
    if node.interrupting:
        reason = f"Interrupted by event sub-process {node.id}"
        ctx.cancel_scope(scope_id, reason)
        _cancel_event_timers(ctx, scope_id)
        _close_event_subscriptions(ctx, scope_id)
    activity = ctx.new_activity(node, scope_id, TaskStatus.IN_PROGRESS)
    ctx.schedule(activity)
    assert node.start is not None
    ctx.move(node.start, activity.id)
    enter_scope(ctx, activity)


def _close_event_subscriptions(ctx: Context, scope_id: str | None) -> None:
    """An interrupting event sub-process started: the scope instance's message and signal
    event sub-processes are no longer subscribed (its own boundary events still are)."""
    scope = ctx.activity(scope_id) if scope_id is not None else None
    siblings = ctx.index.event_sub_processes.get(scope.node if scope is not None else None, ())
    if not any(n.trigger is not None for n in siblings):
        return
    ctx.emit(SubscriptionsClosed(scope.id if scope is not None else ctx.state.instance_id))
    if scope is not None:
        ctx.open_boundary_subscriptions(scope)


def _cancel_event_timers(ctx: Context, scope_id: str | None) -> None:
    state = ctx.state
    found = [
        t.id
        for t in state.timers.values()
        if t.purpose is TimerPurpose.EVENT_SUB_PROCESS and t.activity == scope_id
    ]
    for timer_id in found:
        ctx.cancel_timer(timer_id)
    if scope_id is not None and found:
        owner = ctx.edit(scope_id)
        owner.timers = tuple(t for t in owner.timers if t not in found)


def catching(
    ctx: Context, scope_id: str | None, trigger_kind: str, code: str, code_of: str
) -> Node | None:
    """The event sub-process of scope instance `scope_id` that `trigger_kind` `code` starts
    (one naming the code wins over a catch-all one)."""
    scope_node = ctx.activity(scope_id).node if scope_id is not None else None
    catch_all: Node | None = None
    for node in ctx.index.event_sub_processes.get(scope_node, ()):
        if node.started_by != trigger_kind:
            continue
        wanted = getattr(node, code_of)
        if wanted == code:
            return node
        if wanted is None and catch_all is None:
            catch_all = node
    return catch_all

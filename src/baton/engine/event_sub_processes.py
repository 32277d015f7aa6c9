"""Event sub-processes: scopes started inside their enclosing scope instance by a timer, an
error or an escalation while that scope instance is active.

Timer ones are armed when the enclosing scope instance starts (the process, or the
sub-process instance that owns the timer, so it is canceled when that ends). An interrupting
one first cancels everything else in the enclosing scope instance (and its other event
sub-processes' timers); a non-interrupting one runs beside it, and a cycle arms again.
An event sub-process leaves by no flow: when it ends, its scope instance may complete.
"""

from __future__ import annotations

from baton.engine.context import Context
from baton.engine.languages import EvaluationError
from baton.model.instance import Activity, Timer, TimerPurpose
from baton.model.process import Node
from baton.model.status import TaskStatus


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


def trigger(ctx: Context, node: Node, scope_id: str | None) -> None:
    """Start event sub-process `node` in scope instance `scope_id` (interrupting it first)."""
    if node.interrupting:
        reason = f"Interrupted by event sub-process {node.id}"
        ctx.cancel_scope(scope_id, reason)
        _cancel_event_timers(ctx, scope_id)
    activity = ctx.new_activity(node, scope_id, TaskStatus.IN_PROGRESS)
    ctx.schedule(activity)
    assert node.start is not None
    ctx.move(node.start, activity.id)
    arm_timers(ctx, activity)


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

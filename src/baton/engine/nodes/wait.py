from __future__ import annotations

from baton.engine.context import Context
from baton.engine.failures import fail_task
from baton.engine.languages import EvaluationError
from baton.engine.nodes.base import WaitingActivity
from baton.model.instance import Activity, Timer, TimerPurpose
from baton.model.process import Node
from baton.model.status import TaskStatus


class Wait(WaitingActivity):
    """Waits IN_PROGRESS until its timer fires or, without a timer, an external completion.

    A timer whose date or duration cannot be evaluated fails the task (Conductor) or, with
    incidents, raises one that holds the open wait until resolved (BPMN)."""

    def on_timer(self, ctx: Context, node: Node, activity: Activity, timer: Timer) -> None:
        ctx.complete(activity.id)

    def on_complete(self, ctx: Context, node: Node, activity: Activity) -> None:
        ctx.leave(node, activity.scope, activity)

    def scheduled(self, ctx: Context, node: Node, activity: Activity) -> None:
        self._arm(ctx, node, activity)

    def on_rearm(self, ctx: Context, node: Node, activity: Activity) -> None:
        timers = [ctx.state.timers.get(t) for t in activity.timers]
        if not any(t is not None and t.purpose is TimerPurpose.WAIT for t in timers):
            self._arm(ctx, node, activity)
        super().on_rearm(ctx, node, activity)

    def _arm(self, ctx: Context, node: Node, activity: Activity) -> None:
        if node.timer is None:
            return
        try:
            due = ctx.timer_due(node.timer, activity)
        except EvaluationError as exc:
            if ctx.definition.incidents:
                ctx.timer_incident(activity, f"{node.id}: {exc}")
                return
            fail_task(ctx, activity.id, TaskStatus.FAILED_WITH_TERMINAL_ERROR, str(exc))
            return
        if due is None:  # a cycle of no repetitions (compilers give waits none): no wait
            ctx.complete(activity.id)
            return
        ctx.add_timer(ctx.edit(activity.id), TimerPurpose.WAIT, due)

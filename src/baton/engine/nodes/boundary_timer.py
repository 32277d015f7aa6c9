from __future__ import annotations

from baton.engine.context import Context
from baton.engine.languages import EvaluationError
from baton.engine.nodes.base import NodeBehavior
from baton.model.instance import Activity, Timer, TimerPurpose
from baton.model.process import Node


class BoundaryTimer(NodeBehavior):
    """Armed when its host activity starts; on firing, an interrupting one cancels the host.
    Either way a token leaves along the boundary event's own flows. A non-interrupting one
    with a cycle is armed again for its next firing while the host stays open."""

    def on_timer(self, ctx: Context, node: Node, activity: Activity, timer: Timer) -> None:
        if node.interrupting:
            ctx.cancel(activity.id, f"Interrupted by boundary timer {node.id}")
        elif node.timer is not None and node.timer.cycle is not None:
            self._again(ctx, node, activity, timer)
        ctx.leave(node, activity.scope, ctx.record(node, activity.scope))

    def _again(self, ctx: Context, node: Node, activity: Activity, timer: Timer) -> None:
        assert node.timer is not None
        try:
            due = ctx.timer_due(node.timer, activity, timer.fired + 1, timer.due)
        except EvaluationError as exc:
            if not ctx.definition.incidents:
                raise
            ctx.timer_incident(activity, f"{node.id}: {exc}")
            return
        if due is not None:
            host = ctx.edit(activity.id)
            ctx.add_timer(host, TimerPurpose.BOUNDARY, due, node.id, timer.fired + 1)

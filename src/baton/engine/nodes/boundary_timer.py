from __future__ import annotations

from baton.engine.context import Context
from baton.engine.nodes.base import NodeBehavior
from baton.model.instance import Activity, Timer
from baton.model.process import Node


class BoundaryTimer(NodeBehavior):
    """Armed when its host activity starts; on firing, an interrupting one cancels the host.
    Either way a token leaves along the boundary event's own flows."""

    def on_timer(self, ctx: Context, node: Node, activity: Activity, timer: Timer) -> None:
        if node.interrupting:
            ctx.cancel(activity.id, f"Interrupted by boundary timer {node.id}")
        ctx.leave(node, activity.scope, ctx.record(node, activity.scope))

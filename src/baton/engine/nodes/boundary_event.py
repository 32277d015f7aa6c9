from __future__ import annotations

from typing import Any

from baton.engine.context import Context
from baton.engine.nodes.base import NodeBehavior
from baton.model.instance import Activity
from baton.model.process import Node


class BoundaryEvent(NodeBehavior):
    """A message or signal boundary, subscribed while its host activity is open. When it
    arrives an interrupting one cancels the host; a non-interrupting one subscribes again
    (the arrival consumed the subscription). Either way its variables are set (through the
    event's output mappings, if any) and a token leaves along the event's own flows."""

    def on_trigger(
        self, ctx: Context, node: Node, activity: Activity, variables: dict[str, Any]
    ) -> None:
        if node.interrupting:
            ctx.cancel(activity.id, f"Interrupted by boundary event {node.id}")
        else:
            ctx.open_subscription(activity, node)
        if node.outputs is not None:
            ctx.apply_outputs(node, variables)
        elif variables:
            ctx.set_variables(variables)
        ctx.leave(node, activity.scope, ctx.record(node, activity.scope, output=variables))

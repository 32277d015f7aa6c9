from __future__ import annotations

from baton.engine.context import Context
from baton.engine.nodes.base import NodeBehavior
from baton.model.process import Node
from baton.model.status import TaskStatus


class SetVariables(NodeBehavior):
    """Merges the node's resolved input into the variables (propagated: `set_variables`)."""

    def on_enter(self, ctx: Context, node: Node, scope: str | None, via: str | None) -> None:
        current = ctx.new_activity(node, scope, TaskStatus.IN_PROGRESS) if node.recorded else None
        values = ctx.node_input(node, current, scope=scope)
        ctx.set_variables(values, scope)
        ctx.leave(node, scope, ctx.record(node, scope, values, activity=current))

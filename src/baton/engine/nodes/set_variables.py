from __future__ import annotations

from baton.engine.context import Context
from baton.engine.nodes.base import NodeBehavior
from baton.model.process import Node


class SetVariables(NodeBehavior):
    """Merges the node's resolved input into the instance variables."""

    def on_enter(self, ctx: Context, node: Node, scope: str | None, via: str | None) -> None:
        values = ctx.node_input(node)
        ctx.set_variables(values)
        ctx.leave(node, scope, ctx.record(node, scope, values))

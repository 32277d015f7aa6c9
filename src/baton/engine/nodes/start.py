from __future__ import annotations

from baton.engine.context import Context
from baton.engine.nodes.base import NodeBehavior
from baton.model.process import Node


class Start(NodeBehavior):
    """The token leaves at once; output mappings (BPMN start events) set variables first."""

    def on_enter(self, ctx: Context, node: Node, scope: str | None, via: str | None) -> None:
        if node.outputs is not None:
            ctx.apply_outputs(node, {})
        ctx.leave(node, scope, ctx.record(node, scope))

from __future__ import annotations

from baton.engine.context import Context
from baton.engine.nodes.base import NodeBehavior
from baton.model.process import Node


class PassThrough(NodeBehavior):
    """Does nothing: every token that arrives leaves along the flows whose condition holds."""

    def on_enter(self, ctx: Context, node: Node, scope: str | None, via: str | None) -> None:
        ctx.leave(node, scope, ctx.record(node, scope))

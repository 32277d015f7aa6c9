from __future__ import annotations

from baton.engine.context import Context
from baton.engine.nodes.base import NodeBehavior
from baton.model.process import Node


class End(NodeBehavior):
    """The token ends; the scope (or the instance) completes when no token is left in it."""

    def on_enter(self, ctx: Context, node: Node, scope: str | None, via: str | None) -> None:
        ctx.record(node, scope)
        ctx.consume(scope)

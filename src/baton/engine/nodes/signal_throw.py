from __future__ import annotations

from baton.engine.changes import SignalThrown
from baton.engine.context import Context
from baton.engine.nodes.base import NodeBehavior
from baton.model.process import Node


class SignalThrow(NodeBehavior):
    """Broadcasts its signal (with its input mappings as the signal's variables) and moves on;
    without outgoing flows it is a signal end event. The service delivers the signal to
    every subscription in the same transaction."""

    def on_enter(self, ctx: Context, node: Node, scope: str | None, via: str | None) -> None:
        assert node.trigger is not None
        variables = ctx.node_input(node, scope=scope) if node.input is not None else {}
        ctx.leave(node, scope, ctx.record(node, scope))
        ctx.emit(SignalThrown(node.trigger.name, variables))

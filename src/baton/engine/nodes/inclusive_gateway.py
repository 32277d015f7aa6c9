from __future__ import annotations

from baton.engine.context import Context
from baton.engine.nodes.base import NodeBehavior
from baton.model.instance import Token
from baton.model.process import Node


class InclusiveGateway(NodeBehavior):
    """Splits to every flow whose condition holds (default flow if none); as a join, fires once
    no other token in the scope instance can still reach it (BPMN's OR-join, approximated by
    graph reachability)."""

    def on_enter(self, ctx: Context, node: Node, scope: str | None, via: str | None) -> None:
        if len(ctx.index.incoming.get(node.id, ())) <= 1:
            ctx.leave(node, scope, ctx.record(node, scope))
            return
        ctx.state.join_tokens.append(Token(node.id, scope, via))
        self.on_settle(ctx, node, scope)

    def on_settle(self, ctx: Context, node: Node, scope: str | None) -> None:
        state = ctx.state
        here = [t for t in state.join_tokens if t.node == node.id and t.scope == scope]
        if not here or _reachable_by_others(ctx, node, scope):
            return
        state.join_tokens = [t for t in state.join_tokens if t not in here]
        ctx.leave(node, scope, ctx.record(node, scope))


def _reachable_by_others(ctx: Context, node: Node, scope: str | None) -> bool:
    state = ctx.state
    reachable = ctx.index.reachable
    positions = [state.activities[a].node for a in state.open if state.activities[a].scope == scope]
    positions.extend(t.node for t in state.join_tokens if t.scope == scope and t.node != node.id)
    positions.extend(t.node for t in ctx.queue if t.scope == scope)
    positions.extend(t.node for t in state.parked if t.scope == scope)
    return any(p == node.id or node.id in reachable(p) for p in positions)

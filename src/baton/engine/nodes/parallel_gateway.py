from __future__ import annotations

from typing import Any

from baton.engine.context import Context
from baton.engine.nodes.base import NodeBehavior
from baton.model.instance import Activity, Token
from baton.model.process import Node
from baton.model.status import TaskStatus


class ParallelGateway(NodeBehavior):
    """Splits to every outgoing flow; with several incoming flows, first waits for one token on
    each of them (per scope instance). A recorded join shows IN_PROGRESS while it waits and
    outputs `{node id: latest output}` for the nodes in `collect` (Conductor JOIN)."""

    def on_enter(self, ctx: Context, node: Node, scope: str | None, via: str | None) -> None:
        incoming = ctx.index.incoming.get(node.id, ())
        if len(incoming) <= 1:
            ctx.leave(node, scope, ctx.record(node, scope, _input(ctx, node), collect(ctx, node)))
            return
        state = ctx.state
        state.join_tokens.append(Token(node.id, scope, via))
        needed = {f.id for f in incoming}
        arrived = {t.via for t in state.join_tokens if t.node == node.id and t.scope == scope}
        waiting = _waiting_activity(ctx, node, scope)
        if not needed <= arrived:
            if waiting is None and node.recorded:
                activity = ctx.new_activity(node, scope, TaskStatus.IN_PROGRESS)
                activity.input = _input(ctx, node)
                ctx.schedule(activity)
            return
        remaining = []
        for token in state.join_tokens:
            if token.node == node.id and token.scope == scope and token.via in needed:
                needed.discard(token.via)
            else:
                remaining.append(token)
        state.join_tokens = remaining
        if waiting is not None:
            ctx.complete(waiting.id, collect(ctx, node))
        else:
            ctx.leave(node, scope, ctx.record(node, scope, _input(ctx, node), collect(ctx, node)))

    def on_complete(self, ctx: Context, node: Node, activity: Activity) -> None:
        ctx.leave(node, activity.scope, activity)


def collect(ctx: Context, node: Node) -> dict[str, Any]:
    output: dict[str, Any] = {}
    for ref in node.collect:
        activity = ctx.state.activity_by_ref(ref)
        if activity is not None:
            output[ref] = activity.output
    return output


def _input(ctx: Context, node: Node) -> dict[str, Any]:
    return ctx.node_input(node) if node.input is not None else {}


def _waiting_activity(ctx: Context, node: Node, scope: str | None) -> Activity | None:
    state = ctx.state
    for activity_id in state.open:
        activity = state.activities[activity_id]
        if activity.node == node.id and activity.scope == scope:
            return activity
    return None

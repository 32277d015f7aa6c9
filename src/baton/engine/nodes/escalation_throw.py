from __future__ import annotations

from baton.engine.context import Context
from baton.engine.escalations import catch_escalation, escalation_catch
from baton.engine.nodes.base import NodeBehavior
from baton.model.process import Node


class EscalationThrow(NodeBehavior):
    """Throws escalation `node.escalation_code` (see `baton.engine.escalations`), then the
    token goes on along the event's flows (an end event's ends), unless the catching
    boundary interrupted the scope it is in."""

    def on_enter(self, ctx: Context, node: Node, scope: str | None, via: str | None) -> None:
        code = node.escalation_code or ""
        record = ctx.record(node, scope)
        found = escalation_catch(ctx, None, code, scope)
        if found is None:
            ctx.propagate_escalation(code)
        elif catch_escalation(ctx, found, code):
            return
        ctx.leave(node, scope, record)

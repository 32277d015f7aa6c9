from __future__ import annotations

from baton.engine.context import Context
from baton.engine.failures import catch_error, error_catch
from baton.engine.nodes.base import NodeBehavior
from baton.model.instance import IncidentKind, Resume, Token
from baton.model.process import Node


class ErrorEnd(NodeBehavior):
    """Throws the BPMN error `node.error_code`: the innermost error boundary of a scope around
    it catches it (the scope is canceled). Uncaught, it goes to the calling process when the
    instance was called and the call activity catches it there; else an
    UNHANDLED_ERROR_EVENT incident holds the token (resolving throws it again)."""

    def on_enter(self, ctx: Context, node: Node, scope: str | None, via: str | None) -> None:
        code = node.error_code or ""
        found = error_catch(ctx, None, code, scope)
        if found is not None:
            ctx.record(node, scope)
            catch_error(ctx, found, code, None)
            return
        if ctx.propagate_error(code, f"thrown by error end event {node.id}"):
            ctx.record(node, scope)
            return
        token = Token(node.id, scope, via, None, ctx.pending_key)
        ctx.pending_key = None
        ctx.raise_incident(
            IncidentKind.UNHANDLED_ERROR_EVENT,
            f"An error was thrown with the code '{code}' but not caught.",
            resume=Resume.ENTER,
            token=token,
        )

"""Where a thrown error or escalation is caught: walking out from the thrower, the first of
a boundary event on the throwing activity, an event sub-process of the scope instance it is
in, a boundary on that scope instance, an event sub-process of the scope around it, and so on
up to the process. At each level one naming the code wins over a catch-all one."""

from __future__ import annotations

from baton.engine.context import Context
from baton.engine.event_sub_processes import catching
from baton.model.process import Node, NodeKind

# (the activity the boundary is attached to, or the scope instance the event sub-process
# starts in (None: the process); the catching node)
Catch = tuple[str | None, Node]

_CODE_FIELD = {"error": "error_code", "escalation": "escalation_code"}
_BOUNDARY = {"error": NodeKind.BOUNDARY_ERROR, "escalation": NodeKind.BOUNDARY_ESCALATION}


def find_catch(
    ctx: Context, kind: str, code: str, *, activity: str | None = None, scope: str | None = None
) -> Catch | None:
    """Who catches `kind` ("error" / "escalation") `code` thrown by the open `activity`, or
    by an event in scope instance `scope` (when `activity` is None)."""
    field = _CODE_FIELD[kind]
    if activity is not None:
        boundary = _boundary(ctx, ctx.activity(activity).node, kind, code)
        if boundary is not None:
            return activity, boundary
        scope = ctx.activity(activity).scope
    while True:
        esp = catching(ctx, scope, kind, code, field)
        if esp is not None:
            return scope, esp
        if scope is None:
            return None
        host = ctx.activity(scope)
        boundary = _boundary(ctx, host.node, kind, code)
        if boundary is not None:
            return scope, boundary
        scope = host.scope


def _boundary(ctx: Context, node_id: str, kind: str, code: str) -> Node | None:
    field = _CODE_FIELD[kind]
    catch_all: Node | None = None
    for boundary in ctx.index.boundaries.get(node_id, ()):
        if boundary.kind is not _BOUNDARY[kind]:
            continue
        wanted = getattr(boundary, field)
        if wanted == code:
            return boundary
        if wanted is None and catch_all is None:
            catch_all = boundary
    return catch_all

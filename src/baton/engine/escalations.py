"""BPMN escalations: thrown by escalation throw and end events, caught by the innermost
escalation boundary of a scope around the thrower (a sub-process or call activity). An
interrupting boundary cancels its host; a non-interrupting one lets the thrower go on. An
escalation nothing catches is no failure (Camunda): the thrower just goes on; in a called
instance it goes to the call activity of the calling process first."""

from __future__ import annotations

from baton.engine.context import Context
from baton.model.instance import Activity
from baton.model.process import Node, NodeKind


def escalation_catch(ctx: Context, host_id: str | None, code: str) -> tuple[Activity, Node] | None:
    """The innermost escalation boundary catching `code` on activity `host_id` or a scope
    around it, with its host; a boundary naming the code wins over a catch-all one."""
    host = ctx.activity(host_id) if host_id is not None else None
    while host is not None:
        catch_all: Node | None = None
        for boundary in ctx.index.boundaries.get(host.node, ()):
            if boundary.kind is not NodeKind.BOUNDARY_ESCALATION:
                continue
            if boundary.escalation_code == code:
                return host, boundary
            if boundary.escalation_code is None and catch_all is None:
                catch_all = boundary
        if catch_all is not None:
            return host, catch_all
        host = ctx.activity(host.scope) if host.scope is not None else None
    return None


def catch_escalation(ctx: Context, found: tuple[Activity, Node], code: str) -> bool:
    """Run the catching boundary; True when it interrupted (canceled) its host."""
    host, boundary = found
    if boundary.interrupting:
        ctx.cancel(host.id, f"Escalation {code} caught by boundary event {boundary.id}")
    output = {"escalationCode": code}
    ctx.leave(boundary, host.scope, ctx.record(boundary, host.scope, output=output))
    return boundary.interrupting

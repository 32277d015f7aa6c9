"""BPMN escalations: thrown by escalation throw and end events, caught by the innermost
escalation boundary of a scope around the thrower (a sub-process or call activity). An
interrupting boundary cancels its host; a non-interrupting one lets the thrower go on. An
escalation nothing catches is no failure (Camunda): the thrower just goes on; in a called
instance it goes to the call activity of the calling process first."""

from __future__ import annotations

from baton.engine.catches import Catch, find_catch
from baton.engine.context import Context
from baton.engine.event_sub_processes import trigger
from baton.model.process import NodeKind


def escalation_catch(
    ctx: Context, activity_id: str | None, code: str, scope: str | None = None
) -> Catch | None:
    """Who catches escalation `code` thrown by the open activity `activity_id` (or, without
    one, by an event in scope instance `scope`): see `baton.engine.catches`."""
    return find_catch(ctx, "escalation", code, activity=activity_id, scope=scope)


def catch_escalation(ctx: Context, found: Catch, code: str) -> bool:
    """Run the catching boundary or event sub-process; True when it interrupted the scope
    the escalation came from."""
    where, catcher = found
    if catcher.kind is NodeKind.EVENT_SUB_PROCESS:
        trigger(ctx, catcher, where)
        return catcher.interrupting
    assert where is not None
    host = ctx.activity(where)
    if catcher.interrupting:
        ctx.cancel(host.id, f"Escalation {code} caught by boundary event {catcher.id}")
    output = {"escalationCode": code}
    ctx.leave(catcher, host.scope, ctx.record(catcher, host.scope, output=output))
    return catcher.interrupting

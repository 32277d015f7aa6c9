"""Message and signal event definitions: what a catch, boundary or start event waits for,
and the nodes of message and signal throw and end events.

A message names a `bpmn:message` of the file (`messageRef`) with a static name; a message
caught by a running instance correlates by its `zeebe:subscription correlationKey` (FEEL
after `=`, else a static key; none: the empty key). A signal names a `bpmn:signal`. Message
throw and end events are jobs (`zeebe:taskDefinition`, like a send task); signal throw and
end events broadcast from the engine.
"""

from __future__ import annotations

from xml.etree.ElementTree import Element

from baton.model.process import EventTrigger, Node, NodeKind, Template, TriggerKind
from baton.notation.bpmn import zeebe as z
from baton.notation.bpmn.builders.base import FEEL, ProcessBuild
from baton.notation.bpmn.builders.tasks import job_node
from baton.notation.bpmn.document import local
from baton.notation.bpmn.document import zeebe as zeebe_element

MESSAGE = "messageEventDefinition"
SIGNAL = "signalEventDefinition"
TRIGGERS = frozenset({MESSAGE, SIGNAL})


def is_trigger(definition: Element) -> bool:
    return local(definition.tag) in TRIGGERS


def trigger(
    el: Element, ctx: ProcessBuild, definition: Element, *, keyed: bool = True
) -> EventTrigger | None:
    """The message or signal `definition` (an event definition, or a receive task) names;
    `keyed`: a message caught by a running instance, which needs its correlation key."""
    if local(definition.tag) == SIGNAL:
        return _signal(el, ctx, definition)
    return _message(el, ctx, definition, keyed)


def _message(
    el: Element, ctx: ProcessBuild, definition: Element, keyed: bool
) -> EventTrigger | None:
    ref = (definition.get("messageRef") or "").strip()
    message = ctx.messages.get(ref) if ref else None
    if message is None:
        ctx.refuse.element(el, f"messageRef {ref!r} names no bpmn:message of the file")
        return None
    name = (message.get("name") or "").strip()
    if not name:
        ctx.refuse.element(el, f"bpmn:message {ref!r} needs a name")
        return None
    if z.is_feel(name):
        ctx.refuse.unsupported_part(el, f"the FEEL message name {name!r}", "use a static name")
        return None
    if not keyed:
        return EventTrigger(TriggerKind.MESSAGE, name)
    found = zeebe_element(message, "subscription")
    raw = (found.get("correlationKey") or "") if found is not None else ""
    if not raw.strip():
        return EventTrigger(TriggerKind.MESSAGE, name)  # the empty key
    if not ctx.refuse.feel(el, "zeebe:subscription correlationKey", raw):
        return None
    return EventTrigger(TriggerKind.MESSAGE, name, Template(FEEL, raw))


def _signal(el: Element, ctx: ProcessBuild, definition: Element) -> EventTrigger | None:
    ref = (definition.get("signalRef") or "").strip()
    name = ctx.signals.get(ref, "").strip() if ref else ""
    if not name:
        ctx.refuse.element(el, f"signalRef {ref!r} names no bpmn:signal with a name")
        return None
    if z.is_feel(name):
        ctx.refuse.unsupported_part(el, f"the FEEL signal name {name!r}", "use a static name")
        return None
    return EventTrigger(TriggerKind.SIGNAL, name)


def throw(el: Element, ctx: ProcessBuild, scope: str | None, definition: Element) -> None:
    """A message or signal intermediate throw event or end event (an end: no outgoing flows)."""
    node_id = el.get("id") or ""
    if local(definition.tag) == SIGNAL:
        ctx.check_extensions(el, frozenset({"ioMapping"}))
        found = trigger(el, ctx, definition)
        inputs, outputs = z.io_mapping(ctx, el)
        if outputs is not None:
            ctx.refuse.unsupported_part(el, "zeebe:output on a signal throw event")
            return
        if found is not None:
            ctx.add(
                Node(
                    node_id,
                    NodeKind.SIGNAL_THROW,
                    scope,
                    trigger=found,
                    input=Template(FEEL, inputs) if inputs else None,
                )
            )
        return
    job = z.task_definition(ctx, el)
    if job is None:
        if zeebe_element(el, "taskDefinition") is None:
            ctx.refuse.unsupported_part(
                el, "a message throw event without a job type", "add zeebe:taskDefinition"
            )
        return
    ctx.add(job_node(el, ctx, scope, job))


def catch(el: Element, ctx: ProcessBuild, scope: str | None, definition: Element) -> None:
    """An intermediate catch event or receive task waiting for its message or signal; its
    `zeebe:ioMapping` outputs map the variables that arrive with it."""
    found = trigger(el, ctx, definition)
    ctx.check_extensions(el, frozenset({"ioMapping"}))
    inputs, outputs = z.io_mapping(ctx, el)
    if inputs:
        ctx.refuse.unsupported_part(el, f"zeebe:input on a {local(el.tag)}")
        return
    if found is None:
        return
    ctx.add(
        Node(
            el.get("id") or "",
            NodeKind.CATCH_EVENT,
            scope,
            name=el.get("name") or "",
            task_type=found.kind.value.upper(),
            trigger=found,
            merge_output=True,
            outputs=Template(FEEL, outputs) if outputs is not None else None,
            default_flow=el.get("default"),
        )
    )


def boundary(el: Element, ctx: ProcessBuild, scope: str | None, definition: Element) -> None:
    found = trigger(el, ctx, definition)
    ctx.check_extensions(el, frozenset({"ioMapping"}))
    inputs, outputs = z.io_mapping(ctx, el)
    if inputs:
        ctx.refuse.unsupported_part(el, "zeebe:input on a boundary event")
        return
    host = el.get("attachedToRef")
    if not host:
        ctx.refuse.element(el, "needs attachedToRef")
        return
    if found is None:
        return
    ctx.add(
        Node(
            el.get("id") or "",
            NodeKind.BOUNDARY_EVENT,
            scope,
            name=el.get("name") or "",
            trigger=found,
            attached_to=host,
            interrupting=el.get("cancelActivity", "true") != "false",
            outputs=Template(FEEL, outputs) if outputs is not None else None,
        )
    )


class ReceiveTaskBuilder:
    """A receive task waits for its message like an intermediate catch event."""

    def build(self, el: Element, ctx: ProcessBuild, scope: str | None) -> None:
        if not ctx.check_loops(el):
            return
        catch(el, ctx, scope, el)

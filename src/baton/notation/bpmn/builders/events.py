"""Events: none start/end, terminate end, none throw, timer catch, timer and error boundaries;
message and signal events are built by `triggers`."""

from __future__ import annotations

from xml.etree.ElementTree import Element

from baton.model.durations import parse_date, parse_duration
from baton.model.process import Node, NodeKind, Template, TerminateSpec, TimerSpec
from baton.notation.bpmn import zeebe as z
from baton.notation.bpmn.builders import triggers
from baton.notation.bpmn.builders.base import FEEL, ProcessBuild
from baton.notation.bpmn.document import BPMN, camunda_attr, child, local, namespace
from baton.notation.bpmn.zeebe import is_feel

_FORM_ONLY = frozenset({"formDefinition"})


def definitions(el: Element) -> list[Element]:
    return [
        item
        for item in el
        if namespace(item.tag) == BPMN and local(item.tag).endswith("EventDefinition")
    ]


class StartEventBuilder:
    def build(self, el: Element, ctx: ProcessBuild, scope: str | None) -> None:
        found = definitions(el)
        trigger = None
        if found:
            if len(found) != 1 or not triggers.is_trigger(found[0]) or scope is not None:
                ctx.refuse.unsupported(el)
                return
            trigger = triggers.trigger(el, ctx, found[0], keyed=False)
            if trigger is None:
                return
        ctx.check_extensions(el, _FORM_ONLY)
        ctx.add(
            Node(
                el.get("id") or "",
                NodeKind.START,
                scope,
                name=el.get("name") or "",
                trigger=trigger,
            )
        )


class EndEventBuilder:
    def build(self, el: Element, ctx: ProcessBuild, scope: str | None) -> None:
        found = definitions(el)
        node_id = el.get("id") or ""
        if len(found) == 1 and triggers.is_trigger(found[0]):
            triggers.throw(el, ctx, scope, found[0])
            return
        ctx.check_extensions(el, frozenset())
        if not found:
            ctx.add(Node(node_id, NodeKind.END, scope, name=el.get("name") or ""))
            return
        if len(found) == 1 and local(found[0].tag) == "terminateEventDefinition":
            if scope is not None:
                ctx.refuse.unsupported_part(el, "a terminate end event inside a sub-process")
                return
            ctx.add(
                Node(node_id, NodeKind.TERMINATE_END, scope, terminate=TerminateSpec("COMPLETED"))
            )
            return
        ctx.refuse.unsupported(el)


class ThrowEventBuilder:
    """A none intermediate throw event does nothing."""

    def build(self, el: Element, ctx: ProcessBuild, scope: str | None) -> None:
        found = definitions(el)
        if len(found) == 1 and triggers.is_trigger(found[0]):
            triggers.throw(el, ctx, scope, found[0])
            return
        if found:
            ctx.refuse.unsupported(el)
            return
        ctx.check_extensions(el, frozenset())
        ctx.add(Node(el.get("id") or "", NodeKind.PASS_THROUGH, scope))


class CatchEventBuilder:
    """A timer intermediate catch event waits (a WAIT node with a timer)."""

    def build(self, el: Element, ctx: ProcessBuild, scope: str | None) -> None:
        found = definitions(el)
        if len(found) == 1 and triggers.is_trigger(found[0]):
            triggers.catch(el, ctx, scope, found[0])
            return
        timer = _timer(el, ctx)
        if timer is None:
            return
        ctx.check_extensions(el, frozenset())
        ctx.add(
            Node(
                el.get("id") or "",
                NodeKind.WAIT,
                scope,
                name=el.get("name") or "",
                task_type="TIMER",
                timer=timer,
            )
        )


class BoundaryEventBuilder:
    def build(self, el: Element, ctx: ProcessBuild, scope: str | None) -> None:
        found = definitions(el)
        if len(found) == 1 and local(found[0].tag) == "errorEventDefinition":
            self._error(el, found[0], ctx, scope)
            return
        if len(found) == 1 and triggers.is_trigger(found[0]):
            triggers.boundary(el, ctx, scope, found[0])
            return
        timer = _timer(el, ctx)
        if timer is None:
            return
        ctx.check_extensions(el, frozenset())
        host = el.get("attachedToRef")
        if not host:
            ctx.refuse.element(el, "needs attachedToRef")
            return
        ctx.add(
            Node(
                el.get("id") or "",
                NodeKind.BOUNDARY_TIMER,
                scope,
                timer=timer,
                attached_to=host,
                interrupting=el.get("cancelActivity", "true") != "false",
            )
        )

    def _error(
        self, el: Element, definition: Element, ctx: ProcessBuild, scope: str | None
    ) -> None:
        """An error boundary: catches the errors whose code its `errorRef`'s `bpmn:error`
        names (every error without an `errorRef`, or when that error has no code).
        `zeebe:ioMapping` outputs may map the error's variables, `errorCode`, `errorMessage`."""
        ctx.check_extensions(el, frozenset({"ioMapping"}))
        inputs, outputs = z.io_mapping(ctx, el)
        if inputs:
            ctx.refuse.unsupported_part(el, "zeebe:input on a boundary event")
            return
        host = el.get("attachedToRef")
        if not host:
            ctx.refuse.element(el, "needs attachedToRef")
            return
        if el.get("cancelActivity", "true") == "false":
            ctx.refuse.element(el, "cannot be non-interrupting: error boundary events interrupt")
            return
        code: str | None = None
        ref = (definition.get("errorRef") or "").strip()
        if ref:
            if ref not in ctx.error_codes:
                ctx.refuse.element(el, f"errorRef {ref!r} names no bpmn:error of the file")
                return
            code = ctx.error_codes[ref].strip() or None
            if code is not None and is_feel(code):
                ctx.refuse.unsupported_part(
                    el,
                    f"the FEEL error code {code!r} of bpmn:error {ref!r}",
                    "catching errors needs a static errorCode",
                )
                return
        ctx.add(
            Node(
                el.get("id") or "",
                NodeKind.BOUNDARY_ERROR,
                scope,
                name=el.get("name") or "",
                attached_to=host,
                error_code=code,
                outputs=Template(FEEL, outputs) if outputs is not None else None,
                error_code_variable=camunda_attr(definition, "errorCodeVariable") or None,
                error_message_variable=camunda_attr(definition, "errorMessageVariable") or None,
            )
        )


def _timer(el: Element, ctx: ProcessBuild) -> TimerSpec | None:
    """The timer of a timer event (timeDuration or timeDate); refusals for anything else."""
    found = definitions(el)
    if len(found) != 1 or local(found[0].tag) != "timerEventDefinition":
        ctx.refuse.unsupported(el)
        return None
    definition = found[0]
    if child(definition, BPMN, "timeCycle") is not None:
        ctx.refuse.unsupported_part(el, "timeCycle")
        return None
    for name in ("timeDuration", "timeDate"):
        item = child(definition, BPMN, name)
        if item is None:
            continue
        text = (item.text or "").strip()
        if not text:
            break
        if is_feel(text):
            if not ctx.refuse.feel(el, name, text):
                return None
        else:
            try:
                parse_duration(text) if name == "timeDuration" else parse_date(text)
            except ValueError as exc:
                ctx.refuse.element(el, f"{name} {text!r} is not valid: {exc}")
                return None
        template = Template(FEEL, text)
        return TimerSpec(duration=template) if name == "timeDuration" else TimerSpec(date=template)
    ctx.refuse.element(el, "a timer needs a timeDuration or a timeDate")
    return None

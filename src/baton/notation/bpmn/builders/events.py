"""Events: none and timer start events, none/terminate/error/escalation end events, none,
link and escalation throw events, timer and link catch events, and timer, error and escalation
boundary events; message and signal events are built by `triggers`."""

from __future__ import annotations

from collections.abc import Callable
from xml.etree.ElementTree import Element

from baton.model.cycles import parse_cycle
from baton.model.durations import parse_date, parse_duration
from baton.model.process import Node, NodeKind, Template, TerminateSpec, TimerSpec
from baton.notation.bpmn import zeebe as z
from baton.notation.bpmn.builders import triggers
from baton.notation.bpmn.builders.base import FEEL, ProcessBuild
from baton.notation.bpmn.document import BPMN, camunda_attr, child, local, namespace
from baton.notation.bpmn.zeebe import is_feel

_START_EXTENSIONS = frozenset({"formDefinition", "ioMapping"})


def definitions(el: Element) -> list[Element]:
    return [
        item
        for item in el
        if namespace(item.tag) == BPMN and local(item.tag).endswith("EventDefinition")
    ]


class StartEventBuilder:
    """A none start event, or a process's timer start event (a START node with a timer: the
    process starts on it at its date, after its duration from deployment, or on each of its
    cycle's firings). `zeebe:ioMapping` outputs set variables as the token leaves it (Zeebe
    allows no inputs on start events)."""

    def build(self, el: Element, ctx: ProcessBuild, scope: str | None) -> None:
        timer: TimerSpec | None = None
        trigger = None
        found = definitions(el)
        if len(found) == 1 and local(found[0].tag) == "timerEventDefinition" and scope is None:
            timer = timer_of(el, ctx, cycle=True)
            if timer is None:
                return
        elif found:
            if len(found) != 1 or not triggers.is_trigger(found[0]) or scope is not None:
                ctx.refuse.unsupported(el)
                return
            trigger = triggers.trigger(el, ctx, found[0], keyed=False)
            if trigger is None:
                return
        ctx.check_extensions(el, _START_EXTENSIONS)
        inputs, outputs = z.io_mapping(ctx, el)
        if inputs:
            ctx.refuse.element(el, "cannot have zeebe:input mappings (a start event has outputs)")
            return
        ctx.add(
            Node(
                el.get("id") or "",
                NodeKind.START,
                scope,
                name=el.get("name") or "",
                trigger=trigger,
                timer=timer,
                outputs=Template(FEEL, outputs) if outputs is not None else None,
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
        kind = local(found[0].tag) if len(found) == 1 else ""
        if kind == "errorEventDefinition":
            ok, code = ctx.code_of(el, found[0], "error")
            if ok and code is None:
                ctx.refuse.unsupported_part(
                    el, "an error end event without an error code", "add an errorRef"
                )
            elif ok:
                ctx.add(Node(node_id, NodeKind.ERROR_END, scope, error_code=code))
            return
        if kind == "escalationEventDefinition":
            _escalation_throw(el, found[0], ctx, scope)
            return
        if len(found) == 1 and local(found[0].tag) == "terminateEventDefinition":
            spec = TerminateSpec("COMPLETED", scope_only=scope is not None)
            ctx.add(Node(node_id, NodeKind.TERMINATE_END, scope, terminate=spec))
            return
        ctx.refuse.unsupported(el)


def link_name(el: Element, ctx: ProcessBuild) -> str | None:
    """The name of a link event's `linkEventDefinition` (None, refused, when it has none)."""
    (definition,) = definitions(el)
    name = (definition.get("name") or el.get("name") or "").strip()
    if not name:
        ctx.refuse.element(el, "a link event needs a name")
        return None
    return name


def _is_link(el: Element) -> bool:
    found = definitions(el)
    return len(found) == 1 and local(found[0].tag) == "linkEventDefinition"


class ThrowEventBuilder:
    """A none intermediate throw event does nothing; a link throw event goes on at the link
    catch event of the same name in its scope."""

    def build(self, el: Element, ctx: ProcessBuild, scope: str | None) -> None:
        found = definitions(el)
        if len(found) == 1 and triggers.is_trigger(found[0]):
            triggers.throw(el, ctx, scope, found[0])
            return
        if len(found) == 1 and local(found[0].tag) == "escalationEventDefinition":
            ctx.check_extensions(el, frozenset())
            _escalation_throw(el, found[0], ctx, scope)
            return
        if _is_link(el):
            name = link_name(el, ctx)
            if name is not None:
                ctx.link_throws.append((el, scope, name))
        elif found:
            ctx.refuse.unsupported(el)
            return
        ctx.check_extensions(el, frozenset())
        ctx.add(Node(el.get("id") or "", NodeKind.PASS_THROUGH, scope))


class CatchEventBuilder:
    """A timer intermediate catch event waits (a WAIT node with a timer); a link catch event
    is where its link's throw events go on."""

    def build(self, el: Element, ctx: ProcessBuild, scope: str | None) -> None:
        found = definitions(el)
        if len(found) == 1 and triggers.is_trigger(found[0]):
            triggers.catch(el, ctx, scope, found[0])
            return
        if _is_link(el):
            self._link(el, ctx, scope)
            return
        timer = timer_of(el, ctx)
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

    def _link(self, el: Element, ctx: ProcessBuild, scope: str | None) -> None:
        ctx.check_extensions(el, frozenset())
        name = link_name(el, ctx)
        if name is None:
            return
        if (scope, name) in ctx.link_catches:
            ctx.refuse.element(
                el, f"catches link {name!r}, which another catch event of its scope catches already"
            )
            return
        ctx.link_catches[(scope, name)] = el.get("id") or ""
        ctx.add(Node(el.get("id") or "", NodeKind.PASS_THROUGH, scope))


class BoundaryEventBuilder:
    def build(self, el: Element, ctx: ProcessBuild, scope: str | None) -> None:
        found = definitions(el)
        if len(found) == 1 and local(found[0].tag) == "errorEventDefinition":
            self._error(el, found[0], ctx, scope)
            return
        if len(found) == 1 and triggers.is_trigger(found[0]):
            triggers.boundary(el, ctx, scope, found[0])
            return
        if len(found) == 1 and local(found[0].tag) == "escalationEventDefinition":
            self._escalation(el, found[0], ctx, scope)
            return
        interrupting = el.get("cancelActivity", "true") != "false"
        timer = timer_of(el, ctx, cycle=not interrupting)
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
                interrupting=interrupting,
            )
        )

    def _escalation(
        self, el: Element, definition: Element, ctx: ProcessBuild, scope: str | None
    ) -> None:
        """An escalation boundary (on a sub-process or call activity): catches the
        escalations of its `escalationRef`'s code (every one without it), interrupting or
        not."""
        ctx.check_extensions(el, frozenset())
        host = el.get("attachedToRef")
        if not host:
            ctx.refuse.element(el, "needs attachedToRef")
            return
        ok, code = ctx.code_of(el, definition, "escalation")
        if not ok:
            return
        ctx.add(
            Node(
                el.get("id") or "",
                NodeKind.BOUNDARY_ESCALATION,
                scope,
                attached_to=host,
                interrupting=el.get("cancelActivity", "true") != "false",
                escalation_code=code,
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


def _escalation_throw(
    el: Element, definition: Element, ctx: ProcessBuild, scope: str | None
) -> None:
    """An escalation intermediate throw or end event (an end event has no outgoing flows)."""
    ok, code = ctx.code_of(el, definition, "escalation")
    if ok and code is None:
        ctx.refuse.unsupported_part(
            el, "an escalation event without an escalation code", "add an escalationRef"
        )
    elif ok:
        ctx.add(Node(el.get("id") or "", NodeKind.ESCALATION_THROW, scope, escalation_code=code))


def timer_of(el: Element, ctx: ProcessBuild, cycle: bool = False) -> TimerSpec | None:
    """The timer of a timer event (timeDuration, timeDate, or with `cycle` a timeCycle);
    refusals for anything else."""
    found = definitions(el)
    if len(found) != 1 or local(found[0].tag) != "timerEventDefinition":
        ctx.refuse.unsupported(el)
        return None
    definition = found[0]
    if not cycle and child(definition, BPMN, "timeCycle") is not None:
        where = "an interrupting boundary event" if local(el.tag) == "boundaryEvent" else ""
        ctx.refuse.unsupported_part(
            el, f"timeCycle on {where or 'an intermediate catch event'}", "use a timeDuration"
        )
        return None
    for name in ("timeDuration", "timeDate", "timeCycle"):
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
                _PARSERS[name](text)
            except ValueError as exc:
                ctx.refuse.element(el, f"{name} {text!r} is not valid: {exc}")
                return None
        template = Template(FEEL, text)
        if name == "timeDuration":
            return TimerSpec(duration=template)
        return TimerSpec(date=template) if name == "timeDate" else TimerSpec(cycle=template)
    needs = "a timeDuration, a timeDate or a timeCycle" if cycle else "a timeDuration or a timeDate"
    ctx.refuse.element(el, f"a timer needs {needs}")
    return None


_PARSERS: dict[str, Callable[[str], object]] = {
    "timeDuration": parse_duration,
    "timeDate": parse_date,
    "timeCycle": parse_cycle,
}

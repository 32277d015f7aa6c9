"""Embedded sub-processes (scopes) and call activities (a child instance of another process)."""

from __future__ import annotations

from typing import Any
from xml.etree.ElementTree import Element

from baton.model.process import Node, NodeKind, Template
from baton.notation.bpmn import zeebe as z
from baton.notation.bpmn.builders import triggers
from baton.notation.bpmn.builders.base import FEEL, ProcessBuild
from baton.notation.bpmn.builders.events import definitions, timer_of
from baton.notation.bpmn.document import BPMN, CAMUNDA, extensions, local, namespace, q
from baton.notation.bpmn.document import zeebe as zeebe_element


class SubProcessBuilder:
    """An embedded sub-process (a scope). `zeebe:ioMapping`: inputs are evaluated as it is
    entered, in order, and set as variables (Baton keeps one variable scope per instance);
    outputs are evaluated as it completes, over the variables and its inputs."""

    def build(self, el: Element, ctx: ProcessBuild, scope: str | None) -> None:
        if el.get("triggeredByEvent") == "true":
            EventSubProcessBuilder().build(el, ctx, scope)
            return
        if not ctx.check_loops(el):
            return
        ctx.check_extensions(el, frozenset({"ioMapping"}))
        inputs, outputs = z.io_mapping(ctx, el)
        node_id = el.get("id") or ""
        start = ctx.container(el, node_id)
        ctx.add(
            Node(
                node_id,
                NodeKind.SUB_PROCESS,
                scope,
                name=el.get("name") or "",
                input=Template(FEEL, inputs) if inputs else None,
                start=start,
                default_flow=el.get("default"),
                outputs=Template(FEEL, outputs) if outputs is not None else None,
            )
        )


class EventSubProcessBuilder:
    """`subProcess triggeredByEvent="true"`: its one start event says what starts it inside
    the enclosing scope: a timer (timeDate, timeDuration; a timeCycle when non-interrupting),
    an error (always interrupting) or an escalation; `isInterrupting` (default true) says
    whether it cancels the rest of that scope first. A message (with its correlation key)
    or signal start event subscribes the enclosing scope instance while it is active."""

    def build(self, el: Element, ctx: ProcessBuild, scope: str | None) -> None:
        node_id = el.get("id") or ""
        starts = [item for item in el if item.tag == q(BPMN, "startEvent")]
        if len(starts) != 1:
            ctx.refuse.unsupported(el, detail=f"it needs one start event, not {len(starts)}")
            return
        start_el = starts[0]
        ctx.check_extensions(el, frozenset())
        ctx.check_extensions(start_el, frozenset())
        interrupting = start_el.get("isInterrupting", "true") != "false"
        found = definitions(start_el)
        kind = local(found[0].tag) if len(found) == 1 else ""
        trigger: dict[str, Any] = {}
        if kind == "timerEventDefinition":
            timer = timer_of(start_el, ctx, cycle=not interrupting)
            if timer is None:
                return
            trigger = {"started_by": "timer", "timer": timer}
        elif kind in ("errorEventDefinition", "escalationEventDefinition"):
            what = kind.removesuffix("EventDefinition")
            if what == "error" and not interrupting:
                ctx.refuse.element(
                    start_el,
                    "cannot be non-interrupting: error start events "
                    "of event sub-processes interrupt",
                )
                return
            ok, code = ctx.code_of(start_el, found[0], what)
            if not ok:
                return
            trigger = {"started_by": what, f"{what}_code": code}
        elif kind in triggers.TRIGGERS:
            event = triggers.trigger(start_el, ctx, found[0])
            if event is None:
                return
            trigger = {"started_by": event.kind.value, "trigger": event}
        else:
            ctx.refuse.unsupported(start_el, detail=f"in event sub-process '{node_id}'")
            return
        start = ctx.container(el, node_id)
        ctx.add(
            Node(
                node_id,
                NodeKind.EVENT_SUB_PROCESS,
                scope,
                name=el.get("name") or "",
                start=start,
                interrupting=interrupting,
                **trigger,
            )
        )


class CallActivityBuilder:
    """`zeebe:calledElement processId="child"` (or the Camunda 7 `calledElement` attribute):
    starts the latest version of the child process (`bindingType` deployment: the one
    deployed with the caller; versionTag: the newest with that tag) and waits for it to end.

    `zeebe:ioMapping` inputs become child variables (on top of all the caller's variables
    unless `propagateAllParentVariables="false"`); the child's variables come back through
    the output mappings, or all of them unless `propagateAllChildVariables="false"`.
    """

    def build(self, el: Element, ctx: ProcessBuild, scope: str | None) -> None:
        if not ctx.check_loops(el):
            return
        ctx.check_extensions(el, frozenset({"calledElement", "ioMapping"}))
        for item in extensions(el):
            if namespace(item.tag) == CAMUNDA and item.tag.rsplit("}", 1)[-1] in ("in", "out"):
                ctx.refuse.unsupported_part(
                    el, "camunda:in/camunda:out variable mappings", "use zeebe:ioMapping"
                )
                return
        called = zeebe_element(el, "calledElement")
        propagate_child = propagate_parent = True
        binding, tag = "latest", None
        if called is not None:
            process_id = (called.get("processId") or "").strip()
            binding = (called.get("bindingType") or "latest").strip()
            if binding not in z.BINDING_TYPES:
                ctx.refuse.element(el, f"bindingType {binding!r} must be one of {z.BINDING_TYPES}")
                return
            tag = (called.get("versionTag") or "").strip() or None
            if binding == "versionTag" and tag is None:
                ctx.refuse.element(el, "bindingType versionTag needs a versionTag")
                return
            propagate_child = called.get("propagateAllChildVariables", "true") != "false"
            propagate_parent = called.get("propagateAllParentVariables", "true") != "false"
        else:
            process_id = (el.get("calledElement") or "").strip()
        if not process_id:
            ctx.refuse.element(el, "needs a called process (zeebe:calledElement processId)")
            return
        if z.is_feel(process_id) or "${" in process_id or "#{" in process_id:
            ctx.refuse.unsupported_part(
                el, f"the called process expression {process_id!r}", "name the process statically"
            )
            return
        inputs, outputs = z.io_mapping(ctx, el)
        ctx.add(
            Node(
                el.get("id") or "",
                NodeKind.CALL_ACTIVITY,
                scope,
                task_type="CALL_ACTIVITY",
                input=Template(FEEL, inputs) if inputs else None,
                default_flow=el.get("default"),
                merge_output=propagate_child,
                outputs=Template(FEEL, outputs) if outputs is not None else None,
                called_process=process_id,
                propagate_variables=propagate_parent,
                binding=None if binding == "latest" else binding,
                binding_tag=tag if binding == "versionTag" else None,
            )
        )

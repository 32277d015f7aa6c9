"""Embedded sub-processes (scopes) and call activities (a child instance of another process)."""

from __future__ import annotations

from xml.etree.ElementTree import Element

from baton.model.process import Node, NodeKind, Template
from baton.notation.bpmn import zeebe as z
from baton.notation.bpmn.builders.base import FEEL, ProcessBuild
from baton.notation.bpmn.document import CAMUNDA, extensions, namespace
from baton.notation.bpmn.document import zeebe as zeebe_element


class SubProcessBuilder:
    """An embedded sub-process (a scope). `zeebe:ioMapping`: inputs are evaluated as it is
    entered, in order, and set as variables (Baton keeps one variable scope per instance);
    outputs are evaluated as it completes, over the variables and its inputs."""

    def build(self, el: Element, ctx: ProcessBuild, scope: str | None) -> None:
        if el.get("triggeredByEvent") == "true":
            ctx.refuse.unsupported(el)
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


class CallActivityBuilder:
    """`zeebe:calledElement processId="child"` (or the Camunda 7 `calledElement` attribute):
    starts the latest version of the child process and waits for it to end.

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
        if called is not None:
            process_id = (called.get("processId") or "").strip()
            binding = (called.get("bindingType") or "latest").strip()
            if binding != "latest":
                ctx.refuse.unsupported_part(
                    el, f"bindingType {binding!r}", "Baton calls the latest version"
                )
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
            )
        )

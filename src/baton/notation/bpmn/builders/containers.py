"""Embedded sub-processes (scopes); call activities are refused for now."""

from __future__ import annotations

from xml.etree.ElementTree import Element

from baton.model.process import Node, NodeKind
from baton.notation.bpmn.builders.base import ProcessBuild


class SubProcessBuilder:
    def build(self, el: Element, ctx: ProcessBuild, scope: str | None) -> None:
        if el.get("triggeredByEvent") == "true":
            ctx.refuse.unsupported(el)
            return
        if not ctx.check_loops(el):
            return
        ctx.check_extensions(el, frozenset())
        node_id = el.get("id") or ""
        start = ctx.container(el, node_id)
        ctx.add(
            Node(
                node_id,
                NodeKind.SUB_PROCESS,
                scope,
                name=el.get("name") or "",
                start=start,
                default_flow=el.get("default"),
            )
        )


class CallActivityBuilder:
    def build(self, el: Element, ctx: ProcessBuild, scope: str | None) -> None:
        ctx.refuse.unsupported(el, detail="Baton does not run call activities yet")

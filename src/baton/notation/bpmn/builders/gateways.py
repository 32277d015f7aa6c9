"""Gateways: exclusive (FEEL conditions, default flow), parallel, inclusive."""

from __future__ import annotations

from xml.etree.ElementTree import Element

from baton.model.process import Node, NodeKind
from baton.notation.bpmn.builders.base import ProcessBuild


class GatewayBuilder:
    def __init__(self, kind: NodeKind) -> None:
        self.kind = kind

    def build(self, el: Element, ctx: ProcessBuild, scope: str | None) -> None:
        ctx.check_extensions(el, frozenset())
        default = el.get("default") if self.kind is not NodeKind.PARALLEL_GATEWAY else None
        ctx.add(Node(el.get("id") or "", self.kind, scope, default_flow=default))

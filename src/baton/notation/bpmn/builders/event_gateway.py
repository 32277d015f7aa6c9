"""The event-based gateway, lowered onto the model: the gateway waits (an EVENT_GATEWAY
node) and the intermediate catch events it leads to become its interrupting boundary events
(a timer catch a BOUNDARY_TIMER, a message or signal catch a BOUNDARY_EVENT). The first to
occur cancels the gateway and its token leaves along that event's own flows, which is the
gateway's "first event wins"."""

from __future__ import annotations

from dataclasses import replace
from xml.etree.ElementTree import Element

from baton.model.process import Node, NodeKind
from baton.notation.bpmn.builders.base import ProcessBuild


class EventGatewayBuilder:
    def build(self, el: Element, ctx: ProcessBuild, scope: str | None) -> None:
        ctx.check_extensions(el, frozenset())
        ctx.add(Node(el.get("id") or "", NodeKind.EVENT_GATEWAY, scope, name=el.get("name") or ""))


def lower(ctx: ProcessBuild, container: Element, scope: str | None) -> None:
    """Turn the events after each event-based gateway of one container into its boundaries
    (run once the container's flows are built)."""
    gateways = [
        n for n in ctx.nodes.values() if n.kind is NodeKind.EVENT_GATEWAY and n.scope == scope
    ]
    for gateway in gateways:
        leaving = [f for f in ctx.flows if f.source == gateway.id]
        if len(leaving) < 2:
            ctx.refuse.element(container, f"event-based gateway {gateway.id!r} needs two events")
            continue
        for flow in leaving:
            _attach(ctx, container, gateway, flow.target)
        ctx.flows = [f for f in ctx.flows if f.source != gateway.id]


def _attach(ctx: ProcessBuild, container: Element, gateway: Node, target: str) -> None:
    event = ctx.nodes.get(target)
    if event is None:
        return  # refused already
    if event.kind is NodeKind.WAIT and event.timer is not None:
        kind = NodeKind.BOUNDARY_TIMER
    elif event.kind is NodeKind.CATCH_EVENT:
        kind = NodeKind.BOUNDARY_EVENT
    else:
        ctx.refuse.element(
            container,
            f"event-based gateway {gateway.id!r} may lead only to intermediate timer, "
            f"message or signal catch events, not to {target!r}",
        )
        return
    others = [f for f in ctx.flows if f.target == target and f.source != gateway.id]
    if others:
        ctx.refuse.element(
            container,
            f"{target!r} after event-based gateway {gateway.id!r} has other incoming flows",
        )
        return
    ctx.nodes[target] = replace(
        event, kind=kind, attached_to=gateway.id, interrupting=True, merge_output=False
    )

"""`bpmn:multiInstanceLoopCharacteristics` with `zeebe:loopCharacteristics`: an activity that
runs once per element of a collection becomes a MULTI_INSTANCE body node wrapping it.

The body takes the element's place in the graph (its sequence flows, boundary events and
default flow); the activity's own node keeps the element id and moves inside the body, so user
tasks, jobs and element instances show the element's id as Camunda does.
"""

from __future__ import annotations

from dataclasses import replace
from xml.etree.ElementTree import Element

from baton.model.process import Expression, MultiInstanceSpec, Node, NodeKind
from baton.notation.bpmn import zeebe as z
from baton.notation.bpmn.builders.base import FEEL, ProcessBuild
from baton.notation.bpmn.document import BPMN, ZEEBE, child, extensions, local, namespace
from baton.notation.bpmn.document import zeebe as zeebe_element

BODY_SUFFIX = "#multiInstanceBody"  # BPMN ids are NCNames: no element id contains '#'

# Node kinds that may run as the inner activity of a multi-instance body
INNER_KINDS = frozenset(
    {
        NodeKind.USER_TASK,
        NodeKind.SERVICE_TASK,
        NodeKind.SUB_PROCESS,
        NodeKind.CALL_ACTIVITY,
        NodeKind.SET_VARIABLES,
        NodeKind.PASS_THROUGH,
        NodeKind.WAIT,
    }
)


def loop_element(el: Element) -> Element | None:
    return child(el, BPMN, "multiInstanceLoopCharacteristics")


def wrap(el: Element, ctx: ProcessBuild, scope: str | None) -> None:
    """Put the node just built from `el` inside a multi-instance body (or refuse)."""
    element_id = el.get("id") or ""
    inner = ctx.nodes.get(element_id)
    loop = loop_element(el)
    if inner is None or loop is None:
        return
    if inner.kind not in INNER_KINDS:
        ctx.refuse.unsupported(el, f"multi-instance {local(el.tag)}")
        return
    spec = _spec(el, loop, ctx)
    if spec is None:
        return
    body_id = element_id + BODY_SUFFIX
    ctx.add(
        Node(
            body_id,
            NodeKind.MULTI_INSTANCE,
            scope,
            task_type="MULTI_INSTANCE_BODY",
            title=inner.title,
            start=element_id,
            default_flow=inner.default_flow,
            multi=spec,
        )
    )
    # recorded: every inner instance leaves an activity that the body counts
    ctx.nodes[element_id] = replace(inner, scope=body_id, default_flow=None, recorded=True)
    ctx.multi_bodies[element_id] = body_id


def _spec(el: Element, loop: Element, ctx: ProcessBuild) -> MultiInstanceSpec | None:
    for item in extensions(loop):
        if namespace(item.tag) == ZEEBE and local(item.tag) != "loopCharacteristics":
            ctx.refuse.unsupported_part(el, f"zeebe:{local(item.tag)} on its loop")
    if child(loop, BPMN, "loopCardinality") is not None:
        ctx.refuse.unsupported_part(
            el, "a multi-instance loopCardinality", "use zeebe:loopCharacteristics inputCollection"
        )
        return None
    characteristics = zeebe_element(loop, "loopCharacteristics")
    raw = characteristics.get("inputCollection") if characteristics is not None else None
    if raw is None or not raw.strip():
        ctx.refuse.unsupported_part(
            el,
            "a multi-instance without an inputCollection",
            "add zeebe:loopCharacteristics inputCollection",
        )
        return None
    assert characteristics is not None
    collection = _expression(ctx, el, "inputCollection", raw)
    input_element = _name(characteristics.get("inputElement"))
    output_collection = _name(characteristics.get("outputCollection"))
    raw_output = characteristics.get("outputElement")
    output_element = None
    if raw_output is not None and raw_output.strip():
        output_element = _expression(ctx, el, "outputElement", raw_output)
    if output_element is not None and output_collection is None:
        ctx.refuse.element(el, "has an outputElement but no outputCollection")
    condition = None
    found = child(loop, BPMN, "completionCondition")
    if found is not None and (found.text or "").strip():
        condition = _expression(ctx, el, "completionCondition", found.text or "")
    if collection is None:
        return None
    return MultiInstanceSpec(
        collection,
        sequential=loop.get("isSequential") == "true",
        input_element=input_element,
        output_collection=output_collection,
        output_element=output_element,
        completion_condition=condition,
    )


def _expression(ctx: ProcessBuild, el: Element, attribute: str, raw: str) -> Expression | None:
    """A FEEL expression attribute (`=` optional, as Zeebe reads these)."""
    text = raw.strip()
    source = text if z.is_feel(text) else f"={text}"
    if not ctx.refuse.feel(el, attribute, source):
        return None
    return Expression(FEEL, z.feel_text(source))


def _name(raw: str | None) -> str | None:
    return raw.strip() if raw is not None and raw.strip() else None

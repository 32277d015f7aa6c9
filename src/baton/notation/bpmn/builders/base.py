"""What every element builder gets: the process being built and the file's refusals."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace
from typing import Any, Protocol
from xml.etree.ElementTree import Element

from baton.expr.feel import FeelError, compile_value
from baton.model.process import Expression, Flow, Node, NodeKind
from baton.notation.bpmn.document import BPMN, ZEEBE, child, extensions, local, namespace, q
from baton.notation.bpmn.errors import Refusals

FEEL = "feel"

# Children of a process or sub-process that describe rather than run: skipped.
IGNORED = frozenset(
    {
        "extensionElements",
        "documentation",
        "laneSet",
        "textAnnotation",
        "association",
        "group",
        "dataObject",
        "dataObjectReference",
        "dataStoreReference",
        "property",
        "ioSpecification",
        "category",
        "incoming",
        "outgoing",
        "sequenceFlow",
        "multiInstanceLoopCharacteristics",  # a sub-process's own: see `multi_instance`
        "standardLoopCharacteristics",  # refused by `check_loops`
    }
)

# deepest nesting of sub-processes in a process
MAX_SCOPE_DEPTH = 32

# zeebe extension elements that carry no behaviour (tooling metadata): skipped everywhere.
ZEEBE_IGNORED = frozenset({"properties", "versionTag", "modelerTemplate"})
# zeebe extension elements every element may carry, run by the container (see `listeners`)
ZEEBE_ANYWHERE = frozenset({"executionListeners"})


class Builder(Protocol):
    def build(self, el: Element, ctx: ProcessBuild, scope: str | None) -> None: ...


class ProcessBuild:
    """Nodes and flows of one process (with its sub-processes), built element by element."""

    def __init__(
        self,
        filename: str,
        refusals: Refusals,
        embedded_forms: Mapping[str, Any],
        error_codes: Mapping[str, str] | None = None,
        messages: Mapping[str, Element] | None = None,
        signals: Mapping[str, str] | None = None,
        escalation_codes: Mapping[str, str] | None = None,
    ):
        self.filename = filename
        self.refuse = refusals
        self.embedded_forms = embedded_forms
        # the file's `bpmn:error` elements: id -> errorCode ("" when it has none)
        self.error_codes: Mapping[str, str] = error_codes or {}
        # the file's `bpmn:message` elements by id, and `bpmn:signal` names by id
        self.messages: Mapping[str, Element] = messages or {}
        self.signals: Mapping[str, str] = signals or {}
        # the file's `bpmn:escalation` elements: id -> escalationCode ("" when it has none)
        self.escalation_codes: Mapping[str, str] = escalation_codes or {}
        self.nodes: dict[str, Node] = {}
        self.flows: list[Flow] = []
        self.form_ids: list[str] = []
        # multi-instance elements: element id -> the id of the body node wrapping it
        self.multi_bodies: dict[str, str] = {}
        # link events by scope: link name -> catch node id; throws: (element, scope, name)
        self.link_catches: dict[tuple[str | None, str], str] = {}
        self.link_throws: list[tuple[Element, str | None, str]] = []
        self._depth = 0  # how many containers `container` is inside

    def add(self, node: Node) -> None:
        self.nodes[node.id] = node

    def container(self, el: Element, scope: str | None) -> str | None:
        """Build the flow elements and sequence flows of a process or sub-process; the id of
        its none start event (None, with a refusal, if it has not exactly one). A process may
        have message and signal start events besides, or instead of, its none start event."""
        if self._depth >= MAX_SCOPE_DEPTH:
            self.refuse.element(el, f"nests sub-processes more than {MAX_SCOPE_DEPTH} levels deep")
            return None
        self._depth += 1
        try:
            return self._container(el, scope)
        finally:
            self._depth -= 1

    def _container(self, el: Element, scope: str | None) -> str | None:
        from baton.notation.bpmn.builders import BUILDERS, multi_instance
        from baton.notation.bpmn.listeners import ExecutionListeners

        listening = ExecutionListeners()
        if scope is None:
            listening.read(self, el, process=True)
        starts: list[str] = []
        event_starts: list[str] = []  # message and signal start events
        timer_starts: list[str] = []
        for item in el:
            if namespace(item.tag) != BPMN:
                continue  # another vendor's extension attribute-element
            name = local(item.tag)
            if name in IGNORED:
                continue
            if name == "startEvent" and el.get("triggeredByEvent") == "true":
                # an event sub-process's start event: its trigger is the sub-process node's
                starts.append(item.get("id") or "")
                self.add(Node(starts[-1], NodeKind.START, scope))
                continue
            builder = BUILDERS.get(name)
            if builder is None:
                self.refuse.unsupported(item)
                continue
            before = len(self.nodes)
            builder.build(item, self, scope)
            self._title(item)
            if multi_instance.loop_element(item) is not None:
                multi_instance.wrap(item, self, scope)
            listening.read(self, item)
            if name == "startEvent" and len(self.nodes) > before:
                start_id = item.get("id") or ""
                start = self.nodes[start_id]
                if start.trigger is not None:
                    event_starts.append(start_id)
                elif start.timer is not None:
                    timer_starts.append(start_id)
                else:
                    starts.append(start_id)
        flows = len(self.flows)
        for flow in el.findall(q(BPMN, "sequenceFlow")):
            self.flow(flow)
        self._link(scope)
        if self.multi_bodies:
            self._attach_to_bodies(flows)
        from baton.notation.bpmn.builders.event_gateway import lower

        lower(self, el, scope)
        if not starts and (event_starts or timer_starts) and scope is None:
            return (event_starts or timer_starts)[0]  # started by its events only
        if len(starts) != 1:
            found = "none" if not starts else f"{len(starts)}: {', '.join(starts)}"
            self.refuse.element(el, f"needs exactly one none start event (found {found})")
            return None
        listening.lower(self, el, starts[0] if scope is None else None)
        return starts[0]

    def _attach_to_bodies(self, first_flow: int) -> None:
        """Sequence flows and boundary events of a multi-instance element belong to its body."""
        bodies = self.multi_bodies
        for i in range(first_flow, len(self.flows)):
            flow = self.flows[i]
            if flow.source in bodies or flow.target in bodies:
                self.flows[i] = replace(
                    flow,
                    source=bodies.get(flow.source, flow.source),
                    target=bodies.get(flow.target, flow.target),
                )
        for node in list(self.nodes.values()):
            if node.attached_to in bodies:
                self.nodes[node.id] = replace(node, attached_to=bodies[node.attached_to])

    def _link(self, scope: str | None) -> None:
        """Join each link throw event of `scope` to the catch event of its link name."""
        for el, where, name in self.link_throws:
            if where != scope:
                continue
            target = self.link_catches.get((scope, name))
            if target is None:
                self.refuse.element(
                    el, f"throws link {name!r}, which no link catch event of its scope catches"
                )
                continue
            source = el.get("id") or ""
            self.flows.append(Flow(f"{source}__link", source, target))

    def code_of(self, el: Element, definition: Element, kind: str) -> tuple[bool, str | None]:
        """The static code of the `bpmn:error`/`bpmn:escalation` (`kind`) that an event
        definition's `errorRef`/`escalationRef` names: (ok, code); code None without a ref or
        when that element has no code. Refusals (ok False) for an unknown ref or FEEL code."""
        ref = (definition.get(f"{kind}Ref") or "").strip()
        if not ref:
            return True, None
        codes = self.error_codes if kind == "error" else self.escalation_codes
        if ref not in codes:
            self.refuse.element(el, f"{kind}Ref {ref!r} names no bpmn:{kind} of the file")
            return False, None
        code = codes[ref].strip() or None
        if code is not None and code.lstrip().startswith("="):
            self.refuse.unsupported_part(
                el, f"the FEEL {kind} code {code!r} of bpmn:{kind} {ref!r}", "use a static code"
            )
            return False, None
        return True, code

    def _title(self, el: Element) -> None:
        """Give the node built from `el` the element's display name."""
        node = self.nodes.get(el.get("id") or "")
        name = (el.get("name") or "").strip()
        if node is not None and name and not node.title:
            self.nodes[node.id] = replace(node, title=name)

    def flow(self, el: Element) -> None:
        flow_id = el.get("id") or ""
        source = el.get("sourceRef") or ""
        target = el.get("targetRef") or ""
        condition: Expression | None = None
        expr = child(el, BPMN, "conditionExpression")
        if expr is not None and (expr.text or "").strip():
            condition = self.condition(el, expr)
        self.flows.append(Flow(flow_id, source, target, condition))

    def condition(self, flow: Element, expr: Element) -> Expression | None:
        text = (expr.text or "").strip()
        language = expr.get("language")
        if language and language.lower() != "feel":
            self.refuse.unsupported_part(flow, f"condition language {language!r}")
            return None
        if text.startswith(("${", "#{")):
            self.refuse.unsupported_part(
                flow, f"Camunda 7 condition {text!r}", "conditions are FEEL"
            )
            return None
        source = text if text.startswith("=") else f"={text}"
        try:
            compile_value(source)
        except FeelError as exc:
            if text.startswith("="):
                self.refuse.element(flow, f"attribute 'conditionExpression': invalid FEEL: {exc}")
            else:
                self.refuse.unsupported_part(
                    flow, f"non-FEEL condition {text!r}", f"FEEL says: {exc.reason}"
                )
            return None
        return Expression(FEEL, source.lstrip()[1:])

    def check_extensions(self, el: Element, consumed: frozenset[str]) -> None:
        """Refuse zeebe extension elements this element's builder does not run."""
        for item in extensions(el):
            if namespace(item.tag) != ZEEBE:
                continue  # other vendors' extensions are ignored
            name = local(item.tag)
            if name in consumed or name in ZEEBE_IGNORED or name in ZEEBE_ANYWHERE:
                continue
            self.refuse.unsupported_part(el, f"zeebe:{name}")

    def check_loops(self, el: Element) -> bool:
        """Refuse a standard loop (Zeebe has none); multi-instance is wrapped after the build."""
        if child(el, BPMN, "standardLoopCharacteristics") is not None:
            self.refuse.unsupported(el, f"loop {local(el.tag)}")
            return False
        return True

"""`zeebe:taskListeners` and `zeebe:executionListeners`: listener jobs as model nodes.

- A user task's task listeners become TASK_LISTENER nodes (`<task>#<event><n>`, `#` never
  occurs in a BPMN id), on no flow: the human-task service starts them, in file order, when
  the task is created, assigned, updated, completed or canceled.
- Execution listeners are lowered onto the graph: each becomes a job (a SERVICE_TASK whose
  variables are merged) chained before the element (start) or after it (end), so the element
  starts only once its start listeners completed and its token leaves only once its end
  listeners did. Elements a token cannot enter (start and boundary events) run both kinds
  after themselves; end events, which a token cannot leave, run both before. The process's
  own start listeners run after its start event, its end listeners before each of its end
  events.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from itertools import pairwise
from xml.etree.ElementTree import Element

from baton.model.expressions import Expression
from baton.model.process import Flow, Node, NodeKind
from baton.notation.bpmn.builders.base import FEEL, ProcessBuild
from baton.notation.bpmn.document import zeebe
from baton.notation.bpmn.zeebe import feel_text, is_feel

DEFAULT_RETRIES = 3

# Camunda's event types, with the names older versions and tools wrote
TASK_EVENTS = {
    "creating": "creating",
    "create": "creating",
    "assigning": "assigning",
    "assignment": "assigning",
    "assign": "assigning",
    "updating": "updating",
    "update": "updating",
    "completing": "completing",
    "complete": "completing",
    "canceling": "canceling",
    "cancel": "canceling",
}
EXECUTION_EVENTS = frozenset({"start", "end"})
_ENTERED_AFTER = frozenset(
    {
        NodeKind.START,
        NodeKind.BOUNDARY_TIMER,
        NodeKind.BOUNDARY_ERROR,
        NodeKind.BOUNDARY_EVENT,
        NodeKind.BOUNDARY_ESCALATION,
    }
)
_ENDS_HERE = frozenset({NodeKind.END, NodeKind.TERMINATE_END, NodeKind.ERROR_END})
_GATEWAYS = frozenset(
    {
        NodeKind.EXCLUSIVE_GATEWAY,
        NodeKind.PARALLEL_GATEWAY,
        NodeKind.INCLUSIVE_GATEWAY,
        NodeKind.EVENT_GATEWAY,
    }
)


@dataclass(frozen=True, slots=True)
class Listener:
    event: str
    job_type: str
    retries: int


def _read(ctx: ProcessBuild, el: Element, group: str, events: dict[str, str]) -> list[Listener]:
    found = zeebe(el, group)
    if found is None:
        return []
    listeners: list[Listener] = []
    what = group[:-1]  # taskListener / executionListener
    for item in found:
        if not item.tag.endswith("}" + what):
            continue
        raw_event = (item.get("eventType") or "").strip()
        event = events.get(raw_event)
        job_type = (item.get("type") or "").strip()
        raw_retries = (item.get("retries") or str(DEFAULT_RETRIES)).strip()
        if event is None:
            allowed = ", ".join(sorted(set(events.values())))
            ctx.refuse.element(el, f"zeebe:{what} eventType {raw_event!r} is not one of {allowed}")
        elif not job_type:
            ctx.refuse.element(el, f"zeebe:{what} ({raw_event}) needs a type")
        elif is_feel(job_type) and not ctx.refuse.feel(el, f"zeebe:{what} type", job_type):
            continue  # a FEEL job type (evaluated per job) that does not compile: refused
        elif not raw_retries.isdigit():
            ctx.refuse.element(el, f"zeebe:{what} retries {raw_retries!r} must be a number")
        else:
            listeners.append(Listener(event, job_type, int(raw_retries)))
    return listeners


def _job(listener: Listener, node_id: str, scope: str | None, of: str, kind: NodeKind) -> Node:
    return Node(
        node_id,
        kind,
        scope,
        name=listener.job_type,
        task_type=listener.job_type,
        job_type=listener.job_type,
        job_type_expression=(
            Expression(FEEL, feel_text(listener.job_type)) if is_feel(listener.job_type) else None
        ),  # a FEEL job type: evaluated when each listener job is created
        retry_count=max(listener.retries - 1, 0),
        retry_delay_seconds=0,
        merge_output=kind is NodeKind.SERVICE_TASK,
        listener_of=of,
        listener_event=listener.event,
    )


def add_task_listeners(ctx: ProcessBuild, el: Element, task: Node) -> None:
    """The TASK_LISTENER nodes of user task `task`, in file order per event."""
    counts: dict[str, int] = {}
    for listener in _read(ctx, el, "taskListeners", TASK_EVENTS):
        n = counts.get(listener.event, 0)
        counts[listener.event] = n + 1
        node_id = f"{task.id}#{listener.event}{n}"
        ctx.add(_job(listener, node_id, task.scope, task.id, NodeKind.TASK_LISTENER))


class ExecutionListeners:
    """Execution listeners read while a container is built, lowered once its flows are in."""

    def __init__(self) -> None:
        self._found: list[tuple[str, list[Listener]]] = []
        self._process: tuple[str, list[Listener]] | None = None

    def read(self, ctx: ProcessBuild, el: Element, *, process: bool = False) -> None:
        listeners = _read(ctx, el, "executionListeners", {e: e for e in EXECUTION_EVENTS})
        if not listeners:
            return
        if process:
            self._process = (el.get("id") or "", listeners)
        else:
            self._found.append((el.get("id") or "", listeners))

    def lower(self, ctx: ProcessBuild, el: Element, start: str | None) -> None:
        """Chain the listener jobs into `ctx`'s graph (`start`: the root start event)."""
        found = list(self._found)
        self._found = []
        process_ends: list[Listener] = []
        process_id = ""
        if self._process is not None and start is not None:
            process_id, listeners = self._process
            self._process = None
            starts = [x for x in listeners if x.event == "start"]
            process_ends = [x for x in listeners if x.event == "end"]
            own = next((ls for i, ls in found if i == start), [])
            found = [(i, ls) for i, ls in found if i != start]
            found.append((start, starts + own))
        for element_id, listeners in found:
            # a multi-instance element's listeners run around its body, once
            node = ctx.nodes.get(ctx.multi_bodies.get(element_id, element_id))
            if node is None:
                continue  # its builder refused it
            starts = [x for x in listeners if x.event == "start"]
            ends = [x for x in listeners if x.event == "end"]
            if node.kind in _ENTERED_AFTER:
                _chain(ctx, el, node, [], starts + ends, of=element_id)
            elif node.kind in _ENDS_HERE:
                _chain(ctx, el, node, starts + ends, [], of=element_id)
            else:
                _chain(ctx, el, node, starts, ends, of=element_id)
        # the process ends after its end event's own listeners: chained in after them
        for end in [n for n in ctx.nodes.values() if n.scope is None and n.kind in _ENDS_HERE]:
            if process_ends:
                _chain(ctx, el, end, process_ends, [], of=process_id, prefix="process-")


def _chain(
    ctx: ProcessBuild,
    el: Element,
    node: Node,
    before: list[Listener],
    after: list[Listener],
    *,
    of: str | None = None,
    prefix: str = "",
) -> None:
    owner = of or node.id
    if after and node.kind in _GATEWAYS and len(_outgoing(ctx, node.id)) > 1:
        ctx.refuse.element(
            el, f"{node.id}: end execution listeners on a gateway that splits are not supported"
        )
        return
    if before:
        jobs = [
            _job(x, f"{node.id}#{prefix}{x.event}{i}", node.scope, owner, NodeKind.SERVICE_TASK)
            for i, x in enumerate(before)
        ]
        ctx.flows = [replace(f, target=jobs[0].id) if f.target == node.id else f for f in ctx.flows]
        for job in jobs:
            ctx.add(job)
        _link(ctx, [*jobs, node])
    if after:
        jobs = [
            _job(x, f"{node.id}#{prefix}{x.event}{i}", node.scope, owner, NodeKind.SERVICE_TASK)
            for i, x in enumerate(after)
        ]
        last = jobs[-1]
        ctx.flows = [replace(f, source=last.id) if f.source == node.id else f for f in ctx.flows]
        if node.default_flow is not None:
            ctx.nodes[node.id] = replace(node, default_flow=None)
            jobs[-1] = replace(last, default_flow=node.default_flow)
        for job in jobs:
            ctx.add(job)
        _link(ctx, [ctx.nodes[node.id], *jobs])


def _link(ctx: ProcessBuild, chain: list[Node]) -> None:
    for source, target in pairwise(chain):
        ctx.flows.append(Flow(f"{source.id}#to#{target.id}", source.id, target.id))


def _outgoing(ctx: ProcessBuild, node_id: str) -> list[Flow]:
    return [f for f in ctx.flows if f.source == node_id]

"""What a process diagram draws: the BPMN XML of a deployed version, or a Conductor
workflow's tasks flattened into a graph (SWITCH cases, FORK_JOIN branches and their JOIN,
DO_WHILE bodies with the edge back to the loop).

Node ids are the tasks' `taskReferenceName`s, the ids the instances' activities carry, so
highlights and badges key on them; `$start` and `$end` frame the graph."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from baton.model.errors import NotFound
from baton.model.identity import Caller
from baton.services import authz
from baton.services.context import ServiceContext
from baton.store import definitions as definition_store
from baton.store import deployments as deployment_store

START = "$start"
END = "$end"


@dataclass(frozen=True)
class GraphNode:
    id: str
    name: str
    type: str


@dataclass(frozen=True)
class GraphEdge:
    source: str
    target: str
    label: str | None = None


@dataclass(frozen=True)
class WorkflowGraph:
    nodes: list[GraphNode]
    edges: list[GraphEdge]


@dataclass(frozen=True)
class BpmnDiagram:
    xml: str


Diagram = BpmnDiagram | WorkflowGraph

# where tokens leave a built piece: (node, label of the edge that leaves it)
Exit = tuple[str, str | None]


@dataclass
class _Graph:
    nodes: list[GraphNode] = field(default_factory=list)
    edges: list[GraphEdge] = field(default_factory=list)

    def node(self, node_id: str, name: str, kind: str) -> str:
        self.nodes.append(GraphNode(node_id, name, kind))
        return node_id

    def connect(self, exits: list[Exit], target: str) -> None:
        for source, label in exits:
            self.edges.append(GraphEdge(source, target, label))


def get(ctx: ServiceContext, caller: Caller, name: str, version: int | None) -> Diagram:
    """The diagram of a definition version (the latest when None) the caller may see."""
    if not authz.may_see_definition(ctx, caller, name):
        raise NotFound(f"No process definition {name!r}")
    with ctx.db.read() as conn:
        row = definition_store.get_process_def(conn, name, version)
        if row is None:
            raise NotFound(f"No process definition {name!r} version {version or 'latest'}")
        if row["notation"] == "bpmn":
            deployed = deployment_store.process_by_version(conn, name, int(row["version"]))
            if deployed is None:
                raise NotFound(f"No deployed BPMN for {name!r} version {row['version']}")
            return BpmnDiagram(str(deployed["xml"]))
    source = row["source"] if isinstance(row["source"], Mapping) else {}
    return workflow_graph(source)


def workflow_graph(workflow_def: Mapping[str, Any]) -> WorkflowGraph:
    graph = _Graph()
    graph.node(START, "Start", "START")
    exits = _sequence(graph, _tasks(workflow_def.get("tasks")), [(START, None)])
    graph.node(END, "End", "END")
    graph.connect(exits, END)
    return WorkflowGraph(graph.nodes, list(dict.fromkeys(graph.edges)))


def _tasks(value: Any) -> list[Mapping[str, Any]]:
    if not isinstance(value, list):
        return []
    return [step for step in value if isinstance(step, Mapping) and step.get("taskReferenceName")]


def _sequence(graph: _Graph, tasks: list[Mapping[str, Any]], exits: list[Exit]) -> list[Exit]:
    """Chain `tasks` after `exits`; returns where tokens leave the last one."""
    i = 0
    while i < len(tasks):
        step = tasks[i]
        kind = str(step.get("type") or "SIMPLE")
        if kind == "FORK_JOIN":
            join = tasks[i + 1] if i + 1 < len(tasks) else None
            if join is not None and str(join.get("type")) != "JOIN":
                join = None
            exits = _fork(graph, step, join, exits)
            i += 2 if join is not None else 1
            continue
        exits = _step(graph, step, kind, exits)
        i += 1
    return exits


def _add(graph: _Graph, step: Mapping[str, Any], kind: str, exits: list[Exit]) -> str:
    ref = str(step["taskReferenceName"])
    graph.node(ref, str(step.get("name") or ref), kind)
    graph.connect(exits, ref)
    return ref


def _step(graph: _Graph, step: Mapping[str, Any], kind: str, exits: list[Exit]) -> list[Exit]:
    ref = _add(graph, step, kind, exits)
    if kind in ("SWITCH", "DECISION"):
        return _switch(graph, ref, step)
    if kind == "DO_WHILE":
        body = _sequence(graph, _tasks(step.get("loopOver")), [(ref, None)])
        if body != [(ref, None)]:
            graph.connect([(source, label or "again") for source, label in body], ref)
        return [(ref, "done")]
    if kind == "TERMINATE":
        return []
    return [(ref, None)]


def _switch(graph: _Graph, ref: str, step: Mapping[str, Any]) -> list[Exit]:
    cases = step.get("decisionCases")
    branches: list[tuple[str, Any]] = list(cases.items()) if isinstance(cases, Mapping) else []
    branches.append(("default", step.get("defaultCase")))
    exits: list[Exit] = []
    for label, tasks in branches:
        exits.extend(_sequence(graph, _tasks(tasks), [(ref, str(label))]))
    return exits


def _fork(
    graph: _Graph,
    step: Mapping[str, Any],
    join: Mapping[str, Any] | None,
    exits: list[Exit],
) -> list[Exit]:
    ref = _add(graph, step, "FORK_JOIN", exits)
    branches = step.get("forkTasks")
    ends: list[Exit] = []
    for branch in branches if isinstance(branches, list) else []:
        ends.extend(_sequence(graph, _tasks(branch), [(ref, None)]))
    if join is None:
        return ends
    join_ref = _add(graph, join, "JOIN", ends)
    return [(join_ref, None)]

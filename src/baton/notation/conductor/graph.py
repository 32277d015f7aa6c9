"""Collects nodes and flows while a Conductor definition is lowered onto the process model."""

from __future__ import annotations

import itertools
from dataclasses import dataclass

from baton.model.process import Expression, Flow, Node


@dataclass(frozen=True, slots=True)
class Fragment:
    """A built piece of graph: where tokens enter, and the nodes whose tokens leave it."""

    entry: str
    exits: tuple[str, ...]


class DuplicateNodeError(ValueError):
    pass


class GraphBuilder:
    def __init__(self) -> None:
        self.nodes: dict[str, Node] = {}
        self.flows: list[Flow] = []

    def add(self, node: Node) -> str:
        if node.id in self.nodes:
            raise DuplicateNodeError(node.id)
        self.nodes[node.id] = node
        return node.id

    def flow(
        self,
        source: str,
        target: str,
        *,
        case: str | None = None,
        condition: Expression | None = None,
    ) -> str:
        flow_id = f"f{len(self.flows) + 1}"
        self.flows.append(Flow(flow_id, source, target, condition, case))
        return flow_id

    def connect(self, exits: tuple[str, ...], target: str) -> None:
        for source in exits:
            self.flow(source, target)

    def chain(self, fragments: list[Fragment]) -> Fragment | None:
        """Join fragments in order (each one's exits flow into the next one's entry)."""
        if not fragments:
            return None
        for before, after in itertools.pairwise(fragments):
            self.connect(before.exits, after.entry)
        return Fragment(fragments[0].entry, fragments[-1].exits)

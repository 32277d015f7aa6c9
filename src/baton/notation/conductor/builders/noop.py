"""NOOP: does nothing; a COMPLETED task with an empty output."""

from __future__ import annotations

from typing import TYPE_CHECKING

from baton.model.process import NodeKind
from baton.notation.conductor.builders.base import Step, TaskBuilder, single, task_node
from baton.notation.conductor.graph import Fragment

if TYPE_CHECKING:
    from baton.notation.conductor.compiler import Lowering


class NoopBuilder(TaskBuilder):
    def build(self, step: Step, path: str, scope: str | None, lowering: Lowering) -> Fragment:
        return single(lowering.graph.add(task_node(step, NodeKind.PASS_THROUGH, scope)))

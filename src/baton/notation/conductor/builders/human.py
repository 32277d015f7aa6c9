"""HUMAN: waits IN_PROGRESS until completed; its input (incl. `__humanTaskDefinition`) goes to
the human-task service with the `TaskScheduled` change."""

from __future__ import annotations

from typing import TYPE_CHECKING

from baton.model.process import NodeKind
from baton.notation.conductor.builders.base import Step, TaskBuilder, single, task_node
from baton.notation.conductor.graph import Fragment

if TYPE_CHECKING:
    from baton.notation.conductor.compiler import Lowering


class HumanBuilder(TaskBuilder):
    def build(self, step: Step, path: str, scope: str | None, lowering: Lowering) -> Fragment:
        return single(lowering.graph.add(task_node(step, NodeKind.USER_TASK, scope)))

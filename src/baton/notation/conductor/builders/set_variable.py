"""SET_VARIABLE: merges the resolved input parameters into `workflow.variables`."""

from __future__ import annotations

from typing import TYPE_CHECKING

from baton.model.process import NodeKind
from baton.notation.conductor.builders.base import Step, TaskBuilder, single, task_node
from baton.notation.conductor.graph import Fragment

if TYPE_CHECKING:
    from baton.notation.conductor.compiler import Lowering


class SetVariableBuilder(TaskBuilder):
    def build(self, step: Step, path: str, scope: str | None, lowering: Lowering) -> Fragment:
        return single(lowering.graph.add(task_node(step, NodeKind.SET_VARIABLES, scope)))

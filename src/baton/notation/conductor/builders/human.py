"""HUMAN: waits IN_PROGRESS until completed. Its `__humanTaskDefinition` becomes the node's
typed user task (resolved by the engine and handed to the human-task service with the
`TaskScheduled` change); the input keeps showing the object, as Orkes does."""

from __future__ import annotations

from typing import TYPE_CHECKING

from baton.expr.conductor import LANGUAGE
from baton.model.process import NodeKind
from baton.model.user_task import orkes_spec
from baton.notation.conductor.builders.base import Step, TaskBuilder, single, task_node
from baton.notation.conductor.graph import Fragment

if TYPE_CHECKING:
    from baton.notation.conductor.compiler import Lowering

DEFINITION_INPUT = "__humanTaskDefinition"


class HumanBuilder(TaskBuilder):
    def build(self, step: Step, path: str, scope: str | None, lowering: Lowering) -> Fragment:
        raw = (step.get("inputParameters") or {}).get(DEFINITION_INPUT)
        spec = orkes_spec(raw, LANGUAGE)
        return single(
            lowering.graph.add(task_node(step, NodeKind.USER_TASK, scope, user_task=spec))
        )

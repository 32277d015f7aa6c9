"""SIMPLE: a job queued for workers polling the task's `name` (after `startDelay` seconds)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from baton.model.process import NodeKind
from baton.notation.conductor.builders.base import Step, TaskBuilder, single, task_node
from baton.notation.conductor.graph import Fragment

if TYPE_CHECKING:
    from baton.notation.conductor.compiler import Lowering


class SimpleBuilder(TaskBuilder):
    def build(self, step: Step, path: str, scope: str | None, lowering: Lowering) -> Fragment:
        name = str(step["name"])
        delay = int(step.get("startDelay") or 0)
        node = task_node(
            step, NodeKind.SERVICE_TASK, scope, task_type=name, job_type=name, start_delay=delay
        )
        return single(lowering.graph.add(node))

"""SUB_WORKFLOW: starts the workflow `subWorkflowParam.name` (its `version`, else the latest)
with the task's resolved input parameters as its input, and waits for it.

Lowered onto a call activity: the child runs as the root starter's, its output (plus
`subWorkflowId`) becomes the task's output; its failure, termination or time-out fails the task
for good (an optional task completes with errors); ending the task terminates the child."""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from baton.model.process import NodeKind
from baton.notation.conductor.builders.base import Step, TaskBuilder, single, task_node
from baton.notation.conductor.checks import Checker
from baton.notation.conductor.graph import Fragment

if TYPE_CHECKING:
    from baton.notation.conductor.compiler import Lowering

PARAM = "subWorkflowParam"


def _param(step: Step) -> Mapping[str, Any]:
    value = step.get(PARAM)
    return value if isinstance(value, Mapping) else {}


class SubWorkflowBuilder(TaskBuilder):
    def validate(self, step: Step, path: str, check: Checker) -> None:
        raw = step.get(PARAM)
        where = f"{path}.{PARAM}"
        if not isinstance(raw, Mapping):
            check.error(where, f"{PARAM} is required (name and optional version)")
            return
        name = raw.get("name")
        if not isinstance(name, str) or not name.strip():
            check.error(f"{where}.name", "name of the workflow to start is required")
        elif "${" in name:
            check.error(f"{where}.name", "name must be static text")
        version = raw.get("version")
        if version is not None and (
            not isinstance(version, int) or isinstance(version, bool) or version < 1
        ):
            check.error(f"{where}.version", "version must be a whole number >= 1")

    def build(self, step: Step, path: str, scope: str | None, lowering: Lowering) -> Fragment:
        param = _param(step)
        version = param.get("version")
        node = task_node(
            step,
            NodeKind.CALL_ACTIVITY,
            scope,
            called_process=str(param["name"]),
            called_version=int(version) if version is not None else None,
            propagate_variables=False,
        )
        return single(lowering.graph.add(node))

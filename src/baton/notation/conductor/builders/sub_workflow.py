"""SUB_WORKFLOW: starts the workflow `subWorkflowParam.name` (its `version`, else the latest),
or the inline `subWorkflowParam.workflowDefinition`, with the task's resolved input parameters
as its input, and waits for it. An inline definition is compiled with its parent's and kept
inside it (`ProcessDefinition.embedded`); it is not registered on its own.

Lowered onto a call activity: the child runs as the root starter's, its output (plus
`subWorkflowId`) becomes the task's output; its failure, termination or time-out fails the task
for good (an optional task completes with errors); ending the task terminates the child."""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from baton.model.errors import FieldError, InvalidInput
from baton.model.process import NodeKind
from baton.notation.conductor.builders.base import Step, TaskBuilder, single, task_node
from baton.notation.conductor.checks import Checker
from baton.notation.conductor.graph import Fragment

if TYPE_CHECKING:
    from baton.notation.conductor.compiler import Lowering

PARAM = "subWorkflowParam"
EMBEDDED_BINDING = "embedded"  # the node's called process is the definition embedded for it


def _check_inline(inline: Any, where: str, check: Checker) -> None:
    from baton.notation.conductor.compiler import compile

    if not isinstance(inline, Mapping):
        check.error(where, "workflowDefinition must be a workflow definition object")
        return
    try:
        compile(inline)
    except InvalidInput as exc:
        for error in exc.errors or [FieldError("", exc.message)]:
            check.error(f"{where}.{error.path}" if error.path else where, error.message)


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
        inline = raw.get("workflowDefinition")
        if inline is not None:
            _check_inline(inline, f"{where}.workflowDefinition", check)
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
        inline = param.get("workflowDefinition")
        if inline is not None:
            from baton.notation.conductor.compiler import compile

            ref = str(step["taskReferenceName"])
            lowering.embedded[ref] = compile(inline)
            node = task_node(
                step,
                NodeKind.CALL_ACTIVITY,
                scope,
                called_process=ref,
                binding=EMBEDDED_BINDING,
                propagate_variables=False,
            )
            return single(lowering.graph.add(node))
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

"""TERMINATE: ends the workflow with `terminationStatus` (COMPLETED, FAILED or TERMINATED),
`terminationReason` and `workflowOutput` from its input parameters."""

from __future__ import annotations

from typing import TYPE_CHECKING

from baton.model.process import NodeKind, TerminateSpec
from baton.notation.conductor.builders.base import Step, TaskBuilder, task_node
from baton.notation.conductor.checks import Checker
from baton.notation.conductor.graph import Fragment

if TYPE_CHECKING:
    from baton.notation.conductor.compiler import Lowering

STATUSES = ("COMPLETED", "FAILED", "TERMINATED")


class TerminateBuilder(TaskBuilder):
    def validate(self, step: Step, path: str, check: Checker) -> None:
        if step.get("optional"):
            check.error(f"{path}.optional", "a TERMINATE task cannot be optional")
        params = step.get("inputParameters") or {}
        status = params.get("terminationStatus") if isinstance(params, dict) else None
        where = f"{path}.inputParameters.terminationStatus"
        if status is None:
            check.error(where, "terminationStatus is required (COMPLETED, FAILED or TERMINATED)")
        elif not isinstance(status, str):
            check.error(where, "terminationStatus must be COMPLETED, FAILED or TERMINATED")
        elif "${" not in status and status not in STATUSES:
            check.error(where, f"terminationStatus must be one of {', '.join(STATUSES)}")

    def build(self, step: Step, path: str, scope: str | None, lowering: Lowering) -> Fragment:
        spec = TerminateSpec(
            status_input="terminationStatus",
            reason_input="terminationReason",
            output_input="workflowOutput",
        )
        node_id = lowering.graph.add(task_node(step, NodeKind.TERMINATE_END, scope, terminate=spec))
        return Fragment(node_id, ())

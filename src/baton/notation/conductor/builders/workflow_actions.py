"""START_WORKFLOW and TERMINATE_WORKFLOW: the server acts on other workflows.

START_WORKFLOW starts `inputParameters.startWorkflow` (`name`, `version`, `input`,
`correlationId`) and completes at once with `{"workflowId"}`; it does not wait. Orkes'
TERMINATE_WORKFLOW terminates the workflows in `inputParameters.workflowId` (an id or a
list) with `terminationReason` (to end the current workflow, use TERMINATE). Both act with
the rights of the workflow's owner (`baton.services.workflow_tasks`)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING

from baton.model.process import NodeKind
from baton.notation.conductor.builders.base import Step, TaskBuilder, single, task_node
from baton.notation.conductor.checks import Checker
from baton.notation.conductor.graph import Fragment

if TYPE_CHECKING:
    from baton.notation.conductor.compiler import Lowering


class StartWorkflowBuilder(TaskBuilder):
    def validate(self, step: Step, path: str, check: Checker) -> None:
        params = step.get("inputParameters")
        request = params.get("startWorkflow") if isinstance(params, Mapping) else None
        where = f"{path}.inputParameters.startWorkflow"
        if isinstance(request, str) and "${" in request:
            return
        if not isinstance(request, Mapping):
            check.error(where, "startWorkflow is required: {name, version?, input?}")
        elif not isinstance(request.get("name"), str) or not request.get("name"):
            check.error(f"{where}.name", "name of the workflow to start is required")

    def build(self, step: Step, path: str, scope: str | None, lowering: Lowering) -> Fragment:
        return single(lowering.graph.add(task_node(step, NodeKind.START_INSTANCE, scope)))


class TerminateWorkflowBuilder(TaskBuilder):
    def validate(self, step: Step, path: str, check: Checker) -> None:
        params = step.get("inputParameters")
        ids = params.get("workflowId") if isinstance(params, Mapping) else None
        if ids is None or ids == "" or ids == []:
            check.error(
                f"{path}.inputParameters.workflowId",
                "workflowId is required: the id (or a list of ids) of the workflows to end",
            )

    def build(self, step: Step, path: str, scope: str | None, lowering: Lowering) -> Fragment:
        return single(lowering.graph.add(task_node(step, NodeKind.TERMINATE_INSTANCES, scope)))

"""Conductor's wire JSON of the services' instance views: `Workflow`, `Task` and the
`SearchResult` of `WorkflowSummary`.

Fields Baton has no value for are left out of `Workflow` and `Task`, as Conductor's own JSON
leaves out nulls; a `WorkflowSummary` shows them as null.
"""

from __future__ import annotations

from typing import Any

from baton.model.instance import Activity, InstanceState
from baton.model.process import ProcessDefinition, shown_name
from baton.services.event_handlers import (
    EventHandler,
    StartWorkflow,
    TerminateWorkflow,
    UpdateVariables,
    action_kind,
)
from baton.services.instance_views import TaskView, WorkflowPage, WorkflowSummary, WorkflowView
from baton.services.task_logs import TaskLog
from baton.services.workflow_bulk import BulkOutcome


def workflow_json(
    view: WorkflowView, *, include_tasks: bool = True, include_definition: bool = True
) -> dict[str, Any]:
    definition, state = view.definition, view.state
    workflow: dict[str, Any] = {
        "workflowId": state.instance_id,
        "workflowName": shown_name(state.definition_id),
        "workflowVersion": state.definition_version,
        "status": state.status.value,
        "input": state.input,
        "output": state.output,
        "variables": state.variables,
        "correlationId": state.correlation_id,
        "reasonForIncompletion": state.reason,
        "createTime": state.create_time,
        "startTime": state.create_time,
        "updateTime": state.update_time,
        "endTime": state.end_time,
        "lastRetriedTime": state.last_retried_time,
        "priority": state.priority,
        "createdBy": state.created_by,
        "failedReferenceTaskNames": list(state.failed_refs),
        "failedTaskNames": sorted(
            {_def_name(definition, a) for a in _by_refs(state, state.failed_refs)}
        ),
        "taskToDomain": {},
        "parentWorkflowId": view.parent[0] if view.parent else None,
        "parentWorkflowTaskId": view.parent[1] if view.parent else None,
        "tasks": (
            [
                _task(definition, state, a, sub_workflow_id=view.children.get(a.id))
                for a in state.activities.values()
            ]
            if include_tasks
            else []
        ),
    }
    if include_definition and "workflowDef" in definition.extensions:
        workflow["workflowDefinition"] = definition.extensions["workflowDef"]
    return {k: v for k, v in workflow.items() if v is not None}


def workflow_status_json(
    view: WorkflowView, *, include_output: bool = False, include_variables: bool = False
) -> dict[str, Any]:
    """Conductor's `WorkflowStatus`: the instance's status, with its output and variables
    only when asked for."""
    state = view.state
    found: dict[str, Any] = {
        "workflowId": state.instance_id,
        "correlationId": state.correlation_id,
        "status": state.status.value,
    }
    if include_output:
        found["output"] = state.output
    if include_variables:
        found["variables"] = state.variables
    return {k: v for k, v in found.items() if v is not None}


def workflow_run_json(view: WorkflowView, *, request_id: str | None) -> dict[str, Any]:
    """Conductor's `WorkflowRun`, the answer of a synchronous execute."""
    state, full = view.state, workflow_json(view, include_definition=False)
    run: dict[str, Any] = {
        "workflowId": state.instance_id,
        "requestId": request_id,
        "correlationId": state.correlation_id,
        "status": state.status.value,
        "input": state.input,
        "output": state.output,
        "variables": state.variables,
        "priority": state.priority,
        "createdBy": state.created_by,
        "createTime": state.create_time,
        "updateTime": state.update_time,
        "reasonForIncompletion": state.reason,
        "tasks": full["tasks"],
    }
    return {k: v for k, v in run.items() if v is not None}


def task_json(view: TaskView) -> dict[str, Any]:
    return _task(view.definition, view.state, view.activity, sub_workflow_id=view.sub_workflow_id)


def search_result_json(page: WorkflowPage) -> dict[str, Any]:
    return {"totalHits": page.total, "results": [summary_json(s) for s in page.summaries]}


def summary_json(summary: WorkflowSummary) -> dict[str, Any]:
    return {
        "workflowId": summary.instance_id,
        "workflowType": shown_name(summary.name),
        "version": summary.version,
        "status": summary.status,
        "correlationId": summary.correlation_id,
        "startTime": summary.start_time,
        "updateTime": summary.update_time,
        "endTime": summary.end_time,
        "input": summary.input,
        "output": summary.output,
        "reasonForIncompletion": summary.reason,
        "createdBy": summary.created_by,
        "priority": summary.priority,
    }


def _task(
    definition: ProcessDefinition,
    state: InstanceState,
    activity: Activity,
    *,
    sub_workflow_id: str | None = None,
) -> dict[str, Any]:
    node = definition.index.nodes.get(activity.node)
    started = activity.start_time
    dynamic = node is not None and node.dynamic and activity.job_type is not None
    task: dict[str, Any] = {
        "taskId": activity.id,
        "taskType": activity.job_type if dynamic else node.task_type if node is not None else "",
        "taskDefName": activity.job_type if dynamic else node.name if node is not None else "",
        "referenceTaskName": activity.ref,
        "status": activity.status.value,
        "inputData": activity.input,
        "outputData": activity.output,
        "seq": activity.seq,
        "iteration": activity.iteration,
        "loopOverTask": activity.ref != activity.node and not dynamic,
        "retryCount": activity.retry_count,
        "retried": activity.retried,
        "retriedTaskId": activity.retried_from,
        "executed": activity.status.is_terminal,
        "callbackFromWorker": True,
        "pollCount": activity.poll_count,
        "workerId": activity.worker_id,
        "scheduledTime": activity.scheduled_time,
        "startTime": started,
        "firstStartTime": started,
        "endTime": activity.end_time,
        "updateTime": activity.update_time,
        "queueWaitTime": started - activity.scheduled_time if started else 0,
        "startDelayInSeconds": node.start_delay if node is not None else 0,
        "callbackAfterSeconds": activity.callback_after_seconds,
        "responseTimeoutSeconds": activity.response_timeout_seconds,
        "reasonForIncompletion": activity.reason,
        "workflowInstanceId": state.instance_id,
        "workflowType": shown_name(state.definition_id),
        "correlationId": state.correlation_id,
        "workflowPriority": state.priority,
        "subWorkflowId": sub_workflow_id,
        "subworkflowChanged": False,
        "workflowTask": node.extensions.get("workflowTask") if node is not None else None,
    }
    return {k: v for k, v in task.items() if v is not None}


def _by_refs(state: InstanceState, refs: list[str]) -> list[Activity]:
    wanted = set(refs)
    return [a for a in state.activities.values() if a.ref in wanted]


def _def_name(definition: ProcessDefinition, activity: Activity) -> str:
    node = definition.index.nodes.get(activity.node)
    return node.name if node is not None else ""


def bulk_json(outcome: BulkOutcome) -> dict[str, Any]:
    """Conductor's `BulkResponse`."""
    return {
        "bulkSuccessfulResults": outcome.successful,
        "bulkErrorResults": outcome.errors,
    }


def task_log_json(row: TaskLog) -> dict[str, Any]:
    """Conductor's `TaskExecLog`."""
    return {"log": row.log, "taskId": row.task_id, "createdTime": row.created_at}


def event_handler_json(handler: EventHandler) -> dict[str, Any]:
    """Conductor's `EventHandler`."""
    actions: list[dict[str, Any]] = []
    for action in handler.actions:
        kind = action_kind(action)
        if isinstance(action, StartWorkflow):
            params: dict[str, Any] = {
                "name": action.name,
                "version": action.version,
                "input": action.input,
                "correlationId": action.correlation_id,
            }
        elif isinstance(action, TerminateWorkflow):
            params = {"workflowId": action.workflow_id, "terminationReason": action.reason}
        elif isinstance(action, UpdateVariables):
            params = {
                "workflowId": action.workflow_id,
                "variables": action.variables,
                "appendArray": action.append_array,
            }
        else:
            params = {
                "workflowId": action.workflow_id,
                "taskRefName": action.task_ref,
                "taskId": action.task_id,
                "output": action.output,
                "reasonForIncompletion": action.reason,
            }
        actions.append(
            {
                "action": kind,
                kind: {k: v for k, v in params.items() if v is not None},
                "expandInlineJSON": handler.expand_inline_json,
            }
        )
    found = {
        "name": handler.name,
        "event": handler.event,
        "condition": handler.condition,
        "evaluatorType": handler.evaluator_type,
        "actions": actions,
        "active": handler.active,
    }
    return {k: v for k, v in found.items() if v is not None}

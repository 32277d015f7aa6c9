"""Conductor's wire JSON of the services' instance views: `Workflow`, `Task` and the
`SearchResult` of `WorkflowSummary`.

Fields Baton has no value for are left out of `Workflow` and `Task`, as Conductor's own JSON
leaves out nulls; a `WorkflowSummary` shows them as null.
"""

from __future__ import annotations

from typing import Any

from baton.model.instance import Activity, InstanceState
from baton.model.process import ProcessDefinition
from baton.services.instance_views import TaskView, WorkflowPage, WorkflowSummary, WorkflowView


def workflow_json(
    view: WorkflowView, *, include_tasks: bool = True, include_definition: bool = True
) -> dict[str, Any]:
    definition, state = view.definition, view.state
    workflow: dict[str, Any] = {
        "workflowId": state.instance_id,
        "workflowName": state.definition_id,
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
        "tasks": (
            [_task(definition, state, a) for a in state.activities.values()]
            if include_tasks
            else []
        ),
    }
    if include_definition and "workflowDef" in definition.extensions:
        workflow["workflowDefinition"] = definition.extensions["workflowDef"]
    return {k: v for k, v in workflow.items() if v is not None}


def task_json(view: TaskView) -> dict[str, Any]:
    return _task(view.definition, view.state, view.activity)


def search_result_json(page: WorkflowPage) -> dict[str, Any]:
    return {"totalHits": page.total, "results": [summary_json(s) for s in page.summaries]}


def summary_json(summary: WorkflowSummary) -> dict[str, Any]:
    return {
        "workflowId": summary.instance_id,
        "workflowType": summary.name,
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
    definition: ProcessDefinition, state: InstanceState, activity: Activity
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
        "startDelayInSeconds": 0,
        "callbackAfterSeconds": activity.callback_after_seconds,
        "responseTimeoutSeconds": activity.response_timeout_seconds,
        "reasonForIncompletion": activity.reason,
        "workflowInstanceId": state.instance_id,
        "workflowType": state.definition_id,
        "correlationId": state.correlation_id,
        "workflowPriority": state.priority,
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

"""Render an instance as Conductor's `Workflow` JSON and its activities as `Task` JSON.

Fields Baton has no value for are left out, as Conductor's own JSON leaves out nulls.
"""

from __future__ import annotations

from typing import Any

from baton.model.instance import Activity, InstanceState
from baton.model.process import ProcessDefinition


def render_workflow(
    definition: ProcessDefinition,
    state: InstanceState,
    *,
    include_tasks: bool = True,
    include_definition: bool = True,
) -> dict[str, Any]:
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
            [render_task(definition, state, a) for a in state.activities.values()]
            if include_tasks
            else []
        ),
    }
    if include_definition and "workflowDef" in definition.extensions:
        workflow["workflowDefinition"] = definition.extensions["workflowDef"]
    return {k: v for k, v in workflow.items() if v is not None}


def render_task(
    definition: ProcessDefinition, state: InstanceState, activity: Activity
) -> dict[str, Any]:
    node = definition.index.nodes.get(activity.node)
    started = activity.start_time
    task: dict[str, Any] = {
        "taskId": activity.id,
        "taskType": node.task_type if node is not None else "",
        "taskDefName": node.name if node is not None else "",
        "referenceTaskName": activity.ref,
        "status": activity.status.value,
        "inputData": activity.input,
        "outputData": activity.output,
        "seq": activity.seq,
        "iteration": activity.iteration,
        "loopOverTask": activity.ref != activity.node,
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

"""The Camunda wire shapes of user tasks, their variables and their audit log."""

from __future__ import annotations

import hashlib
import json
from typing import Any

from baton.api.camunda.render import TENANT
from baton.clock import iso_ms
from baton.model.human_task import Action, ActionLogEntry, HumanTask, HumanTaskState
from baton.model.identity import ActorKind
from baton.model.user_task import UserTaskValues
from baton.services.human.transitions import candidate_names
from baton.services.human.user_tasks import UserTask
from baton.services.human.variables import TaskVariable

# human-task state → Camunda user-task state
STATES = {
    HumanTaskState.PENDING: "CREATED",
    HumanTaskState.ASSIGNED: "CREATED",
    HumanTaskState.IN_PROGRESS: "CREATED",
    HumanTaskState.COMPLETED: "COMPLETED",
    HumanTaskState.TIMED_OUT: "CANCELED",
    HumanTaskState.DELETED: "CANCELED",
}
DEFAULT_PRIORITY = 50


def _iso(ms: int | None) -> str | None:
    return iso_ms(ms) if ms is not None else None


def derived_key(*parts: str) -> str:
    """A stable int64 key (digits) for something that has no key of its own."""
    digest = hashlib.sha256("\x00".join(parts).encode()).digest()
    return str(int.from_bytes(digest[:8], "big") >> 2)


def _candidate_users(task: HumanTask, declared: UserTaskValues | None) -> list[str]:
    """The candidate users without the declared `assignee`, which the task's tier offers it
    to as well (unless the process lists that user among its candidateUsers too)."""
    users, _groups = candidate_names(task)
    assignee = declared.assignee if declared is not None else None
    listed = declared.candidate_users if declared is not None else None
    if isinstance(listed, str):
        listed = [name.strip() for name in listed.split(",")]
    if not isinstance(assignee, str) or (isinstance(listed, list) and assignee in listed):
        return users
    return [u for u in users if u != assignee]


def user_task_json(found: UserTask) -> dict[str, Any]:
    row, task, process = found.row, found.task, found.process
    _users, groups = candidate_names(task)
    form = row.user_task.form if row.user_task is not None else None
    external = form.external_reference if form is not None else None
    return {
        "userTaskKey": row.id,
        "name": row.display_name,
        "state": found.transition or STATES[task.state],
        "assignee": task.claimant.user if task.claimant is not None else None,
        "elementId": row.ref_name,
        "elementInstanceKey": row.id,
        "candidateGroups": groups,
        "candidateUsers": _candidate_users(task, row.user_task),
        "processDefinitionId": process.process_id,
        "processDefinitionKey": str(process.key),
        "processDefinitionVersion": process.version,
        "processName": process.name or process.process_id,
        "processInstanceKey": row.instance_id,
        "rootProcessInstanceKey": process.root_key or row.instance_id,
        "creationDate": iso_ms(row.created_at),
        "completionDate": _iso(row.completed_at) if task.is_terminal else None,
        "dueDate": _iso(row.due_at),
        "followUpDate": _iso(row.follow_up_at),
        "priority": row.priority if row.priority is not None else DEFAULT_PRIORITY,
        "tenantId": TENANT,
        "formKey": str(found.form_key) if found.form_key is not None else None,
        "externalFormReference": external if isinstance(external, str) else None,
        "customHeaders": json.loads(row.headers) if row.headers else {},
        "businessId": None,
        "tags": [],
    }


def variable_json(found: UserTask, variable: TaskVariable) -> dict[str, Any]:
    instance = found.row.instance_id
    root = found.process.root_key or instance
    return {
        "name": variable.name,
        "value": json.dumps(variable.value, ensure_ascii=False),
        "isTruncated": False,
        "variableKey": derived_key(variable.scope_key, variable.name),
        "scopeKey": variable.scope_key,
        "processInstanceKey": instance,
        "rootProcessInstanceKey": root,
        "tenantId": TENANT,
    }


_OPERATIONS = {
    Action.CLAIM: "ASSIGN",
    Action.RELEASE: "UNASSIGN",
    Action.COMPLETE: "COMPLETE",
    Action.DELETE: "CANCEL",
    Action.TIMEOUT: "CANCEL",
}


def operation_of(entry: ActionLogEntry, first: bool) -> str:
    """The Camunda operation type of an action-log entry (the first one created the task)."""
    if first:
        return "CREATE"
    return _OPERATIONS.get(entry.action, "UPDATE")


_ACTOR_TYPES = {ActorKind.USER: "USER", ActorKind.APPLICATION: "CLIENT"}
"""Camunda's actorType per actor; others (external users, Baton itself) are UNKNOWN."""


def audit_entry_json(found: UserTask, entry: ActionLogEntry, first: bool) -> dict[str, Any]:
    row, process = found.row, found.process
    actor_type = _ACTOR_TYPES.get(entry.acted_by.kind, "UNKNOWN")
    return {
        "auditLogKey": derived_key(row.id, entry.id),
        "entityKey": row.id,
        "entityType": "USER_TASK",
        "operationType": operation_of(entry, first),
        "batchOperationKey": None,
        "batchOperationType": None,
        "timestamp": iso_ms(entry.state_start),
        "actorId": entry.acted_by.id,
        "actorType": actor_type,
        "agentElementId": None,
        "tenantId": TENANT,
        "result": "SUCCESS",
        "category": "USER_TASKS",
        "processDefinitionId": process.process_id,
        "processDefinitionKey": str(process.key),
        "processInstanceKey": row.instance_id,
        "rootProcessInstanceKey": process.root_key or row.instance_id,
        "elementInstanceKey": row.id,
        "jobKey": None,
        "userTaskKey": row.id,
        "decisionRequirementsId": None,
        "decisionRequirementsKey": None,
        "decisionDefinitionId": None,
        "decisionDefinitionKey": None,
        "decisionEvaluationKey": None,
        "deploymentKey": None,
        "formKey": str(found.form_key) if found.form_key is not None else None,
        "resourceKey": None,
        "relatedEntityKey": None,
        "relatedEntityType": None,
        "entityDescription": entry.reason or entry.action.value,
        "inboundChannelType": None,
        "inboundChannelToolName": None,
    }


def form_json(form: dict[str, Any]) -> dict[str, Any]:
    schema = form["schema"]
    return {
        "formKey": str(form["key"]),
        "formId": form["form_id"],
        "version": form["version"],
        "schema": schema if isinstance(schema, str) else json.dumps(schema),
        "tenantId": TENANT,
    }

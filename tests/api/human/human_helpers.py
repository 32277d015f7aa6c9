"""Helpers for the human-task API tests: a workflow with one HUMAN task, started as admin."""

from __future__ import annotations

from typing import Any

from support import Api


def human_workflow(
    name: str = "approval",
    *,
    assignments: list[dict[str, Any]] | None = None,
    strategy: str = "LEAVE_OPEN",
    extra: dict[str, Any] | None = None,
    task_name: str = "approve",
) -> dict[str, Any]:
    definition: dict[str, Any] = {
        "displayName": "Approve the order",
        "assignmentCompletionStrategy": strategy,
        "assignments": assignments if assignments is not None else [],
        **(extra or {}),
    }
    return {
        "name": name,
        "version": 1,
        "tasks": [
            {
                "name": task_name,
                "taskReferenceName": "approve_ref",
                "type": "HUMAN",
                "inputParameters": {
                    "amount": "${workflow.input.amount}",
                    "__humanTaskDefinition": definition,
                },
            }
        ],
        "outputParameters": {"approved": "${approve_ref.output.approved}"},
    }


def group(name: str, sla: int = 0) -> dict[str, Any]:
    return {"assignee": {"user": name, "userType": "CONDUCTOR_GROUP"}, "slaMinutes": sla}


def user(name: str, sla: int = 0) -> dict[str, Any]:
    return {"assignee": {"user": name, "userType": "CONDUCTOR_USER"}, "slaMinutes": sla}


def start_human(
    api: Api, definition: dict[str, Any], headers: dict[str, str] | None = None
) -> tuple[str, str]:
    """Register, start; returns (workflow id, human task id)."""
    response = api.client.post(
        "/api/metadata/workflow?overwrite=true", json=definition, headers=api.admin
    )
    assert response.status_code == 200, response.text
    started = api.client.post(
        f"/api/workflow/{definition['name']}", json={"amount": 250}, headers=headers or api.admin
    )
    assert started.status_code == 200, started.text
    workflow_id = started.text
    found = api.client.get(f"/api/workflow/{workflow_id}", headers=api.admin).json()
    task_id = found["tasks"][0]["taskId"]
    return workflow_id, task_id


def human(api: Api, task_id: str, headers: dict[str, str] | None = None) -> dict[str, Any]:
    response = api.client.get(f"/api/human/tasks/{task_id}", headers=headers or api.admin)
    assert response.status_code == 200, response.text
    found: dict[str, Any] = response.json()
    return found


def actions(entry: dict[str, Any]) -> list[str]:
    logs = entry["input"]["__humanTaskProcessContext"]["humanTaskActionLogs"]
    return [log["action"] for log in logs]

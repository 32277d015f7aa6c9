"""START_WORKFLOW and TERMINATE_WORKFLOW through /api, with the owner's rights."""

from __future__ import annotations

from typing import Any

from conductor_helpers import register, start, statuses, workflow
from support import Api

TARGET = {
    "name": "target",
    "version": 1,
    "tasks": [{"name": "work", "taskReferenceName": "work", "type": "SIMPLE"}],
}


def launcher(name: str = "target") -> dict[str, Any]:
    return {
        "name": "launcher",
        "version": 1,
        "tasks": [
            {
                "name": "kick",
                "taskReferenceName": "kick",
                "type": "START_WORKFLOW",
                "inputParameters": {
                    "startWorkflow": {
                        "name": name,
                        "input": {"order": "${workflow.input.order}"},
                        "correlationId": "c-${workflow.input.order}",
                    }
                },
            }
        ],
        "outputParameters": {"started": "${kick.output.workflowId}"},
    }


KILLER = {
    "name": "killer",
    "version": 1,
    "tasks": [
        {
            "name": "stop",
            "taskReferenceName": "stop",
            "type": "TERMINATE_WORKFLOW",
            "inputParameters": {
                "workflowId": "${workflow.input.ids}",
                "terminationReason": "cleanup",
            },
        }
    ],
}


def test_start_workflow_starts_another_owned_by_the_same_user(api: Api) -> None:
    ann = api.create_user("ann")
    register(api, TARGET)
    register(api, launcher())
    launched = workflow(api, start(api, "launcher", {"order": 5}, headers=ann))
    assert launched["status"] == "COMPLETED"
    started = launched["output"]["started"]
    found = api.client.get(f"/api/workflow/{started}", headers=ann)
    assert found.status_code == 200, found.text
    body = found.json()
    assert (body["status"], body["input"], body["correlationId"]) == (
        "RUNNING",
        {"order": 5},
        "c-5",
    )
    assert body["createdBy"] == launched["createdBy"]


def test_start_workflow_of_a_missing_workflow_fails_the_task(api: Api) -> None:
    register(api, launcher("ghost"))
    found = workflow(api, start(api, "launcher", {"order": 1}))
    assert found["status"] == "FAILED"
    assert statuses(found) == [("kick", "FAILED_WITH_TERMINAL_ERROR")]
    assert "ghost" in found["reasonForIncompletion"]


def test_terminate_workflow_ends_the_named_workflows(api: Api) -> None:
    ann = api.create_user("ann")
    register(api, TARGET)
    register(api, KILLER)
    first = start(api, "target", headers=ann)
    second = start(api, "target", headers=ann)
    killer = workflow(api, start(api, "killer", {"ids": [first, second]}, headers=ann))
    assert killer["status"] == "COMPLETED"
    assert killer["tasks"][0]["outputData"] == {"terminatedWorkflowIds": [first, second]}
    for workflow_id in (first, second):
        found = workflow(api, workflow_id)
        assert found["status"] == "TERMINATED"
        assert found["reasonForIncompletion"] == "cleanup"


def test_terminate_workflow_cannot_reach_what_its_owner_may_not(api: Api) -> None:
    ann = api.create_user("ann")
    bob = api.create_user("bob")
    register(api, TARGET)
    register(api, KILLER)
    anns = start(api, "target", headers=ann)
    killer = workflow(api, start(api, "killer", {"ids": anns}, headers=bob))
    assert killer["status"] == "FAILED"
    assert "not found" in killer["reasonForIncompletion"]
    assert workflow(api, anns)["status"] == "RUNNING"

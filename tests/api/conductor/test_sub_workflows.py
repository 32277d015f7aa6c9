"""SUB_WORKFLOW through /api: the child runs as the root starter's; its end ends the task."""

from __future__ import annotations

from typing import Any

from conductor_helpers import register, start, statuses, workflow
from support import Api


def child_with_human(name: str = "review_child") -> dict[str, Any]:
    return {
        "name": name,
        "version": 1,
        "tasks": [
            {
                "name": "review",
                "taskReferenceName": "review_ref",
                "type": "HUMAN",
                "inputParameters": {
                    "order": "${workflow.input.order}",
                    "__humanTaskDefinition": {
                        "assignments": [
                            {
                                "assignee": {"user": "reviewers", "userType": "CONDUCTOR_GROUP"},
                                "slaMinutes": 0,
                            }
                        ],
                        "assignmentCompletionStrategy": "LEAVE_OPEN",
                    },
                },
            }
        ],
        "outputParameters": {"approved": "${review_ref.output.approved}"},
    }


def parent(version: int | None = None, **task: Any) -> dict[str, Any]:
    param: dict[str, Any] = {"name": "review_child"}
    if version is not None:
        param["version"] = version
    return {
        "name": "order_flow",
        "version": 1,
        "tasks": [
            {
                "name": "review_child",
                "taskReferenceName": "sub_ref",
                "type": "SUB_WORKFLOW",
                "inputParameters": {"order": "${workflow.input.order}"},
                "subWorkflowParam": param,
                **task,
            }
        ],
        "outputParameters": {
            "approved": "${sub_ref.output.approved}",
            "child": "${sub_ref.output.subWorkflowId}",
        },
    }


def only_human_task(api: Api) -> dict[str, Any]:
    found = api.client.post(
        "/api/human/tasks/search", json={"searchType": "ADMIN"}, headers=api.admin
    ).json()
    (entry,) = found["results"]
    result: dict[str, Any] = entry
    return result


def test_human_task_in_a_sub_workflow_is_owned_by_the_root_starter(api: Api) -> None:
    api.create_group("reviewers")
    ria = api.create_user("ria", groups=["reviewers"])
    ann = api.create_user("ann")
    register(api, child_with_human())
    register(api, parent())
    workflow_id = start(api, "order_flow", {"order": 7}, headers=ann)
    assert statuses(workflow(api, workflow_id)) == [("sub_ref", "IN_PROGRESS")]
    entry = only_human_task(api)
    child_id = entry["workflowId"]
    assert child_id != workflow_id
    assert entry["createdBy"] == "ann"
    assert entry["input"]["order"] == 7
    # the starter sees the task as its owner; a stranger does not
    seen = api.client.get(f"/api/human/tasks/{entry['taskId']}", headers=ann)
    assert seen.status_code == 200, seen.text
    bob = api.create_user("bob")
    assert api.client.get(f"/api/human/tasks/{entry['taskId']}", headers=bob).status_code == 404

    assert api.client.post(f"/api/human/tasks/{entry['taskId']}/claim", headers=ria).is_success
    done = api.client.post(
        f"/api/human/tasks/{entry['taskId']}/update?complete=true",
        json={"approved": True},
        headers=ria,
    )
    assert done.status_code == 204, done.text
    assert workflow(api, child_id)["status"] == "COMPLETED"
    found = workflow(api, workflow_id)
    assert found["status"] == "COMPLETED"
    assert found["output"] == {"approved": True, "child": child_id}


def test_the_task_names_its_sub_workflow_and_the_child_its_parent(api: Api) -> None:
    """Conductor's `Task.subWorkflowId` (from the start, not only in the output once done)
    and `Workflow.parentWorkflowId` / `parentWorkflowTaskId`: how clients find the child of a
    running SUB_WORKFLOW task and its HUMAN task."""
    api.create_group("reviewers")
    register(api, child_with_human())
    register(api, parent())
    workflow_id = start(api, "order_flow", {"order": 3})
    (task,) = workflow(api, workflow_id)["tasks"]
    child_id = only_human_task(api)["workflowId"]
    assert (task["status"], task["subWorkflowId"]) == ("IN_PROGRESS", child_id)
    child = workflow(api, child_id)
    assert (child["parentWorkflowId"], child["parentWorkflowTaskId"]) == (
        workflow_id,
        task["taskId"],
    )
    assert "parentWorkflowId" not in workflow(api, workflow_id)
    assert "subWorkflowId" not in child["tasks"][0]
    # and so does the task read on its own
    one = api.client.get(f"/api/tasks/{task['taskId']}", headers=api.admin).json()
    assert one["subWorkflowId"] == child_id


def test_a_named_version_is_started(api: Api) -> None:
    api.create_group("reviewers")
    register(api, child_with_human())
    v2 = child_with_human()
    v2["version"] = 2
    v2["tasks"] = [{"name": "n", "taskReferenceName": "n", "type": "NOOP"}]
    v2["outputParameters"] = {"approved": "v2"}
    register(api, v2)
    register(api, parent(version=1))
    workflow_id = start(api, "order_flow", {"order": 1})
    assert workflow(api, workflow_id)["status"] == "RUNNING"  # v1 waits at its HUMAN task
    register(api, parent())
    latest = start(api, "order_flow", {"order": 1})
    assert workflow(api, latest)["output"]["approved"] == "v2"


def test_child_failure_and_termination_propagate(api: Api) -> None:
    failing = {
        "name": "review_child",
        "version": 1,
        "tasks": [
            {
                "name": "stop",
                "taskReferenceName": "stop",
                "type": "TERMINATE",
                "inputParameters": {"terminationStatus": "FAILED", "terminationReason": "bad"},
            }
        ],
    }
    register(api, failing)
    register(api, parent())
    found = workflow(api, start(api, "order_flow"))
    assert found["status"] == "FAILED"
    assert statuses(found) == [("sub_ref", "FAILED_WITH_TERMINAL_ERROR")]
    assert "bad" in found["reasonForIncompletion"]

    api.create_group("reviewers")
    register(api, child_with_human())
    workflow_id = start(api, "order_flow")
    child_id = only_human_task(api)["workflowId"]
    response = api.client.delete(f"/api/workflow/{child_id}?reason=nope", headers=api.admin)
    assert response.is_success, response.text
    found = workflow(api, workflow_id)
    assert found["status"] == "FAILED"
    assert "terminated" in found["reasonForIncompletion"]


def test_terminating_the_parent_terminates_the_child(api: Api) -> None:
    api.create_group("reviewers")
    register(api, child_with_human())
    register(api, parent())
    workflow_id = start(api, "order_flow")
    child_id = only_human_task(api)["workflowId"]
    assert api.client.delete(f"/api/workflow/{workflow_id}", headers=api.admin).is_success
    assert workflow(api, child_id)["status"] == "TERMINATED"


def test_missing_sub_workflow_fails_the_task(api: Api) -> None:
    register(api, parent(version=9))
    found = workflow(api, start(api, "order_flow"))
    assert found["status"] == "FAILED"
    assert "review_child" in found["reasonForIncompletion"]


def test_inline_definition_runs_without_being_registered(api: Api) -> None:
    api.create_group("reviewers")
    ria = api.create_user("ria", groups=["reviewers"])
    ann = api.create_user("ann")
    inline = child_with_human("inline_review")
    definition = parent()
    definition["tasks"][0]["subWorkflowParam"] = {"name": "ignored", "workflowDefinition": inline}
    register(api, definition)
    assert (
        api.client.get("/api/metadata/workflow/inline_review", headers=api.admin).status_code == 404
    )
    workflow_id = start(api, "order_flow", {"order": 3}, headers=ann)
    entry = only_human_task(api)
    assert entry["createdBy"] == "ann"
    child = workflow(api, entry["workflowId"])
    assert child["status"] == "RUNNING"
    assert api.client.post(f"/api/human/tasks/{entry['taskId']}/claim", headers=ria).is_success
    done = api.client.post(
        f"/api/human/tasks/{entry['taskId']}/update?complete=true",
        json={"approved": False},
        headers=ria,
    )
    assert done.status_code == 204, done.text
    found = workflow(api, workflow_id)
    assert found["status"] == "COMPLETED"
    assert found["output"]["approved"] is False


def test_invalid_inline_definition_is_refused(api: Api) -> None:
    definition = parent()
    definition["tasks"][0]["subWorkflowParam"] = {"workflowDefinition": {"name": "x", "tasks": []}}
    response = api.client.post("/api/metadata/workflow", json=definition, headers=api.admin)
    assert response.status_code == 400, response.text
    assert "subWorkflowParam.workflowDefinition.tasks" in response.text

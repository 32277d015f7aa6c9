"""POST /api/workflow/{id}/rerun with `reRunFromTaskId`: the workflow runs again from that
task (Conductor's rerun); the tasks before it keep their outputs."""

from __future__ import annotations

from typing import Any

from conductor_helpers import poll, register, report, start, statuses, workflow
from support import Api

PIPELINE = {
    "name": "pipeline",
    "version": 1,
    "tasks": [
        {
            "name": "step",
            "taskReferenceName": "step_ref",
            "type": "SIMPLE",
            "inputParameters": {"n": "${workflow.input.n}"},
        },
        {"name": "gate", "taskReferenceName": "gate_ref", "type": "HUMAN"},
    ],
    "outputParameters": {"value": "${step_ref.output.value}", "note": "${gate_ref.output.note}"},
}
STEP_DEF = [{"name": "step", "retryCount": 0}]
FORKED = {
    "name": "forked",
    "version": 1,
    "tasks": [
        {
            "name": "fork",
            "taskReferenceName": "fork_ref",
            "type": "FORK_JOIN",
            "forkTasks": [
                [{"name": "step", "taskReferenceName": "a_ref", "type": "SIMPLE"}],
                [{"name": "step", "taskReferenceName": "b_ref", "type": "SIMPLE"}],
            ],
        },
        {"name": "join", "taskReferenceName": "join_ref", "type": "JOIN", "joinOn": []},
        {"name": "step", "taskReferenceName": "last_ref", "type": "SIMPLE"},
    ],
}


def _rerun(api: Api, workflow_id: str, body: dict[str, Any]) -> Any:
    return api.client.post(f"/api/workflow/{workflow_id}/rerun", json=body, headers=api.admin)


def _task(found: dict[str, Any], ref: str) -> dict[str, Any]:
    return next(t for t in found["tasks"] if t["referenceTaskName"] == ref)


def _completed(api: Api) -> str:
    register(api, PIPELINE, STEP_DEF)
    workflow_id = start(api, "pipeline", {"n": 1})
    (task,) = poll(api, "step")
    report(api, task, value=10)
    skip = f"/api/workflow/{workflow_id}/skiptask/gate_ref"
    response = api.client.put(skip, json={"taskOutput": {"note": "ok"}}, headers=api.admin)
    assert response.status_code == 204, response.text
    assert workflow(api, workflow_id)["status"] == "COMPLETED"
    return workflow_id


def test_rerun_from_the_last_task_keeps_the_earlier_ones(api: Api) -> None:
    workflow_id = _completed(api)
    before = workflow(api, workflow_id)
    old_gate = _task(before, "gate_ref")["taskId"]
    response = _rerun(api, workflow_id, {"reRunFromTaskId": old_gate})
    assert response.status_code == 200, response.text
    assert response.text == workflow_id
    found = workflow(api, workflow_id)
    assert found["status"] == "RUNNING"
    assert "endTime" not in found or not found["endTime"]
    assert statuses(found) == [("step_ref", "COMPLETED"), ("gate_ref", "IN_PROGRESS")]
    step = _task(found, "step_ref")
    assert step["taskId"] == _task(before, "step_ref")["taskId"]
    assert step["outputData"] == {"value": 10}
    new_gate = _task(found, "gate_ref")["taskId"]
    assert new_gate != old_gate
    # the rewound HUMAN task's human task is gone; the rerun has a new one
    assert api.client.get(f"/api/human/tasks/{old_gate}", headers=api.admin).status_code == 404
    human = api.client.get(f"/api/human/tasks/{new_gate}", headers=api.admin)
    assert human.status_code == 200, human.text
    assert human.json()["state"] not in ("DELETED", "COMPLETED")
    skip = f"/api/workflow/{workflow_id}/skiptask/gate_ref"
    api.client.put(skip, json={"taskOutput": {"note": "again"}}, headers=api.admin)
    found = workflow(api, workflow_id)
    assert found["status"] == "COMPLETED"
    assert found["output"] == {"value": 10, "note": "again"}


def test_rerun_from_the_first_task_with_new_inputs(api: Api) -> None:
    workflow_id = _completed(api)
    step = _task(workflow(api, workflow_id), "step_ref")["taskId"]
    response = _rerun(
        api,
        workflow_id,
        {"reRunFromTaskId": step, "taskInput": {"n": 99}, "workflowInput": {"n": 2}},
    )
    assert response.status_code == 200, response.text
    found = workflow(api, workflow_id)
    assert found["input"] == {"n": 2}
    assert statuses(found) == [("step_ref", "SCHEDULED")]
    (task,) = poll(api, "step")
    assert task["taskId"] != step
    assert task["inputData"] == {"n": 99}
    report(api, task, value=20)
    assert statuses(workflow(api, workflow_id)) == [
        ("step_ref", "COMPLETED"),
        ("gate_ref", "IN_PROGRESS"),
    ]


def test_rerun_of_a_running_workflow_cancels_what_came_after(api: Api) -> None:
    register(api, PIPELINE, STEP_DEF)
    workflow_id = start(api, "pipeline", {"n": 1})
    (task,) = poll(api, "step")
    report(api, task, value=10)
    gate = _task(workflow(api, workflow_id), "gate_ref")["taskId"]
    response = _rerun(api, workflow_id, {"reRunFromTaskId": task["taskId"]})
    assert response.status_code == 200, response.text
    assert statuses(workflow(api, workflow_id)) == [("step_ref", "SCHEDULED")]
    assert api.client.get(f"/api/human/tasks/{gate}", headers=api.admin).status_code == 404
    (again,) = poll(api, "step")
    assert again["inputData"] == {"n": 1}


def test_rerun_of_a_failed_workflow(api: Api) -> None:
    register(api, PIPELINE, STEP_DEF)
    workflow_id = start(api, "pipeline", {"n": 1})
    (task,) = poll(api, "step")
    report(api, task, "FAILED")
    assert workflow(api, workflow_id)["status"] == "FAILED"
    response = _rerun(api, workflow_id, {"reRunFromTaskId": task["taskId"]})
    assert response.status_code == 200, response.text
    found = workflow(api, workflow_id)
    assert found["status"] == "RUNNING"
    assert "reasonForIncompletion" not in found
    assert statuses(found) == [("step_ref", "SCHEDULED")]


def test_rerun_from_a_task_in_or_after_parallel_branches_is_409(api: Api) -> None:
    register(api, FORKED, STEP_DEF)
    workflow_id = start(api, "forked")
    tasks = poll(api, "step", count=2)
    for task in tasks:
        report(api, task)
    before = workflow(api, workflow_id)
    for ref in ("a_ref", "last_ref"):
        response = _rerun(api, workflow_id, {"reRunFromTaskId": _task(before, ref)["taskId"]})
        assert response.status_code == 409, response.text
        assert "fork" in response.json()["message"]
    assert workflow(api, workflow_id)["tasks"] == before["tasks"]


def test_rerun_from_an_unknown_task_or_by_a_stranger_changes_nothing(api: Api) -> None:
    workflow_id = _completed(api)
    assert _rerun(api, workflow_id, {"reRunFromTaskId": "nope"}).status_code == 404
    step = _task(workflow(api, workflow_id), "step_ref")["taskId"]
    stranger = api.create_user("sam")
    response = api.client.post(
        f"/api/workflow/{workflow_id}/rerun", json={"reRunFromTaskId": step}, headers=stranger
    )
    assert response.status_code == 404
    response = _rerun(api, workflow_id, {"reRunFromTaskId": step, "taskInput": [1]})
    assert response.status_code == 400
    assert workflow(api, workflow_id)["status"] == "COMPLETED"

"""/api/workflow: status, variables and the synchronous execute."""

from __future__ import annotations

import threading
from typing import Any

import httpx

from conductor_helpers import poll, register, report, start, workflow
from support import Api

PIPELINE = {
    "name": "pipeline",
    "version": 1,
    "tasks": [
        {"name": "step", "taskReferenceName": "step_ref", "type": "SIMPLE"},
        {"name": "gate", "taskReferenceName": "gate_ref", "type": "HUMAN"},
    ],
    "outputParameters": {"note": "${gate_ref.output.note}"},
}
GATE_FIRST = {
    "name": "gate_first",
    "version": 1,
    "tasks": [
        {"name": "gate", "taskReferenceName": "gate_ref", "type": "HUMAN"},
        {"name": "step", "taskReferenceName": "step_ref", "type": "SIMPLE"},
    ],
}
STEP_DEF = [{"name": "step", "retryCount": 0}]


def _execute(api: Api, name: str, query: str, body: dict[str, Any] | None = None) -> httpx.Response:
    return api.client.post(
        f"/api/workflow/execute/{name}/1?{query}",
        json=body if body is not None else {"name": name, "version": 1, "input": {"n": 1}},
        headers=api.admin,
    )


# ---------------------------------------------------------------- status


def test_status_answers_the_workflow_status_shape(api: Api) -> None:
    register(api, PIPELINE, STEP_DEF)
    workflow_id = start(api, "pipeline", {"x": 1})
    response = api.client.get(f"/api/workflow/{workflow_id}/status", headers=api.admin)
    assert response.status_code == 200
    assert response.json() == {"workflowId": workflow_id, "status": "RUNNING"}
    response = api.client.get(
        f"/api/workflow/{workflow_id}/status?includeOutput=true&includeVariables=true",
        headers=api.admin,
    )
    assert response.json() == {
        "workflowId": workflow_id,
        "status": "RUNNING",
        "output": {},
        "variables": {},
    }


def test_status_of_unknown_or_hidden_workflow_is_404(api: Api) -> None:
    register(api, PIPELINE, STEP_DEF)
    workflow_id = start(api, "pipeline")
    assert api.client.get("/api/workflow/nope/status", headers=api.admin).status_code == 404
    stranger = api.create_user("sam")
    response = api.client.get(f"/api/workflow/{workflow_id}/status", headers=stranger)
    assert response.status_code == 404


# ---------------------------------------------------------------- variables


def test_variables_merge_into_a_running_workflow(api: Api) -> None:
    register(api, PIPELINE, STEP_DEF)
    workflow_id = start(api, "pipeline")
    url = f"/api/workflow/{workflow_id}/variables"
    response = api.client.post(url, json={"a": 1, "b": {"c": 2}}, headers=api.admin)
    assert response.status_code == 200, response.text
    assert response.json()["variables"] == {"a": 1, "b": {"c": 2}}
    api.client.post(url, json={"a": 3}, headers=api.admin)
    assert workflow(api, workflow_id)["variables"] == {"a": 3, "b": {"c": 2}}


def test_variables_refused_for_bad_bodies_unknown_ids_and_ended_workflows(api: Api) -> None:
    register(api, PIPELINE, STEP_DEF)
    workflow_id = start(api, "pipeline")
    url = f"/api/workflow/{workflow_id}/variables"
    response = api.client.post(url, json=[1, 2], headers=api.admin)
    assert response.status_code == 400
    assert response.json()["message"]
    assert (
        api.client.post("/api/workflow/nope/variables", json={}, headers=api.admin).status_code
        == 404
    )
    stranger = api.create_user("sam")
    assert api.client.post(url, json={"a": 1}, headers=stranger).status_code == 404
    api.client.delete(f"/api/workflow/{workflow_id}", headers=api.admin)
    assert api.client.post(url, json={"a": 1}, headers=api.admin).status_code == 409
    assert workflow(api, workflow_id)["variables"] == {}


# ---------------------------------------------------------------- execute


def test_execute_returns_at_the_human_task(api: Api) -> None:
    register(api, GATE_FIRST, STEP_DEF)
    query = "requestId=r-1&waitUntilTaskRef=gate_ref&waitForSeconds=30"
    response = _execute(api, "gate_first", query)
    assert response.status_code == 200, response.text
    run = response.json()
    assert run["status"] == "RUNNING"
    assert run["requestId"] == "r-1"
    assert run["input"] == {"n": 1}
    assert [(t["referenceTaskName"], t["status"]) for t in run["tasks"]] == [
        ("gate_ref", "IN_PROGRESS")
    ]
    assert workflow(api, run["workflowId"])["status"] == "RUNNING"


def test_execute_waits_until_a_later_task_is_reached(api: Api) -> None:
    register(api, PIPELINE, STEP_DEF)
    answers: list[httpx.Response] = []
    waiting = threading.Thread(
        target=lambda: answers.append(
            _execute(api, "pipeline", "waitUntilTaskRef=gate_ref&waitForSeconds=60")
        )
    )
    waiting.start()
    task: list[dict[str, Any]] = []
    while not task:  # the worker's long poll waits for the step to be scheduled
        task = api.client.get(
            "/api/tasks/poll/batch/step?workerid=w&count=1&timeout=500", headers=api.admin
        ).json()
    assert not answers  # still waiting at the step
    report(api, task[0], value=1)
    waiting.join(timeout=60)
    (response,) = answers
    assert response.status_code == 200, response.text
    run = response.json()
    assert run["status"] == "RUNNING"
    assert [t["referenceTaskName"] for t in run["tasks"]] == ["step_ref", "gate_ref"]


def test_execute_returns_on_completion(api: Api) -> None:
    register(
        api,
        {
            "name": "quick",
            "version": 1,
            "tasks": [
                {
                    "name": "w",
                    "taskReferenceName": "w_ref",
                    "type": "SET_VARIABLE",
                    "inputParameters": {"v": "${workflow.input.n}"},
                }
            ],
            "outputParameters": {"v": "${workflow.variables.v}"},
        },
    )
    run = _execute(api, "quick", "waitForSeconds=30").json()
    assert run["status"] == "COMPLETED"
    assert run["output"] == {"v": 1}
    assert run["variables"] == {"v": 1}


def test_execute_answers_running_when_the_wait_is_over(api: Api) -> None:
    register(api, PIPELINE, STEP_DEF)
    run = _execute(api, "pipeline", "waitUntilTaskRef=gate_ref&waitForSeconds=0").json()
    assert run["status"] == "RUNNING"
    assert [t["referenceTaskName"] for t in run["tasks"]] == ["step_ref"]
    (task,) = poll(api, "step")
    assert task["workflowInstanceId"] == run["workflowId"]


def test_execute_refuses_bad_requests(api: Api) -> None:
    register(api, PIPELINE, STEP_DEF)
    assert _execute(api, "ghost", "waitForSeconds=1").status_code == 404
    response = _execute(api, "pipeline", "waitForSeconds=-1")
    assert response.status_code == 400
    assert "waitForSeconds" in response.json()["message"]
    assert _execute(api, "pipeline", "waitForSeconds=1", body={"input": [1]}).status_code == 400
    response = api.client.post("/api/workflow/execute/pipeline/x", json={}, headers=api.admin)
    assert response.status_code == 400
    # nothing was started by the refused requests
    found = api.client.get("/api/workflow/search?query=workflowType=pipeline", headers=api.admin)
    assert found.json()["totalHits"] == 0


def test_execute_returns_at_a_human_task_inside_a_sub_workflow(api: Api) -> None:
    """The ref may name a task of a sub-workflow, at any depth: the answer is the caller's
    workflow, RUNNING at its SUB_WORKFLOW task (Conductor's synchronous execute stops at a
    blocking task of a child too)."""
    register(api, GATE_FIRST, STEP_DEF)
    middle = {
        "name": "middle",
        "version": 1,
        "tasks": [
            {
                "name": "inner",
                "taskReferenceName": "inner_ref",
                "type": "SUB_WORKFLOW",
                "subWorkflowParam": {"name": "gate_first", "version": 1},
            }
        ],
    }
    outer = {
        "name": "outer",
        "version": 1,
        "tasks": [
            {"name": "step", "taskReferenceName": "step_ref", "type": "SIMPLE"},
            {
                "name": "mid",
                "taskReferenceName": "mid_ref",
                "type": "SUB_WORKFLOW",
                "subWorkflowParam": {"name": "middle", "version": 1},
            },
        ],
    }
    register(api, middle)
    register(api, outer)
    answers: list[httpx.Response] = []
    # the wait is longer than any test: only reaching gate_ref ends it
    waiting = threading.Thread(
        target=lambda: answers.append(
            _execute(api, "outer", "waitUntilTaskRef=gate_ref&waitForSeconds=600")
        )
    )
    waiting.start()
    task: list[dict[str, Any]] = []
    while not task:
        task = api.client.get(
            "/api/tasks/poll/batch/step?workerid=w&count=1&timeout=500", headers=api.admin
        ).json()
    assert not answers
    report(api, task[0], value=1)
    waiting.join(timeout=60)
    (response,) = answers
    assert response.status_code == 200, response.text
    run = response.json()
    assert run["status"] == "RUNNING"
    assert [(t["referenceTaskName"], t["status"]) for t in run["tasks"]] == [
        ("step_ref", "COMPLETED"),
        ("mid_ref", "IN_PROGRESS"),
    ]


def test_execute_honours_idempotency_and_task_domains_as_a_start_does(api: Api) -> None:
    """The SDKs' execute sends `idempotencyKey`/`idempotencyStrategy` and `taskToDomain` in
    its body (the JS builder's `execute` among them): they act as on `POST /api/workflow`."""
    register(api, PIPELINE, STEP_DEF)
    body = {
        "name": "pipeline",
        "version": 1,
        "input": {"n": 1},
        "idempotencyKey": "order-9",
        "idempotencyStrategy": "RETURN_EXISTING",
        "taskToDomain": {"step": "blue"},
    }
    first = _execute(api, "pipeline", "waitForSeconds=0", body=body).json()
    again = _execute(api, "pipeline", "waitForSeconds=0", body=body).json()
    assert again["workflowId"] == first["workflowId"]
    refused = _execute(
        api, "pipeline", "waitForSeconds=0", body={**body, "idempotencyStrategy": "FAIL"}
    )
    assert refused.status_code == 409
    assert poll(api, "step") == []  # queued in the domain only
    (task,) = api.client.get(
        "/api/tasks/poll/batch/step?workerid=w&count=1&timeout=0&domain=blue", headers=api.admin
    ).json()
    assert task["workflowInstanceId"] == first["workflowId"]

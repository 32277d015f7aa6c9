"""/api/workflow: start, read, terminate, pause/resume, retry, remove, search."""

from __future__ import annotations

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
            "inputParameters": {"greeting": "Hello ${workflow.input.name}!"},
        },
        {"name": "gate", "taskReferenceName": "gate_ref", "type": "HUMAN"},
    ],
    "outputParameters": {"result": "${step_ref.output.value}", "note": "${gate_ref.output.note}"},
}
STEP_DEF = [{"name": "step", "retryCount": 0}]


def test_start_runs_until_workers_and_people_finish(api: Api) -> None:
    register(api, PIPELINE, STEP_DEF)
    response = api.client.post(
        "/api/workflow",
        json={"name": "pipeline", "input": {"name": "Ann"}, "correlationId": "c-1"},
        headers=api.admin,
    )
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/plain")
    workflow_id = response.text
    found = workflow(api, workflow_id)
    assert found["status"] == "RUNNING"
    assert found["correlationId"] == "c-1"
    assert statuses(found) == [("step_ref", "SCHEDULED")]
    (task,) = poll(api, "step")
    assert task["inputData"] == {"greeting": "Hello Ann!"}
    report(api, task, value=42)
    assert statuses(workflow(api, workflow_id)) == [
        ("step_ref", "COMPLETED"),
        ("gate_ref", "IN_PROGRESS"),
    ]
    response = api.client.post(
        f"/api/tasks/{workflow_id}/gate_ref/COMPLETED", json={"note": "ok"}, headers=api.admin
    )
    assert response.status_code == 200
    found = workflow(api, workflow_id)
    assert found["status"] == "COMPLETED"
    assert found["output"] == {"result": 42, "note": "ok"}


def test_get_without_tasks(api: Api) -> None:
    register(api, PIPELINE, STEP_DEF)
    workflow_id = start(api, "pipeline")
    found = api.client.get(f"/api/workflow/{workflow_id}?includeTasks=false", headers=api.admin)
    assert found.json()["tasks"] == []


def test_unknown_workflow_and_instance_are_404(api: Api) -> None:
    response = api.client.post("/api/workflow/ghost", json={}, headers=api.admin)
    assert response.status_code == 404
    assert "ghost" in response.json()["message"]
    assert api.client.get("/api/workflow/nope", headers=api.admin).status_code == 404
    assert api.client.delete("/api/workflow/nope", headers=api.admin).status_code == 404


def test_bad_start_requests_are_400(api: Api) -> None:
    register(api, PIPELINE, STEP_DEF)
    response = api.client.post("/api/workflow", json={"input": {}}, headers=api.admin)
    assert response.status_code == 400
    response = api.client.post(
        "/api/workflow", json={"name": "pipeline", "version": "x"}, headers=api.admin
    )
    assert response.status_code == 400
    response = api.client.post("/api/workflow/pipeline", json=[1, 2], headers=api.admin)
    assert response.status_code == 400


def test_terminate_cancels_open_tasks(api: Api) -> None:
    register(api, PIPELINE, STEP_DEF)
    workflow_id = start(api, "pipeline")
    response = api.client.delete(f"/api/workflow/{workflow_id}?reason=stop", headers=api.admin)
    assert response.status_code == 204
    found = workflow(api, workflow_id)
    assert found["status"] == "TERMINATED"
    assert found["reasonForIncompletion"] == "stop"
    assert statuses(found) == [("step_ref", "CANCELED")]
    assert poll(api, "step") == []
    again = api.client.delete(f"/api/workflow/{workflow_id}", headers=api.admin)
    assert again.status_code == 409


def test_pause_holds_new_work_until_resumed(api: Api) -> None:
    register(api, PIPELINE, STEP_DEF)
    workflow_id = start(api, "pipeline")
    (task,) = poll(api, "step")
    assert (
        api.client.put(f"/api/workflow/{workflow_id}/pause", headers=api.admin).status_code == 204
    )
    report(api, task, value=1)
    found = workflow(api, workflow_id)
    assert found["status"] == "PAUSED"
    assert statuses(found) == [("step_ref", "COMPLETED")]
    assert (
        api.client.put(f"/api/workflow/{workflow_id}/resume", headers=api.admin).status_code == 204
    )
    assert statuses(workflow(api, workflow_id))[-1] == ("gate_ref", "IN_PROGRESS")


def test_retry_after_failure(api: Api) -> None:
    register(api, PIPELINE, STEP_DEF)
    workflow_id = start(api, "pipeline")
    (task,) = poll(api, "step")
    report(api, task, status="FAILED")
    assert workflow(api, workflow_id)["status"] == "FAILED"
    assert (
        api.client.post(f"/api/workflow/{workflow_id}/retry", headers=api.admin).status_code == 204
    )
    assert workflow(api, workflow_id)["status"] == "RUNNING"
    (again,) = poll(api, "step")
    assert again["taskId"] != task["taskId"]
    report(api, again, value=2)
    assert statuses(workflow(api, workflow_id))[-1] == ("gate_ref", "IN_PROGRESS")


def test_remove_deletes_the_instance(api: Api) -> None:
    register(api, PIPELINE, STEP_DEF)
    workflow_id = start(api, "pipeline")
    assert (
        api.client.delete(f"/api/workflow/{workflow_id}/remove", headers=api.admin).status_code
        == 204
    )
    assert api.client.get(f"/api/workflow/{workflow_id}", headers=api.admin).status_code == 404
    assert poll(api, "step") == []


def test_search_by_type_status_and_correlation(api: Api) -> None:
    register(api, PIPELINE, STEP_DEF)
    first = start(api, "pipeline")
    api.client.post(
        "/api/workflow", json={"name": "pipeline", "correlationId": "k"}, headers=api.admin
    )
    api.client.delete(f"/api/workflow/{first}", headers=api.admin)
    found = api.client.get(
        "/api/workflow/search?query=workflowType%20%3D%20pipeline%20AND%20status%20IN%20(RUNNING)",
        headers=api.admin,
    ).json()
    assert found["totalHits"] == 1
    assert found["results"][0]["correlationId"] == "k"
    found = api.client.post(
        "/api/workflow/search", json={"statuses": ["TERMINATED"]}, headers=api.admin
    ).json()
    assert [r["workflowId"] for r in found["results"]] == [first]
    bad = api.client.get("/api/workflow/search?query=owner%20%3D%20me", headers=api.admin)
    assert bad.status_code == 400


def test_users_see_only_instances_they_started(api: Api) -> None:
    register(api, PIPELINE, STEP_DEF)
    ann = api.create_user("ann")
    bob = api.create_user("bob")
    workflow_id = start(api, "pipeline", headers=ann)
    assert api.client.get(f"/api/workflow/{workflow_id}", headers=ann).status_code == 200
    assert api.client.get(f"/api/workflow/{workflow_id}", headers=bob).status_code == 404
    assert api.client.delete(f"/api/workflow/{workflow_id}", headers=bob).status_code == 404
    found = api.client.post("/api/workflow/search", json={}, headers=bob).json()
    assert found["totalHits"] == 0


def test_read_only_user_cannot_start(api: Api) -> None:
    register(api, PIPELINE, STEP_DEF)
    viewer = api.create_user("viewer", roles=["USER_READ_ONLY"])
    response = api.client.post("/api/workflow/pipeline", json={}, headers=viewer)
    assert response.status_code == 403

"""/api/tasks/{taskId}/log: workers write log lines, whoever sees the task reads them."""

from __future__ import annotations

from conductor_helpers import poll, register, start
from support import Api

FLOW = {
    "name": "logged",
    "version": 1,
    "tasks": [{"name": "step", "taskReferenceName": "step_ref", "type": "SIMPLE"}],
}


def _task(api: Api) -> dict[str, object]:
    register(api, FLOW, [{"name": "step"}])
    start(api, "logged")
    (task,) = poll(api, "step")
    return task


def test_worker_logs_are_read_back_in_order(api: Api) -> None:
    task = _task(api)
    url = f"/api/tasks/{task['taskId']}/log"
    assert api.client.post(url, json="started", headers=api.admin).status_code == 204
    response = api.client.post(
        url, content="half way", headers={**api.admin, "content-type": "text/plain"}
    )
    assert response.status_code == 204, response.text
    logs = api.client.get(url, headers=api.admin).json()
    assert [(entry["log"], entry["taskId"]) for entry in logs] == [
        ("started", task["taskId"]),
        ("half way", task["taskId"]),
    ]
    assert all(isinstance(entry["createdTime"], int) for entry in logs)


def test_task_logs_refuse_unknown_tasks_bad_bodies_and_strangers(api: Api) -> None:
    task = _task(api)
    url = f"/api/tasks/{task['taskId']}/log"
    assert api.client.post("/api/tasks/nope/log", json="x", headers=api.admin).status_code == 404
    assert api.client.get("/api/tasks/nope/log", headers=api.admin).status_code == 404
    response = api.client.post(url, json={"log": "x"}, headers=api.admin)
    assert response.status_code == 400
    assert response.json()["message"]
    response = api.client.post(url, json="x" * 32_001, headers=api.admin)
    assert response.status_code == 400
    stranger = api.create_user("sam")
    assert api.client.post(url, json="x", headers=stranger).status_code == 404
    assert api.client.get(url, headers=stranger).status_code == 404
    assert api.client.get(url, headers=api.admin).json() == []


def test_logs_sent_with_a_result_are_kept(api: Api) -> None:
    task = _task(api)
    body = {
        "taskId": task["taskId"],
        "workflowInstanceId": task["workflowInstanceId"],
        "status": "COMPLETED",
        "logs": [{"log": "one", "taskId": task["taskId"], "createdTime": 1}, {"log": "two"}],
    }
    response = api.client.post("/api/tasks", json=body, headers=api.admin)
    assert response.status_code == 200, response.text
    logs = api.client.get(f"/api/tasks/{task['taskId']}/log", headers=api.admin).json()
    assert [entry["log"] for entry in logs] == ["one", "two"]


def test_a_result_with_bad_logs_is_refused_and_changes_nothing(api: Api) -> None:
    task = _task(api)
    body = {
        "taskId": task["taskId"],
        "workflowInstanceId": task["workflowInstanceId"],
        "status": "COMPLETED",
        "logs": [{"log": 3}],
    }
    response = api.client.post("/api/tasks", json=body, headers=api.admin)
    assert response.status_code == 400
    found = api.client.get(f"/api/tasks/{task['taskId']}", headers=api.admin).json()
    assert found["status"] == "IN_PROGRESS"

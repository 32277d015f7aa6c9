"""Small helpers for the Conductor API tests."""

from __future__ import annotations

from typing import Any

from support import Api


def register(
    api: Api, definition: dict[str, Any], task_defs: list[dict[str, Any]] | None = None
) -> None:
    if task_defs:
        response = api.client.post("/api/metadata/taskdefs", json=task_defs, headers=api.admin)
        assert response.status_code == 200, response.text
    response = api.client.post(
        "/api/metadata/workflow?overwrite=true", json=definition, headers=api.admin
    )
    assert response.status_code == 200, response.text


def start(
    api: Api, name: str, data: dict[str, Any] | None = None, headers: dict[str, str] | None = None
) -> str:
    response = api.client.post(
        f"/api/workflow/{name}", json=data or {}, headers=headers or api.admin
    )
    assert response.status_code == 200, response.text
    assert response.headers["content-type"].startswith("text/plain")
    return response.text


def workflow(api: Api, workflow_id: str) -> dict[str, Any]:
    response = api.client.get(f"/api/workflow/{workflow_id}", headers=api.admin)
    assert response.status_code == 200, response.text
    found: dict[str, Any] = response.json()
    return found


def poll(api: Api, task_type: str, count: int = 1, worker: str = "w1") -> list[dict[str, Any]]:
    response = api.client.get(
        f"/api/tasks/poll/batch/{task_type}?workerid={worker}&count={count}&timeout=0",
        headers=api.admin,
    )
    assert response.status_code == 200, response.text
    found: list[dict[str, Any]] = response.json()
    return found


def report(api: Api, task: dict[str, Any], status: str = "COMPLETED", **output: Any) -> None:
    body = {
        "taskId": task["taskId"],
        "workflowInstanceId": task["workflowInstanceId"],
        "status": status,
        "outputData": output,
    }
    response = api.client.post("/api/tasks", json=body, headers=api.admin)
    assert response.status_code == 200, response.text


def statuses(found: dict[str, Any]) -> list[tuple[str, str]]:
    return [(t["referenceTaskName"], t["status"]) for t in found["tasks"]]

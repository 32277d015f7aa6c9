"""Task domains: `taskToDomain` on start queues worker tasks in a domain; workers poll it."""

from __future__ import annotations

from typing import Any

from conductor_helpers import register
from support import Api

FLOW = {
    "name": "routed",
    "version": 1,
    "tasks": [
        {"name": "work", "taskReferenceName": "work", "type": "SIMPLE"},
        {"name": "other", "taskReferenceName": "other", "type": "SIMPLE"},
    ],
}


def start(api: Api, task_to_domain: dict[str, str] | None) -> str:
    body: dict[str, Any] = {"name": "routed", "input": {}}
    if task_to_domain is not None:
        body["taskToDomain"] = task_to_domain
    response = api.client.post("/api/workflow", json=body, headers=api.admin)
    assert response.status_code == 200, response.text
    return response.text


def poll(api: Api, task_type: str, domain: str | None = None) -> list[dict[str, Any]]:
    query = f"&domain={domain}" if domain is not None else ""
    response = api.client.get(
        f"/api/tasks/poll/batch/{task_type}?workerid=w&count=5&timeout=0{query}",
        headers=api.admin,
    )
    assert response.status_code == 200, response.text
    found: list[dict[str, Any]] = response.json()
    return found


def report(api: Api, task: dict[str, Any]) -> None:
    body = {"taskId": task["taskId"], "status": "COMPLETED", "outputData": {}}
    assert api.client.post("/api/tasks", json=body, headers=api.admin).status_code == 200


def test_a_task_in_a_domain_goes_only_to_workers_polling_that_domain(api: Api) -> None:
    register(api, FLOW)
    workflow_id = start(api, {"work": "blue"})
    assert poll(api, "work") == []
    assert poll(api, "work", "green") == []
    (task,) = poll(api, "work", "blue")
    assert task["workflowInstanceId"] == workflow_id
    report(api, task)
    assert poll(api, "other", "blue") == []  # not mapped: no domain
    assert len(poll(api, "other")) == 1


def test_star_maps_every_task_and_no_domain_opts_out(api: Api) -> None:
    register(api, FLOW)
    start(api, {"*": "blue", "other": "NO_DOMAIN"})
    (task,) = poll(api, "work", "blue")
    report(api, task)
    assert poll(api, "other", "blue") == []
    assert len(poll(api, "other")) == 1


def test_without_domains_nothing_changes(api: Api) -> None:
    register(api, FLOW)
    start(api, None)
    assert poll(api, "work", "blue") == []
    assert len(poll(api, "work")) == 1

"""idempotencyKey / idempotencyStrategy on POST /api/workflow."""

from __future__ import annotations

from typing import Any

from conductor_helpers import register
from support import Api, at_once

FLOW = {
    "name": "once",
    "version": 1,
    "tasks": [{"name": "work", "taskReferenceName": "work", "type": "SIMPLE"}],
}


def start(api: Api, key: str | None, strategy: str | None = None) -> Any:
    body: dict[str, Any] = {"name": "once", "input": {}}
    if key is not None:
        body["idempotencyKey"] = key
    if strategy is not None:
        body["idempotencyStrategy"] = strategy
    return api.client.post("/api/workflow", json=body, headers=api.admin)


def test_fail_refuses_a_second_start_with_the_key(api: Api) -> None:
    register(api, FLOW)
    first = start(api, "order-1")
    assert first.status_code == 200, first.text
    again = start(api, "order-1")
    assert again.status_code == 409, again.text
    assert first.text in again.json()["message"]
    assert start(api, "order-2").status_code == 200
    assert start(api, None).status_code == 200


def test_return_existing_answers_the_first_id(api: Api) -> None:
    register(api, FLOW)
    first = start(api, "k", "RETURN_EXISTING").text
    assert start(api, "k", "RETURN_EXISTING").text == first
    found = api.client.post("/api/workflow/search", json={"name": "once"}, headers=api.admin).json()
    assert found["totalHits"] == 1


def test_fail_on_running_allows_a_new_start_once_the_first_ended(api: Api) -> None:
    register(api, FLOW)
    first = start(api, "k", "FAIL_ON_RUNNING").text
    assert start(api, "k", "FAIL_ON_RUNNING").status_code == 409
    assert api.client.delete(f"/api/workflow/{first}", headers=api.admin).is_success
    second = start(api, "k", "FAIL_ON_RUNNING")
    assert second.status_code == 200 and second.text != first


def test_unknown_strategy_is_a_bad_request(api: Api) -> None:
    register(api, FLOW)
    response = start(api, "k", "SOMETIMES")
    assert response.status_code == 400
    assert "idempotencyStrategy" in response.json()["message"]


def test_racing_starts_with_one_key_start_one_workflow(api: Api) -> None:
    register(api, FLOW)
    results = at_once([lambda: start(api, "race", "RETURN_EXISTING") for _ in range(4)])
    assert all(r.status_code == 200 for r in results), [r.text for r in results]
    assert len({r.text for r in results}) == 1

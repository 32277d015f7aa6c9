"""One search parser for every `/v2/.../search`: element instances, variables, incidents and
jobs answer filters, operators, cursors and mistakes the way process instances and user
tasks do."""

from __future__ import annotations

from typing import Any

from test_v2_history import _complete_review, _start
from user_task_helpers import deploy, search, start, task_of

from support import Api


def _search(api: Api, resource: str, body: dict[str, Any]) -> Any:
    return api.client.post(f"/v2/{resource}/search", json=body, headers=api.admin)


def _ids(api: Api, body: dict[str, Any]) -> list[str]:
    found = _search(api, "element-instances", body)
    assert found.status_code == 200, found.text
    return [e["elementId"] for e in found.json()["items"]]


def test_operators_on_every_resource_and_null_means_no_filter(api: Api) -> None:
    key = _start(api)
    mine: dict[str, Any] = {"processInstanceKey": key}
    sort = [{"field": "startDate"}]
    with_incident = {**mine, "hasIncident": {"$eq": False}, "elementName": None}
    assert _ids(api, {"filter": with_incident, "sort": sort}) == ["order", "start", "review"]
    user_tasks = {**mine, "type": {"$like": "USER*"}}
    assert _ids(api, {"filter": user_tasks}) == ["review"]
    open_ones = {**mine, "state": {"$neq": "COMPLETED"}}
    assert _ids(api, {"filter": open_ones, "sort": sort}) == ["order", "review"]
    variables = _search(api, "variables", {"filter": {**mine, "isTruncated": False}})
    assert [v["name"] for v in variables.json()["items"]] == ["amount"]


def test_another_tenant_finds_nothing(api: Api) -> None:
    key = _start(api)
    for resource in ("element-instances", "variables", "process-instances"):
        body = {"filter": {"processInstanceKey": key, "tenantId": "acme"}}
        found = _search(api, resource, body)
        assert found.status_code == 200, found.text
        assert found.json()["page"]["totalItems"] == 0
        body = {"filter": {"processInstanceKey": key, "tenantId": {"$in": ["<default>"]}}}
        assert _search(api, resource, body).json()["page"]["totalItems"] > 0


def test_before_a_cursor_never_repeats_the_cursor_row(api: Api) -> None:
    key = _start(api)
    body: dict[str, Any] = {"filter": {"processInstanceKey": key}, "sort": [{"field": "startDate"}]}
    page = _search(api, "element-instances", {**body, "page": {"from": 1, "limit": 2}}).json()
    assert [e["elementId"] for e in page["items"]] == ["start", "review"]
    back = {**body, "page": {"before": page["page"]["startCursor"], "limit": 2}}
    assert _ids(api, back) == ["order"]


def test_jobs_by_state_and_every_mistake_in_one_answer(api: Api) -> None:
    key = _start(api)
    _complete_review(api, key)
    jobs = _search(api, "jobs", {"filter": {"processInstanceKey": key, "state": "CREATED"}})
    assert [j["elementId"] for j in jobs.json()["items"]] == ["ship"]
    none = _search(api, "jobs", {"filter": {"processInstanceKey": key, "state": "FAILED"}})
    assert none.json()["items"] == []
    bad = _search(
        api,
        "incidents",
        {
            "filter": {"processDefinitionKey": "9999999999999999999", "errorType": "OOPS"},
            "page": {"limit": 0},
        },
    )
    assert bad.status_code == 400
    detail = bad.json()["detail"]
    assert all(p in detail for p in ("filter.processDefinitionKey", "errorType", "page.limit"))


def test_variable_filters_take_several_operators_and_ranges_everywhere(api: Api) -> None:
    deploy(api)
    small = start(api, amount=5, customer="Acme Ltd")
    large = start(api, amount=500, customer="Globex")
    tasks = {task_of(api, small)["userTaskKey"]: small, task_of(api, large)["userTaskKey"]: large}
    between = {"name": "amount", "value": {"$gte": "5", "$lt": "100"}}
    quoted_prefix = {"name": "customer", "value": {"$like": '"Glo*'}}
    for variables, expected in (([between], small), ([quoted_prefix], large)):
        body = {"filter": {"processInstanceVariables": variables}, "page": {"limit": 5000}}
        found = search(api, api.admin, **body)
        assert [tasks[t["userTaskKey"]] for t in found["items"]] == [expected]
        body = {"filter": {"processDefinitionId": "approval", "variables": variables}}
        instances = _search(api, "process-instances", body)
        assert instances.status_code == 200, instances.text
        assert [i["processInstanceKey"] for i in instances.json()["items"]] == [expected]

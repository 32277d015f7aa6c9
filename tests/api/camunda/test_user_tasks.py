"""`/v2/user-tasks`: a BPMN user task worked through the Camunda API is the same human task
the Orkes API shows (one row, one action log, one set of rules)."""

from __future__ import annotations

import json

from user_task_helpers import People, deploy, search, start, task_of

from support import Api

SDK_FIELDS = {
    "userTaskKey", "name", "state", "assignee", "elementId", "elementInstanceKey",
    "candidateGroups", "candidateUsers", "processDefinitionId", "processDefinitionKey",
    "processDefinitionVersion", "processName", "processInstanceKey", "rootProcessInstanceKey",
    "creationDate", "completionDate", "dueDate", "followUpDate", "priority", "tenantId",
    "formKey", "externalFormReference", "customHeaders", "businessId", "tags",
}  # fmt: skip


def keys(found: dict) -> list[str]:
    return [t["userTaskKey"] for t in found["items"]]


def test_get_answers_every_field_the_sdk_requires(api: Api) -> None:
    deploy(api)
    instance = start(api, prio=70)
    task = task_of(api, instance)
    got = api.client.get(f"/v2/user-tasks/{task['userTaskKey']}", headers=api.admin).json()
    assert set(got) >= SDK_FIELDS
    assert got["state"] == "CREATED"
    assert got["name"] == "Approve order"
    assert got["candidateGroups"] == ["sales"] and got["candidateUsers"] == ["dora"]
    assert got["processDefinitionId"] == "approval"
    assert got["processInstanceKey"] == instance
    assert got["priority"] == 70
    assert got["dueDate"] is not None and got["formKey"].isdigit()
    assert got["customHeaders"] == {"ui": "compact"}
    assert got["tenantId"] == "<default>"


def test_search_by_candidate_group_candidate_user_and_state(api: Api) -> None:
    deploy(api)
    people = People(api)
    key = task_of(api, start(api))["userTaskKey"]
    assert keys(search(api, api.admin, filter={"candidateGroup": "sales"})) == [key]
    assert keys(search(api, api.admin, filter={"candidateGroup": "ops"})) == []
    assert keys(search(api, api.admin, filter={"candidateUser": {"$in": ["dora", "x"]}})) == [key]
    assert keys(search(api, api.admin, filter={"state": "CREATED"})) == [key]
    assert keys(search(api, api.admin, filter={"state": {"$neq": "CREATED"}})) == []
    # people see what is offered to them: ann through her group, eve nothing
    assert keys(search(api, people.ann)) == [key]
    assert keys(search(api, people.eve)) == []


def test_search_by_process_and_local_variables(api: Api) -> None:
    deploy(api)
    small = task_of(api, start(api, amount=5, customer="Acme Ltd"))["userTaskKey"]
    large = task_of(api, start(api, amount=500, customer="Globex"))["userTaskKey"]

    def by(variables: list, scope: str = "processInstanceVariables") -> list[str]:
        return sorted(keys(search(api, api.admin, filter={scope: variables})))

    assert by([{"name": "customer", "value": '"Acme Ltd"'}]) == [small]
    assert by([{"name": "customer", "value": {"$like": "Glo*"}}]) == [large]
    assert by([{"name": "amount", "value": {"$gt": "100"}}]) == [large]
    assert by([{"name": "amount", "value": {"$in": ["5", "7"]}}]) == [small]
    assert by([{"name": "amount", "value": "5"}, {"name": "customer", "value": '"Globex"'}]) == []
    assert by([{"name": "nothing", "value": {"$exists": False}}]) == sorted([small, large])
    # the task's own input (zeebe:input doubled = amount * 2)
    assert by([{"name": "doubled", "value": "1000"}], "localVariables") == [large]
    assert by([{"name": "amount", "value": "1000"}], "localVariables") == []


def test_sorted_and_paged_with_cursors(api: Api) -> None:
    deploy(api)
    by_priority = [task_of(api, start(api, prio=p))["userTaskKey"] for p in (10, 90, 50)]
    expected = [by_priority[1], by_priority[2], by_priority[0]]
    sort = [{"field": "priority", "order": "desc"}]
    first = search(api, api.admin, sort=sort, page={"limit": 2})
    assert keys(first) == expected[:2]
    assert first["page"]["totalItems"] == 3
    second = search(
        api, api.admin, sort=sort, page={"limit": 2, "after": first["page"]["endCursor"]}
    )
    assert keys(second) == expected[2:]
    back = search(
        api, api.admin, sort=sort, page={"limit": 2, "before": second["page"]["startCursor"]}
    )
    assert keys(back) == expected[:2]
    assert keys(search(api, api.admin, sort=sort, page={"from": 1, "limit": 1})) == expected[1:2]


def test_assign_refuses_override_when_asked_and_unassign_releases(api: Api) -> None:
    deploy(api)
    People(api)
    key = task_of(api, start(api))["userTaskKey"]
    assign = f"/v2/user-tasks/{key}/assignment"
    response = api.client.post(
        assign, json={"assignee": "ann", "action": "assign"}, headers=api.admin
    )
    assert response.status_code == 204, response.text
    assert api.client.get(f"/v2/user-tasks/{key}", headers=api.admin).json()["assignee"] == "ann"
    # the Orkes API sees the same row: ann is the claimant
    entry = api.client.get(f"/api/human/tasks/{key}", headers=api.admin).json()
    assert entry["claimant"] == {"userType": "CONDUCTOR_USER", "user": "ann"}
    assert entry["state"] == "IN_PROGRESS"
    refused = api.client.post(
        assign, json={"assignee": "bob", "allowOverride": False}, headers=api.admin
    )
    assert refused.status_code == 409
    assert refused.headers["content-type"].startswith("application/problem+json")
    assert "already assigned to ann" in refused.json()["detail"]
    assert api.client.post(assign, json={"assignee": "bob"}, headers=api.admin).status_code == 204
    assert api.client.get(f"/v2/user-tasks/{key}", headers=api.admin).json()["assignee"] == "bob"
    gone = api.client.delete(f"/v2/user-tasks/{key}/assignee", headers=api.admin)
    assert gone.status_code == 204
    assert api.client.get(f"/v2/user-tasks/{key}", headers=api.admin).json()["assignee"] is None
    assert keys(search(api, api.admin, filter={"assignee": {"$exists": False}})) == [key]


def test_a_candidate_claims_by_assigning_herself_and_completes(api: Api) -> None:
    deploy(api)
    people = People(api)
    instance = start(api)
    key = task_of(api, instance)["userTaskKey"]
    done = f"/v2/user-tasks/{key}/completion"
    # not yet hers: a candidate must claim first
    assert api.client.post(done, json={}, headers=people.ann).status_code == 403
    mine = api.client.post(
        f"/v2/user-tasks/{key}/assignment", json={"assignee": "ann"}, headers=people.ann
    )
    assert mine.status_code == 204
    # a fellow candidate may not take it from her
    taken = api.client.post(
        f"/v2/user-tasks/{key}/assignment", json={"assignee": "bob"}, headers=people.bob
    )
    assert taken.status_code == 403
    answer = {"variables": {"approved": False}, "action": "complete"}
    assert api.client.post(done, json=answer, headers=people.ann).status_code == 204
    instance_now = api.client.get(f"/v2/process-instances/{instance}", headers=api.admin).json()
    assert instance_now["state"] == "COMPLETED"
    assert instance_now["variables"]["decision"] is False
    again = api.client.post(done, json=answer, headers=api.admin)
    assert again.status_code == 409 and "COMPLETED" in again.json()["detail"]
    closed = api.client.post(
        f"/v2/user-tasks/{key}/assignment", json={"assignee": "x"}, headers=api.admin
    )
    assert closed.status_code == 409
    got = api.client.get(f"/v2/user-tasks/{key}", headers=api.admin).json()
    assert got["state"] == "COMPLETED" and got["completionDate"] is not None
    assert keys(search(api, api.admin, filter={"state": "COMPLETED"})) == [key]


def test_completion_variables_go_through_the_output_mapping_to_the_gateway(api: Api) -> None:
    deploy(api)
    instance = start(api)
    key = task_of(api, instance)["userTaskKey"]
    response = api.client.post(
        f"/v2/user-tasks/{key}/completion",
        json={"variables": {"approved": True}},
        headers=api.admin,
    )
    assert response.status_code == 204, response.text
    # decision = approved took the "yes" flow: the process now waits at "ship"
    ship = task_of(api, instance, "ship")
    assert ship["candidateGroups"] == ["ops"] and ship["state"] == "CREATED"
    variables = api.client.get(f"/v2/process-instances/{instance}", headers=api.admin).json()[
        "variables"
    ]
    assert variables["decision"] is True
    assert "approved" not in variables  # with output mappings only the outputs propagate


def test_update_candidates_moves_the_task_to_the_new_group(api: Api) -> None:
    deploy(api)
    people = People(api)
    key = task_of(api, start(api))["userTaskKey"]
    url = f"/v2/user-tasks/{key}"
    assert api.client.get(url, headers=people.carl).status_code == 404
    change = {
        "changeset": {"candidateGroups": ["ops"], "dueDate": "2031-01-02T03:04:05Z", "priority": 7}
    }
    assert api.client.patch(url, json=change, headers=api.admin).status_code == 204
    assert api.client.get(url, headers=people.carl).json()["candidateGroups"] == ["ops"]
    assert api.client.get(url, headers=people.ann).status_code == 404
    assert keys(search(api, people.carl)) == [key] and keys(search(api, people.ann)) == []
    found = search(
        api, api.admin, filter={"priority": {"$lte": 7}, "dueDate": {"$gt": "2031-01-01T00:00:00Z"}}
    )
    assert keys(found) == [key]
    assert found["items"][0]["dueDate"].startswith("2031-01-02T03:04:05")
    assert found["items"][0]["candidateUsers"] == ["dora"]  # not named: kept
    # the SDK 8.8 form: the bare changeset; "" clears a date
    bare = api.client.patch(f"{url}/update", json={"dueDate": ""}, headers=api.admin)
    assert bare.status_code == 204
    assert api.client.get(url, headers=api.admin).json()["dueDate"] is None
    # a candidate may not change the task
    assert api.client.patch(url, json=change, headers=people.carl).status_code == 403
    log = api.client.get(f"/api/human/tasks/{key}", headers=api.admin).json()
    actions = [
        a["action"] for a in log["input"]["__humanTaskProcessContext"]["humanTaskActionLogs"]
    ]
    assert actions[-2:] == ["CHANGE", "CHANGE"]


def test_form_is_served_and_a_task_without_one_answers_204(api: Api) -> None:
    deploy(api)
    instance = start(api)
    key = task_of(api, instance)["userTaskKey"]
    form = api.client.get(f"/v2/user-tasks/{key}/form", headers=api.admin)
    assert form.status_code == 200
    body = form.json()
    assert body["formId"] == "approve-form" and body["version"] == 1
    assert json.loads(body["schema"])["components"][0]["key"] == "approved"
    assert body["formKey"] == task_of(api, instance)["formKey"]
    api.client.post(
        f"/v2/user-tasks/{key}/completion",
        json={"variables": {"approved": True}},
        headers=api.admin,
    )
    ship = task_of(api, instance, "ship")["userTaskKey"]
    none = api.client.get(f"/v2/user-tasks/{ship}/form", headers=api.admin)
    assert none.status_code == 204 and none.content == b""


def test_variable_search_shows_local_inputs_and_process_variables(api: Api) -> None:
    deploy(api)
    instance = start(api, amount=21)
    key = task_of(api, instance)["userTaskKey"]
    url = f"/v2/user-tasks/{key}/variables/search"
    found = api.client.post(url, json={}, headers=api.admin).json()
    by_name = {(v["name"], v["scopeKey"]): v for v in found["items"]}
    assert json.loads(by_name[("doubled", key)]["value"]) == 42
    assert json.loads(by_name[("amount", instance)]["value"]) == 21
    assert all(v["variableKey"].isdigit() and not v["isTruncated"] for v in found["items"])
    named = api.client.post(url, json={"filter": {"name": "amount"}}, headers=api.admin).json()
    assert [v["name"] for v in named["items"]] == ["amount"]
    # the Orkes input shows what the person sees too
    entry = api.client.get(f"/api/human/tasks/{key}", headers=api.admin).json()
    assert entry["input"]["amount"] == 21 and entry["input"]["doubled"] == 42


def test_audit_log_lists_the_task_actions(api: Api) -> None:
    deploy(api)
    People(api)
    key = task_of(api, start(api))["userTaskKey"]
    api.client.post(f"/v2/user-tasks/{key}/assignment", json={"assignee": "ann"}, headers=api.admin)
    found = api.client.post(f"/v2/user-tasks/{key}/audit-logs/search", json={}, headers=api.admin)
    assert found.status_code == 200, found.text
    items = found.json()["items"]
    assert [i["operationType"] for i in items] == ["CREATE", "ASSIGN"]
    assert items[1]["actorType"] == "CLIENT" and items[1]["userTaskKey"] == key


def test_a_caller_who_may_not_see_the_task_gets_404_everywhere(api: Api) -> None:
    deploy(api)
    people = People(api)
    key = task_of(api, start(api))["userTaskKey"]
    eve = people.eve
    base = f"/v2/user-tasks/{key}"
    answers = [
        api.client.get(base, headers=eve),
        api.client.post(f"{base}/assignment", json={"assignee": "eve"}, headers=eve),
        api.client.delete(f"{base}/assignee", headers=eve),
        api.client.patch(base, json={"changeset": {"priority": 1}}, headers=eve),
        api.client.patch(f"{base}/update", json={"priority": 1}, headers=eve),
        api.client.post(f"{base}/completion", json={}, headers=eve),
        api.client.get(f"{base}/form", headers=eve),
        api.client.post(f"{base}/variables/search", json={}, headers=eve),
        api.client.post(f"{base}/effective-variables/search", json={}, headers=eve),
        api.client.post(f"{base}/audit-logs/search", json={}, headers=eve),
    ]
    assert [r.status_code for r in answers] == [404] * len(answers)
    assert all(r.headers["content-type"].startswith("application/problem+json") for r in answers)
    missing = api.client.get("/v2/user-tasks/123", headers=api.admin)
    assert missing.status_code == 404


def test_bad_search_is_one_400_naming_every_mistake(api: Api) -> None:
    response = api.client.post(
        "/v2/user-tasks/search",
        json={
            "filter": {"state": "DONE", "priority": {"$like": "x"}, "colour": "red"},
            "sort": [{"field": "size"}],
            "page": {"limit": 0},
        },
        headers=api.admin,
    )
    assert response.status_code == 400
    detail = response.json()["detail"]
    for part in ("filter.state", "filter.priority", "filter.colour", "sort[0].field"):
        assert part in detail
    cursor = api.client.post(
        "/v2/user-tasks/search", json={"page": {"after": "nonsense!"}}, headers=api.admin
    )
    assert cursor.status_code == 400


def test_completing_through_the_orkes_api_runs_the_same_output_mapping(api: Api) -> None:
    deploy(api)
    instance = start(api)
    key = task_of(api, instance)["userTaskKey"]
    done = api.client.post(
        f"/api/human/tasks/{key}/update?complete=true", json={"approved": True}, headers=api.admin
    )
    assert done.status_code == 204, done.text
    assert task_of(api, instance, "ship")["state"] == "CREATED"
    got = api.client.get(f"/v2/user-tasks/{key}", headers=api.admin).json()
    assert got["state"] == "COMPLETED"


def test_read_permission_on_the_task_definition_shows_the_task(api: Api) -> None:
    deploy(api)
    people = People(api)
    instance = start(api)
    definition = api.client.get(
        f"/api/human/tasks/{task_of(api, instance)['userTaskKey']}", headers=api.admin
    ).json()["definitionName"]
    assert keys(search(api, people.eve)) == []
    grant = {
        "subject": {"type": "USER", "id": "eve"},
        "target": {"type": "TASK_DEF", "id": definition},
        "access": ["READ"],
    }
    assert api.client.post("/api/auth/authorization", json=grant, headers=api.admin).is_success
    (seen,) = search(api, people.eve)["items"]
    assert api.client.get(f"/v2/user-tasks/{seen['userTaskKey']}", headers=people.eve).is_success
    # reading is not working it: eve may not assign someone else
    refused = api.client.post(
        f"/v2/user-tasks/{seen['userTaskKey']}/assignment",
        json={"assignee": "ann"},
        headers=people.eve,
    )
    assert refused.status_code == 403

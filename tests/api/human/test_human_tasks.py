"""/api/human/tasks: a HUMAN task offered to a group, claimed, released, drafted and completed;
who may do what; the process goes on with the answer."""

from __future__ import annotations

from typing import Any

from human_helpers import actions, group, human, human_workflow, start_human, user

from support import Api


def _setup(api: Api) -> tuple[dict[str, str], dict[str, str]]:
    api.create_group("reviewers")
    ria = api.create_user("ria@example.com", groups=["reviewers"])
    bob = api.create_user("bob@example.com")
    return ria, bob


def test_group_task_lifecycle(api: Api) -> None:
    ria, bob = _setup(api)
    workflow_id, task_id = start_human(api, human_workflow(assignments=[group("reviewers")]))

    entry = human(api, task_id, ria)
    assert entry["state"] == "ASSIGNED"
    assert entry["assignee"] == {"userType": "CONDUCTOR_GROUP", "user": "reviewers"}
    assert entry["displayName"] == "Approve the order"
    assert entry["definitionName"] == "approve"
    assert entry["taskRefName"] == "approve_ref"
    assert entry["workflowId"] == workflow_id
    assert entry["input"]["amount"] == 250
    assert entry["humanTaskDef"]["assignments"] == [group("reviewers")]
    context = entry["input"]["__humanTaskProcessContext"]
    assert context["assigneeIndex"] == 0
    assert context["assignmentsCompleted"] is False
    assert actions(entry) == ["ASSIGNMENT"]

    # bob is not offered the task and may not learn it exists
    assert api.client.get(f"/api/human/tasks/{task_id}", headers=bob).status_code == 404
    assert api.client.post(f"/api/human/tasks/{task_id}/claim", headers=bob).status_code == 404

    claimed = api.client.post(f"/api/human/tasks/{task_id}/claim", headers=ria)
    assert claimed.status_code == 200, claimed.text
    body = claimed.json()
    assert body["state"] == "IN_PROGRESS"
    assert body["claimant"] == {"userType": "CONDUCTOR_USER", "user": "ria@example.com"}
    log = body["input"]["__humanTaskProcessContext"]["humanTaskActionLogs"][-1]
    assert log["action"] == "CLAIM"
    assert log["actedBy"] == "CONDUCTOR_USER:ria@example.com"
    assert "fullTemplate" not in body["humanTaskDef"]

    boss = api.create_user("boss", roles=["ADMIN"])
    again = api.client.post(
        f"/api/human/tasks/{task_id}/claim?overrideAssignment=true", headers=boss
    )
    assert again.status_code == 400
    assert "ria@example.com" in again.json()["message"]

    draft = api.client.post(
        f"/api/human/tasks/{task_id}/update?complete=false", json={"approved": False}, headers=ria
    )
    assert draft.status_code == 204
    assert human(api, task_id, ria)["output"] == {"approved": False}

    released = api.client.post(f"/api/human/tasks/{task_id}/release", headers=ria)
    assert released.status_code == 204
    entry = human(api, task_id, ria)
    assert entry["state"] == "ASSIGNED"
    assert "claimant" not in entry
    assert actions(entry)[-2:] == ["RELEASE", "ASSIGNMENT"]

    # a released task cannot be completed by someone who no longer holds it
    refused = api.client.post(
        f"/api/human/tasks/{task_id}/update?complete=true", json={"approved": True}, headers=ria
    )
    assert refused.status_code == 403

    api.client.post(f"/api/human/tasks/{task_id}/claim", headers=ria)
    done = api.client.post(
        f"/api/human/tasks/{task_id}/update?complete=true", json={"approved": True}, headers=ria
    )
    assert done.status_code == 204, done.text
    entry = human(api, task_id, api.admin)
    assert entry["state"] == "COMPLETED"
    assert entry["output"] == {"approved": True}
    found = api.client.get(f"/api/workflow/{workflow_id}", headers=api.admin).json()
    assert found["status"] == "COMPLETED"
    assert found["output"] == {"approved": True}
    assert found["tasks"][0]["status"] == "COMPLETED"


def test_inbox_search(api: Api) -> None:
    ria, bob = _setup(api)
    _wf, task_id = start_human(api, human_workflow(assignments=[group("reviewers")]))
    body = {"size": 15, "states": [], "taskInputQuery": "", "start": 0}  # what the JS SDK sends
    found = api.client.post("/api/human/tasks/search", json=body, headers=ria).json()
    assert found["totalHits"] == 1
    assert [r["taskId"] for r in found["results"]] == [task_id]
    assert "humanTaskDef" not in found["results"][0]
    assert (
        api.client.post("/api/human/tasks/search", json=body, headers=bob).json()["totalHits"] == 0
    )
    admin_only = api.client.post(
        "/api/human/tasks/search", json={"searchType": "ADMIN"}, headers=ria
    )
    assert admin_only.status_code == 403
    everything = api.client.post(
        "/api/human/tasks/search", json={"searchType": "ADMIN"}, headers=api.admin
    )
    assert everything.json()["totalHits"] == 1


def test_search_filters(api: Api) -> None:
    ria, _bob = _setup(api)
    _wf, task_id = start_human(api, human_workflow(assignments=[group("reviewers")]))
    cases = [
        ({"states": ["ASSIGNED"]}, 1),
        ({"states": ["COMPLETED"]}, 0),
        ({"assignees": [{"user": "review*", "userType": "CONDUCTOR_GROUP"}]}, 1),
        ({"assignees": [{"user": "other", "userType": "CONDUCTOR_GROUP"}]}, 0),
        ({"definitionNames": ["approve"]}, 1),
        ({"displayNames": ["Approve the order"]}, 1),
        ({"taskRefNames": ["approve_ref"]}, 1),
        ({"workflowNames": ["approval"]}, 1),
        ({"workflowNames": ["nope"]}, 0),
        ({"taskInputQuery": "amount = 250"}, 1),
        ({"taskInputQuery": "amount IN (1, 250)"}, 1),
        ({"taskInputQuery": "amount = 251"}, 0),
        ({"fullTextQuery": "approve"}, 1),
        ({"fullTextQuery": "zebra"}, 0),
    ]
    for body, expected in cases:
        response = api.client.post(
            "/api/human/tasks/search", json={"searchType": "ADMIN", **body}, headers=api.admin
        )
        assert response.status_code == 200, (body, response.text)
        assert response.json()["totalHits"] == expected, body
    api.client.post(f"/api/human/tasks/{task_id}/claim", headers=ria)
    claimed = api.client.post(
        "/api/human/tasks/search",
        json={"claimants": [{"user": "ria*", "userType": "CONDUCTOR_USER"}]},
        headers=ria,
    ).json()
    assert claimed["totalHits"] == 1
    for bad in (
        {"states": ["SLEEPING"]},
        {"size": 0},
        {"searchType": "ALL"},
        {"assignees": [{"user": "x", "userType": "ALIEN"}]},
        {"taskInputQuery": "amount >> 2"},
    ):
        response = api.client.post("/api/human/tasks/search", json=bad, headers=api.admin)
        assert response.status_code in (400, 403), (bad, response.text)


def test_override_claim_makes_the_claimant_the_assignee(api: Api) -> None:
    _setup(api)
    _wf, task_id = start_human(api, human_workflow(assignments=[group("reviewers")]))
    not_offered = api.client.post(f"/api/human/tasks/{task_id}/claim", headers=api.admin)
    assert not_offered.status_code == 400  # an application claims through /externalUser
    boss = api.create_user("boss", roles=["ADMIN"])
    without = api.client.post(f"/api/human/tasks/{task_id}/claim", headers=boss)
    assert without.status_code in (400, 403)
    claimed = api.client.post(
        f"/api/human/tasks/{task_id}/claim?overrideAssignment=true", headers=boss
    )
    assert claimed.status_code == 200, claimed.text
    assert claimed.json()["assignee"] == {"userType": "CONDUCTOR_USER", "user": "boss"}


def test_external_claim_by_the_owning_application(api: Api) -> None:
    ria, _bob = _setup(api)
    app = api.client.post("/api/applications", json={"name": "portal"}, headers=api.admin).json()
    api.client.post(f"/api/applications/{app['id']}/roles/WORKFLOW_MANAGER", headers=api.admin)
    key = api.client.post(f"/api/applications/{app['id']}/accessKeys", headers=api.admin).json()
    portal = {"X-Authorization": api.token(keyId=key["id"], keySecret=key["secret"])}
    _wf, task_id = start_human(
        api,
        human_workflow(assignments=[{"assignee": {"user": "ext-9", "userType": "EXTERNAL_USER"}}]),
        headers=portal,
    )
    # ria is an ordinary user: she may not claim for others
    refused = api.client.post(f"/api/human/tasks/{task_id}/externalUser/ext-9", headers=ria)
    assert refused.status_code == 404
    claimed = api.client.post(f"/api/human/tasks/{task_id}/externalUser/ext-9", headers=portal)
    assert claimed.status_code == 200, claimed.text
    assert claimed.json()["claimant"] == {"userType": "EXTERNAL_USER", "user": "ext-9"}
    assert claimed.json()["ownerApp"] == app["id"]
    found = api.client.post("/api/human/tasks/search", json={}, headers=portal).json()
    assert found["totalHits"] == 1  # the owner's inbox holds it
    done = api.client.post(
        f"/api/human/tasks/{task_id}/update?complete=true", json={"approved": True}, headers=portal
    )
    assert done.status_code == 204


def test_reassign_and_skip(api: Api) -> None:
    ria, bob = _setup(api)
    _wf, task_id = start_human(api, human_workflow(assignments=[group("reviewers")]))
    tiers = [user("bob@example.com", 30), user("ria@example.com")]
    response = api.client.post(
        f"/api/human/tasks/{task_id}/reassign", json=tiers, headers=api.admin
    )
    assert response.status_code == 200, response.text
    assert human(api, task_id, bob)["assignee"]["user"] == "bob@example.com"
    skipped = api.client.post(f"/api/human/tasks/{task_id}/skip?reason=away", headers=api.admin)
    assert skipped.status_code == 204
    entry = human(api, task_id, ria)
    assert entry["assignee"]["user"] == "ria@example.com"
    assert entry["input"]["__humanTaskProcessContext"]["skippedAssigneeIndexes"] == [0]
    bad = api.client.post(
        f"/api/human/tasks/{task_id}/reassign",
        json=[{"assignee": {"user": "x", "userType": "ROBOT"}}],
        headers=api.admin,
    )
    assert bad.status_code == 400
    api.client.post(f"/api/human/tasks/{task_id}/claim", headers=ria)
    claimed = api.client.post(f"/api/human/tasks/{task_id}/reassign", json=tiers, headers=api.admin)
    assert claimed.status_code == 400  # only unclaimed tasks are reassigned


def test_open_task_can_be_claimed_by_anyone(api: Api) -> None:
    _ria, bob = _setup(api)
    _wf, task_id = start_human(api, human_workflow(assignments=[]))
    entry = human(api, task_id, bob)
    assert actions(entry) == ["ASSIGNMENTS_COMPLETED"]
    assert entry["input"]["__humanTaskProcessContext"]["assignmentsCompleted"] is True
    claimed = api.client.post(f"/api/human/tasks/{task_id}/claim", headers=bob)
    assert claimed.status_code == 200


def test_completing_through_the_conductor_api_completes_the_human_task(api: Api) -> None:
    _setup(api)
    workflow_id, task_id = start_human(api, human_workflow(assignments=[group("reviewers")]))
    response = api.client.post(
        f"/api/tasks/{workflow_id}/approve_ref/COMPLETED",
        json={"approved": True},
        headers=api.admin,
    )
    assert response.status_code == 200
    entry = human(api, task_id)
    assert entry["state"] == "COMPLETED"
    assert entry["output"] == {"approved": True}


def test_terminating_the_workflow_deletes_the_human_task(api: Api) -> None:
    _setup(api)
    workflow_id, task_id = start_human(api, human_workflow(assignments=[group("reviewers")]))
    api.client.delete(f"/api/workflow/{workflow_id}", headers=api.admin)
    assert human(api, task_id)["state"] == "DELETED"


def test_update_by_task_ref_and_conductor_task_view(api: Api) -> None:
    _setup(api)
    workflow_id, task_id = start_human(api, human_workflow(assignments=[group("reviewers")]))
    view = api.client.get(f"/api/human/tasks/{task_id}/conductorTask", headers=api.admin).json()
    assert view["taskType"] == "HUMAN"
    assert view["status"] == "IN_PROGRESS"
    assert "__humanTaskProcessContext" in view["inputData"]
    response = api.client.post(
        f"/api/human/tasks/update/taskRef?workflowId={workflow_id}&taskRefName=approve_ref&complete=true",
        json={"approved": True},
        headers=api.admin,
    )
    assert response.status_code == 204, response.text
    wf = api.client.get(f"/api/workflow/{workflow_id}", headers=api.admin).json()
    assert wf["status"] == "COMPLETED"
    missing = api.client.post(
        f"/api/human/tasks/update/taskRef?workflowId={workflow_id}&taskRefName=nope",
        json={},
        headers=api.admin,
    )
    assert missing.status_code == 404


def test_delete_fails_the_waiting_process_task(api: Api) -> None:
    _setup(api)
    workflow_id, task_id = start_human(api, human_workflow(assignments=[group("reviewers")]))
    response = api.client.delete(f"/api/human/tasks/delete/{task_id}", headers=api.admin)
    assert response.status_code == 204
    assert api.client.get(f"/api/human/tasks/{task_id}", headers=api.admin).status_code == 404
    wf = api.client.get(f"/api/workflow/{workflow_id}", headers=api.admin).json()
    assert wf["status"] == "FAILED"


def test_display_names(api: Api) -> None:
    ria, bob = _setup(api)
    start_human(api, human_workflow(assignments=[group("reviewers")]))
    names = api.client.get("/api/human/tasks/getTaskDisplayNames?searchType=INBOX", headers=ria)
    assert names.json() == ["Approve the order"]
    assert api.client.get("/api/human/tasks/getTaskDisplayNames", headers=bob).json() == []


def test_unknown_task_is_404(api: Api) -> None:
    for method, path in (
        ("get", "/api/human/tasks/nope"),
        ("post", "/api/human/tasks/nope/release"),
    ):
        response = getattr(api.client, method)(path, headers=api.admin)
        assert response.status_code == 404


def test_bad_human_task_definition_is_refused_at_registration(api: Api) -> None:
    bad = human_workflow(assignments=[{"assignee": {"user": "x", "userType": "ROBOT"}}])
    response = api.client.post("/api/metadata/workflow", json=bad, headers=api.admin)
    assert response.status_code == 400
    assert "tasks[0].inputParameters.__humanTaskDefinition" in response.text
    assert api.client.get("/api/metadata/workflow", headers=api.admin).json() == []


def test_bulk_delete(api: Api) -> None:
    _setup(api)
    _wf1, first = start_human(api, human_workflow(assignments=[group("reviewers")]))
    _wf2, second = start_human(api, human_workflow("other", assignments=[group("reviewers")]))
    empty = api.client.request("DELETE", "/api/human/tasks/delete", json=[], headers=api.admin)
    assert empty.status_code == 400
    response = api.client.request(
        "DELETE", "/api/human/tasks/delete", json=[first, second], headers=api.admin
    )
    assert response.status_code == 204
    for task_id in (first, second):
        assert api.client.get(f"/api/human/tasks/{task_id}", headers=api.admin).status_code == 404


def test_bulk_delete_is_all_or_nothing(api: Api) -> None:
    ria, _bob = _setup(api)
    mine_wf, mine = start_human(api, human_workflow(assignments=[group("reviewers")]), ria)
    other_wf, other = start_human(api, human_workflow("other", assignments=[group("reviewers")]))
    # ria owns `mine` (she started it) but may only see `other` (offered to her group)
    for ids, headers, status in (
        ([mine, "no-such-task", other], api.admin, 404),
        ([mine, other], ria, 403),
    ):
        response = api.client.request(
            "DELETE", "/api/human/tasks/delete", json=ids, headers=headers
        )
        assert response.status_code == status, response.text
        for task_id in (mine, other):
            assert human(api, task_id)["state"] == "ASSIGNED"
        for workflow_id in (mine_wf, other_wf):
            wf = api.client.get(f"/api/workflow/{workflow_id}", headers=api.admin).json()
            assert wf["status"] == "RUNNING"
    allowed = api.client.request("DELETE", "/api/human/tasks/delete", json=[mine], headers=ria)
    assert allowed.status_code == 204


def _hits(api: Api, **body: Any) -> int:
    response = api.client.post(
        "/api/human/tasks/search", json={"searchType": "ADMIN", **body}, headers=api.admin
    )
    assert response.status_code == 200, (body, response.text)
    hits: int = response.json()["totalHits"]
    return hits


def test_search_by_json_path_and_type(api: Api) -> None:
    ria, _bob = _setup(api)
    definition = human_workflow(assignments=[group("reviewers")])
    definition["tasks"][0]["inputParameters"].update(
        {
            "meta": {"approved": True, "count": 3, "note": None, "label": "Rush order"},
            "items": [{"sku": "A-1"}, {"sku": "B-2"}],
            "flag": "true",
        }
    )
    _wf, task_id = start_human(api, definition)
    for query, expected in (
        ("meta.approved = true", 1),
        ("nothere.approved = true", 0),  # the last segment alone no longer matches
        ("approved = true", 0),
        ("meta.approved = 'true'", 0),  # a string is not a boolean
        ("meta.approved = false", 0),
        ("meta.count = 3", 1),
        ("meta.count = 3.0", 1),
        ("meta.count = '3'", 0),
        ("meta.note = null", 1),
        ("meta.missing = null", 0),
        ("meta.label = 'Rush order'", 1),
        ("meta.label = 'Rush*'", 1),
        ("meta.label = 'rush*'", 0),  # wildcards are case-sensitive on both databases
        ("meta.label = Rush", 0),
        ("flag = true", 0),
        ("flag = 'true'", 1),
        ("items[1].sku = 'B-2'", 1),
        ("items[0].sku IN ('B-2', 'C-3')", 0),
        ("items[0].sku IN ('B-2', A-1)", 1),
        ("meta.count = 3 AND meta.approved = false OR items[0].sku = 'A-1'", 1),
        ("meta.count = 3 AND meta.approved = false", 0),
    ):
        assert _hits(api, taskInputQuery=query) == expected, query
    assert api.client.post(f"/api/human/tasks/{task_id}/claim", headers=ria).status_code == 200
    draft = api.client.post(
        f"/api/human/tasks/{task_id}/update?complete=false",
        json={"decision": {"by": "ria", "score": 7}},
        headers=ria,
    )
    assert draft.status_code == 204, draft.text
    assert _hits(api, taskOutputQuery="decision.by = ria") == 1
    assert _hits(api, taskOutputQuery="decision.score = 7") == 1
    assert _hits(api, taskOutputQuery="by = ria") == 0
    assert _hits(api, taskOutputQuery="score = 7") == 0


def test_search_refuses_malformed_paths(api: Api) -> None:
    for query in (
        "meta..approved = true",
        ".meta = 1",
        "meta. = 1",
        "items[x] = 1",
        "items[0 = 1",
        "1meta = 1",
        "me ta = 1",
        "meta.count = 1e999",
        "meta.count = 99999999999999999999",
    ):
        response = api.client.post(
            "/api/human/tasks/search",
            json={"searchType": "ADMIN", "taskInputQuery": query},
            headers=api.admin,
        )
        assert response.status_code == 400, (query, response.text)
        assert "taskInputQuery" in response.json()["message"], response.text

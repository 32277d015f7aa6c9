"""/api/metadata: task and workflow definitions; bad definitions are refused whole."""

from __future__ import annotations

from typing import Any

from support import Api


def _simple_workflow(name: str = "order", version: int | None = 1) -> dict[str, Any]:
    wf: dict[str, Any] = {
        "name": name,
        "tasks": [
            {"name": "charge", "taskReferenceName": "charge_ref", "type": "SIMPLE"},
            {
                "name": "approve",
                "taskReferenceName": "approve_ref",
                "type": "HUMAN",
                "inputParameters": {"amount": "${charge_ref.output.amount}"},
            },
        ],
    }
    if version is not None:
        wf["version"] = version
    return wf


def test_task_defs_round_trip_with_conductor_defaults(api: Api) -> None:
    body = [{"name": "charge", "retryCount": 2, "description": "charge a card"}]
    assert (
        api.client.post("/api/metadata/taskdefs", json=body, headers=api.admin).status_code == 200
    )
    found = api.client.get("/api/metadata/taskdefs/charge", headers=api.admin).json()
    assert found["retryCount"] == 2
    assert found["responseTimeoutSeconds"] == 3600
    assert found["description"] == "charge a card"
    assert found["createTime"] > 0
    update = {"name": "charge", "retryCount": 5}
    assert (
        api.client.put("/api/metadata/taskdefs", json=update, headers=api.admin).status_code == 200
    )
    listed = api.client.get("/api/metadata/taskdefs", headers=api.admin).json()
    assert [(d["name"], d["retryCount"]) for d in listed] == [("charge", 5)]
    deleted = api.client.delete("/api/metadata/taskdefs/charge", headers=api.admin)
    assert deleted.status_code == 204
    assert api.client.get("/api/metadata/taskdefs/charge", headers=api.admin).status_code == 404


def test_bad_task_def_in_a_batch_saves_none(api: Api) -> None:
    body = [{"name": "good"}, {"name": "bad", "retryCount": -1}]
    response = api.client.post("/api/metadata/taskdefs", json=body, headers=api.admin)
    assert response.status_code == 400
    assert response.json()["validationErrors"][0]["path"] == "[1].retryCount"
    assert api.client.get("/api/metadata/taskdefs", headers=api.admin).json() == []


def test_response_timeout_longer_than_timeout_is_refused(api: Api) -> None:
    body = [{"name": "t", "timeoutSeconds": 10, "responseTimeoutSeconds": 20}]
    response = api.client.post("/api/metadata/taskdefs", json=body, headers=api.admin)
    assert response.status_code == 400
    assert "responseTimeoutSeconds" in response.text


def test_register_get_and_list_workflows(api: Api) -> None:
    response = api.client.post("/api/metadata/workflow", json=_simple_workflow(), headers=api.admin)
    assert response.status_code == 200, response.text
    found = api.client.get("/api/metadata/workflow/order", headers=api.admin).json()
    assert found["name"] == "order" and found["version"] == 1
    assert found["tasks"][1]["type"] == "HUMAN"
    response = api.client.post(
        "/api/metadata/workflow?newVersion=true", json=_simple_workflow(), headers=api.admin
    )
    assert response.status_code == 200
    assert api.client.get("/api/metadata/workflow/order", headers=api.admin).json()["version"] == 2
    v1 = api.client.get("/api/metadata/workflow/order?version=1", headers=api.admin).json()
    assert v1["version"] == 1
    listed = api.client.get("/api/metadata/workflow", headers=api.admin).json()
    assert [(w["name"], w["version"]) for w in listed] == [("order", 1), ("order", 2)]


def test_registering_an_existing_version_needs_overwrite(api: Api) -> None:
    api.client.post("/api/metadata/workflow", json=_simple_workflow(), headers=api.admin)
    again = api.client.post("/api/metadata/workflow", json=_simple_workflow(), headers=api.admin)
    assert again.status_code == 409
    forced = api.client.post(
        "/api/metadata/workflow?overwrite=true", json=_simple_workflow(), headers=api.admin
    )
    assert forced.status_code == 200


def test_bulk_put_registers_all_or_none(api: Api) -> None:
    bad = _simple_workflow("broken")
    bad["tasks"][1]["taskReferenceName"] = "charge_ref"
    response = api.client.put(
        "/api/metadata/workflow", json=[_simple_workflow("fine"), bad], headers=api.admin
    )
    assert response.status_code == 400
    assert "charge_ref" in response.text
    assert api.client.get("/api/metadata/workflow", headers=api.admin).json() == []
    response = api.client.put(
        "/api/metadata/workflow",
        json=[_simple_workflow("a"), _simple_workflow("b")],
        headers=api.admin,
    )
    assert response.json()["bulkSuccessfulResults"] == ["a", "b"]


def test_bad_definitions_name_the_problem(api: Api) -> None:
    unknown_ref = _simple_workflow()
    unknown_ref["tasks"][1]["inputParameters"] = {"x": "${nosuch.output.y}"}
    malformed = _simple_workflow()
    malformed["tasks"][1]["inputParameters"] = {"x": "${workflow.input.x"}
    unknown_type = _simple_workflow()
    unknown_type["tasks"][0]["type"] = "TELEPORT"
    javascript = _simple_workflow()
    javascript["tasks"].append(
        {
            "name": "route",
            "taskReferenceName": "route_ref",
            "type": "SWITCH",
            "evaluatorType": "javascript",
            "expression": "while(true){}",
            "decisionCases": {"a": []},
        }
    )
    no_name = {"tasks": []}
    cases = [
        (unknown_ref, "nosuch"),
        (malformed, "tasks[1].inputParameters"),
        (unknown_type, "TELEPORT"),
        (javascript, "route_ref"),
        (no_name, "name"),
    ]
    for definition, needle in cases:
        response = api.client.post("/api/metadata/workflow", json=definition, headers=api.admin)
        assert response.status_code == 400, (needle, response.text)
        assert needle in response.text, (needle, response.text)
    assert api.client.get("/api/metadata/workflow", headers=api.admin).json() == []


def test_unknown_definition_is_404(api: Api) -> None:
    response = api.client.get("/api/metadata/workflow/ghost", headers=api.admin)
    assert response.status_code == 404
    response = api.client.delete("/api/metadata/workflow/ghost/1", headers=api.admin)
    assert response.status_code == 404


def test_definition_with_running_instances_cannot_be_deleted(api: Api) -> None:
    api.client.post("/api/metadata/workflow", json=_simple_workflow(), headers=api.admin)
    started = api.client.post("/api/workflow/order", json={}, headers=api.admin)
    assert started.status_code == 200
    response = api.client.delete("/api/metadata/workflow/order/1", headers=api.admin)
    assert response.status_code == 409
    api.client.delete(f"/api/workflow/{started.text}", headers=api.admin)
    response = api.client.delete("/api/metadata/workflow/order/1", headers=api.admin)
    assert response.status_code == 204


def test_plain_user_cannot_register_but_can_read(api: Api) -> None:
    headers = api.create_user("ann")
    response = api.client.post("/api/metadata/workflow", json=_simple_workflow(), headers=headers)
    assert response.status_code == 403
    response = api.client.post("/api/metadata/taskdefs", json=[{"name": "x"}], headers=headers)
    assert response.status_code == 403
    api.client.post("/api/metadata/workflow", json=_simple_workflow(), headers=api.admin)
    assert api.client.get("/api/metadata/workflow/order", headers=headers).status_code == 200


def test_metadata_manager_role_may_register(api: Api) -> None:
    headers = api.create_user("meta", roles=["USER", "METADATA_MANAGER"])
    response = api.client.post("/api/metadata/workflow", json=_simple_workflow(), headers=headers)
    assert response.status_code == 200

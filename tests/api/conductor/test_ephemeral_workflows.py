"""Ephemeral workflows: a start or execute that carries its own `workflowDef` runs that
definition without registering it (Orkes' dynamic workflows, conductor-python's
`ConductorWorkflow.execute`)."""

from __future__ import annotations

from typing import Any

from conductor_helpers import poll, report, workflow
from support import Api

DOUBLE = {
    "name": "doubler",
    "version": 3,
    "tasks": [
        {
            "name": "calc",
            "taskReferenceName": "calc_ref",
            "type": "INLINE",
            "inputParameters": {
                "evaluatorType": "graaljs",
                "expression": "(function () { return $.n * 2; })()",
                "n": "${workflow.input.n}",
            },
        },
        {"name": "step", "taskReferenceName": "step_ref", "type": "SIMPLE"},
    ],
    "outputParameters": {"doubled": "${calc_ref.output.result}", "note": "${step_ref.output.note}"},
}
ONLY_CALC = {
    **DOUBLE,
    "tasks": DOUBLE["tasks"][:1],
    "outputParameters": {"doubled": "${calc_ref.output.result}"},
}


def _start(api: Api, body: dict[str, Any], headers: dict[str, str] | None = None) -> Any:
    return api.client.post("/api/workflow", json=body, headers=headers or api.admin)


def test_start_with_an_inline_definition_runs_it_unregistered(api: Api) -> None:
    response = _start(api, {"name": "doubler", "input": {"n": 21}, "workflowDef": DOUBLE})
    assert response.status_code == 200, response.text
    workflow_id = response.text
    [task] = poll(api, "step")
    assert task["workflowType"] == "doubler"
    report(api, task, note="done")
    found = workflow(api, workflow_id)
    assert found["status"] == "COMPLETED"
    assert (found["workflowName"], found["workflowVersion"]) == ("doubler", 3)
    assert found["output"] == {"doubled": 42, "note": "done"}
    assert found["workflowDefinition"]["name"] == "doubler"
    # nothing was registered
    assert api.client.get("/api/metadata/workflow/doubler", headers=api.admin).status_code == 404
    listed = api.client.get("/api/metadata/workflow", headers=api.admin).json()
    assert listed == []
    assert api.client.post("/api/workflow/doubler", json={}, headers=api.admin).status_code == 404


def test_each_start_keeps_its_own_definition(api: Api) -> None:
    first = _start(api, {"name": "doubler", "input": {"n": 1}, "workflowDef": DOUBLE}).text
    changed = {**DOUBLE, "outputParameters": {"doubled": "${calc_ref.output.result}"}}
    second = _start(api, {"name": "doubler", "input": {"n": 2}, "workflowDef": changed}).text
    for task in poll(api, "step", count=2):
        report(api, task, note="n")
    assert workflow(api, first)["output"] == {"doubled": 2, "note": "n"}
    assert workflow(api, second)["output"] == {"doubled": 4}
    search = api.client.get(
        "/api/workflow/search?query=workflowType%20%3D%20doubler", headers=api.admin
    ).json()
    assert search["totalHits"] == 2
    assert {r["workflowId"] for r in search["results"]} == {first, second}
    assert {r["workflowType"] for r in search["results"]} == {"doubler"}


def test_execute_with_an_inline_definition_answers_its_run(api: Api) -> None:
    response = api.client.post(
        "/api/workflow/execute/doubler/3?waitForSeconds=5",
        json={"name": "doubler", "version": 3, "input": {"n": 5}, "workflowDef": ONLY_CALC},
        headers=api.admin,
    )
    assert response.status_code == 200, response.text
    run = response.json()
    assert run["status"] == "COMPLETED"
    assert run["output"]["doubled"] == 10


def test_an_inline_definition_that_does_not_compile_is_400_and_starts_nothing(
    api: Api,
) -> None:
    broken = {"name": "broken", "tasks": [{"name": "x", "type": "NO_SUCH_TYPE"}]}
    response = _start(api, {"name": "broken", "workflowDef": broken})
    assert response.status_code == 400
    assert "NO_SUCH_TYPE" in response.text or "taskReferenceName" in response.text
    search = api.client.get("/api/workflow/search", headers=api.admin).json()
    assert search["totalHits"] == 0


def test_an_inline_definition_needs_the_start_or_register_right(api: Api) -> None:
    worker = api.create_user("wanda", roles=["WORKER"])
    response = _start(api, {"name": "doubler", "workflowDef": DOUBLE}, headers=worker)
    assert response.status_code == 403
    assert "doubler" in response.json()["message"]
    manager = api.create_user("mia", roles=["METADATA_MANAGER"])
    response = _start(api, {"name": "doubler", "input": {"n": 1}, "workflowDef": DOUBLE}, manager)
    assert response.status_code == 200, response.text


def test_removing_an_ephemeral_workflow_removes_its_definition(api: Api) -> None:
    workflow_id = _start(api, {"name": "doubler", "input": {"n": 1}, "workflowDef": ONLY_CALC}).text
    response = api.client.delete(f"/api/workflow/{workflow_id}/remove", headers=api.admin)
    assert response.status_code == 204
    assert api.client.get(f"/api/workflow/{workflow_id}", headers=api.admin).status_code == 404


def test_a_registered_name_may_not_contain_the_ephemeral_separator(api: Api) -> None:
    response = api.client.post(
        "/api/metadata/workflow", json={**DOUBLE, "name": "a~~b"}, headers=api.admin
    )
    assert response.status_code == 400
    assert "~~" in response.text

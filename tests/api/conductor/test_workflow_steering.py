"""/api/workflow: restart, rerun, skip task, and the bulk operations."""

from __future__ import annotations

from baton.services.context import ServiceContext
from baton.store import schema

from conductor_helpers import poll, register, report, start, statuses, workflow
from support import Api

PIPELINE = {
    "name": "pipeline",
    "version": 1,
    "tasks": [
        {"name": "step", "taskReferenceName": "step_ref", "type": "SIMPLE"},
        {"name": "gate", "taskReferenceName": "gate_ref", "type": "HUMAN"},
    ],
    "outputParameters": {"value": "${step_ref.output.value}", "note": "${gate_ref.output.note}"},
}
STEP_DEF = [{"name": "step", "retryCount": 0}]


def _ended(api: Api, data: dict[str, object] | None = None) -> str:
    register(api, PIPELINE, STEP_DEF)
    workflow_id = start(api, "pipeline", data or {"n": 1})
    api.client.delete(f"/api/workflow/{workflow_id}?reason=stop", headers=api.admin)
    return workflow_id


# ---------------------------------------------------------------- restart and rerun


def test_restart_runs_an_ended_workflow_again_under_the_same_id(api: Api) -> None:
    workflow_id = _ended(api)
    (old,) = [t["taskId"] for t in workflow(api, workflow_id)["tasks"]]
    response = api.client.post(f"/api/workflow/{workflow_id}/restart", headers=api.admin)
    assert response.status_code == 204, response.text
    found = workflow(api, workflow_id)
    assert found["status"] == "RUNNING"
    assert found["input"] == {"n": 1}
    assert "reasonForIncompletion" not in found
    assert statuses(found) == [("step_ref", "SCHEDULED")]
    (task,) = poll(api, "step")
    assert task["taskId"] != old
    assert task["workflowInstanceId"] == workflow_id


def test_restart_refuses_a_running_workflow_and_unknown_ids(api: Api) -> None:
    register(api, PIPELINE, STEP_DEF)
    workflow_id = start(api, "pipeline")
    response = api.client.post(f"/api/workflow/{workflow_id}/restart", headers=api.admin)
    assert response.status_code == 409
    assert "RUNNING" in response.json()["message"]
    assert statuses(workflow(api, workflow_id)) == [("step_ref", "SCHEDULED")]
    assert api.client.post("/api/workflow/nope/restart", headers=api.admin).status_code == 404


def test_restart_refuses_a_workflow_another_one_started(api: Api, ctx: ServiceContext) -> None:
    workflow_id = _ended(api)
    with ctx.db.write() as conn:  # as a call activity links its child to the caller's root
        conn.execute(
            schema.instances.update()
            .where(schema.instances.c.id == workflow_id)
            .values(root_id="parent-1")
        )
    response = api.client.post(f"/api/workflow/{workflow_id}/restart", headers=api.admin)
    assert response.status_code == 409
    assert "parent-1" in response.json()["message"]
    assert workflow(api, workflow_id)["status"] == "TERMINATED"


def test_restart_keeps_the_owner_and_needs_control(api: Api) -> None:
    owner = api.create_user("olga")
    register(api, PIPELINE, STEP_DEF)
    workflow_id = start(api, "pipeline", headers=owner)
    api.client.delete(f"/api/workflow/{workflow_id}", headers=owner)
    stranger = api.create_user("sam")
    response = api.client.post(f"/api/workflow/{workflow_id}/restart", headers=stranger)
    assert response.status_code == 404
    response = api.client.post(f"/api/workflow/{workflow_id}/restart", headers=api.admin)
    assert response.status_code == 204
    assert workflow(api, workflow_id)["createdBy"] == "USER:olga"
    own = api.client.get(f"/api/workflow/{workflow_id}/status", headers=owner)
    assert own.json()["status"] == "RUNNING"


def test_rerun_starts_over_with_new_input(api: Api) -> None:
    workflow_id = _ended(api)
    response = api.client.post(
        f"/api/workflow/{workflow_id}/rerun",
        json={"reRunFromWorkflowId": workflow_id, "workflowInput": {"n": 2}},
        headers=api.admin,
    )
    assert response.status_code == 200, response.text
    assert response.text == workflow_id
    found = workflow(api, workflow_id)
    assert found["status"] == "RUNNING"
    assert found["input"] == {"n": 2}


def test_rerun_with_bad_input_is_refused_and_changes_nothing(api: Api) -> None:
    workflow_id = _ended(api)
    response = api.client.post(
        f"/api/workflow/{workflow_id}/rerun",
        json={"reRunFromTaskId": "t-1"},
        headers=api.admin,
    )
    assert response.status_code == 404
    assert "t-1" in response.json()["message"]
    response = api.client.post(
        f"/api/workflow/{workflow_id}/rerun", json={"workflowInput": [1]}, headers=api.admin
    )
    assert response.status_code == 400
    assert workflow(api, workflow_id)["status"] == "TERMINATED"


# ---------------------------------------------------------------- skip task


def test_skip_task_moves_on_with_the_given_output(api: Api) -> None:
    register(api, PIPELINE, STEP_DEF)
    workflow_id = start(api, "pipeline")
    response = api.client.put(
        f"/api/workflow/{workflow_id}/skiptask/step_ref",
        json={"taskOutput": {"value": 7}},
        headers=api.admin,
    )
    assert response.status_code == 204, response.text
    assert statuses(workflow(api, workflow_id)) == [
        ("step_ref", "SKIPPED"),
        ("gate_ref", "IN_PROGRESS"),
    ]
    assert poll(api, "step") == []
    # a HUMAN task too: its human task ends, and the workflow completes
    response = api.client.put(f"/api/workflow/{workflow_id}/skiptask/gate_ref", headers=api.admin)
    assert response.status_code == 204, response.text
    found = workflow(api, workflow_id)
    assert found["status"] == "COMPLETED"
    assert found["output"] == {"value": 7, "note": None}
    gate = found["tasks"][1]["taskId"]
    human = api.client.get(f"/api/human/tasks/{gate}", headers=api.admin).json()
    assert human["state"] == "DELETED"


def test_skip_task_refuses_what_is_not_open(api: Api) -> None:
    register(api, PIPELINE, STEP_DEF)
    workflow_id = start(api, "pipeline")
    url = f"/api/workflow/{workflow_id}/skiptask"
    response = api.client.put(f"{url}/gate_ref", headers=api.admin)
    assert response.status_code == 409
    assert "gate_ref" in response.json()["message"]
    response = api.client.put(f"{url}/step_ref", json={"taskOutput": 3}, headers=api.admin)
    assert response.status_code == 400
    assert api.client.put("/api/workflow/nope/skiptask/x", headers=api.admin).status_code == 404
    stranger = api.create_user("sam")
    assert api.client.put(f"{url}/step_ref", headers=stranger).status_code == 404
    assert statuses(workflow(api, workflow_id)) == [("step_ref", "SCHEDULED")]


def test_skipping_a_human_task_follows_the_human_task_rules(api: Api) -> None:
    """A workflow manager steers the workflow, but only who may delete the human task (here:
    admins and the owner) skips it."""
    api.create_group("managers", roles=["WORKFLOW_MANAGER"])
    manager = api.create_user("mia", groups=["managers"])
    register(api, PIPELINE, STEP_DEF)
    workflow_id = start(api, "pipeline")
    (task,) = poll(api, "step")
    report(api, task, value=1)
    url = f"/api/workflow/{workflow_id}/skiptask/gate_ref"
    response = api.client.put(url, headers=manager)
    assert response.status_code in (403, 404), response.text
    assert statuses(workflow(api, workflow_id))[-1] == ("gate_ref", "IN_PROGRESS")
    assert api.client.put(url, headers=api.admin).status_code == 204


# ---------------------------------------------------------------- bulk


def test_bulk_pause_and_resume_answer_per_workflow(api: Api) -> None:
    register(api, PIPELINE, STEP_DEF)
    first, second = start(api, "pipeline"), start(api, "pipeline")
    response = api.client.put(
        "/api/workflow/bulk/pause", json=[first, second, "nope"], headers=api.admin
    )
    assert response.status_code == 200, response.text
    body = response.json()
    assert body["bulkSuccessfulResults"] == [first, second]
    assert set(body["bulkErrorResults"]) == {"nope"}
    assert "nope" in body["bulkErrorResults"]["nope"]
    # a paused workflow schedules nothing new
    (task,) = poll(api, "step", count=1)
    report(api, task, value=1)
    paused = workflow(api, task["workflowInstanceId"])
    assert paused["status"] == "PAUSED"
    assert [ref for ref, _ in statuses(paused)] == ["step_ref"]
    response = api.client.put("/api/workflow/bulk/resume", json=[first, second], headers=api.admin)
    assert response.json() == {"bulkSuccessfulResults": [first, second], "bulkErrorResults": {}}
    assert statuses(workflow(api, task["workflowInstanceId"]))[-1] == ("gate_ref", "IN_PROGRESS")


def test_bulk_terminate_restart_and_retry(api: Api) -> None:
    register(api, PIPELINE, STEP_DEF)
    first, second = start(api, "pipeline"), start(api, "pipeline")
    response = api.client.post(
        "/api/workflow/bulk/terminate?reason=cleanup", json=[first, second], headers=api.admin
    )
    assert response.json()["bulkSuccessfulResults"] == [first, second]
    assert workflow(api, first)["reasonForIncompletion"] == "cleanup"
    response = api.client.post("/api/workflow/bulk/retry", json=[first], headers=api.admin)
    assert response.json()["bulkSuccessfulResults"] == [first]
    both = [first, second]
    response = api.client.post("/api/workflow/bulk/restart", json=both, headers=api.admin)
    body = response.json()
    assert body["bulkSuccessfulResults"] == [second]
    assert "RUNNING" in body["bulkErrorResults"][first]
    assert workflow(api, second)["status"] == "RUNNING"


def test_bulk_refuses_bad_bodies_and_hides_others_workflows(api: Api) -> None:
    register(api, PIPELINE, STEP_DEF)
    workflow_id = start(api, "pipeline")
    response = api.client.put("/api/workflow/bulk/pause", json={"ids": []}, headers=api.admin)
    assert response.status_code == 400
    too_many = [f"w{i}" for i in range(1001)]
    response = api.client.put("/api/workflow/bulk/pause", json=too_many, headers=api.admin)
    assert response.status_code == 400
    stranger = api.create_user("sam")
    response = api.client.put("/api/workflow/bulk/pause", json=[workflow_id], headers=stranger)
    assert response.json()["bulkSuccessfulResults"] == []
    assert "not found" in response.json()["bulkErrorResults"][workflow_id]
    assert workflow(api, workflow_id)["status"] == "RUNNING"

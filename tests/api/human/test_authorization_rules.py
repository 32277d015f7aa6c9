"""One set of rules whatever the endpoint: a human task reached through the Conductor task API
or as a Camunda job is still worked under the human-task rules; applications hold permissions
like users; seed 001 and 002 say who may claim for others and reassign; callers who may not
see an object learn nothing about it."""

from __future__ import annotations

from typing import Any

from human_helpers import actions, group, human, human_workflow, start_human, user

from support import Api

REQUIRED_FORM = {
    "name": "approvalForm",
    "jsonSchema": {
        "type": "object",
        "properties": {"approved": {"type": "boolean"}},
        "required": ["approved"],
    },
    "templateUI": {},
}

USER_TASK_BPMN = b"""<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL"
    xmlns:zeebe="http://camunda.org/schema/zeebe/1.0" id="defs" targetNamespace="t">
  <bpmn:process id="review_process" isExecutable="true">
    <bpmn:startEvent id="start"/>
    <bpmn:sequenceFlow id="f1" sourceRef="start" targetRef="review"/>
    <bpmn:userTask id="review" name="Review">
      <bpmn:extensionElements>
        <zeebe:userTask/>
        <zeebe:assignmentDefinition candidateGroups="reviewers"/>
      </bpmn:extensionElements>
    </bpmn:userTask>
    <bpmn:sequenceFlow id="f2" sourceRef="review" targetRef="end"/>
    <bpmn:endEvent id="end"/>
  </bpmn:process>
</bpmn:definitions>
"""


def _app(api: Api, name: str, roles: list[str]) -> tuple[str, dict[str, str]]:
    """A new application with `roles`: (its id, its auth headers)."""
    created = api.client.post("/api/applications", json={"name": name}, headers=api.admin)
    assert created.status_code == 200, created.text
    app_id: str = created.json()["id"]
    for role in roles:
        response = api.client.post(f"/api/applications/{app_id}/roles/{role}", headers=api.admin)
        assert response.status_code == 200, response.text
    key = api.client.post(f"/api/applications/{app_id}/accessKeys", headers=api.admin).json()
    token = api.token(keyId=key["id"], keySecret=key["secret"])
    return app_id, {"X-Authorization": token}


def _workflow_status(api: Api, workflow_id: str) -> str:
    status: str = api.client.get(f"/api/workflow/{workflow_id}", headers=api.admin).json()["status"]
    return status


def _claimed_group_task(api: Api) -> tuple[str, str, dict[str, str]]:
    """A HUMAN task offered to `reviewers` and claimed by ria: (workflow id, task id, ria)."""
    api.create_group("reviewers")
    ria = api.create_user("ria", groups=["reviewers"])
    workflow_id, task_id = start_human(api, human_workflow(assignments=[group("reviewers")]))
    assert api.client.post(f"/api/human/tasks/{task_id}/claim", headers=ria).status_code == 200
    return workflow_id, task_id, ria


# ---------------------------------------------------------------- no side door


def test_worker_cannot_complete_a_human_task_through_the_task_api(api: Api) -> None:
    workflow_id, task_id, _ria = _claimed_group_task(api)
    _app_id, worker = _app(api, "robot", ["WORKER"])

    by_ref = api.client.post(
        f"/api/tasks/{workflow_id}/approve_ref/COMPLETED", json={"approved": True}, headers=worker
    )
    by_id = api.client.post(
        "/api/tasks",
        json={"workflowInstanceId": workflow_id, "taskId": task_id, "status": "COMPLETED"},
        headers=worker,
    )
    read = api.client.get(f"/api/tasks/{task_id}", headers=worker)
    missing = api.client.get("/api/tasks/no-such-task", headers=worker)

    # the worker may not see the person's task: told exactly what a missing task tells
    assert by_ref.status_code == 404, by_ref.text
    assert by_id.status_code == 404, by_id.text
    assert read.status_code == 404
    assert read.json()["message"].replace(task_id, "X") == missing.json()["message"].replace(
        "no-such-task", "X"
    )
    assert _workflow_status(api, workflow_id) == "RUNNING"
    assert human(api, task_id)["state"] == "IN_PROGRESS"


def test_a_person_outside_the_tier_cannot_complete_it_either(api: Api) -> None:
    workflow_id, task_id, _ria = _claimed_group_task(api)
    api.create_group("others")
    raj = api.create_user("raj", groups=["reviewers"])  # offered it, but ria holds the claim
    response = api.client.post(
        "/api/tasks",
        json={"workflowInstanceId": workflow_id, "taskId": task_id, "status": "COMPLETED"},
        headers=raj,
    )
    assert response.status_code == 403, response.text
    assert _workflow_status(api, workflow_id) == "RUNNING"


def test_the_task_api_applies_the_claim_form_and_action_log(api: Api) -> None:
    assert (
        api.client.post("/api/human/template", json=REQUIRED_FORM, headers=api.admin).status_code
        == 200
    )
    api.create_group("reviewers")
    ria = api.create_user("ria", groups=["reviewers"])
    definition = human_workflow(
        assignments=[group("reviewers")],
        extra={"userFormTemplate": {"name": "approvalForm", "version": 1}},
    )
    workflow_id, task_id = start_human(api, definition)

    # not claimed yet: the claimant rule holds on the Conductor endpoint too
    early = api.client.post(
        f"/api/tasks/{workflow_id}/approve_ref/COMPLETED", json={"approved": True}, headers=ria
    )
    assert early.status_code == 403, early.text
    assert api.client.post(f"/api/human/tasks/{task_id}/claim", headers=ria).status_code == 200

    # the form is checked: `approved` is required
    invalid = api.client.post(
        f"/api/tasks/{workflow_id}/approve_ref/COMPLETED", json={"note": "hi"}, headers=ria
    )
    assert invalid.status_code == 400, invalid.text
    assert _workflow_status(api, workflow_id) == "RUNNING"

    done = api.client.post(
        f"/api/tasks/{workflow_id}/approve_ref/COMPLETED", json={"approved": True}, headers=ria
    )
    assert done.status_code == 200, done.text
    assert _workflow_status(api, workflow_id) == "COMPLETED"
    entry = human(api, task_id)
    assert entry["state"] == "COMPLETED"
    assert actions(entry)[-1] == "COMPLETE"


def test_worker_cannot_complete_a_bpmn_user_task_as_a_job(api: Api) -> None:
    files = [("resources", ("review.bpmn", USER_TASK_BPMN, "application/xml"))]
    assert api.client.post("/v2/deployments", files=files, headers=api.admin).status_code == 200
    started = api.client.post(
        "/v2/process-instances", json={"processDefinitionId": "review_process"}, headers=api.admin
    )
    key = str(started.json()["processInstanceKey"])
    task_id = api.client.get(f"/api/workflow/{key}", headers=api.admin).json()["tasks"][0]["taskId"]
    _app_id, worker = _app(api, "robot", ["WORKER"])

    as_job = api.client.post(f"/v2/jobs/{task_id}/completion", json={}, headers=worker)
    as_task = api.client.post(
        "/api/tasks",
        json={"workflowInstanceId": key, "taskId": task_id, "status": "COMPLETED"},
        headers=worker,
    )
    assert as_job.status_code == 404, as_job.text
    assert as_task.status_code == 404, as_task.text
    instance = api.client.get(f"/v2/process-instances/{key}", headers=api.admin).json()
    assert instance["state"] == "ACTIVE"


def test_job_worker_user_task_stays_a_job_for_its_workers(api: Api) -> None:
    legacy = USER_TASK_BPMN.replace(b"<zeebe:userTask/>", b"")
    files = [("resources", ("legacy.bpmn", legacy, "application/xml"))]
    assert api.client.post("/v2/deployments", files=files, headers=api.admin).status_code == 200
    started = api.client.post(
        "/v2/process-instances", json={"processDefinitionId": "review_process"}, headers=api.admin
    )
    key = str(started.json()["processInstanceKey"])
    _app_id, worker = _app(api, "robot", ["WORKER"])
    activated = api.client.post(
        "/v2/jobs/activation",
        json={"type": "io.camunda.zeebe:userTask", "timeout": 60_000, "maxJobsToActivate": 1},
        headers=worker,
    )
    (job,) = activated.json()["jobs"]
    done = api.client.post(f"/v2/jobs/{job['jobKey']}/completion", json={}, headers=worker)
    assert done.status_code == 204, done.text
    instance = api.client.get(f"/v2/process-instances/{key}", headers=api.admin).json()
    assert instance["state"] == "COMPLETED"


# ---------------------------------------------------------------- seed 001: claim for others


def _owned_task(api: Api, assignments: list[dict[str, Any]]) -> tuple[str, dict[str, str]]:
    """A human task whose process an application started: (task id, the app's headers)."""
    _app_id, app = _app(api, "portal", ["USER"])
    _wf, task_id = start_human(api, human_workflow(assignments=assignments), headers=app)
    return task_id, app


def test_owner_claims_for_a_member_of_the_assigned_group(api: Api) -> None:
    api.create_group("reviewers")
    api.create_user("raj", groups=["reviewers"])
    api.create_user("bob")
    task_id, app = _owned_task(api, [group("reviewers")])

    stranger = api.client.post(f"/api/human/tasks/{task_id}/externalUser/bob", headers=app)
    assert stranger.status_code == 403, stranger.text
    member = api.client.post(f"/api/human/tasks/{task_id}/externalUser/raj", headers=app)
    assert member.status_code == 200, member.text
    assert member.json()["claimant"] == {"userType": "EXTERNAL_USER", "user": "raj"}


def test_owner_claims_for_anyone_on_an_external_group_tier(api: Api) -> None:
    tier = {"assignee": {"user": "partners", "userType": "EXTERNAL_GROUP"}, "slaMinutes": 0}
    task_id, app = _owned_task(api, [tier])
    claimed = api.client.post(f"/api/human/tasks/{task_id}/externalUser/zoe", headers=app)
    assert claimed.status_code == 200, claimed.text


def test_only_owners_and_admins_claim_for_others(api: Api) -> None:
    api.create_group("reviewers")
    raj = api.create_user("raj", groups=["reviewers"])
    task_id, _app_headers = _owned_task(api, [group("reviewers")])
    response = api.client.post(f"/api/human/tasks/{task_id}/externalUser/raj", headers=raj)
    assert response.status_code == 403


# ---------------------------------------------------------------- seed 002: reassign


def test_reassign_rules(api: Api) -> None:
    api.create_group("reviewers")
    raj = api.create_user("raj", groups=["reviewers"])
    ann = api.create_user("ann")
    _wf, task_id = start_human(api, human_workflow(assignments=[group("reviewers")]))
    to_ann = [user("ann")]
    url = f"/api/human/tasks/{task_id}/reassign"

    # a member of the candidate group is not the assignee
    assert api.client.post(url, json=to_ann, headers=raj).status_code == 403
    # an empty list would open the task to everyone
    empty = api.client.post(url, json=[], headers=api.admin)
    assert empty.status_code == 400, empty.text
    assert human(api, task_id)["assignee"] == {"userType": "CONDUCTOR_GROUP", "user": "reviewers"}

    done = api.client.post(url, json=to_ann, headers=api.admin)
    assert done.status_code == 200, done.text
    # the named assignee may pass it on
    assert api.client.post(url, json=[user("raj")], headers=ann).status_code == 200
    assert human(api, task_id)["assignee"] == {"userType": "CONDUCTOR_USER", "user": "raj"}

    unknown = api.client.post("/api/human/tasks/no-such-task/reassign", json=to_ann, headers=raj)
    hidden = api.client.post(url, json=to_ann, headers=ann)  # no longer offered to ann
    assert unknown.status_code == 400
    assert hidden.status_code == 400


def test_update_permission_on_the_definition_allows_reassign(api: Api) -> None:
    api.create_group("reviewers")
    lead = api.create_user("lead")
    _wf, task_id = start_human(api, human_workflow(assignments=[group("reviewers")]))
    url = f"/api/human/tasks/{task_id}/reassign"
    assert api.client.post(url, json=[user("lead")], headers=lead).status_code == 400
    grant = {
        "subject": {"type": "USER", "id": "lead"},
        "target": {"type": "TASK_DEF", "id": "approve"},
        "access": ["UPDATE"],
    }
    assert api.client.post("/api/auth/authorization", json=grant, headers=api.admin).is_success
    assert api.client.post(url, json=[user("lead")], headers=lead).status_code == 200


# ---------------------------------------------------------------- applications hold permissions


def test_applications_are_granted_permissions_on_one_workflow(api: Api) -> None:
    definition = human_workflow(name="expenses", assignments=[group("reviewers")])
    api.create_group("reviewers")
    start_human(api, definition)
    app_id, app = _app(api, "kiosk", [])
    assert api.client.post("/api/workflow/expenses", json={}, headers=app).status_code == 403

    for subject in ({"type": "APPLICATION", "id": app_id}, {"type": "USER", "id": f"app:{app_id}"}):
        body = {
            "subject": subject,
            "target": {"type": "WORKFLOW_DEF", "id": "expenses"},
            "access": ["EXECUTE"],
        }
        assert api.client.post("/api/auth/authorization", json=body, headers=api.admin).is_success
        started = api.client.post("/api/workflow/expenses", json={}, headers=app)
        assert started.status_code == 200, started.text
        api.client.request("DELETE", "/api/auth/authorization", json=body, headers=api.admin)
        assert api.client.post("/api/workflow/expenses", json={}, headers=app).status_code == 403

    ghost = {
        "subject": {"type": "APPLICATION", "id": "no-such-app"},
        "target": {"type": "WORKFLOW_DEF", "id": "expenses"},
        "access": ["EXECUTE"],
    }
    assert (
        api.client.post("/api/auth/authorization", json=ghost, headers=api.admin).status_code == 404
    )


def test_an_application_is_not_the_user_with_its_id(api: Api) -> None:
    app_id, app = _app(api, "mimic", [])
    api.create_user(app_id)
    grant = {
        "subject": {"type": "USER", "id": app_id},
        "target": {"type": "WORKFLOW_DEF", "id": "anything"},
        "access": ["EXECUTE"],
    }
    assert api.client.post("/api/auth/authorization", json=grant, headers=api.admin).is_success
    assert api.client.post("/api/workflow/anything", json={}, headers=app).status_code == 403


# ---------------------------------------------------------------- nothing revealed


def test_template_of_a_task_the_caller_may_not_see_is_not_found(api: Api) -> None:
    assert api.client.post("/api/human/template", json=REQUIRED_FORM, headers=api.admin).is_success
    api.create_group("reviewers")
    ria = api.create_user("ria", groups=["reviewers"])
    bob = api.create_user("bob")
    definition = human_workflow(
        assignments=[group("reviewers")],
        extra={"userFormTemplate": {"name": "approvalForm", "version": 1}},
    )
    _wf, task_id = start_human(api, definition)
    assert api.client.get(f"/api/human/template/{task_id}", headers=ria).status_code == 200
    hidden = api.client.get(f"/api/human/template/{task_id}", headers=bob)
    missing = api.client.get("/api/human/template/no-such-task", headers=bob)
    assert hidden.status_code == missing.status_code == 404


def test_worker_task_of_another_workflow_is_not_found(api: Api) -> None:
    definition = {
        "name": "robots",
        "version": 1,
        "tasks": [{"name": "crunch", "taskReferenceName": "crunch_ref", "type": "SIMPLE"}],
    }
    api.client.post("/api/metadata/taskdefs", json=[{"name": "crunch"}], headers=api.admin)
    api.client.post("/api/metadata/workflow", json=definition, headers=api.admin)
    workflow_id = api.client.post("/api/workflow/robots", json={}, headers=api.admin).text
    task_id = api.client.get(f"/api/workflow/{workflow_id}", headers=api.admin).json()["tasks"][0][
        "taskId"
    ]
    bob = api.create_user("bob")
    assert api.client.get(f"/api/tasks/{task_id}", headers=bob).status_code == 404
    report = {"workflowInstanceId": workflow_id, "taskId": task_id, "status": "COMPLETED"}
    assert api.client.post("/api/tasks", json=report, headers=bob).status_code == 404
    assert (
        api.client.post(
            "/api/tasks", json={**report, "workflowInstanceId": "x"}, headers=bob
        ).status_code
        == 404
    )
    _app_id, worker = _app(api, "cruncher", ["WORKER"])
    assert api.client.get(f"/api/tasks/{task_id}", headers=worker).status_code == 200
    assert api.client.post("/api/tasks", json=report, headers=worker).status_code == 200

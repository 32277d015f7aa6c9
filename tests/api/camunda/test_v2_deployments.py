"""/v2 (Camunda API): deploy BPMN and forms, start, read and cancel process instances, with
tokens or HTTP Basic; errors are problem+json. A BPMN user task is worked through
/api/human/tasks like any other."""

from __future__ import annotations

import base64
import json
from typing import Any

from support import Api

APPROVAL = """<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL"
    xmlns:zeebe="http://camunda.org/schema/zeebe/1.0" id="defs" targetNamespace="baton-tests">
  <bpmn:process id="approval" isExecutable="true">
    <bpmn:startEvent id="start"/>
    <bpmn:sequenceFlow id="f1" sourceRef="start" targetRef="review"/>
    <bpmn:userTask id="review" name="Review {label}">
      <bpmn:extensionElements>
        <zeebe:userTask/>
        <zeebe:assignmentDefinition candidateGroups="approvers"/>
        <zeebe:taskSchedule dueDate="=now() + duration(&quot;P2D&quot;)"/>
        <zeebe:ioMapping>
          <zeebe:input source="=amount * 2" target="doubled"/>
        </zeebe:ioMapping>
      </bpmn:extensionElements>
    </bpmn:userTask>
    <bpmn:sequenceFlow id="f2" sourceRef="review" targetRef="decide"/>
    <bpmn:exclusiveGateway id="decide" default="rejected"/>
    <bpmn:sequenceFlow id="approved" sourceRef="decide" targetRef="payout">
      <bpmn:conditionExpression>= approved = true</bpmn:conditionExpression>
    </bpmn:sequenceFlow>
    <bpmn:sequenceFlow id="rejected" sourceRef="decide" targetRef="end"/>
    <bpmn:userTask id="payout" name="Pay out">
      <bpmn:extensionElements>
        <zeebe:userTask/>
        <zeebe:assignmentDefinition candidateGroups="finance"/>
      </bpmn:extensionElements>
    </bpmn:userTask>
    <bpmn:sequenceFlow id="f3" sourceRef="payout" targetRef="end"/>
    <bpmn:endEvent id="end"/>
  </bpmn:process>
</bpmn:definitions>
"""

FORM = {
    "id": "approval-form",
    "type": "default",
    "components": [
        {"type": "checkbox", "key": "approved", "label": "Approve"},
        {"type": "textfield", "key": "comment", "label": "Comment", "validate": {"maxLength": 10}},
    ],
}


def _deploy(api: Api, *files: tuple[str, bytes], headers: dict[str, str] | None = None) -> Any:
    parts = [("resources", (name, data, "application/octet-stream")) for name, data in files]
    return api.client.post("/v2/deployments", files=parts, headers=headers or api.admin)


def _basic(user: str, password: str) -> dict[str, str]:
    return {"Authorization": "Basic " + base64.b64encode(f"{user}:{password}".encode()).decode()}


def test_deploy_versions_by_process_id(api: Api) -> None:
    first = _deploy(api, ("approval.bpmn", APPROVAL.format(label="v1").encode()))
    assert first.status_code == 200, first.text
    body = first.json()
    assert body["deploymentKey"].isdigit()
    (entry,) = body["deployments"]
    process = entry["processDefinition"]
    assert process["processDefinitionId"] == "approval"
    assert process["processDefinitionVersion"] == 1
    assert process["resourceName"] == "approval.bpmn"
    assert process["processDefinitionKey"].isdigit()
    same = _deploy(api, ("approval.bpmn", APPROVAL.format(label="v1").encode())).json()
    assert same["deployments"][0]["processDefinition"] == process  # identical: no new version
    changed = _deploy(api, ("approval.bpmn", APPROVAL.format(label="v2").encode())).json()
    assert changed["deployments"][0]["processDefinition"]["processDefinitionVersion"] == 2


def test_deploy_a_form(api: Api) -> None:
    response = _deploy(api, ("approval.form", json.dumps(FORM).encode()))
    assert response.status_code == 200, response.text
    form = response.json()["deployments"][0]["form"]
    assert form["formId"] == "approval-form" and form["version"] == 1
    assert form["formKey"].isdigit()


def test_bpmn_process_runs_end_to_end(api: Api) -> None:
    api.create_group("approvers")
    api.create_group("finance")
    ann = api.create_user("ann", groups=["approvers"])
    fin = api.create_user("fin", groups=["finance"])
    assert _deploy(api, ("approval.bpmn", APPROVAL.format(label="it").encode())).status_code == 200
    started = api.client.post(
        "/v2/process-instances",
        json={"processDefinitionId": "approval", "variables": {"amount": 21}},
        headers=_basic("ann", "pw"),
    )
    assert started.status_code == 200, started.text
    key = started.json()["processInstanceKey"]
    assert key.isdigit()
    assert started.json()["processDefinitionVersion"] == 1

    found = api.client.post("/api/human/tasks/search", json={}, headers=ann).json()
    assert found["totalHits"] == 1
    task = found["results"][0]
    assert task["displayName"] == "Review it"
    assert task["assignee"] == {"userType": "CONDUCTOR_GROUP", "user": "approvers"}
    assert task["input"]["doubled"] == 42
    task_id = task["taskId"]
    assert api.client.post(f"/api/human/tasks/{task_id}/claim", headers=ann).status_code == 200
    draft = api.client.post(
        f"/api/human/tasks/{task_id}/update", json={"approved": False}, headers=ann
    )
    assert draft.status_code == 204
    done = api.client.post(
        f"/api/human/tasks/{task_id}/update?complete=true", json={"approved": True}, headers=ann
    )
    assert done.status_code == 204, done.text

    payout = api.client.post("/api/human/tasks/search", json={}, headers=fin).json()
    assert [r["displayName"] for r in payout["results"]] == ["Pay out"]
    instance = api.client.get(f"/v2/process-instances/{key}", headers=api.admin).json()
    assert instance["state"] == "ACTIVE"
    assert instance["processDefinitionId"] == "approval"

    cancel = api.client.post(
        f"/v2/process-instances/{key}/cancellation", json={}, headers=api.admin
    )
    assert cancel.status_code == 204
    assert api.client.get(f"/v2/process-instances/{key}", headers=api.admin).json()["state"] == (
        "TERMINATED"
    )


def test_rejected_answer_takes_the_default_flow(api: Api) -> None:
    api.create_group("approvers")
    ann = api.create_user("ann", groups=["approvers"])
    _deploy(api, ("approval.bpmn", APPROVAL.format(label="x").encode()))
    key = api.client.post(
        "/v2/process-instances",
        json={"processDefinitionId": "approval", "variables": {"amount": 1}},
        headers=api.admin,
    ).json()["processInstanceKey"]
    task_id = api.client.post("/api/human/tasks/search", json={}, headers=ann).json()["results"][0][
        "taskId"
    ]
    api.client.post(f"/api/human/tasks/{task_id}/claim", headers=ann)
    api.client.post(
        f"/api/human/tasks/{task_id}/update?complete=true", json={"approved": False}, headers=ann
    )
    assert api.client.get(f"/v2/process-instances/{key}", headers=api.admin).json()["state"] == (
        "COMPLETED"
    )


def test_start_by_key_and_by_version(api: Api) -> None:
    deployed = _deploy(api, ("approval.bpmn", APPROVAL.format(label="k").encode())).json()
    key = deployed["deployments"][0]["processDefinition"]["processDefinitionKey"]
    by_key = api.client.post(
        "/v2/process-instances", json={"processDefinitionKey": key}, headers=api.admin
    )
    assert by_key.status_code == 200
    by_version = api.client.post(
        "/v2/process-instances",
        json={"processDefinitionId": "approval", "processDefinitionVersion": 1},
        headers=api.admin,
    )
    assert by_version.status_code == 200


def test_errors_are_problem_json(api: Api) -> None:
    missing = api.client.post(
        "/v2/process-instances", json={"processDefinitionId": "ghost"}, headers=api.admin
    )
    assert missing.status_code == 404
    assert missing.headers["content-type"].startswith("application/problem+json")
    assert set(missing.json()) == {"type", "title", "status", "detail", "instance"}
    assert "ghost" in missing.json()["detail"]
    bad = api.client.post("/v2/process-instances", json={"variables": []}, headers=api.admin)
    assert bad.status_code == 400
    unknown = api.client.get("/v2/process-instances/123", headers=api.admin)
    assert unknown.status_code == 404
    assert unknown.headers["content-type"].startswith("application/problem+json")


def test_basic_auth(api: Api) -> None:
    api.create_user("ann", password="secret")
    assert api.client.get("/v2/topology", headers=_basic("ann", "secret")).status_code == 200
    wrong = api.client.get("/v2/topology", headers=_basic("ann", "nope"))
    assert wrong.status_code == 401
    assert api.client.get("/v2/topology").status_code == 401
    # Basic is for the Camunda API only
    assert api.client.get("/api/users/ann", headers=_basic("ann", "secret")).status_code == 401


def test_bad_resources_are_refused_and_nothing_is_stored(api: Api) -> None:
    laughs = (
        '<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">'
        '<!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">]>'
        '<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL">&lol2;'
        "</bpmn:definitions>"
    )
    external = (
        '<?xml version="1.0"?><!DOCTYPE x [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>'
        '<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL">&xxe;'
        "</bpmn:definitions>"
    )
    cases = [
        ("laughs.bpmn", laughs.encode()),
        ("xxe.bpmn", external.encode()),
        ("broken.bpmn", b"<not xml"),
        ("notes.txt", b"hello"),
        ("form.form", b'{"components": []}'),
    ]
    for name, data in cases:
        response = _deploy(
            api, ("approval.bpmn", APPROVAL.format(label="ok").encode()), (name, data)
        )
        assert response.status_code == 400, (name, response.text)
        assert name in response.json()["detail"]
    huge = _deploy(api, ("huge.bpmn", b"<a>" + b" " * (50 * 1024 * 1024) + b"</a>"))
    assert huge.status_code == 413
    started = api.client.post(
        "/v2/process-instances", json={"processDefinitionId": "approval"}, headers=api.admin
    )
    assert started.status_code == 404  # no deployment above was stored, not even the good file


def test_plain_user_cannot_deploy(api: Api) -> None:
    headers = api.create_user("ann")
    response = _deploy(api, ("approval.bpmn", APPROVAL.format(label="x").encode()), headers=headers)
    assert response.status_code == 403


def test_candidate_users_and_groups_share_one_tier(api: Api) -> None:
    api.create_group("approvers")
    api.create_group("finance")
    ann = api.create_user("ann", groups=["approvers"])
    fin = api.create_user("fin", groups=["finance"])
    bob = api.create_user("bob")
    zed = api.create_user("zed")
    model = APPROVAL.format(label="shared").replace(
        'candidateGroups="approvers"', 'candidateGroups="approvers, finance" candidateUsers="bob"'
    )
    _deploy(api, ("approval.bpmn", model.encode()))
    api.client.post(
        "/v2/process-instances",
        json={"processDefinitionId": "approval", "variables": {"amount": 1}},
        headers=api.admin,
    )
    for headers, expected in ((ann, 1), (fin, 1), (bob, 1), (zed, 0)):
        found = api.client.post("/api/human/tasks/search", json={}, headers=headers).json()
        assert found["totalHits"] == expected
    task = api.client.post("/api/human/tasks/search", json={}, headers=fin).json()["results"][0]
    (tier,) = task["input"]["__humanTaskDefinition"]["assignments"]
    assert {c["user"] for c in tier["candidates"]} == {"approvers", "finance", "bob"}
    assert (
        api.client.post(f"/api/human/tasks/{task['taskId']}/claim", headers=fin).status_code == 200
    )


FORM_MODEL = """<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL"
    xmlns:zeebe="http://camunda.org/schema/zeebe/1.0" id="defs" targetNamespace="baton-tests">
  <bpmn:process id="formal" isExecutable="true">
    <bpmn:extensionElements>
      <zeebe:userTaskForm id="inline">{inline}</zeebe:userTaskForm>
    </bpmn:extensionElements>
    <bpmn:startEvent id="start"/>
    <bpmn:sequenceFlow id="f1" sourceRef="start" targetRef="deployed"/>
    <bpmn:userTask id="deployed" name="Deployed form">
      <bpmn:extensionElements>
        <zeebe:userTask/>
        <zeebe:formDefinition formId="approval-form"/>
      </bpmn:extensionElements>
    </bpmn:userTask>
    <bpmn:sequenceFlow id="f2" sourceRef="deployed" targetRef="embedded"/>
    <bpmn:userTask id="embedded" name="Embedded form">
      <bpmn:extensionElements>
        <zeebe:formDefinition formKey="camunda-forms:bpmn:inline"/>
      </bpmn:extensionElements>
    </bpmn:userTask>
    <bpmn:sequenceFlow id="f3" sourceRef="embedded" targetRef="end"/>
    <bpmn:endEvent id="end"/>
  </bpmn:process>
</bpmn:definitions>
"""


def test_camunda_forms_are_shown_and_enforced(api: Api) -> None:
    required_form = {
        **FORM,
        "components": [
            {"type": "checkbox", "key": "approved", "validate": {"required": True}},
            *FORM["components"][1:],
        ],
    }
    inline = json.dumps(
        {"id": "x", "components": [{"type": "number", "key": "score", "validate": {"min": 1}}]}
    )
    model = FORM_MODEL.format(inline=inline.replace("&", "&amp;").replace("<", "&lt;"))
    response = _deploy(
        api, ("formal.bpmn", model.encode()), ("approval.form", json.dumps(required_form).encode())
    )
    assert response.status_code == 200, response.text
    assert len(response.json()["deployments"]) == 2  # the process and the .form
    key = api.client.post(
        "/v2/process-instances", json={"processDefinitionId": "formal"}, headers=api.admin
    ).json()["processInstanceKey"]
    boss = api.create_user("boss", roles=["ADMIN"])

    def current() -> dict[str, Any]:
        found = api.client.post(
            "/api/human/tasks/search",
            json={"searchType": "ADMIN", "workflowIds": [key], "states": ["ASSIGNED"]},
            headers=api.admin,
        ).json()
        return found["results"][0]  # type: ignore[no-any-return]

    task_id = current()["taskId"]
    shown = api.client.get(f"/api/human/tasks/{task_id}?withTemplate=true", headers=boss).json()
    template = shown["humanTaskDef"]["fullTemplate"]
    assert template["type"] == "CAMUNDA_FORM"
    assert template["name"] == "approval-form"
    assert template["schema"]["components"][0]["key"] == "approved"
    api.client.post(f"/api/human/tasks/{task_id}/claim", headers=boss)
    bad = api.client.post(
        f"/api/human/tasks/{task_id}/update?complete=true",
        json={"comment": "far too long a comment"},
        headers=boss,
    )
    assert bad.status_code == 400
    paths = {e["path"] for e in bad.json()["validationErrors"]}
    assert paths == {"approved", "comment"}
    good = api.client.post(
        f"/api/human/tasks/{task_id}/update?complete=true", json={"approved": True}, headers=boss
    )
    assert good.status_code == 204, good.text

    task_id = current()["taskId"]
    shown = api.client.get(f"/api/human/tasks/{task_id}?withTemplate=true", headers=boss).json()
    assert shown["humanTaskDef"]["fullTemplate"]["name"] == "camunda-forms:bpmn:inline"
    api.client.post(f"/api/human/tasks/{task_id}/claim", headers=boss)
    low = api.client.post(
        f"/api/human/tasks/{task_id}/update?complete=true", json={"score": 0}, headers=boss
    )
    assert low.status_code == 400
    assert low.json()["validationErrors"][0]["path"] == "score"


SCHEDULED = """<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL"
    xmlns:zeebe="http://camunda.org/schema/zeebe/1.0" id="defs" targetNamespace="baton-tests">
  <bpmn:process id="scheduled" isExecutable="true">
    <bpmn:startEvent id="start"/>
    <bpmn:sequenceFlow id="f1" sourceRef="start" targetRef="task"/>
    <bpmn:userTask id="task" name="Scheduled">
      <bpmn:extensionElements>
        <zeebe:userTask/>
        <zeebe:taskSchedule dueDate="=now() + duration(&quot;P2D&quot;)"
                            followUpDate="2026-01-02T09:00:00Z"/>
        <zeebe:priorityDefinition priority="=if vip then 80 else 50"/>
        <zeebe:taskHeaders><zeebe:header key="team" value="blue"/></zeebe:taskHeaders>
      </bpmn:extensionElements>
    </bpmn:userTask>
    <bpmn:sequenceFlow id="f2" sourceRef="task" targetRef="end"/>
    <bpmn:endEvent id="end"/>
  </bpmn:process>
</bpmn:definitions>
"""


def test_due_date_priority_and_headers_are_shown_and_searchable(api: Api) -> None:
    assert _deploy(api, ("scheduled.bpmn", SCHEDULED.encode())).status_code == 200
    for vip in (True, False):
        api.client.post(
            "/v2/process-instances",
            json={"processDefinitionId": "scheduled", "variables": {"vip": vip}},
            headers=api.admin,
        )

    def search(**filters: Any) -> list[dict[str, Any]]:
        body = {"searchType": "ADMIN", **filters}
        response = api.client.post("/api/human/tasks/search", json=body, headers=api.admin)
        assert response.status_code == 200, response.text
        return response.json()["results"]  # type: ignore[no-any-return]

    tasks = search()
    assert {t["priority"] for t in tasks} == {80, 50}
    assert {t["dueDate"] for t in tasks} == {
        "2026-01-03T00:00:00Z"
    }  # the test clock's now + 2 days
    assert {t["followUpDate"] for t in tasks} == {"2026-01-02T09:00:00Z"}
    assert tasks[0]["customHeaders"] == {"team": "blue"}
    assert [t["priority"] for t in search(priorityMin=60)] == [80]
    due = 1767398400000  # 2026-01-03T00:00:00Z
    assert len(search(dueDateFrom=due, dueDateTo=due)) == 2
    assert search(dueDateTo=due - 1) == []
    bad = api.client.post(
        "/api/human/tasks/search", json={"priorityMin": "high"}, headers=api.admin
    )
    assert bad.status_code == 400


def test_bad_feel_result_fails_the_task_with_a_reason(api: Api) -> None:
    model = SCHEDULED.replace("=if vip then 80 else 50", "=if vip then 180 else 50")
    _deploy(api, ("scheduled.bpmn", model.encode()))
    key = api.client.post(
        "/v2/process-instances",
        json={"processDefinitionId": "scheduled", "variables": {"vip": True}},
        headers=api.admin,
    ).json()["processInstanceKey"]
    found = api.client.get(f"/api/workflow/{key}", headers=api.admin).json()
    assert found["status"] == "FAILED"
    assert "priority" in found["reasonForIncompletion"]


SERVICE = """<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL"
    xmlns:zeebe="http://camunda.org/schema/zeebe/1.0" id="defs" targetNamespace="baton-tests">
  <bpmn:process id="charge" isExecutable="true">
    <bpmn:startEvent id="start"/>
    <bpmn:sequenceFlow id="f1" sourceRef="start" targetRef="card"/>
    <bpmn:serviceTask id="card" name="Charge card">
      <bpmn:extensionElements>
        <zeebe:taskDefinition type="charge-card" retries="2"/>
        <zeebe:taskHeaders><zeebe:header key="psp" value="acme"/></zeebe:taskHeaders>
      </bpmn:extensionElements>
    </bpmn:serviceTask>
    <bpmn:sequenceFlow id="f2" sourceRef="card" targetRef="end"/>
    <bpmn:endEvent id="end"/>
  </bpmn:process>
</bpmn:definitions>
"""


def _start_charge(api: Api, amount: int) -> str:
    response = api.client.post(
        "/v2/process-instances",
        json={"processDefinitionId": "charge", "variables": {"amount": amount}},
        headers=api.admin,
    )
    assert response.status_code == 200, response.text
    return str(response.json()["processInstanceKey"])


def test_jobs_activate_complete_fail_and_error(api: Api) -> None:
    assert _deploy(api, ("charge.bpmn", SERVICE.encode())).status_code == 200
    first = _start_charge(api, 10)
    second = _start_charge(api, 20)
    third = _start_charge(api, 30)
    activated = api.client.post(
        "/v2/jobs/activation",
        json={"type": "charge-card", "worker": "w1", "timeout": 60_000, "maxJobsToActivate": 5},
        headers=api.admin,
    )
    assert activated.status_code == 200, activated.text
    jobs = {job["processInstanceKey"]: job for job in activated.json()["jobs"]}
    assert set(jobs) == {first, second, third}
    job = jobs[first]
    assert job["jobKey"].isdigit()
    assert job["variables"]["amount"] == 10
    assert job["customHeaders"] == {"psp": "acme"}
    assert job["elementId"] == "card"
    assert job["retries"] == 2

    done = api.client.post(
        f"/v2/jobs/{job['jobKey']}/completion",
        json={"variables": {"paid": True}},
        headers=api.admin,
    )
    assert done.status_code == 204
    found = api.client.get(f"/v2/process-instances/{first}", headers=api.admin).json()
    assert found["state"] == "COMPLETED"
    assert found["variables"]["paid"] is True

    given_up = api.client.post(
        f"/v2/jobs/{jobs[second]['jobKey']}/failure",
        json={"retries": 0, "errorMessage": "card declined"},
        headers=api.admin,
    )
    assert given_up.status_code == 204
    held = api.client.get(f"/v2/process-instances/{second}", headers=api.admin).json()
    assert (held["state"], held["hasIncident"]) == ("ACTIVE", True)

    thrown = api.client.post(
        f"/v2/jobs/{jobs[third]['jobKey']}/error",
        json={"errorCode": "NO_FUNDS", "errorMessage": "empty"},
        headers=api.admin,
    )
    assert thrown.status_code == 204
    incidents = api.client.post(
        "/v2/incidents/search", json={"filter": {"processInstanceKey": third}}, headers=api.admin
    ).json()["items"]
    assert [i["errorType"] for i in incidents] == ["UNHANDLED_ERROR_EVENT"]
    assert "NO_FUNDS" in incidents[0]["errorMessage"]

    assert api.client.post("/v2/jobs/123/completion", json={}, headers=api.admin).status_code == 404
    bad = api.client.post("/v2/jobs/activation", json={"type": ""}, headers=api.admin)
    assert bad.status_code == 400
    assert bad.headers["content-type"].startswith("application/problem+json")


def test_job_with_retries_left_comes_back(api: Api) -> None:
    _deploy(api, ("charge.bpmn", SERVICE.encode()))
    _start_charge(api, 5)
    body = {"type": "charge-card", "timeout": 60_000, "maxJobsToActivate": 1}
    (job,) = api.client.post("/v2/jobs/activation", json=body, headers=api.admin).json()["jobs"]
    api.client.post(
        f"/v2/jobs/{job['jobKey']}/failure",
        json={"retries": 1, "errorMessage": "timeout"},
        headers=api.admin,
    )
    (again,) = api.client.post("/v2/jobs/activation", json=body, headers=api.admin).json()["jobs"]
    assert again["jobKey"] == job["jobKey"]  # Zeebe: the same job, with the retries it was given
    assert again["retries"] == 1

"""/v2/jobs/{key}/error (Camunda API): a BPMN error thrown by a job worker is caught by an
error boundary event and routes the process to the boundary's path; uncaught, it fails."""

from __future__ import annotations

from typing import Any

from support import Api

PAYMENT = """<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL"
    xmlns:zeebe="http://camunda.org/schema/zeebe/1.0" id="defs" targetNamespace="baton-tests">
  <bpmn:process id="payment" isExecutable="true">
    <bpmn:startEvent id="start"/>
    <bpmn:sequenceFlow id="f1" sourceRef="start" targetRef="charge"/>
    <bpmn:serviceTask id="charge" name="Charge card">
      <bpmn:extensionElements>
        <zeebe:taskDefinition type="charge-card" retries="3"/>
      </bpmn:extensionElements>
    </bpmn:serviceTask>
    <bpmn:sequenceFlow id="f2" sourceRef="charge" targetRef="end"/>
    <bpmn:boundaryEvent id="no_funds" attachedToRef="charge">
      <bpmn:errorEventDefinition errorRef="Error_funds"/>
    </bpmn:boundaryEvent>
    <bpmn:sequenceFlow id="f3" sourceRef="no_funds" targetRef="top_up"/>
    <bpmn:userTask id="top_up" name="Top up the account">
      <bpmn:extensionElements>
        <zeebe:userTask/>
        <zeebe:assignmentDefinition candidateGroups="finance"/>
      </bpmn:extensionElements>
    </bpmn:userTask>
    <bpmn:sequenceFlow id="f4" sourceRef="top_up" targetRef="end2"/>
    <bpmn:endEvent id="end"/>
    <bpmn:endEvent id="end2"/>
  </bpmn:process>
  <bpmn:error id="Error_funds" name="No funds" errorCode="NO_FUNDS"/>
</bpmn:definitions>
"""


def _deploy(api: Api) -> None:
    parts = [("resources", ("payment.bpmn", PAYMENT.encode(), "application/octet-stream"))]
    response = api.client.post("/v2/deployments", files=parts, headers=api.admin)
    assert response.status_code == 200, response.text


def _start(api: Api) -> str:
    response = api.client.post(
        "/v2/process-instances",
        json={"processDefinitionId": "payment", "variables": {"amount": 50}},
        headers=api.admin,
    )
    assert response.status_code == 200, response.text
    return str(response.json()["processInstanceKey"])


def _jobs(api: Api) -> dict[str, dict[str, Any]]:
    body = {"type": "charge-card", "worker": "w1", "timeout": 60_000, "maxJobsToActivate": 5}
    response = api.client.post("/v2/jobs/activation", json=body, headers=api.admin)
    assert response.status_code == 200, response.text
    return {job["processInstanceKey"]: job for job in response.json()["jobs"]}


def _instance(api: Api, key: str) -> dict[str, Any]:
    response = api.client.get(f"/v2/process-instances/{key}", headers=api.admin)
    assert response.status_code == 200, response.text
    result: dict[str, Any] = response.json()
    return result


def test_caught_error_routes_to_the_boundary_user_task(api: Api) -> None:
    api.create_group("finance")
    fin = api.create_user("fin", groups=["finance"])
    _deploy(api)
    caught = _start(api)
    uncaught = _start(api)
    jobs = _jobs(api)

    thrown = api.client.post(
        f"/v2/jobs/{jobs[caught]['jobKey']}/error",
        json={"errorCode": "NO_FUNDS", "errorMessage": "balance 3", "variables": {"balance": 3}},
        headers=api.admin,
    )
    assert thrown.status_code == 204, thrown.text
    instance = _instance(api, caught)
    assert instance["state"] == "ACTIVE"
    assert instance["variables"]["balance"] == 3
    wf = api.client.get(f"/api/workflow/{caught}", headers=api.admin).json()
    assert wf["status"] == "RUNNING"
    charge = next(t for t in wf["tasks"] if t["referenceTaskName"] == "charge")
    assert charge["status"] == "CANCELED"
    assert charge["retryCount"] == 0

    found = api.client.post("/api/human/tasks/search", json={}, headers=fin).json()
    assert [r["displayName"] for r in found["results"]] == ["Top up the account"]
    task_id = found["results"][0]["taskId"]
    assert api.client.post(f"/api/human/tasks/{task_id}/claim", headers=fin).status_code == 200
    done = api.client.post(
        f"/api/human/tasks/{task_id}/update?complete=true", json={"topped": True}, headers=fin
    )
    assert done.status_code == 204, done.text
    assert _instance(api, caught)["state"] == "COMPLETED"

    # a code no boundary catches raises an incident on the job (no retry, retries are kept)
    other = api.client.post(
        f"/v2/jobs/{jobs[uncaught]['jobKey']}/error",
        json={"errorCode": "CARD_EXPIRED", "errorMessage": "expired"},
        headers=api.admin,
    )
    assert other.status_code == 204, other.text
    wf = api.client.get(f"/api/workflow/{uncaught}", headers=api.admin).json()
    assert wf["status"] == "RUNNING"
    (incident,) = api.client.post(
        "/v2/incidents/search", json={"filter": {"processInstanceKey": uncaught}}, headers=api.admin
    ).json()["items"]
    assert incident["errorType"] == "UNHANDLED_ERROR_EVENT"
    assert incident["jobKey"] == jobs[uncaught]["jobKey"]
    assert _jobs(api) == {}  # held by the incident, not offered

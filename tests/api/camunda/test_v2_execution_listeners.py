"""/v2 execution listeners: start and end listeners of an element are jobs its workers take
before the element starts and after it ends; the variables they complete with are merged."""

from __future__ import annotations

from typing import Any

from job_helpers import activate, complete_job

from support import Api

XML = """<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL"
    xmlns:zeebe="http://camunda.org/schema/zeebe/1.0" id="defs" targetNamespace="t">
  <bpmn:process id="listened" isExecutable="true">
    <bpmn:extensionElements><zeebe:executionListeners>
      <zeebe:executionListener eventType="end" type="closing"/>
    </zeebe:executionListeners></bpmn:extensionElements>
    <bpmn:startEvent id="start"/>
    <bpmn:sequenceFlow id="f1" sourceRef="start" targetRef="work"/>
    <bpmn:serviceTask id="work">
      <bpmn:extensionElements>
        <zeebe:taskDefinition type="work"/>
        <zeebe:executionListeners>
          <zeebe:executionListener eventType="start" type="prepare"/>
          <zeebe:executionListener eventType="end" type="audit" retries="1"/>
        </zeebe:executionListeners>
      </bpmn:extensionElements>
    </bpmn:serviceTask>
    <bpmn:sequenceFlow id="f2" sourceRef="work" targetRef="end"/>
    <bpmn:endEvent id="end"/>
  </bpmn:process>
</bpmn:definitions>"""


def _instance(api: Api, key: str) -> dict[str, Any]:
    found = api.client.get(f"/v2/process-instances/{key}", headers=api.admin)
    assert found.status_code == 200, found.text
    item: dict[str, Any] = found.json()
    return item


def _start(api: Api) -> str:
    parts = [("resources", ("listened.bpmn", XML.encode(), "application/xml"))]
    deployed = api.client.post("/v2/deployments", files=parts, headers=api.admin)
    assert deployed.status_code == 200, deployed.text
    started = api.client.post(
        "/v2/process-instances",
        json={"processDefinitionId": "listened", "variables": {"n": 1}},
        headers=api.admin,
    )
    assert started.status_code == 200, started.text
    return str(started.json()["processInstanceKey"])


def test_listeners_run_around_the_element_and_merge_their_variables(api: Api) -> None:
    key = _start(api)
    assert activate(api, "work") == []  # the task waits for its start listener
    (prepare,) = activate(api, "prepare")
    assert prepare["kind"] == "EXECUTION_LISTENER"
    assert prepare["listenerEventType"] == "START"
    assert prepare["elementId"] == "work"
    complete_job(api, prepare, {"variables": {"prepared": True}})
    (work,) = activate(api, "work")
    assert work["kind"] == "BPMN_ELEMENT" and work["variables"]["prepared"] is True
    complete_job(api, work, {"variables": {"result": 42}})
    (audit,) = activate(api, "audit")
    assert audit["listenerEventType"] == "END" and audit["variables"]["result"] == 42
    complete_job(api, audit, {"variables": {"audited": True}})
    (closing,) = activate(api, "closing")
    assert closing["elementId"] == "listened"  # the process's own end listener
    assert _instance(api, key)["state"] == "ACTIVE"
    complete_job(api, closing, {})
    assert _instance(api, key)["state"] == "COMPLETED"
    variables = api.client.post(
        "/v2/variables/search",
        json={"filter": {"processInstanceKey": key}},
        headers=api.admin,
    )
    assert variables.status_code == 200, variables.text
    names = {v["name"] for v in variables.json()["items"]}
    assert {"prepared", "result", "audited"} <= names


def test_a_failing_listener_raises_an_incident(api: Api) -> None:
    key = _start(api)
    complete_job(api, activate(api, "prepare")[0], {})
    complete_job(api, activate(api, "work")[0], {})
    (audit,) = activate(api, "audit")
    failed = api.client.post(
        f"/v2/jobs/{audit['jobKey']}/failure",
        json={"retries": 0, "errorMessage": "audit log down"},
        headers=api.admin,
    )
    assert failed.status_code == 204, failed.text
    found = api.client.post(
        "/v2/incidents/search", json={"filter": {"processInstanceKey": key}}, headers=api.admin
    )
    (incident,) = found.json()["items"]
    assert incident["errorType"] == "JOB_NO_RETRIES"
    assert incident["errorMessage"] == "audit log down"
    assert _instance(api, key)["state"] == "ACTIVE"

"""/v2: BPMN call activities: a parent process starts a child instance and waits for it."""

from __future__ import annotations

from typing import Any

import pytest

from baton.services import call_activities
from baton.services.call_activities import MAX_DEPTH

from support import Api

HEAD = """<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL"
    xmlns:zeebe="http://camunda.org/schema/zeebe/1.0" id="defs" targetNamespace="baton-tests">
"""

CHILD = (
    HEAD
    + """  <bpmn:process id="child" isExecutable="true">
    <bpmn:startEvent id="start"/>
    <bpmn:sequenceFlow id="f1" sourceRef="start" targetRef="work"/>
    <bpmn:userTask id="work" name="Child work">
      <bpmn:extensionElements>
        <zeebe:userTask/>
        <zeebe:assignmentDefinition candidateGroups="workers"/>
      </bpmn:extensionElements>
    </bpmn:userTask>
    <bpmn:sequenceFlow id="f2" sourceRef="work" targetRef="end"/>
    <bpmn:endEvent id="end"/>
  </bpmn:process>
</bpmn:definitions>
"""
)


def _caller(process_id: str, called: str) -> str:
    return (
        HEAD
        + f"""  <bpmn:process id="{process_id}" isExecutable="true">
    <bpmn:startEvent id="start"/>
    <bpmn:sequenceFlow id="f1" sourceRef="start" targetRef="call"/>
    <bpmn:callActivity id="call" name="Call">
      <bpmn:extensionElements>
        <zeebe:calledElement processId="{called}"/>
        <zeebe:ioMapping>
          <zeebe:input source="=amount * 2" target="doubled"/>
          <zeebe:output source="=answer" target="childAnswer"/>
        </zeebe:ioMapping>
      </bpmn:extensionElements>
    </bpmn:callActivity>
    <bpmn:sequenceFlow id="f2" sourceRef="call" targetRef="end"/>
    <bpmn:endEvent id="end"/>
  </bpmn:process>
</bpmn:definitions>
"""
    )


LOOP = (
    HEAD
    + """  <bpmn:process id="loop" isExecutable="true">
    <bpmn:startEvent id="start"/>
    <bpmn:sequenceFlow id="f1" sourceRef="start" targetRef="again"/>
    <bpmn:callActivity id="again">
      <bpmn:extensionElements><zeebe:calledElement processId="loop"/></bpmn:extensionElements>
    </bpmn:callActivity>
    <bpmn:sequenceFlow id="f2" sourceRef="again" targetRef="end"/>
    <bpmn:endEvent id="end"/>
  </bpmn:process>
</bpmn:definitions>
"""
)


def _deploy(api: Api, name: str, xml: str) -> None:
    parts = [("resources", (name, xml.encode(), "application/octet-stream"))]
    response = api.client.post("/v2/deployments", files=parts, headers=api.admin)
    assert response.status_code == 200, response.text


def _start(api: Api, process_id: str, variables: dict[str, Any]) -> str:
    started = api.client.post(
        "/v2/process-instances",
        json={"processDefinitionId": process_id, "variables": variables},
        headers=api.admin,
    )
    assert started.status_code == 200, started.text
    return str(started.json()["processInstanceKey"])


def _instance(api: Api, key: str) -> dict[str, Any]:
    found = api.client.get(f"/v2/process-instances/{key}", headers=api.admin)
    assert found.status_code == 200, found.text
    return dict(found.json())


def _workflow(api: Api, key: str) -> dict[str, Any]:
    found = api.client.get(f"/api/workflow/{key}?includeTasks=true", headers=api.admin)
    assert found.status_code == 200, found.text
    return dict(found.json())


def _open_tasks(api: Api) -> list[dict[str, Any]]:
    found = api.client.post(
        "/api/human/tasks/search", json={"states": ["ASSIGNED", "IN_PROGRESS"]}, headers=api.admin
    )
    assert found.status_code == 200, found.text
    return list(found.json()["results"])


def test_completing_the_child_completes_the_parent(api: Api) -> None:
    _deploy(api, "child.bpmn", CHILD)
    _deploy(api, "parent.bpmn", _caller("parent", "child"))
    key = _start(api, "parent", {"amount": 21, "keep": "me"})
    assert _instance(api, key)["state"] == "ACTIVE"

    (task,) = _open_tasks(api)
    child_key = task["workflowId"]
    assert child_key != key and child_key.isdigit()
    child = _instance(api, child_key)
    assert child["processDefinitionId"] == "child"
    assert child["variables"] == {"amount": 21, "keep": "me", "doubled": 42}

    api.create_group("workers")
    ann = api.create_user("ann", groups=["workers"])
    task_id = task["taskId"]
    assert api.client.post(f"/api/human/tasks/{task_id}/claim", headers=ann).status_code == 200
    done = api.client.post(
        f"/api/human/tasks/{task_id}/update?complete=true", json={"answer": "yes"}, headers=ann
    )
    assert done.status_code == 204, done.text

    assert _instance(api, child_key)["state"] == "COMPLETED"
    parent = _instance(api, key)
    assert parent["state"] == "COMPLETED"
    assert parent["variables"] == {"amount": 21, "keep": "me", "childAnswer": "yes"}


def test_cancelling_the_parent_terminates_the_child(api: Api) -> None:
    _deploy(api, "child.bpmn", CHILD)
    _deploy(api, "parent.bpmn", _caller("parent", "child"))
    key = _start(api, "parent", {"amount": 1})
    (task,) = _open_tasks(api)
    child_key = task["workflowId"]
    cancel = api.client.post(
        f"/v2/process-instances/{key}/cancellation", json={}, headers=api.admin
    )
    assert cancel.status_code == 204, cancel.text
    assert _instance(api, key)["state"] == "TERMINATED"
    assert _instance(api, child_key)["state"] == "TERMINATED"
    assert _open_tasks(api) == []


def test_terminating_the_child_fails_the_parent(api: Api) -> None:
    _deploy(api, "child.bpmn", CHILD)
    _deploy(api, "parent.bpmn", _caller("parent", "child"))
    key = _start(api, "parent", {"amount": 1})
    (task,) = _open_tasks(api)
    child_key = task["workflowId"]
    cancel = api.client.post(
        f"/v2/process-instances/{child_key}/cancellation", json={}, headers=api.admin
    )
    assert cancel.status_code == 204, cancel.text
    parent = _workflow(api, key)
    assert parent["status"] == "FAILED"
    assert parent["reasonForIncompletion"] == (f"called instance {child_key} terminated: canceled")


def test_a_missing_child_process_fails_the_parent(api: Api) -> None:
    _deploy(api, "parent.bpmn", _caller("orphan", "nowhere"))
    key = _start(api, "orphan", {"amount": 1})
    parent = _workflow(api, key)
    assert parent["status"] == "FAILED"
    assert parent["reasonForIncompletion"] == "called process 'nowhere' is not deployed"
    (call,) = [t for t in parent["tasks"] if t["referenceTaskName"] == "call"]
    assert call["status"] == "FAILED_WITH_TERMINAL_ERROR"


def test_a_failed_instance_without_an_active_incident_has_no_incident(api: Api) -> None:
    _deploy(api, "parent.bpmn", _caller("orphan", "nowhere"))
    key = _start(api, "orphan", {"amount": 1})
    assert _workflow(api, key)["status"] == "FAILED"
    assert _instance(api, key)["hasIncident"] is False
    found = api.client.post(
        "/v2/process-instances/search", json={"filter": {"hasIncident": True}}, headers=api.admin
    )
    assert found.status_code == 200, found.text
    assert found.json()["items"] == []


def test_recursion_stops_at_the_depth_limit(api: Api) -> None:
    _deploy(api, "loop.bpmn", LOOP)
    key = _start(api, "loop", {})
    # every level failed in turn, from the deepest call up to the top
    top = _workflow(api, key)
    assert top["status"] == "FAILED"
    assert top["reasonForIncompletion"].startswith("called instance ")
    reason = top["reasonForIncompletion"]
    assert "failed" in reason
    assert f"call depth exceeds {MAX_DEPTH}" in reason
    assert reason.count("called instance ") == MAX_DEPTH  # the top plus 16 children ran


FAN_OUT = (
    HEAD
    + """  <bpmn:process id="fan" isExecutable="true">
    <bpmn:startEvent id="start"/>
    <bpmn:sequenceFlow id="f1" sourceRef="start" targetRef="deeper"/>
    <bpmn:exclusiveGateway id="deeper" default="stop"/>
    <bpmn:sequenceFlow id="go" sourceRef="deeper" targetRef="split">
      <bpmn:conditionExpression>= n &lt; 10</bpmn:conditionExpression>
    </bpmn:sequenceFlow>
    <bpmn:sequenceFlow id="stop" sourceRef="deeper" targetRef="end"/>
    <bpmn:parallelGateway id="split"/>
    <bpmn:sequenceFlow id="f2" sourceRef="split" targetRef="left"/>
    <bpmn:sequenceFlow id="f3" sourceRef="split" targetRef="right"/>
    <bpmn:callActivity id="left">
      <bpmn:extensionElements>
        <zeebe:calledElement processId="fan"/>
        <zeebe:ioMapping><zeebe:input source="=n + 1" target="n"/></zeebe:ioMapping>
      </bpmn:extensionElements>
    </bpmn:callActivity>
    <bpmn:callActivity id="right">
      <bpmn:extensionElements>
        <zeebe:calledElement processId="fan"/>
        <zeebe:ioMapping><zeebe:input source="=n + 1" target="n"/></zeebe:ioMapping>
      </bpmn:extensionElements>
    </bpmn:callActivity>
    <bpmn:sequenceFlow id="f4" sourceRef="left" targetRef="join"/>
    <bpmn:sequenceFlow id="f5" sourceRef="right" targetRef="join"/>
    <bpmn:parallelGateway id="join"/>
    <bpmn:sequenceFlow id="f6" sourceRef="join" targetRef="end"/>
    <bpmn:endEvent id="end"/>
  </bpmn:process>
</bpmn:definitions>
"""
)


def test_fan_out_stops_at_the_calls_per_command_budget(
    api: Api, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A process calling itself twice in parallel ten levels deep would start 2**11 - 2
    instances within the depth limit; one command starts at most MAX_CALLS_PER_COMMAND."""
    monkeypatch.setattr(call_activities, "MAX_CALLS_PER_COMMAND", 20)
    _deploy(api, "fan.bpmn", FAN_OUT)
    key = _start(api, "fan", {"n": 0})
    found = api.client.post(
        "/api/workflow/search", json={"name": "fan", "size": 1000}, headers=api.admin
    ).json()
    assert found["totalHits"] <= 21  # the top instance and at most 20 children
    top = _workflow(api, key)
    assert top["status"] == "FAILED"
    assert "called instances started by one command" in top["reasonForIncompletion"]

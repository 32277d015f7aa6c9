"""A deployed approval process with a Camunda user task, and people to work it."""

from __future__ import annotations

import json
from typing import Any

from support import Api

MODEL = b"""<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL"
    xmlns:zeebe="http://camunda.org/schema/zeebe/1.0" id="defs" targetNamespace="t">
  <bpmn:process id="approval" isExecutable="true">
    <bpmn:startEvent id="start"/>
    <bpmn:sequenceFlow id="f1" sourceRef="start" targetRef="approve"/>
    <bpmn:userTask id="approve" name="Approve order">
      <bpmn:extensionElements>
        <zeebe:userTask/>
        <zeebe:assignmentDefinition candidateGroups="sales" candidateUsers="dora"/>
        <zeebe:taskSchedule dueDate="= now() + duration(&quot;P2D&quot;)"/>
        <zeebe:priorityDefinition priority="= prio"/>
        <zeebe:formDefinition formId="approve-form"/>
        <zeebe:ioMapping>
          <zeebe:input source="= amount * 2" target="doubled"/>
          <zeebe:output source="= approved" target="decision"/>
        </zeebe:ioMapping>
        <zeebe:taskHeaders><zeebe:header key="ui" value="compact"/></zeebe:taskHeaders>
      </bpmn:extensionElements>
    </bpmn:userTask>
    <bpmn:sequenceFlow id="f2" sourceRef="approve" targetRef="gate"/>
    <bpmn:exclusiveGateway id="gate" default="no"/>
    <bpmn:sequenceFlow id="yes" sourceRef="gate" targetRef="ship">
      <bpmn:conditionExpression>= decision = true</bpmn:conditionExpression>
    </bpmn:sequenceFlow>
    <bpmn:sequenceFlow id="no" sourceRef="gate" targetRef="rejected"/>
    <bpmn:endEvent id="rejected"/>
    <bpmn:userTask id="ship" name="Ship order">
      <bpmn:extensionElements>
        <zeebe:userTask/>
        <zeebe:assignmentDefinition candidateGroups="ops"/>
      </bpmn:extensionElements>
    </bpmn:userTask>
    <bpmn:sequenceFlow id="f3" sourceRef="ship" targetRef="shipped"/>
    <bpmn:endEvent id="shipped"/>
  </bpmn:process>
</bpmn:definitions>
"""

FORM = {
    "id": "approve-form",
    "type": "default",
    "components": [{"type": "checkbox", "key": "approved", "label": "Approve?"}],
}


class People:
    """ann and bob in `sales`, carl in `ops`, eve in no group; the admin starts processes."""

    def __init__(self, api: Api) -> None:
        api.create_group("sales")
        api.create_group("ops")
        self.ann = api.create_user("ann", groups=["sales"])
        self.bob = api.create_user("bob", groups=["sales"])
        self.carl = api.create_user("carl", groups=["ops"])
        self.eve = api.create_user("eve")


def deploy(api: Api) -> None:
    files = [
        ("resources", ("approval.bpmn", MODEL, "application/xml")),
        ("resources", ("approve.form", json.dumps(FORM).encode(), "application/json")),
    ]
    response = api.client.post("/v2/deployments", files=files, headers=api.admin)
    assert response.status_code == 200, response.text


def start(api: Api, **variables: Any) -> str:
    body = {"processDefinitionId": "approval", "variables": {"amount": 10, "prio": 50, **variables}}
    response = api.client.post("/v2/process-instances", json=body, headers=api.admin)
    assert response.status_code == 200, response.text
    return str(response.json()["processInstanceKey"])


def search(api: Api, headers: dict[str, str], **body: Any) -> dict[str, Any]:
    response = api.client.post("/v2/user-tasks/search", json=body, headers=headers)
    assert response.status_code == 200, response.text
    found: dict[str, Any] = response.json()
    return found


def task_of(api: Api, instance: str, element: str = "approve") -> dict[str, Any]:
    (task,) = search(api, api.admin, filter={"processInstanceKey": instance, "elementId": element})[
        "items"
    ]
    return task

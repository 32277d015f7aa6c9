"""/v2: a BPMN process that loops forever in one command still gets an answer: the command
stops at BATON_MAX_ACTIVATIONS_PER_COMMAND, commits, and an incident holds the instance
ACTIVE at the element where it stopped."""

from __future__ import annotations

from dataclasses import replace

import pytest

from baton.settings import Settings

from support import Api


@pytest.fixture
def settings(settings: Settings) -> Settings:
    return replace(settings, max_activations_per_command=60)


SPIN_BPMN = b"""<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" id="defs"
    targetNamespace="baton-tests">
  <bpmn:process id="spin" isExecutable="true">
    <bpmn:startEvent id="start"/>
    <bpmn:sequenceFlow id="f1" sourceRef="start" targetRef="gw"/>
    <bpmn:exclusiveGateway id="gw" default="out"/>
    <bpmn:sequenceFlow id="again" sourceRef="gw" targetRef="gw">
      <bpmn:conditionExpression>= true</bpmn:conditionExpression>
    </bpmn:sequenceFlow>
    <bpmn:sequenceFlow id="out" sourceRef="gw" targetRef="end"/>
    <bpmn:endEvent id="end"/>
  </bpmn:process>
</bpmn:definitions>
"""


def test_bpmn_gateway_looping_to_itself_answers_with_an_incident(api: Api) -> None:
    parts = [("resources", ("spin.bpmn", SPIN_BPMN, "application/octet-stream"))]
    deployed = api.client.post("/v2/deployments", files=parts, headers=api.admin)
    assert deployed.status_code == 200, deployed.text
    started = api.client.post(
        "/v2/process-instances", json={"processDefinitionId": "spin"}, headers=api.admin
    )
    assert started.status_code == 200, started.text
    key = started.json()["processInstanceKey"]
    instance = api.client.get(f"/v2/process-instances/{key}", headers=api.admin).json()
    assert instance["state"] == "ACTIVE"
    assert instance["hasIncident"] is True
    found = api.client.post(
        "/v2/incidents/search", json={"filter": {"processInstanceKey": key}}, headers=api.admin
    ).json()["items"]
    assert [(i["elementId"], i["state"]) for i in found] == [("gw", "ACTIVE")]
    assert found[0]["errorMessage"] == (
        "exclusive_gateway 'gw': more than 60 node activations in one command "
        "(BATON_MAX_ACTIVATIONS_PER_COMMAND)"
    )

"""/v2/signals/broadcast and signals thrown by processes: every open subscription and every
signal start event is reached, in the broadcast's transaction."""

from __future__ import annotations

from typing import Any

from test_v2_messages import deploy, instance, start

from support import Api

HEAD = """<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL"
    xmlns:zeebe="http://camunda.org/schema/zeebe/1.0" id="defs" targetNamespace="baton-tests">
  <bpmn:signal id="s_go" name="go"/>
  <bpmn:signal id="s_stop" name="stop"/>
"""

WAITER = (
    HEAD
    + """  <bpmn:process id="waiter" isExecutable="true">
    <bpmn:startEvent id="start"/>
    <bpmn:sequenceFlow id="f1" sourceRef="start" targetRef="wait"/>
    <bpmn:intermediateCatchEvent id="wait"><bpmn:signalEventDefinition signalRef="s_go"/>
    </bpmn:intermediateCatchEvent>
    <bpmn:sequenceFlow id="f2" sourceRef="wait" targetRef="work"/>
    <bpmn:userTask id="work"><bpmn:extensionElements><zeebe:userTask/></bpmn:extensionElements>
    </bpmn:userTask>
    <bpmn:boundaryEvent id="halt" attachedToRef="work">
      <bpmn:signalEventDefinition signalRef="s_stop"/>
    </bpmn:boundaryEvent>
    <bpmn:sequenceFlow id="f3" sourceRef="work" targetRef="end"/>
    <bpmn:sequenceFlow id="f4" sourceRef="halt" targetRef="halted"/>
    <bpmn:endEvent id="end"/>
    <bpmn:endEvent id="halted"/>
  </bpmn:process>
</bpmn:definitions>
"""
)

STARTER = (
    HEAD
    + """  <bpmn:process id="starter" isExecutable="true">
    <bpmn:startEvent id="onGo"><bpmn:signalEventDefinition signalRef="s_go"/></bpmn:startEvent>
    <bpmn:sequenceFlow id="f1" sourceRef="onGo" targetRef="work"/>
    <bpmn:userTask id="work"><bpmn:extensionElements><zeebe:userTask/></bpmn:extensionElements>
    </bpmn:userTask>
    <bpmn:sequenceFlow id="f2" sourceRef="work" targetRef="end"/>
    <bpmn:endEvent id="end"/>
  </bpmn:process>
</bpmn:definitions>
"""
)

THROWER = (
    HEAD
    + """  <bpmn:process id="thrower" isExecutable="true">
    <bpmn:startEvent id="start"/>
    <bpmn:sequenceFlow id="f1" sourceRef="start" targetRef="tell"/>
    <bpmn:intermediateThrowEvent id="tell"><bpmn:signalEventDefinition signalRef="s_go"/>
    </bpmn:intermediateThrowEvent>
    <bpmn:sequenceFlow id="f2" sourceRef="tell" targetRef="end"/>
    <bpmn:endEvent id="end"><bpmn:signalEventDefinition signalRef="s_stop"/></bpmn:endEvent>
  </bpmn:process>
</bpmn:definitions>
"""
)


def broadcast(api: Api, headers: dict[str, str] | None = None, **body: Any) -> Any:
    return api.client.post("/v2/signals/broadcast", json=body, headers=headers or api.admin)


def count(api: Api, process_id: str) -> int:
    found = api.client.post(
        "/v2/process-instances/search",
        json={"filter": {"processDefinitionId": process_id}},
        headers=api.admin,
    )
    assert found.status_code == 200, found.text
    return int(found.json()["page"]["totalItems"])


def test_broadcast_reaches_every_subscription_and_signal_start(api: Api) -> None:
    deploy(api, "waiter.bpmn", WAITER)
    deploy(api, "starter.bpmn", STARTER)
    first, second = start(api, "waiter", {}), start(api, "waiter", {})
    answer = broadcast(api, signalName="go", variables={"why": "now"})
    assert answer.status_code == 200, answer.text
    assert answer.json()["signalKey"].isdigit() and answer.json()["tenantId"] == "<default>"
    for key in (first, second):
        assert instance(api, key)["variables"] == {"why": "now"}
    assert count(api, "starter") == 1
    assert broadcast(api, signalName="stop").status_code == 200
    assert instance(api, first)["state"] == "COMPLETED"
    assert instance(api, second)["state"] == "COMPLETED"
    assert broadcast(api, signalName="nobody-listens").status_code == 200


def test_a_process_throws_signals_to_others(api: Api) -> None:
    deploy(api, "waiter.bpmn", WAITER)
    deploy(api, "starter.bpmn", STARTER)
    deploy(api, "thrower.bpmn", THROWER)
    waiting = start(api, "waiter", {})
    thrower = start(api, "thrower", {})
    assert instance(api, thrower)["state"] == "COMPLETED"
    # "go" moved the waiter into its task, then the end event's "stop" interrupted it
    assert instance(api, waiting)["state"] == "COMPLETED"
    assert count(api, "starter") == 1


def test_broadcast_is_refused_without_permission_and_for_bad_input(api: Api) -> None:
    deploy(api, "waiter.bpmn", WAITER)
    key = start(api, "waiter", {})
    worker = api.create_user("wally", roles=["WORKER"])
    assert broadcast(api, worker, signalName="go").status_code == 403
    assert instance(api, key)["variables"] == {}
    assert broadcast(api, signalName="").status_code == 400
    assert broadcast(api, signalName="go", variables="x").status_code == 400
    assert broadcast(api, signalName="go", tenantId="t2").status_code == 400
    assert broadcast(api, name="go").status_code == 400

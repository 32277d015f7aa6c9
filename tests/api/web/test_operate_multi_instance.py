"""Operate over /api/web for a multi-instance user task: the element is active while its inner
instances run, its badge counts the inner instances, and the path runs through it."""

from __future__ import annotations

from typing import Any

from web_helpers import web_user

from support import Api

MODEL = b"""<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL"
    xmlns:zeebe="http://camunda.org/schema/zeebe/1.0" id="defs" targetNamespace="t">
  <bpmn:process id="reviews" isExecutable="true">
    <bpmn:startEvent id="start"/>
    <bpmn:sequenceFlow id="f1" sourceRef="start" targetRef="review"/>
    <bpmn:userTask id="review" name="Review">
      <bpmn:extensionElements><zeebe:userTask/></bpmn:extensionElements>
      <bpmn:multiInstanceLoopCharacteristics isSequential="false">
        <bpmn:extensionElements>
          <zeebe:loopCharacteristics inputCollection="=reviewers" inputElement="reviewer"/>
        </bpmn:extensionElements>
      </bpmn:multiInstanceLoopCharacteristics>
    </bpmn:userTask>
    <bpmn:sequenceFlow id="f2" sourceRef="review" targetRef="wrap_up"/>
    <bpmn:userTask id="wrap_up" name="Wrap up">
      <bpmn:extensionElements><zeebe:userTask/></bpmn:extensionElements>
    </bpmn:userTask>
    <bpmn:sequenceFlow id="f3" sourceRef="wrap_up" targetRef="end"/>
    <bpmn:endEvent id="end"/>
  </bpmn:process>
</bpmn:definitions>
"""


def ok(response: Any) -> Any:
    assert response.status_code == 200, response.text
    return response.json()


def badges(body: dict[str, Any]) -> dict[str, tuple[int, int, int]]:
    return {c["elementId"]: (c["active"], c["incidents"], c["completed"]) for c in body["items"]}


def test_a_multi_instance_element_in_operate(api: Api) -> None:
    files = [("resources", ("reviews.bpmn", MODEL, "application/xml"))]
    assert api.client.post("/v2/deployments", files=files, headers=api.admin).status_code == 200
    admin = web_user(api, "ada", roles=["ADMIN"])
    body = {"processDefinitionId": "reviews", "variables": {"reviewers": ["a", "b", "c"]}}
    started = api.client.post("/v2/process-instances", json=body, headers=api.admin)
    assert started.status_code == 200, started.text
    key = str(started.json()["processInstanceKey"])

    detail = ok(admin.get(f"/api/web/operate/instances/{key}"))
    assert detail["activeElements"] == ["review"]
    assert len(detail["tasks"]) == 3
    counts = badges(ok(admin.get("/api/web/operate/processes/reviews/elements")))
    assert counts["review"] == (3, 0, 0)

    for task in detail["tasks"]:
        done = api.client.post(
            f"/api/human/tasks/{task['id']}/update?complete=true", json={}, headers=api.admin
        )
        assert done.status_code == 204, done.text
    detail = ok(admin.get(f"/api/web/operate/instances/{key}"))
    assert detail["activeElements"] == ["wrap_up"]
    assert {"start", "review", "f1", "f2"} <= set(detail["passedElements"])
    counts = badges(ok(admin.get("/api/web/operate/processes/reviews/elements")))
    assert counts["review"] == (0, 0, 3)

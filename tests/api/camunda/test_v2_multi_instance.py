"""A multi-instance user task over /v2: one task per reviewer, each assigned by its own
`=reviewer`, completed by that reviewer; the outputs collected drive the gateway after it."""

from __future__ import annotations

from typing import Any

from baton.clock import FakeClock
from baton.services.context import ServiceContext

from support import Api

MODEL = b"""<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL"
    xmlns:zeebe="http://camunda.org/schema/zeebe/1.0" id="defs" targetNamespace="t">
  <bpmn:process id="reviews" isExecutable="true">
    <bpmn:startEvent id="start"/>
    <bpmn:sequenceFlow id="f1" sourceRef="start" targetRef="review"/>
    <bpmn:userTask id="review" name="Review">
      <bpmn:extensionElements>
        <zeebe:userTask/>
        <zeebe:assignmentDefinition assignee="=reviewer"/>
      </bpmn:extensionElements>
      <bpmn:multiInstanceLoopCharacteristics>
        <bpmn:extensionElements>
          <zeebe:loopCharacteristics inputCollection="=reviewers" inputElement="reviewer"
              outputCollection="reviews"
              outputElement="={reviewer: reviewer, approved: approved}"/>
        </bpmn:extensionElements>
      </bpmn:multiInstanceLoopCharacteristics>
    </bpmn:userTask>
    <bpmn:sequenceFlow id="f2" sourceRef="review" targetRef="all"/>
    <bpmn:exclusiveGateway id="all" default="no"/>
    <bpmn:sequenceFlow id="yes" sourceRef="all" targetRef="publish">
      <bpmn:conditionExpression>= every r in reviews satisfies r.approved</bpmn:conditionExpression>
    </bpmn:sequenceFlow>
    <bpmn:sequenceFlow id="no" sourceRef="all" targetRef="rejected"/>
    <bpmn:endEvent id="rejected"/>
    <bpmn:userTask id="publish" name="Publish">
      <bpmn:extensionElements><zeebe:userTask/></bpmn:extensionElements>
    </bpmn:userTask>
    <bpmn:sequenceFlow id="f3" sourceRef="publish" targetRef="done"/>
    <bpmn:endEvent id="done"/>
  </bpmn:process>
</bpmn:definitions>
"""

REVIEWERS = ["ann", "bob", "cid"]


def _deploy_and_start(api: Api, reviewers: list[str]) -> str:
    files = [("resources", ("reviews.bpmn", MODEL, "application/xml"))]
    deployed = api.client.post("/v2/deployments", files=files, headers=api.admin)
    assert deployed.status_code == 200, deployed.text
    body = {"processDefinitionId": "reviews", "variables": {"reviewers": reviewers}}
    started = api.client.post("/v2/process-instances", json=body, headers=api.admin)
    assert started.status_code == 200, started.text
    return str(started.json()["processInstanceKey"])


def _tasks(api: Api, instance: str, element: str = "review") -> list[dict[str, Any]]:
    body = {
        "filter": {"processInstanceKey": instance, "elementId": element},
        "sort": [{"field": "creationDate"}],
    }
    found = api.client.post("/v2/user-tasks/search", json=body, headers=api.admin)
    assert found.status_code == 200, found.text
    items: list[dict[str, Any]] = found.json()["items"]
    return items


def _instance(api: Api, instance: str) -> dict[str, Any]:
    got = api.client.get(f"/v2/process-instances/{instance}", headers=api.admin)
    assert got.status_code == 200, got.text
    found: dict[str, Any] = got.json()
    return found


def _elements(api: Api, instance: str) -> list[tuple[str, str, str]]:
    body = {"filter": {"processInstanceKey": instance}, "sort": [{"field": "startDate"}]}
    found = api.client.post("/v2/element-instances/search", json=body, headers=api.admin)
    assert found.status_code == 200, found.text
    return [(e["elementId"], e["type"], e["state"]) for e in found.json()["items"]]


def test_three_reviewers_each_get_and_complete_their_own_task(api: Api) -> None:
    people = {name: api.create_user(name) for name in REVIEWERS}
    instance = _deploy_and_start(api, REVIEWERS)
    tasks = _tasks(api, instance)
    assert sorted(t["assignee"] for t in tasks) == REVIEWERS
    assert all(t["state"] == "CREATED" for t in tasks)
    by_assignee = {t["assignee"]: t["userTaskKey"] for t in tasks}
    # bob may not complete ann's task
    refused = api.client.post(
        f"/v2/user-tasks/{by_assignee['ann']}/completion", json={}, headers=people["bob"]
    )
    assert refused.status_code in (403, 404)
    for name in REVIEWERS:
        done = api.client.post(
            f"/v2/user-tasks/{by_assignee[name]}/completion",
            json={"variables": {"approved": True}},
            headers=people[name],
        )
        assert done.status_code == 204, done.text
    variables = _instance(api, instance)["variables"]
    assert variables["reviews"] == [{"reviewer": n, "approved": True} for n in REVIEWERS]
    (publish,) = _tasks(api, instance, "publish")
    assert publish["state"] == "CREATED"
    definition = _instance(api, instance)["processDefinitionKey"]
    found = api.client.post(
        f"/v2/process-definitions/{definition}/statistics/element-instances",
        json={},
        headers=api.admin,
    )
    assert found.status_code == 200, found.text
    stats = {i["elementId"]: (i["active"], i["completed"]) for i in found.json()["items"]}
    assert stats["review"] == (0, 3) and stats["publish"] == (1, 0)
    elements = _elements(api, instance)
    assert ("review", "MULTI_INSTANCE_BODY", "COMPLETED") in elements
    assert [e for e in elements if e[1] == "USER_TASK" and e[0] == "review"] == [
        ("review", "USER_TASK", "COMPLETED")
    ] * 3


def test_one_rejection_takes_the_default_flow_and_an_empty_list_skips_the_reviews(
    api: Api,
) -> None:
    instance = _deploy_and_start(api, ["ann", "bob"])
    first, second = _tasks(api, instance)
    for task, approved in ((first, True), (second, False)):
        done = api.client.post(
            f"/v2/user-tasks/{task['userTaskKey']}/completion",
            json={"variables": {"approved": approved}},
            headers=api.admin,
        )
        assert done.status_code == 204, done.text
    assert _instance(api, instance)["state"] == "COMPLETED"
    empty = api.client.post(
        "/v2/process-instances",
        json={"processDefinitionId": "reviews", "variables": {"reviewers": []}},
        headers=api.admin,
    )
    assert empty.status_code == 200, empty.text
    key = str(empty.json()["processInstanceKey"])
    assert _tasks(api, key) == []
    assert len(_tasks(api, key, "publish")) == 1  # every r in [] satisfies: vacuously true
    assert _instance(api, key)["variables"]["reviews"] == []


def test_a_collection_that_is_no_list_raises_an_incident(api: Api) -> None:
    instance = _deploy_and_start(api, "ann")  # type: ignore[arg-type]
    body = {"filter": {"processInstanceKey": instance}}
    found = api.client.post("/v2/incidents/search", json=body, headers=api.admin)
    assert found.status_code == 200, found.text
    (incident,) = found.json()["items"]
    assert incident["errorType"] == "EXTRACT_VALUE_ERROR"
    assert incident["elementId"] == "review"
    assert "inputCollection" in incident["errorMessage"]
    assert _instance(api, instance)["state"] == "ACTIVE"


CALLER = b"""<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL"
    xmlns:zeebe="http://camunda.org/schema/zeebe/1.0" id="defs" targetNamespace="t">
  <bpmn:process id="fan_out" isExecutable="true">
    <bpmn:startEvent id="start"/>
    <bpmn:sequenceFlow id="f1" sourceRef="start" targetRef="ask"/>
    <bpmn:callActivity id="ask">
      <bpmn:extensionElements>
        <zeebe:calledElement processId="answer" propagateAllChildVariables="false"/>
      </bpmn:extensionElements>
      <bpmn:multiInstanceLoopCharacteristics isSequential="true">
        <bpmn:extensionElements>
          <zeebe:loopCharacteristics inputCollection="=people" inputElement="reviewer"
              outputCollection="answers" outputElement="=answer"/>
        </bpmn:extensionElements>
      </bpmn:multiInstanceLoopCharacteristics>
    </bpmn:callActivity>
    <bpmn:sequenceFlow id="f2" sourceRef="ask" targetRef="end"/>
    <bpmn:endEvent id="end"/>
  </bpmn:process>
  <bpmn:process id="answer" isExecutable="true">
    <bpmn:startEvent id="c_start"/>
    <bpmn:sequenceFlow id="c1" sourceRef="c_start" targetRef="reply"/>
    <bpmn:userTask id="reply" name="Reply">
      <bpmn:extensionElements>
        <zeebe:userTask/>
        <zeebe:assignmentDefinition assignee="=reviewer"/>
      </bpmn:extensionElements>
    </bpmn:userTask>
    <bpmn:sequenceFlow id="c2" sourceRef="reply" targetRef="c_end"/>
    <bpmn:endEvent id="c_end"/>
  </bpmn:process>
</bpmn:definitions>
"""


def test_a_sequential_call_activity_starts_one_child_per_element(api: Api) -> None:
    files = [("resources", ("fan-out.bpmn", CALLER, "application/xml"))]
    deployed = api.client.post("/v2/deployments", files=files, headers=api.admin)
    assert deployed.status_code == 200, deployed.text
    body = {"processDefinitionId": "fan_out", "variables": {"people": ["ann", "bob"]}}
    started = api.client.post("/v2/process-instances", json=body, headers=api.admin)
    assert started.status_code == 200, started.text
    instance = str(started.json()["processInstanceKey"])
    for name in ("ann", "bob"):
        found = api.client.post(
            "/v2/user-tasks/search",
            json={"filter": {"elementId": "reply", "state": "CREATED"}},
            headers=api.admin,
        )
        (task,) = found.json()["items"]  # sequential: one child at a time
        assert task["assignee"] == name
        done = api.client.post(
            f"/v2/user-tasks/{task['userTaskKey']}/completion",
            json={"variables": {"answer": f"{name}: yes"}},
            headers=api.admin,
        )
        assert done.status_code == 204, done.text
    parent = _instance(api, instance)
    assert parent["state"] == "COMPLETED"
    assert parent["variables"]["answers"] == ["ann: yes", "bob: yes"]


def test_a_boundary_timer_on_the_body_cancels_every_open_review(
    api: Api, ctx: ServiceContext, clock: FakeClock
) -> None:
    late = MODEL.replace(b"reviews", b"late_reviews", 1).replace(
        b'<bpmn:endEvent id="done"/>',
        b'<bpmn:endEvent id="done"/>'
        b'<bpmn:boundaryEvent id="late" attachedToRef="review"><bpmn:timerEventDefinition>'
        b"<bpmn:timeDuration>PT30M</bpmn:timeDuration></bpmn:timerEventDefinition>"
        b'</bpmn:boundaryEvent><bpmn:sequenceFlow id="f9" sourceRef="late" targetRef="chase"/>'
        b'<bpmn:userTask id="chase" name="Chase"><bpmn:extensionElements><zeebe:userTask/>'
        b"</bpmn:extensionElements></bpmn:userTask>",
    )
    files = [("resources", ("late.bpmn", late, "application/xml"))]
    assert api.client.post("/v2/deployments", files=files, headers=api.admin).status_code == 200
    body = {"processDefinitionId": "late_reviews", "variables": {"reviewers": REVIEWERS}}
    started = api.client.post("/v2/process-instances", json=body, headers=api.admin)
    assert started.status_code == 200, started.text
    instance = str(started.json()["processInstanceKey"])
    first = _tasks(api, instance)[0]
    done = api.client.post(
        f"/v2/user-tasks/{first['userTaskKey']}/completion",
        json={"variables": {"approved": True}},
        headers=api.admin,
    )
    assert done.status_code == 204, done.text
    clock.advance(30 * 60)
    assert ctx.scheduler is not None
    ctx.scheduler.run_due()
    states = sorted(t["state"] for t in _tasks(api, instance))
    assert states == ["CANCELED", "CANCELED", "COMPLETED"]
    (chase,) = _tasks(api, instance, "chase")
    assert chase["state"] == "CREATED"
    assert ("review", "MULTI_INSTANCE_BODY", "TERMINATED") in _elements(api, instance)

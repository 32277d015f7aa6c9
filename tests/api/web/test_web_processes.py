"""The start-process page's API: what I may start (with start forms), starting, and the
first task of the new instance when it is mine to work."""

from __future__ import annotations

import json
from typing import Any

from web_helpers import web_user

from support import Api

BPMN = """<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL"
    xmlns:zeebe="http://camunda.org/schema/zeebe/1.0" id="defs" targetNamespace="t">
  <bpmn:process id="{pid}" name="{label}" isExecutable="true">
    <bpmn:startEvent id="start">{start_form}</bpmn:startEvent>
    <bpmn:sequenceFlow id="f1" sourceRef="start" targetRef="work"/>
    <bpmn:userTask id="work" name="Check the order">
      <bpmn:extensionElements>
        <zeebe:userTask/>
        <zeebe:assignmentDefinition candidateGroups="{group}"/>
      </bpmn:extensionElements>
    </bpmn:userTask>
    <bpmn:sequenceFlow id="f2" sourceRef="work" targetRef="end"/>
    <bpmn:endEvent id="end"/>
  </bpmn:process>
</bpmn:definitions>
"""
START_FORM = (
    '<bpmn:extensionElements><zeebe:formDefinition formId="order-form"/></bpmn:extensionElements>'
)
FORM = {
    "id": "order-form",
    "type": "default",
    "components": [
        {
            "type": "textfield",
            "key": "customer",
            "label": "Customer",
            "validate": {"required": True},
        },
        {"type": "number", "key": "amount", "label": "Amount", "validate": {"max": 100}},
    ],
}
WORKFLOW = {
    "name": "refund",
    "version": 1,
    "description": "Refund a customer",
    "inputParameters": ["customer", "amount"],
    "inputTemplate": {"amount": 5},
    "tasks": [
        {
            "name": "note",
            "taskReferenceName": "note",
            "type": "SET_VARIABLE",
            "inputParameters": {"seen": True},
        }
    ],
}


def deploy(api: Api, pid: str, label: str, group: str, *, with_form: bool = False) -> None:
    xml = BPMN.format(pid=pid, label=label, group=group, start_form=START_FORM if with_form else "")
    files = [("resources", (f"{pid}.bpmn", xml.encode(), "application/xml"))]
    if with_form:
        files.append(("resources", ("order.form", json.dumps(FORM).encode(), "application/json")))
    response = api.client.post("/v2/deployments", files=files, headers=api.admin)
    assert response.status_code == 200, response.text


def register_workflow(api: Api, definition: dict[str, Any] = WORKFLOW) -> None:
    response = api.client.post("/api/metadata/workflow", json=definition, headers=api.admin)
    assert response.status_code == 200, response.text


def setup(api: Api) -> None:
    api.create_group("sales")
    api.create_group("ops")
    deploy(api, "order", "Order", "sales", with_form=True)
    deploy(api, "order", "Orders", "sales", with_form=True)  # version 2
    deploy(api, "shipping", "Shipping", "ops")
    register_workflow(api)


def by_name(body: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {p["name"]: p for p in body["processes"]}


def test_lists_bpmn_processes_and_workflows_with_versions_and_start_forms(api: Api) -> None:
    setup(api)
    ann = web_user(api, "ann", groups=["sales"])
    response = ann.get("/api/web/processes")
    assert response.status_code == 200, response.text
    found = by_name(response.json())
    assert set(found) == {"order", "shipping", "refund"}
    order = found["order"]
    assert order["label"] == "Orders"
    assert order["kind"] == "bpmn"
    assert order["version"] == 2
    assert order["versions"] == [2, 1]
    assert order["startForm"]["kind"] == "camunda"
    assert order["startForm"]["schema"]["id"] == "order-form"
    assert found["shipping"]["startForm"] is None
    refund = found["refund"]
    assert refund["kind"] == "conductor"
    assert refund["description"] == "Refund a customer"
    form = refund["startForm"]
    assert form["kind"] == "jsonforms"
    assert form["schema"]["properties"] == {
        "customer": {"type": "string"},
        "amount": {"type": "integer", "default": 5},
    }
    assert [e["scope"] for e in form["uiSchema"]["elements"]] == [
        "#/properties/customer",
        "#/properties/amount",
    ]


def test_lists_only_what_i_may_start(api: Api) -> None:
    setup(api)
    worker = web_user(api, "wendy", roles=["WORKER"])
    assert worker.get("/api/web/processes").json() == {"processes": []}
    grant = {
        "subject": {"type": "USER", "id": "wendy"},
        "target": {"type": "WORKFLOW_DEF", "id": "shipping"},
        "access": ["EXECUTE"],
    }
    assert api.client.post("/api/auth/authorization", json=grant, headers=api.admin).is_success
    assert list(by_name(worker.get("/api/web/processes").json())) == ["shipping"]
    refused = worker.post("/api/web/processes/order/start", json={"variables": {}})
    assert refused.status_code == 404
    assert worker.post("/api/web/processes/shipping/start", json={}).status_code == 200


def test_start_with_a_form_answers_the_first_task_offered_to_me(api: Api) -> None:
    setup(api)
    ann = web_user(api, "ann", groups=["sales"])
    response = ann.post(
        "/api/web/processes/order/start",
        json={"variables": {"customer": "ACME", "amount": 40}},
    )
    assert response.status_code == 200, response.text
    body = response.json()
    assert body["kind"] == "bpmn"
    assert body["firstTask"]["name"] == "Check the order"
    task = ann.get(f"/api/human/tasks/{body['firstTask']['taskId']}")
    assert task.status_code == 200, task.text
    instance = api.client.get(f"/v2/process-instances/{body['instanceId']}", headers=api.admin)
    assert instance.json()["processDefinitionVersion"] == 2


def test_first_task_is_null_when_it_is_offered_to_another_group(api: Api) -> None:
    setup(api)
    ann = web_user(api, "ann", groups=["sales"])
    response = ann.post("/api/web/processes/shipping/start", json={"variables": {}})
    assert response.status_code == 200, response.text
    assert response.json()["firstTask"] is None
    assert response.json()["instanceId"]


def test_start_an_older_version_and_a_workflow(api: Api) -> None:
    setup(api)
    ann = web_user(api, "ann", groups=["sales"])
    old = ann.post(
        "/api/web/processes/order/start", json={"version": 1, "variables": {"customer": "x"}}
    )
    assert old.status_code == 200, old.text
    instance = api.client.get(
        f"/v2/process-instances/{old.json()['instanceId']}", headers=api.admin
    )
    assert instance.json()["processDefinitionVersion"] == 1
    refund = ann.post("/api/web/processes/refund/start", json={"variables": {"customer": "x"}})
    assert refund.status_code == 200, refund.text
    assert refund.json()["kind"] == "conductor"
    assert refund.json()["firstTask"] is None
    workflow = ann.get(f"/api/workflow/{refund.json()['instanceId']}")
    assert workflow.json()["input"]["customer"] == "x"


def test_bad_input_is_refused(api: Api) -> None:
    setup(api)
    ann = web_user(api, "ann", groups=["sales"])
    invalid = ann.post("/api/web/processes/order/start", json={"variables": {"amount": 500}})
    assert invalid.status_code == 400
    paths = {e["path"]: e["message"] for e in invalid.json()["validationErrors"]}
    assert paths == {"customer": "is required", "amount": "must be at most 100"}
    not_object = ann.post("/api/web/processes/order/start", json={"variables": [1]})
    assert not_object.status_code == 400
    missing = ann.post("/api/web/processes/nothing/start", json={"variables": {}})
    assert missing.status_code == 404
    no_version = ann.post("/api/web/processes/order/start", json={"version": 9})
    assert no_version.status_code == 404
    zero = ann.post("/api/web/processes/order/start", json={"version": 0})
    assert zero.status_code == 400


def test_needs_a_session_or_token(api: Api) -> None:
    assert api.client.get("/api/web/processes").status_code == 401

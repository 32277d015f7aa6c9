"""Regular expressions in BPMN deployments run on the linear-time engine: a form's
`validate.pattern` answers a hostile value with a validation result, FEEL `matches` answers a
hostile input, and a pattern the engine cannot run is refused at deploy."""

from __future__ import annotations

import json
from typing import Any

from support import Api

WORDS = r"^(\w+\s?)*$"
ADJACENT = "^[a-z]*[a-z]*[a-z]*[a-z]*[a-z]*@x$"  # minutes of backtracking on 215 characters

PROCESS = """<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL"
    xmlns:zeebe="http://camunda.org/schema/zeebe/1.0" id="defs" targetNamespace="baton-tests">
  <bpmn:process id="patterns" isExecutable="true">
    <bpmn:startEvent id="start"/>
    <bpmn:sequenceFlow id="f1" sourceRef="start" targetRef="decide"/>
    <bpmn:exclusiveGateway id="decide" default="no"/>
    <bpmn:sequenceFlow id="yes" sourceRef="decide" targetRef="matched">
      <bpmn:conditionExpression>=matches(email, "{pattern}")</bpmn:conditionExpression>
    </bpmn:sequenceFlow>
    <bpmn:sequenceFlow id="no" sourceRef="decide" targetRef="unmatched"/>
    <bpmn:userTask id="matched" name="Matched">
      <bpmn:extensionElements>
        <zeebe:userTask/>
        <zeebe:formDefinition formId="words-form"/>
      </bpmn:extensionElements>
    </bpmn:userTask>
    <bpmn:userTask id="unmatched" name="Unmatched">
      <bpmn:extensionElements>
        <zeebe:userTask/>
        <zeebe:formDefinition formId="words-form"/>
      </bpmn:extensionElements>
    </bpmn:userTask>
    <bpmn:sequenceFlow id="f2" sourceRef="matched" targetRef="end"/>
    <bpmn:sequenceFlow id="f3" sourceRef="unmatched" targetRef="end"/>
    <bpmn:endEvent id="end"/>
  </bpmn:process>
</bpmn:definitions>
"""


def _form(pattern: str) -> bytes:
    component = {"type": "textfield", "key": "comment", "validate": {"pattern": pattern}}
    return json.dumps({"id": "words-form", "components": [component]}).encode()


def _deploy(api: Api, pattern: str = ADJACENT, form_pattern: str = WORDS) -> Any:
    files = [
        ("patterns.bpmn", PROCESS.replace("{pattern}", pattern).encode()),
        ("words.form", _form(form_pattern)),
    ]
    parts = [("resources", (name, data, "application/octet-stream")) for name, data in files]
    return api.client.post("/v2/deployments", files=parts, headers=api.admin)


def _open_task(api: Api, email: str) -> dict[str, Any]:
    started = api.client.post(
        "/v2/process-instances",
        json={"processDefinitionId": "patterns", "variables": {"email": email}},
        headers=api.admin,
    )
    assert started.status_code == 200, started.text
    key = started.json()["processInstanceKey"]
    found = api.client.post(
        "/api/human/tasks/search",
        json={"searchType": "ADMIN", "workflowIds": [key]},
        headers=api.admin,
    )
    (task,) = found.json()["results"]
    return task  # type: ignore[no-any-return]


def test_feel_matches_answers_a_hostile_input(api: Api) -> None:
    assert _deploy(api).status_code == 200
    assert _open_task(api, "a" * 215)["taskRefName"] == "unmatched"
    assert _open_task(api, "abc@x")["taskRefName"] == "matched"


def test_a_hostile_value_gets_its_form_validation_result(api: Api) -> None:
    assert _deploy(api).status_code == 200
    task_id = _open_task(api, "abc@x")["taskId"]
    boss = api.create_user("boss", roles=["ADMIN"])
    assert api.client.post(f"/api/human/tasks/{task_id}/claim", headers=boss).status_code == 200
    url = f"/api/human/tasks/{task_id}/update?complete=true"
    refused = api.client.post(url, json={"comment": "a" * 29 + "!"}, headers=boss)
    assert refused.status_code == 400, refused.text
    assert refused.json()["validationErrors"] == [
        {"path": "comment", "message": f"must match the pattern {WORDS}"}
    ]
    done = api.client.post(url, json={"comment": "plain words only"}, headers=boss)
    assert done.status_code == 204, done.text


def test_a_form_pattern_the_engine_cannot_run_is_refused_at_deploy(api: Api) -> None:
    for pattern, said in ((r"^(a)\1$", "backreference"), (r"^(?=.*\d)", "lookaround")):
        response = _deploy(api, form_pattern=pattern)
        assert response.status_code == 400, response.text
        detail = response.json()["detail"]
        assert "components[0].validate.pattern" in detail and said in detail
        assert f"`{pattern}`" in detail


def test_a_feel_pattern_the_engine_cannot_run_is_refused_at_deploy(api: Api) -> None:
    response = _deploy(api, pattern=r"^(a)\\1$")
    assert response.status_code == 400, response.text
    detail = response.json()["detail"]
    assert "backreference" in detail and r"^(a)\1$" in detail
    started = api.client.post(
        "/v2/process-instances", json={"processDefinitionId": "patterns"}, headers=api.admin
    )
    assert started.status_code == 404  # nothing was deployed

"""`zeebe:formDefinition bindingType`: latest, deployment (the form version current when the
process version was deployed) and versionTag."""

from __future__ import annotations

import json
from typing import Any

from baton.clock import FakeClock

from support import Api

MODEL = """<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL"
    xmlns:zeebe="http://camunda.org/schema/zeebe/1.0" id="defs" targetNamespace="t">
  <bpmn:process id="bound" isExecutable="true">
    <bpmn:startEvent id="start"/>
    <bpmn:sequenceFlow id="f1" sourceRef="start" targetRef="task"/>
    <bpmn:userTask id="task" name="Task {n}">
      <bpmn:extensionElements>
        <zeebe:userTask/>
        <zeebe:formDefinition formId="f" {binding}/>
      </bpmn:extensionElements>
    </bpmn:userTask>
    <bpmn:sequenceFlow id="f2" sourceRef="task" targetRef="end"/>
    <bpmn:endEvent id="end"/>
  </bpmn:process>
</bpmn:definitions>
"""


def _form(label: str, tag: str | None = None) -> bytes:
    form: dict[str, Any] = {
        "id": "f",
        "components": [{"type": "textfield", "key": "x", "label": label}],
    }
    if tag:
        form["versionTag"] = tag
    return json.dumps(form).encode()


def _deploy(api: Api, *files: tuple[str, bytes]) -> None:
    parts = [("resources", (n, d, "application/octet-stream")) for n, d in files]
    response = api.client.post("/v2/deployments", files=parts, headers=api.admin)
    assert response.status_code == 200, response.text


def _shown_label(api: Api, binding: str) -> str:
    key = api.client.post(
        "/v2/process-instances", json={"processDefinitionId": "bound"}, headers=api.admin
    ).json()["processInstanceKey"]
    found = api.client.post(
        "/api/human/tasks/search",
        json={"searchType": "ADMIN", "workflowIds": [key]},
        headers=api.admin,
    ).json()["results"][0]
    boss = api.create_user(f"boss{key}", roles=["ADMIN"])
    entry = api.client.get(f"/api/human/tasks/{found['taskId']}?withTemplate=true", headers=boss)
    label: str = entry.json()["humanTaskDef"]["fullTemplate"]["schema"]["components"][0]["label"]
    return label


def test_deployment_binding_keeps_the_form_of_its_deployment(api: Api, clock: FakeClock) -> None:
    _deploy(
        api,
        ("m.bpmn", MODEL.format(n=1, binding='bindingType="deployment"').encode()),
        ("f.form", _form("first")),
    )
    clock.advance(5)
    _deploy(api, ("f.form", _form("second")))
    assert _shown_label(api, "deployment") == "first"


def test_latest_binding_follows_new_forms(api: Api, clock: FakeClock) -> None:
    _deploy(api, ("m.bpmn", MODEL.format(n=1, binding="").encode()), ("f.form", _form("first")))
    clock.advance(5)
    _deploy(api, ("f.form", _form("second")))
    assert _shown_label(api, "latest") == "second"


def test_version_tag_binding(api: Api, clock: FakeClock) -> None:
    _deploy(api, ("f.form", _form("tagged", tag="v1")))
    clock.advance(5)
    _deploy(api, ("f.form", _form("untagged")))
    binding = 'bindingType="versionTag" versionTag="v1"'
    _deploy(api, ("m.bpmn", MODEL.format(n=1, binding=binding).encode()))
    assert _shown_label(api, "versionTag") == "tagged"

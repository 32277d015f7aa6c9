"""/v2: call activity bindingType latest, deployment and versionTag."""

from __future__ import annotations

from typing import Any

from events_helpers import flow, instance, open_tasks, process, start, user_task

from support import Api


def _child(task: str, tag: str = "") -> str:
    ext = (
        f'<bpmn:extensionElements><zeebe:versionTag value="{tag}"/></bpmn:extensionElements>'
        if tag
        else ""
    )
    body = (
        '<bpmn:startEvent id="c_start"/>'
        + user_task(task)
        + '<bpmn:endEvent id="c_end"/>'
        + flow("c_start", task)
        + flow(task, "c_end")
    )
    return process("child", body).replace(
        '<bpmn:process id="child" isExecutable="true">',
        f'<bpmn:process id="child" isExecutable="true">{ext}',
    )


def _parent(binding: str) -> str:
    body = (
        '<bpmn:startEvent id="start"/>'
        f'<bpmn:callActivity id="call"><bpmn:extensionElements><zeebe:calledElement '
        f'processId="child" {binding}/></bpmn:extensionElements></bpmn:callActivity>'
        '<bpmn:endEvent id="end"/>' + flow("start", "call") + flow("call", "end")
    )
    return process("parent", body)


def _deploy(api: Api, *files: tuple[str, str]) -> None:
    parts = [("resources", (name, xml.encode(), "application/xml")) for name, xml in files]
    response = api.client.post("/v2/deployments", files=parts, headers=api.admin)
    assert response.status_code == 200, response.text


def _child_task(api: Api, parent_key: str) -> str:
    found = api.client.post(
        "/v2/user-tasks/search", json={"filter": {"state": "CREATED"}}, headers=api.admin
    )
    items: list[dict[str, Any]] = found.json()["items"]
    assert open_tasks(api, parent_key) == []
    (task,) = items
    return str(task["elementId"])


def test_deployment_binding_calls_the_version_deployed_with_the_caller(api: Api) -> None:
    _deploy(
        api, ("child.bpmn", _child("first")), ("parent.bpmn", _parent('bindingType="deployment"'))
    )
    _deploy(api, ("child.bpmn", _child("second")))
    key = start(api, "parent")
    assert _child_task(api, key) == "first"


def test_latest_binding_calls_the_latest_version(api: Api) -> None:
    _deploy(api, ("child.bpmn", _child("first")), ("parent.bpmn", _parent("")))
    _deploy(api, ("child.bpmn", _child("second")))
    key = start(api, "parent")
    assert _child_task(api, key) == "second"


def test_version_tag_binding(api: Api) -> None:
    _deploy(api, ("child.bpmn", _child("tagged", "v1")))
    _deploy(api, ("child.bpmn", _child("newer", "v2")))
    _deploy(api, ("parent.bpmn", _parent('bindingType="versionTag" versionTag="v1"')))
    key = start(api, "parent")
    assert _child_task(api, key) == "tagged"


def test_a_missing_tag_fails_the_call(api: Api) -> None:
    _deploy(api, ("child.bpmn", _child("x", "v1")))
    _deploy(api, ("parent.bpmn", _parent('bindingType="versionTag" versionTag="v9"')))
    key = start(api, "parent")
    assert instance(api, key)["state"] == "TERMINATED"
    workflow = api.client.get(f"/api/workflow/{key}", headers=api.admin).json()
    assert workflow["status"] == "FAILED"
    assert "no version is tagged 'v9'" in workflow["reasonForIncompletion"]

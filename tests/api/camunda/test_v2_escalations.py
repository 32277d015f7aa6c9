"""/v2: escalations and errors, within a process and from a called child to its call activity."""

from __future__ import annotations

from typing import Any

from events_helpers import (
    complete,
    deploy,
    flow,
    instance,
    open_tasks,
    process,
    start,
    user_task,
)

from support import Api

CODES = (
    '<bpmn:escalation id="late" escalationCode="LATE"/><bpmn:error id="broken" errorCode="BROKEN"/>'
)


def _child(thrower: str) -> str:
    """child: start -> fork -> [work], [thrower]."""
    body = (
        '<bpmn:startEvent id="start"/><bpmn:parallelGateway id="fork"/>'
        + user_task("work")
        + '<bpmn:endEvent id="end"/>'
        + thrower
        + flow("start", "fork")
        + flow("fork", "work")
        + flow("fork", "thrower")
        + flow("work", "end")
    )
    return process("child", body, CODES)


def _parent(boundary: str) -> str:
    body = (
        '<bpmn:startEvent id="start"/>'
        '<bpmn:callActivity id="call"><bpmn:extensionElements>'
        '<zeebe:calledElement processId="child"/></bpmn:extensionElements></bpmn:callActivity>'
        + f'<bpmn:boundaryEvent id="b" attachedToRef="call" {boundary}</bpmn:boundaryEvent>'
        + user_task("handle")
        + '<bpmn:endEvent id="end"/><bpmn:endEvent id="h_end"/>'
        + flow("start", "call")
        + flow("call", "end")
        + flow("b", "handle")
        + flow("handle", "h_end")
    )
    return process("parent", body, CODES)


ESCALATION_END = (
    '<bpmn:endEvent id="thrower"><bpmn:escalationEventDefinition escalationRef="late"/>'
    "</bpmn:endEvent>"
)
ERROR_END = (
    '<bpmn:endEvent id="thrower"><bpmn:errorEventDefinition errorRef="broken"/></bpmn:endEvent>'
)


def _children(api: Api, parent_key: str) -> list[dict[str, Any]]:
    found = api.client.post(
        "/v2/process-instances/search",
        json={"filter": {"processDefinitionId": "child"}},
        headers=api.admin,
    )
    assert found.status_code == 200, found.text
    return list(found.json()["items"])


def test_escalation_from_the_child_caught_without_interrupting(api: Api) -> None:
    deploy(api, "child.bpmn", _child(ESCALATION_END))
    deploy(
        api,
        "parent.bpmn",
        _parent('cancelActivity="false"><bpmn:escalationEventDefinition escalationRef="late"/>'),
    )
    key = start(api, "parent")
    assert [t["elementId"] for t in open_tasks(api, key)] == ["handle"]
    (child,) = _children(api, key)
    assert child["state"] == "ACTIVE"
    complete(api, child["processInstanceKey"], "work")
    complete(api, key, "handle")
    assert instance(api, key)["state"] == "COMPLETED"


def test_escalation_from_the_child_caught_interrupting_ends_the_child(api: Api) -> None:
    deploy(api, "child.bpmn", _child(ESCALATION_END))
    deploy(api, "parent.bpmn", _parent("><bpmn:escalationEventDefinition/>"))
    key = start(api, "parent")
    assert [t["elementId"] for t in open_tasks(api, key)] == ["handle"]
    (child,) = _children(api, key)
    assert child["state"] == "TERMINATED"


def test_an_escalation_nobody_catches_lets_both_go_on(api: Api) -> None:
    deploy(api, "child.bpmn", _child(ESCALATION_END))
    deploy(api, "parent.bpmn", _parent('><bpmn:errorEventDefinition errorRef="broken"/>'))
    key = start(api, "parent")
    assert open_tasks(api, key) == []
    (child,) = _children(api, key)
    complete(api, child["processInstanceKey"], "work")
    assert instance(api, key)["state"] == "COMPLETED"


def test_error_end_in_the_child_caught_at_the_call_activity(api: Api) -> None:
    deploy(api, "child.bpmn", _child(ERROR_END))
    deploy(api, "parent.bpmn", _parent('><bpmn:errorEventDefinition errorRef="broken"/>'))
    key = start(api, "parent")
    assert [t["elementId"] for t in open_tasks(api, key)] == ["handle"]
    (child,) = _children(api, key)
    assert child["state"] == "TERMINATED"


def test_a_job_error_in_the_child_caught_at_the_call_activity(api: Api) -> None:
    job = (
        '<bpmn:serviceTask id="thrower"><bpmn:extensionElements>'
        '<zeebe:taskDefinition type="risky"/></bpmn:extensionElements></bpmn:serviceTask>'
    )
    deploy(api, "child.bpmn", _child(job))
    deploy(api, "parent.bpmn", _parent("><bpmn:errorEventDefinition/>"))
    key = start(api, "parent")
    jobs = api.client.post(
        "/v2/jobs/activation",
        json={"type": "risky", "maxJobsToActivate": 1, "timeout": 60000, "worker": "w"},
        headers=api.admin,
    )
    assert jobs.status_code == 200, jobs.text
    (job_item,) = jobs.json()["jobs"]
    thrown = api.client.post(
        f"/v2/jobs/{job_item['jobKey']}/error",
        json={"errorCode": "ANY", "errorMessage": "it broke", "variables": {"why": "x"}},
        headers=api.admin,
    )
    assert thrown.status_code == 204, thrown.text
    assert [t["elementId"] for t in open_tasks(api, key)] == ["handle"]
    assert instance(api, key)["variables"]["why"] == "x"
    (child,) = _children(api, key)
    assert child["state"] == "TERMINATED"


def test_an_uncaught_error_end_raises_an_incident(api: Api) -> None:
    deploy(api, "child.bpmn", _child(ERROR_END))
    key = start(api, "child")
    found = api.client.post(
        "/v2/incidents/search", json={"filter": {"processInstanceKey": key}}, headers=api.admin
    )
    assert found.status_code == 200, found.text
    (incident,) = found.json()["items"]
    assert incident["errorType"] == "UNHANDLED_ERROR_EVENT"
    assert instance(api, key)["state"] == "ACTIVE"


def test_error_in_the_child_caught_by_an_event_sub_process_of_the_parent(api: Api) -> None:
    deploy(api, "child.bpmn", _child(ERROR_END))
    body = (
        '<bpmn:startEvent id="start"/>'
        '<bpmn:callActivity id="call"><bpmn:extensionElements>'
        '<zeebe:calledElement processId="child"/></bpmn:extensionElements></bpmn:callActivity>'
        '<bpmn:endEvent id="end"/>'
        + flow("start", "call")
        + flow("call", "end")
        + '<bpmn:subProcess id="esp" triggeredByEvent="true"><bpmn:startEvent id="esp_start">'
        '<bpmn:errorEventDefinition errorRef="broken"/></bpmn:startEvent>'
        + user_task("handle")
        + '<bpmn:endEvent id="esp_end"/>'
        + flow("esp_start", "handle")
        + flow("handle", "esp_end")
        + "</bpmn:subProcess>"
    )
    deploy(api, "parent.bpmn", process("parent", body, CODES))
    key = start(api, "parent")
    assert [t["elementId"] for t in open_tasks(api, key)] == ["handle"]
    (child,) = _children(api, key)
    assert child["state"] == "TERMINATED"
    complete(api, key, "handle")
    assert instance(api, key)["state"] == "COMPLETED"

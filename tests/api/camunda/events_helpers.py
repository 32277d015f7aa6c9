"""Deploy, start and act on BPMN processes through /v2 (event and mapping tests)."""

from __future__ import annotations

from typing import Any

from baton.clock import FakeClock
from baton.services.context import ServiceContext

from support import Api

HEAD = (
    '<?xml version="1.0" encoding="UTF-8"?>\n'
    '<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" '
    'xmlns:zeebe="http://camunda.org/schema/zeebe/1.0" id="defs" targetNamespace="baton-tests">'
)


def process(process_id: str, body: str, extra: str = "") -> str:
    """A file with one executable process (plus top-level `extra`: errors, escalations)."""
    return (
        f'{HEAD}{extra}<bpmn:process id="{process_id}" isExecutable="true">{body}'
        "</bpmn:process></bpmn:definitions>"
    )


def flow(source: str, target: str, fid: str = "") -> str:
    fid = fid or f"{source}_{target}"
    return f'<bpmn:sequenceFlow id="{fid}" sourceRef="{source}" targetRef="{target}"/>'


def user_task(tid: str) -> str:
    return (
        f'<bpmn:userTask id="{tid}" name="{tid}"><bpmn:extensionElements><zeebe:userTask/>'
        "</bpmn:extensionElements></bpmn:userTask>"
    )


def deploy(api: Api, name: str, xml: str) -> dict[str, Any]:
    parts = [("resources", (name, xml.encode(), "application/octet-stream"))]
    response = api.client.post("/v2/deployments", files=parts, headers=api.admin)
    assert response.status_code == 200, response.text
    return dict(response.json())


def refused(api: Api, name: str, xml: str) -> str:
    parts = [("resources", (name, xml.encode(), "application/octet-stream"))]
    response = api.client.post("/v2/deployments", files=parts, headers=api.admin)
    assert response.status_code == 400, response.text
    return str(response.json()["detail"])


def start(api: Api, process_id: str, variables: dict[str, Any] | None = None) -> str:
    started = api.client.post(
        "/v2/process-instances",
        json={"processDefinitionId": process_id, "variables": variables or {}},
        headers=api.admin,
    )
    assert started.status_code == 200, started.text
    return str(started.json()["processInstanceKey"])


def instance(api: Api, key: str) -> dict[str, Any]:
    found = api.client.get(f"/v2/process-instances/{key}", headers=api.admin)
    assert found.status_code == 200, found.text
    return dict(found.json())


def instances(api: Api, process_id: str) -> list[dict[str, Any]]:
    found = api.client.post(
        "/v2/process-instances/search",
        json={"filter": {"processDefinitionId": process_id}},
        headers=api.admin,
    )
    assert found.status_code == 200, found.text
    return list(found.json()["items"])


def open_tasks(api: Api, key: str) -> list[dict[str, Any]]:
    found = api.client.post(
        "/v2/user-tasks/search",
        json={"filter": {"processInstanceKey": key, "state": "CREATED"}},
        headers=api.admin,
    )
    assert found.status_code == 200, found.text
    return list(found.json()["items"])


def complete(api: Api, key: str, element_id: str, variables: dict[str, Any] | None = None) -> None:
    (task,) = [t for t in open_tasks(api, key) if t["elementId"] == element_id]
    done = api.client.post(
        f"/v2/user-tasks/{task['userTaskKey']}/completion",
        json={"variables": variables or {}},
        headers=api.admin,
    )
    assert done.status_code == 204, done.text


def advance(api: Api, ctx: ServiceContext, clock: FakeClock, seconds: float) -> int:
    """Move the clock, fire the due timers (how many), and log in again (tokens expire)."""
    assert ctx.scheduler is not None
    clock.advance(seconds)
    fired = ctx.scheduler.run_due()
    api._admin_token = None
    return fired

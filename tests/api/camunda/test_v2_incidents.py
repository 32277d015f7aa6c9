"""/v2 incidents: a failed timer of a process instance is resolved by whoever may control the
instance; the incidents of one element instance are searched under its key."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from sqlalchemy.engine import Connection

from baton.clock import FakeClock
from baton.services import runtime
from baton.services.context import ServiceContext
from baton.services.scheduler import MAX_RETRY_DELAY_MS
from baton.store.timers import TimerRow

from support import Api

HEAD = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" '
    'xmlns:zeebe="http://camunda.org/schema/zeebe/1.0" id="defs" targetNamespace="t">'
)

TIMER = (
    HEAD
    + """<bpmn:process id="nap" isExecutable="true">
    <bpmn:startEvent id="start"/>
    <bpmn:sequenceFlow id="f1" sourceRef="start" targetRef="wait"/>
    <bpmn:intermediateCatchEvent id="wait"><bpmn:timerEventDefinition>
      <bpmn:timeDuration>= delay</bpmn:timeDuration>
    </bpmn:timerEventDefinition></bpmn:intermediateCatchEvent>
    <bpmn:sequenceFlow id="f2" sourceRef="wait" targetRef="end"/>
    <bpmn:endEvent id="end"/>
  </bpmn:process>
</bpmn:definitions>"""
)


def _deploy(api: Api, name: str, xml: str) -> None:
    parts = [("resources", (name, xml.encode(), "application/octet-stream"))]
    response = api.client.post("/v2/deployments", files=parts, headers=api.admin)
    assert response.status_code == 200, response.text


def _start(api: Api, headers: dict[str, str], variables: dict[str, Any]) -> str:
    started = api.client.post(
        "/v2/process-instances",
        json={"processDefinitionId": "nap", "variables": variables},
        headers=headers,
    )
    assert started.status_code == 200, started.text
    return str(started.json()["processInstanceKey"])


def _search(api: Api, path: str, body: dict[str, Any]) -> list[dict[str, Any]]:
    found = api.client.post(path, json=body, headers=api.admin)
    assert found.status_code == 200, found.text
    items: list[dict[str, Any]] = found.json()["items"]
    return items


def _state(api: Api, key: str) -> str:
    found = api.client.get(f"/v2/process-instances/{key}", headers=api.admin)
    assert found.status_code == 200, found.text
    state: str = found.json()["state"]
    return state


def test_the_starter_resolves_a_failed_timer_of_the_instance(
    api: Api, ctx: ServiceContext, clock: FakeClock
) -> None:
    ctx.settings = replace(ctx.settings, timer_max_attempts=2)
    scheduler = ctx.scheduler
    assert scheduler is not None
    _deploy(api, "nap.bpmn", TIMER)
    ann = api.create_user("ann")
    bob = api.create_user("bob")
    key = _start(api, ann, {"delay": "PT1M"})
    real = scheduler.handlers[runtime.ENGINE_TIMER]

    def broken(_c: ServiceContext, _conn: Connection, _timer: TimerRow) -> None:
        raise RuntimeError("database on fire")

    scheduler.register(runtime.ENGINE_TIMER, broken)
    clock.advance(60)
    for _ in range(3):
        scheduler.run_due()
        clock.advance(MAX_RETRY_DELAY_MS / 1000)
    (incident,) = _search(api, "/v2/incidents/search", {"filter": {"processInstanceKey": key}})
    assert (incident["errorType"], incident["state"]) == ("UNKNOWN", "ACTIVE")
    resolution = f"/v2/incidents/{incident['incidentKey']}/resolution"
    assert api.client.post(resolution, json={}, headers=bob).status_code == 404
    scheduler.register(runtime.ENGINE_TIMER, real)
    resolved = api.client.post(resolution, json={}, headers=ann)
    assert resolved.status_code == 204, resolved.text
    scheduler.run_due()
    assert _state(api, key) == "COMPLETED"
    (after,) = _search(api, "/v2/incidents/search", {"filter": {"processInstanceKey": key}})
    assert after["state"] == "RESOLVED"


def test_incidents_of_one_element_instance(api: Api) -> None:
    _deploy(api, "nap.bpmn", TIMER)
    key = _start(api, api.admin, {"delay": "not a duration"})
    (element,) = _search(
        api,
        "/v2/element-instances/search",
        {"filter": {"processInstanceKey": key, "elementId": "wait"}},
    )
    assert element["hasIncident"] is True
    path = f"/v2/element-instances/{element['elementInstanceKey']}/incidents/search"
    (incident,) = _search(api, path, {})
    assert (incident["elementId"], incident["errorType"]) == ("wait", "EXTRACT_VALUE_ERROR")
    assert incident["elementInstanceKey"] == element["elementInstanceKey"]
    assert _search(api, path, {"filter": {"state": "RESOLVED"}}) == []
    assert _search(api, "/v2/element-instances/2251799813685249/incidents/search", {}) == []
    bad = api.client.post("/v2/element-instances/nope/incidents/search", json={}, headers=api.admin)
    assert bad.status_code in (400, 404)

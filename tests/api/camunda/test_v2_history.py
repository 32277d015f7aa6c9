"""Runtime history over /v2: element instances show where the token waits and was, variables
live by scope with their history, incidents hold an instance until resolved, and jobs keep
their key (Zeebe): timeouts, failures with retries and back-off, retries 0 → incident →
PATCH retries → resolution → the same job again."""

from __future__ import annotations

from typing import Any

from baton.clock import FakeClock
from baton.services.context import ServiceContext

from support import Api

MODEL = b"""<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL"
    xmlns:zeebe="http://camunda.org/schema/zeebe/1.0" id="defs" targetNamespace="t">
  <bpmn:process id="order" isExecutable="true">
    <bpmn:startEvent id="start" name="Order placed"/>
    <bpmn:sequenceFlow id="f1" sourceRef="start" targetRef="review"/>
    <bpmn:userTask id="review" name="Review order">
      <bpmn:extensionElements><zeebe:userTask/></bpmn:extensionElements>
    </bpmn:userTask>
    <bpmn:sequenceFlow id="f2" sourceRef="review" targetRef="ship"/>
    <bpmn:serviceTask id="ship" name="Ship">
      <bpmn:extensionElements>
        <zeebe:taskDefinition type="ship" retries="2"/>
        <zeebe:ioMapping><zeebe:input source="=amount * 2" target="parcel"/></zeebe:ioMapping>
      </bpmn:extensionElements>
    </bpmn:serviceTask>
    <bpmn:sequenceFlow id="f3" sourceRef="ship" targetRef="gw"/>
    <bpmn:exclusiveGateway id="gw" name="Shipped?"/>
    <bpmn:sequenceFlow id="f4" sourceRef="gw" targetRef="end">
      <bpmn:conditionExpression>= tracking != null</bpmn:conditionExpression>
    </bpmn:sequenceFlow>
    <bpmn:endEvent id="end" name="Done"/>
  </bpmn:process>
</bpmn:definitions>
"""

ACTIVATE = {"type": "ship", "worker": "w1", "timeout": 60_000, "maxJobsToActivate": 1}


def _start(api: Api, variables: dict[str, Any] | None = None) -> str:
    files = [("resources", ("order.bpmn", MODEL, "application/xml"))]
    assert api.client.post("/v2/deployments", files=files, headers=api.admin).status_code == 200
    started = api.client.post(
        "/v2/process-instances",
        json={"processDefinitionId": "order", "variables": variables or {"amount": 3}},
        headers=api.admin,
    )
    assert started.status_code == 200, started.text
    return str(started.json()["processInstanceKey"])


def _elements(api: Api, key: str, **filters: Any) -> list[dict[str, Any]]:
    body = {"filter": {"processInstanceKey": key, **filters}, "sort": [{"field": "startDate"}]}
    found = api.client.post("/v2/element-instances/search", json=body, headers=api.admin)
    assert found.status_code == 200, found.text
    items: list[dict[str, Any]] = found.json()["items"]
    return items


def _where(api: Api, key: str) -> list[tuple[str, str, str]]:
    return [(e["elementId"], e["type"], e["state"]) for e in _elements(api, key)]


def _complete_review(api: Api, key: str) -> None:
    (review,) = _elements(api, key, elementId="review")
    done = api.client.post(
        f"/api/human/tasks/{review['elementInstanceKey']}/update?complete=true",
        json={"approved": True},
        headers=api.admin,
    )
    assert done.status_code == 204, done.text


def _activate(api: Api) -> list[dict[str, Any]]:
    response = api.client.post("/v2/jobs/activation", json=ACTIVATE, headers=api.admin)
    assert response.status_code == 200, response.text
    jobs: list[dict[str, Any]] = response.json()["jobs"]
    return jobs


def _incidents(api: Api, key: str) -> list[dict[str, Any]]:
    body = {"filter": {"processInstanceKey": key}}
    found = api.client.post("/v2/incidents/search", json=body, headers=api.admin)
    assert found.status_code == 200, found.text
    items: list[dict[str, Any]] = found.json()["items"]
    return items


def _instance(api: Api, key: str) -> dict[str, Any]:
    found: dict[str, Any] = api.client.get(f"/v2/process-instances/{key}", headers=api.admin).json()
    return found


def test_element_instances_follow_the_token(api: Api) -> None:
    key = _start(api)
    assert _where(api, key) == [
        ("order", "PROCESS", "ACTIVE"),
        ("start", "START_EVENT", "COMPLETED"),
        ("review", "USER_TASK", "ACTIVE"),
    ]
    (review,) = _elements(api, key, type="USER_TASK", state="ACTIVE")
    assert review["elementName"] == "Review order"
    assert review["hasIncident"] is False and review["endDate"] is None
    assert review["processDefinitionKey"].isdigit()
    one = api.client.get(f"/v2/element-instances/{review['elementInstanceKey']}", headers=api.admin)
    assert one.json() == review

    _complete_review(api, key)
    assert _where(api, key)[-2:] == [
        ("review", "USER_TASK", "COMPLETED"),
        ("ship", "SERVICE_TASK", "ACTIVE"),
    ]
    (job,) = _activate(api)
    assert (
        job["elementInstanceKey"] == _elements(api, key, elementId="ship")[0]["elementInstanceKey"]
    )
    done = api.client.post(
        f"/v2/jobs/{job['jobKey']}/completion",
        json={"variables": {"tracking": "T1"}},
        headers=api.admin,
    )
    assert done.status_code == 204
    assert _where(api, key) == [
        ("order", "PROCESS", "COMPLETED"),
        ("start", "START_EVENT", "COMPLETED"),
        ("review", "USER_TASK", "COMPLETED"),
        ("ship", "SERVICE_TASK", "COMPLETED"),
        ("gw", "EXCLUSIVE_GATEWAY", "COMPLETED"),
        ("end", "END_EVENT", "COMPLETED"),
    ]
    assert all(e["endDate"] for e in _elements(api, key))


def test_element_instance_search_pages_with_cursors_and_filters(api: Api) -> None:
    key = _start(api)
    body: dict[str, Any] = {
        "filter": {"processInstanceKey": key},
        "sort": [{"field": "startDate"}],
        "page": {"limit": 2},
    }
    first = api.client.post("/v2/element-instances/search", json=body, headers=api.admin).json()
    assert first["page"]["totalItems"] == 3
    assert [e["elementId"] for e in first["items"]] == ["order", "start"]
    body["page"] = {"limit": 2, "after": first["page"]["endCursor"]}
    rest = api.client.post("/v2/element-instances/search", json=body, headers=api.admin).json()
    assert [e["elementId"] for e in rest["items"]] == ["review"]
    body = {"filter": {"processInstanceKey": key, "elementId": {"$in": ["start", "review"]}}}
    both = api.client.post("/v2/element-instances/search", json=body, headers=api.admin).json()
    assert sorted(e["elementId"] for e in both["items"]) == ["review", "start"]
    bad = api.client.post(
        "/v2/element-instances/search", json={"filter": {"colour": "red"}}, headers=api.admin
    )
    assert bad.status_code == 400
    assert bad.headers["content-type"].startswith("application/problem+json")
    wrong_cursor = api.client.post(
        "/v2/element-instances/search", json={"page": {"after": "nope"}}, headers=api.admin
    )
    assert wrong_cursor.status_code == 400


def test_variables_live_by_scope_with_history(api: Api, ctx: ServiceContext) -> None:
    key = _start(api, {"amount": 3, "customer": "ann"})
    found = api.client.post(
        "/v2/variables/search", json={"filter": {"processInstanceKey": key}}, headers=api.admin
    ).json()["items"]
    assert {(v["name"], v["value"], v["scopeKey"]) for v in found} == {
        ("amount", "3", key),
        ("customer", '"ann"', key),
    }
    _complete_review(api, key)
    (ship,) = _elements(api, key, elementId="ship")
    local = api.client.post(
        "/v2/variables/search",
        json={"filter": {"scopeKey": ship["elementInstanceKey"]}},
        headers=api.admin,
    ).json()["items"]
    assert [(v["name"], v["value"]) for v in local] == [("parcel", "6")]
    changed = api.client.put(
        f"/v2/element-instances/{key}/variables",
        json={"variables": {"amount": 4}},
        headers=api.admin,
    )
    assert changed.status_code == 204
    (amount,) = api.client.post(
        "/v2/variables/search",
        json={"filter": {"processInstanceKey": key, "name": "amount"}},
        headers=api.admin,
    ).json()["items"]
    assert amount["value"] == "4"
    one = api.client.get(f"/v2/variables/{amount['variableKey']}", headers=api.admin).json()
    assert one["value"] == "4" and "isTruncated" not in one
    from baton.store import history

    with ctx.db.read() as conn:
        changes = history.variable_changes(conn, int(key), "amount")
    assert [c["value"] for c in changes] == ["3", "4"]


def test_retries_zero_raises_an_incident_resolved_after_patching_retries(api: Api) -> None:
    key = _start(api)
    _complete_review(api, key)
    (job,) = _activate(api)
    assert job["retries"] == 2
    assert isinstance(job["deadline"], int)
    failed = api.client.post(
        f"/v2/jobs/{job['jobKey']}/failure",
        json={"retries": 0, "errorMessage": "printer on fire"},
        headers=api.admin,
    )
    assert failed.status_code == 204
    instance = _instance(api, key)
    assert (instance["state"], instance["hasIncident"]) == ("ACTIVE", True)
    (incident,) = _incidents(api, key)
    assert incident["errorType"] == "JOB_NO_RETRIES"
    assert incident["errorMessage"] == "printer on fire"
    assert incident["jobKey"] == incident["elementInstanceKey"] == job["jobKey"]
    assert incident["elementId"] == "ship" and incident["state"] == "ACTIVE"
    (ship,) = _elements(api, key, hasIncident=True)
    assert (ship["elementId"], ship["state"], ship["incidentKey"]) == (
        "ship",
        "ACTIVE",
        incident["incidentKey"],
    )
    assert _activate(api) == []  # held by the incident

    resolve = f"/v2/incidents/{incident['incidentKey']}/resolution"
    refused = api.client.post(resolve, headers=api.admin)
    assert refused.status_code == 409  # no retries yet: nothing changes
    assert _incidents(api, key)[0]["state"] == "ACTIVE"
    patched = api.client.patch(
        f"/v2/jobs/{job['jobKey']}", json={"changeset": {"retries": 3}}, headers=api.admin
    )
    assert patched.status_code == 204
    assert api.client.post(resolve, headers=api.admin).status_code == 204
    assert _incidents(api, key)[0]["state"] == "RESOLVED"
    assert _instance(api, key)["hasIncident"] is False
    (again,) = _activate(api)
    assert (again["jobKey"], again["retries"]) == (job["jobKey"], 3)
    api.client.post(
        f"/v2/jobs/{again['jobKey']}/completion",
        json={"variables": {"tracking": "T2"}},
        headers=api.admin,
    )
    assert _instance(api, key)["state"] == "COMPLETED"
    jobs = api.client.post(
        "/v2/jobs/search", json={"filter": {"processInstanceKey": key}}, headers=api.admin
    ).json()["items"]
    assert [(j["jobKey"], j["state"], j["retries"]) for j in jobs] == [
        (job["jobKey"], "COMPLETED", 3)
    ]


def test_a_job_whose_timeout_passes_comes_back_with_the_same_key_and_retries(
    api: Api, ctx: ServiceContext, clock: FakeClock
) -> None:
    key = _start(api)
    _complete_review(api, key)
    assert ctx.scheduler is not None
    (job,) = _activate(api)
    for _ in range(4):  # more timeouts than retries: the instance stays active
        clock.advance(61)
        ctx.scheduler.run_due()
        api._admin_token = None
        (again,) = _activate(api)
        assert (again["jobKey"], again["retries"]) == (job["jobKey"], job["retries"])
    assert _instance(api, key)["state"] == "ACTIVE"
    assert _incidents(api, key) == []


def test_a_failure_with_back_off_offers_the_job_again_later(
    api: Api, ctx: ServiceContext, clock: FakeClock
) -> None:
    key = _start(api)
    _complete_review(api, key)
    (job,) = _activate(api)
    api.client.post(
        f"/v2/jobs/{job['jobKey']}/failure",
        json={"retries": 1, "retryBackOff": 30_000, "errorMessage": "busy"},
        headers=api.admin,
    )
    assert _activate(api) == []
    clock.advance(31)
    api._admin_token = None
    (again,) = _activate(api)
    assert (again["jobKey"], again["retries"]) == (job["jobKey"], 1)
    assert _instance(api, key)["state"] == "ACTIVE"


def test_patch_job_timeout_moves_the_deadline(
    api: Api, ctx: ServiceContext, clock: FakeClock
) -> None:
    key = _start(api)
    _complete_review(api, key)
    (job,) = _activate(api)
    patched = api.client.patch(
        f"/v2/jobs/{job['jobKey']}", json={"changeset": {"timeout": 600_000}}, headers=api.admin
    )
    assert patched.status_code == 204
    clock.advance(120)  # past the first timeout, not the new one
    assert ctx.scheduler is not None
    ctx.scheduler.run_due()
    api._admin_token = None
    assert _activate(api) == []
    bad = api.client.patch(
        f"/v2/jobs/{job['jobKey']}", json={"changeset": {"retries": 0}}, headers=api.admin
    )
    assert bad.status_code == 400
    missing = api.client.patch(
        "/v2/jobs/12345", json={"changeset": {"retries": 1}}, headers=api.admin
    )
    assert missing.status_code == 404
    assert key


def test_a_feel_error_raises_an_incident_fixed_by_setting_variables(api: Api) -> None:
    key = _start(api)
    _complete_review(api, key)
    (job,) = _activate(api)
    api.client.post(f"/v2/jobs/{job['jobKey']}/completion", json={}, headers=api.admin)
    # `tracking` is unset: the condition is null, no flow can be taken -> EXTRACT_VALUE_ERROR
    (incident,) = _incidents(api, key)
    assert (incident["errorType"], incident["elementId"]) == ("EXTRACT_VALUE_ERROR", "gw")
    (gw,) = _elements(api, key, elementId="gw")
    assert (gw["state"], gw["hasIncident"]) == ("ACTIVE", True)
    assert _instance(api, key)["state"] == "ACTIVE"
    api.client.put(
        f"/v2/element-instances/{key}/variables",
        json={"variables": {"tracking": "T3"}},
        headers=api.admin,
    )
    resolved = api.client.post(
        f"/v2/incidents/{incident['incidentKey']}/resolution", headers=api.admin
    )
    assert resolved.status_code == 204
    assert _instance(api, key)["state"] == "COMPLETED"
    (gw,) = _elements(api, key, elementId="gw")
    assert (gw["state"], gw["hasIncident"], gw["elementInstanceKey"]) == (
        "COMPLETED",
        False,
        incident["elementInstanceKey"],
    )


def test_callers_who_may_not_see_the_instance_learn_nothing(api: Api) -> None:
    key = _start(api)
    _complete_review(api, key)
    (job,) = _activate(api)
    api.client.post(f"/v2/jobs/{job['jobKey']}/failure", json={"retries": 0}, headers=api.admin)
    (incident,) = _incidents(api, key)
    (element,) = _elements(api, key, elementId="ship")
    (variable,) = api.client.post(
        "/v2/variables/search",
        json={"filter": {"processInstanceKey": key, "name": "amount"}},
        headers=api.admin,
    ).json()["items"]
    eve = api.create_user("eve")
    for path in (
        f"/v2/element-instances/{element['elementInstanceKey']}",
        f"/v2/incidents/{incident['incidentKey']}",
        f"/v2/variables/{variable['variableKey']}",
        "/v2/element-instances/999",
        "/v2/incidents/999",
    ):
        response = api.client.get(path, headers=eve)
        assert response.status_code == 404, path
        assert response.headers["content-type"].startswith("application/problem+json")
    for resource in ("element-instances", "variables", "incidents", "jobs"):
        found = api.client.post(f"/v2/{resource}/search", json={}, headers=eve).json()
        assert found["items"] == [] and found["page"]["totalItems"] == 0, resource
    resolve = api.client.post(f"/v2/incidents/{incident['incidentKey']}/resolution", headers=eve)
    assert resolve.status_code == 404
    patch = api.client.patch(
        f"/v2/jobs/{job['jobKey']}", json={"changeset": {"retries": 2}}, headers=eve
    )
    assert patch.status_code == 404
    assert _incidents(api, key)[0]["state"] == "ACTIVE"

"""/v2/messages: publication (buffered for its time to live, de-duplicated by message id) and
correlation, reaching catch events, receive tasks, boundaries and message start events."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from fastapi.testclient import TestClient

from baton.clock import FakeClock
from baton.services.context import ServiceContext

from support import Api

HEAD = """<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL"
    xmlns:zeebe="http://camunda.org/schema/zeebe/1.0" id="defs" targetNamespace="baton-tests">
  <bpmn:message id="m_paid" name="paid">
    <bpmn:extensionElements><zeebe:subscription correlationKey="=orderId"/>
    </bpmn:extensionElements>
  </bpmn:message>
  <bpmn:message id="m_cancel" name="cancel">
    <bpmn:extensionElements><zeebe:subscription correlationKey="=orderId"/>
    </bpmn:extensionElements>
  </bpmn:message>
  <bpmn:message id="m_order" name="order"/>
"""

ORDER = (
    HEAD
    + """  <bpmn:process id="order" isExecutable="true">
    <bpmn:startEvent id="start"/>
    <bpmn:sequenceFlow id="f1" sourceRef="start" targetRef="pay"/>
    <bpmn:intermediateCatchEvent id="pay">
      <bpmn:messageEventDefinition messageRef="m_paid"/>
    </bpmn:intermediateCatchEvent>
    <bpmn:sequenceFlow id="f2" sourceRef="pay" targetRef="ship"/>
    <bpmn:receiveTask id="ship" messageRef="m_paid"/>
    <bpmn:sequenceFlow id="f3" sourceRef="ship" targetRef="end"/>
    <bpmn:endEvent id="end"/>
  </bpmn:process>
</bpmn:definitions>
"""
)

REVIEW = (
    HEAD
    + """  <bpmn:process id="review" isExecutable="true">
    <bpmn:startEvent id="start"/>
    <bpmn:sequenceFlow id="f1" sourceRef="start" targetRef="check"/>
    <bpmn:userTask id="check"><bpmn:extensionElements><zeebe:userTask/></bpmn:extensionElements>
    </bpmn:userTask>
    <bpmn:boundaryEvent id="cancelled" attachedToRef="check">
      <bpmn:messageEventDefinition messageRef="m_cancel"/>
    </bpmn:boundaryEvent>
    <bpmn:boundaryEvent id="nudge" attachedToRef="check" cancelActivity="false">
      <bpmn:messageEventDefinition messageRef="m_paid"/>
    </bpmn:boundaryEvent>
    <bpmn:sequenceFlow id="f2" sourceRef="check" targetRef="end"/>
    <bpmn:sequenceFlow id="f3" sourceRef="cancelled" targetRef="stopped"/>
    <bpmn:sequenceFlow id="f4" sourceRef="nudge" targetRef="noted"/>
    <bpmn:endEvent id="end"/>
    <bpmn:endEvent id="stopped"/>
    <bpmn:endEvent id="noted"/>
  </bpmn:process>
</bpmn:definitions>
"""
)

STARTED = (
    HEAD
    + """  <bpmn:process id="intake" isExecutable="true">
    <bpmn:startEvent id="byOrder"><bpmn:messageEventDefinition messageRef="m_order"/>
    </bpmn:startEvent>
    <bpmn:sequenceFlow id="f1" sourceRef="byOrder" targetRef="handle"/>
    <bpmn:userTask id="handle"><bpmn:extensionElements><zeebe:userTask/></bpmn:extensionElements>
    </bpmn:userTask>
    <bpmn:sequenceFlow id="f2" sourceRef="handle" targetRef="end"/>
    <bpmn:endEvent id="end"/>
  </bpmn:process>
</bpmn:definitions>
"""
)


def deploy(api: Api, name: str, xml: str) -> None:
    parts = [("resources", (name, xml.encode(), "application/octet-stream"))]
    response = api.client.post("/v2/deployments", files=parts, headers=api.admin)
    assert response.status_code == 200, response.text


def start(api: Api, process_id: str, variables: dict[str, Any]) -> str:
    started = api.client.post(
        "/v2/process-instances",
        json={"processDefinitionId": process_id, "variables": variables},
        headers=api.admin,
    )
    assert started.status_code == 200, started.text
    return str(started.json()["processInstanceKey"])


def instance(api: Api, key: str) -> dict[str, Any]:
    found = api.client.get(f"/v2/process-instances/{key}", headers=api.admin)
    assert found.status_code == 200, found.text
    return dict(found.json())


def publish(api: Api, headers: dict[str, str] | None = None, **body: Any) -> Any:
    return api.client.post("/v2/messages/publication", json=body, headers=headers or api.admin)


def correlate(api: Api, headers: dict[str, str] | None = None, **body: Any) -> Any:
    return api.client.post("/v2/messages/correlation", json=body, headers=headers or api.admin)


def test_publication_reaches_the_catch_event_then_the_receive_task(api: Api) -> None:
    deploy(api, "order.bpmn", ORDER)
    key = start(api, "order", {"orderId": 7})
    other = start(api, "order", {"orderId": 8})
    answer = publish(api, name="paid", correlationKey="7", variables={"amount": 5})
    assert answer.status_code == 200, answer.text
    body = answer.json()
    assert body["tenantId"] == "<default>" and body["messageKey"].isdigit()
    assert instance(api, key)["variables"]["amount"] == 5
    assert instance(api, key)["state"] == "ACTIVE"  # now in the receive task
    assert "amount" not in instance(api, other)["variables"]
    assert publish(api, name="paid", correlationKey="7").status_code == 200
    assert instance(api, key)["state"] == "COMPLETED"
    assert instance(api, other)["state"] == "ACTIVE"


def test_buffered_message_reaches_a_subscription_opened_within_its_ttl(
    api: Api, clock: FakeClock
) -> None:
    deploy(api, "order.bpmn", ORDER)
    answer = publish(api, name="paid", correlationKey="9", timeToLive=60_000, variables={"a": 1})
    assert answer.status_code == 200
    key = start(api, "order", {"orderId": 9})
    assert instance(api, key)["variables"]["a"] == 1  # caught at once, now at the receive task
    # the message reached this process once: the receive task still waits
    assert instance(api, key)["state"] == "ACTIVE"
    publish(api, name="paid", correlationKey="10", timeToLive=1_000)
    clock.advance(timedelta(seconds=2))
    late = start(api, "order", {"orderId": 10})
    assert "a" not in instance(api, late)["variables"] and instance(api, late)["state"] == "ACTIVE"


def test_a_second_publication_with_the_same_message_id_is_refused(api: Api) -> None:
    first = publish(api, name="paid", correlationKey="1", timeToLive=60_000, messageId="m-1")
    assert first.status_code == 200, first.text
    second = publish(api, name="paid", correlationKey="1", timeToLive=60_000, messageId="m-1")
    assert second.status_code == 409, second.text
    assert "already published" in second.json()["detail"]
    other_key = publish(api, name="paid", correlationKey="2", timeToLive=60_000, messageId="m-1")
    assert other_key.status_code == 200


def test_correlation_reaches_one_subscription_or_answers_404(api: Api) -> None:
    deploy(api, "order.bpmn", ORDER)
    key = start(api, "order", {"orderId": "x"})
    found = correlate(api, name="paid", correlationKey="x", variables={"v": 1})
    assert found.status_code == 200, found.text
    assert found.json()["processInstanceKey"] == key
    assert instance(api, key)["variables"]["v"] == 1
    missing = correlate(api, name="paid", correlationKey="nobody")
    assert missing.status_code == 404, missing.text
    assert "Expected to find subscription for message with name 'paid'" in missing.text


def test_message_boundaries_interrupt_or_not(api: Api) -> None:
    deploy(api, "review.bpmn", REVIEW)
    key = start(api, "review", {"orderId": "r1"})
    assert publish(api, name="paid", correlationKey="r1").status_code == 200
    assert instance(api, key)["state"] == "ACTIVE"  # non-interrupting: the task goes on
    assert publish(api, name="paid", correlationKey="r1").status_code == 200  # subscribed again
    assert correlate(api, name="cancel", correlationKey="r1").status_code == 200
    assert instance(api, key)["state"] == "COMPLETED"
    assert correlate(api, name="cancel", correlationKey="r1").status_code == 404


def test_message_start_event_starts_one_instance_per_correlation_key(api: Api) -> None:
    deploy(api, "intake.bpmn", STARTED)
    plain = api.client.post(
        "/v2/process-instances", json={"processDefinitionId": "intake"}, headers=api.admin
    )
    assert plain.status_code == 400 and "no none start event" in plain.text
    found = correlate(api, name="order", correlationKey="c1", variables={"item": "pen"})
    assert found.status_code == 200, found.text
    key = found.json()["processInstanceKey"]
    assert instance(api, key)["variables"] == {"item": "pen"}
    # an instance started for key c1 is running: no second one starts for it
    assert correlate(api, name="order", correlationKey="c1").status_code == 404
    assert correlate(api, name="order", correlationKey="c2").status_code == 200
    assert publish(api, name="order").status_code == 200  # no key: always a new instance
    assert publish(api, name="order").status_code == 200
    search = api.client.post(
        "/v2/process-instances/search",
        json={"filter": {"processDefinitionId": "intake"}},
        headers=api.admin,
    )
    assert search.json()["page"]["totalItems"] == 4
    cancel = api.client.post(f"/v2/process-instances/{key}/cancellation", headers=api.admin)
    assert cancel.status_code == 204
    assert correlate(api, name="order", correlationKey="c1").status_code == 200


def test_correlating_needs_permission_on_the_process(api: Api) -> None:
    deploy(api, "order.bpmn", ORDER)
    deploy(api, "intake.bpmn", STARTED)
    key = start(api, "order", {"orderId": "p"})
    worker = api.create_user("wally", roles=["WORKER"])
    refused = publish(api, worker, name="paid", correlationKey="p")
    assert refused.status_code == 403, refused.text
    assert "variables" in instance(api, key) and instance(api, key)["state"] == "ACTIVE"
    assert correlate(api, worker, name="order").status_code == 403


def test_bad_requests_change_nothing(api: Api) -> None:
    assert publish(api, correlationKey="1").status_code == 400
    assert publish(api, name="x", timeToLive=-1).status_code == 400
    assert publish(api, name="x", timeToLive="soon").status_code == 400
    assert publish(api, name="x", variables=[1]).status_code == 400
    assert publish(api, name="x", tenantId="other").status_code == 400
    assert publish(api, name="x", bogus=1).status_code == 400
    assert correlate(api, name="").status_code == 400


def test_message_end_event_is_a_job(api: Api, client: TestClient, ctx: ServiceContext) -> None:
    xml = (
        HEAD
        + """  <bpmn:process id="notify" isExecutable="true">
    <bpmn:startEvent id="start"/>
    <bpmn:sequenceFlow id="f1" sourceRef="start" targetRef="end"/>
    <bpmn:endEvent id="end"><bpmn:messageEventDefinition messageRef="m_order"/>
      <bpmn:extensionElements><zeebe:taskDefinition type="send-order"/></bpmn:extensionElements>
    </bpmn:endEvent>
  </bpmn:process>
</bpmn:definitions>
"""
    )
    deploy(api, "notify.bpmn", xml)
    key = start(api, "notify", {})
    jobs = client.post(
        "/v2/jobs/activation",
        json={"type": "send-order", "maxJobsToActivate": 5, "timeout": 60000, "worker": "w"},
        headers=api.admin,
    )
    assert jobs.status_code == 200, jobs.text
    (job,) = jobs.json()["jobs"]
    assert job["elementId"] == "end"
    done = client.post(f"/v2/jobs/{job['jobKey']}/completion", json={}, headers=api.admin)
    assert done.status_code == 204
    assert instance(api, key)["state"] == "COMPLETED"


GATEWAY = (
    HEAD
    + """  <bpmn:process id="wait" isExecutable="true">
    <bpmn:startEvent id="start"/>
    <bpmn:sequenceFlow id="f1" sourceRef="start" targetRef="gw"/>
    <bpmn:eventBasedGateway id="gw"/>
    <bpmn:sequenceFlow id="f2" sourceRef="gw" targetRef="paid"/>
    <bpmn:sequenceFlow id="f3" sourceRef="gw" targetRef="late"/>
    <bpmn:intermediateCatchEvent id="paid"><bpmn:messageEventDefinition messageRef="m_paid"/>
    </bpmn:intermediateCatchEvent>
    <bpmn:intermediateCatchEvent id="late"><bpmn:timerEventDefinition>
      <bpmn:timeDuration>PT10M</bpmn:timeDuration></bpmn:timerEventDefinition>
    </bpmn:intermediateCatchEvent>
    <bpmn:sequenceFlow id="f4" sourceRef="paid" targetRef="done"/>
    <bpmn:sequenceFlow id="f5" sourceRef="late" targetRef="remind"/>
    <bpmn:endEvent id="done"/>
    <bpmn:userTask id="remind"><bpmn:extensionElements><zeebe:userTask/></bpmn:extensionElements>
    </bpmn:userTask>
  </bpmn:process>
</bpmn:definitions>
"""
)


def test_event_based_gateway_takes_the_first_event(
    api: Api, clock: FakeClock, ctx: ServiceContext
) -> None:
    deploy(api, "wait.bpmn", GATEWAY)
    paid = start(api, "wait", {"orderId": "g1"})
    late = start(api, "wait", {"orderId": "g2"})
    assert correlate(api, name="paid", correlationKey="g1").status_code == 200
    assert instance(api, paid)["state"] == "COMPLETED"
    clock.advance(timedelta(minutes=10, seconds=1))
    assert ctx.scheduler is not None
    ctx.scheduler.run_due()
    assert instance(api, late)["state"] == "ACTIVE"
    assert correlate(api, name="paid", correlationKey="g2").status_code == 404  # closed


def test_a_message_buffered_for_a_busy_key_starts_the_next_instance(api: Api) -> None:
    deploy(api, "intake.bpmn", STARTED)
    first = publish(api, name="order", correlationKey="k", variables={"n": 1})
    assert first.status_code == 200
    waiting = publish(api, name="order", correlationKey="k", timeToLive=60_000, variables={"n": 2})
    assert waiting.status_code == 200
    search = api.client.post(
        "/v2/process-instances/search",
        json={"filter": {"processDefinitionId": "intake"}},
        headers=api.admin,
    )
    (running,) = search.json()["items"]
    assert instance(api, running["processInstanceKey"])["variables"] == {"n": 1}
    cancel = api.client.post(
        f"/v2/process-instances/{running['processInstanceKey']}/cancellation", headers=api.admin
    )
    assert cancel.status_code == 204
    search = api.client.post(
        "/v2/process-instances/search",
        json={"filter": {"processDefinitionId": "intake", "state": "ACTIVE"}},
        headers=api.admin,
    )
    (following,) = search.json()["items"]
    assert instance(api, following["processInstanceKey"])["variables"] == {"n": 2}

"""`POST /v2/jobs/search` shows what happened to a job: the message of its last failure (or of
an error it threw), whether it failed with retries left, and the custom headers its worker
gets (task headers; for a job-worker user task also Zeebe's `io.camunda.zeebe:*` ones)."""

from __future__ import annotations

import json
from typing import Any

from baton.clock import FakeClock
from baton.services.context import ServiceContext

from support import Api

MODEL = b"""<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL"
    xmlns:zeebe="http://camunda.org/schema/zeebe/1.0" id="defs" targetNamespace="t">
  <bpmn:process id="shipping" isExecutable="true">
    <bpmn:startEvent id="start"/>
    <bpmn:sequenceFlow id="f1" sourceRef="start" targetRef="ship"/>
    <bpmn:serviceTask id="ship">
      <bpmn:extensionElements>
        <zeebe:taskDefinition type="ship" retries="3"/>
        <zeebe:taskHeaders>
          <zeebe:header key="carrier" value="dhl"/>
          <zeebe:header key="region" value="eu"/>
        </zeebe:taskHeaders>
      </bpmn:extensionElements>
    </bpmn:serviceTask>
    <bpmn:sequenceFlow id="f2" sourceRef="ship" targetRef="check"/>
    <bpmn:userTask id="check" name="Check">
      <bpmn:extensionElements>
        <zeebe:assignmentDefinition assignee="ann" candidateGroups="ops, qa"/>
        <zeebe:taskHeaders><zeebe:header key="ui" value="compact"/></zeebe:taskHeaders>
      </bpmn:extensionElements>
    </bpmn:userTask>
    <bpmn:sequenceFlow id="f3" sourceRef="check" targetRef="end"/>
    <bpmn:endEvent id="end"/>
  </bpmn:process>
</bpmn:definitions>
"""


def _start(api: Api) -> str:
    files = [("resources", ("shipping.bpmn", MODEL, "application/xml"))]
    assert api.client.post("/v2/deployments", files=files, headers=api.admin).status_code == 200
    started = api.client.post(
        "/v2/process-instances", json={"processDefinitionId": "shipping"}, headers=api.admin
    )
    assert started.status_code == 200, started.text
    return str(started.json()["processInstanceKey"])


def _activate(api: Api, job_type: str = "ship") -> dict[str, Any]:
    body = {"type": job_type, "timeout": 60_000, "maxJobsToActivate": 1}
    response = api.client.post("/v2/jobs/activation", json=body, headers=api.admin)
    assert response.status_code == 200, response.text
    (job,) = response.json()["jobs"]
    return dict(job)


def _searched(api: Api, key: str, **filters: Any) -> dict[str, Any]:
    body = {"filter": {"processInstanceKey": key, **filters}}
    response = api.client.post("/v2/jobs/search", json=body, headers=api.admin)
    assert response.status_code == 200, response.text
    (job,) = response.json()["items"]
    return dict(job)


def _fail(api: Api, job_key: str, **body: Any) -> None:
    response = api.client.post(f"/v2/jobs/{job_key}/failure", json=body, headers=api.admin)
    assert response.status_code == 204, response.text


def _failure_view(job: dict[str, Any]) -> tuple[Any, Any, Any]:
    return job["errorMessage"], job["hasFailedWithRetriesLeft"], job["retries"]


def test_a_failed_job_shows_its_message_and_whether_retries_are_left(api: Api) -> None:
    key = _start(api)
    job = _activate(api)
    assert _failure_view(_searched(api, key)) == (None, False, 3)

    _fail(api, job["jobKey"], retries=2, errorMessage="carrier busy")
    assert _failure_view(_searched(api, key)) == ("carrier busy", True, 2)

    _fail(api, _activate(api)["jobKey"], retries=0, errorMessage="carrier gone")
    assert _failure_view(_searched(api, key)) == ("carrier gone", False, 0)

    patched = api.client.patch(
        f"/v2/jobs/{job['jobKey']}", json={"changeset": {"retries": 1}}, headers=api.admin
    )
    assert patched.status_code == 204
    assert _failure_view(_searched(api, key)) == ("carrier gone", True, 1)


def test_a_lease_that_runs_out_keeps_the_last_failure(
    api: Api, ctx: ServiceContext, clock: FakeClock
) -> None:
    key = _start(api)
    _fail(api, _activate(api)["jobKey"], retries=2, errorMessage="carrier busy")
    _activate(api)
    clock.advance(61)
    assert ctx.scheduler is not None
    ctx.scheduler.run_due()
    api._admin_token = None
    assert _failure_view(_searched(api, key)) == ("carrier busy", True, 2)


def test_an_uncaught_error_shows_its_message_but_is_no_failure(api: Api) -> None:
    key = _start(api)
    job = _activate(api)
    thrown = api.client.post(
        f"/v2/jobs/{job['jobKey']}/error",
        json={"errorCode": "NO_STOCK", "errorMessage": "out of boxes"},
        headers=api.admin,
    )
    assert thrown.status_code == 204, thrown.text
    assert _failure_view(_searched(api, key)) == ("out of boxes", False, 3)


def test_jobs_carry_their_custom_headers(api: Api) -> None:
    api.create_user("ann")
    key = _start(api)
    assert _searched(api, key)["customHeaders"] == {"carrier": "dhl", "region": "eu"}
    done = api.client.post(f"/v2/jobs/{_activate(api)['jobKey']}/completion", headers=api.admin)
    assert done.status_code == 204, done.text

    user_task_job = _searched(api, key, elementId="check")
    headers = user_task_job["customHeaders"]
    assert headers == _activate(api, "io.camunda.zeebe:userTask")["customHeaders"]
    assert headers["ui"] == "compact"
    assert headers["io.camunda.zeebe:assignee"] == "ann"
    assert json.loads(headers["io.camunda.zeebe:candidateGroups"]) == ["ops", "qa"]

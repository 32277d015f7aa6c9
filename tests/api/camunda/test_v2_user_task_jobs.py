"""Job-worker user tasks (no `zeebe:userTask`): a human task that job workers can also take
as jobs of type `io.camunda.zeebe:userTask`, with the `io.camunda.zeebe:*` headers."""

from __future__ import annotations

import json

from baton.clock import FakeClock
from baton.services.context import ServiceContext

from support import Api

MODEL = b"""<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL"
    xmlns:zeebe="http://camunda.org/schema/zeebe/1.0" id="defs" targetNamespace="t">
  <bpmn:process id="legacy" isExecutable="true">
    <bpmn:startEvent id="start"/>
    <bpmn:sequenceFlow id="f1" sourceRef="start" targetRef="review"/>
    <bpmn:userTask id="review" name="Review">
      <bpmn:extensionElements>
        <zeebe:assignmentDefinition assignee="ann" candidateGroups="approvers, finance"/>
        <zeebe:formDefinition formKey="custom:review"/>
      </bpmn:extensionElements>
    </bpmn:userTask>
    <bpmn:sequenceFlow id="f2" sourceRef="review" targetRef="end"/>
    <bpmn:endEvent id="end"/>
  </bpmn:process>
</bpmn:definitions>
"""

ACTIVATE = {"type": "io.camunda.zeebe:userTask", "timeout": 60_000, "maxJobsToActivate": 5}


def _start(api: Api) -> str:
    files = [("resources", ("legacy.bpmn", MODEL, "application/xml"))]
    assert api.client.post("/v2/deployments", files=files, headers=api.admin).status_code == 200
    response = api.client.post(
        "/v2/process-instances",
        json={"processDefinitionId": "legacy", "variables": {"amount": 3}},
        headers=api.admin,
    )
    return str(response.json()["processInstanceKey"])


def test_user_task_job_is_activated_and_completed(api: Api) -> None:
    api.create_user("ann")
    key = _start(api)
    (job,) = api.client.post("/v2/jobs/activation", json=ACTIVATE, headers=api.admin).json()["jobs"]
    headers = job["customHeaders"]
    assert headers["io.camunda.zeebe:assignee"] == "ann"
    assert json.loads(headers["io.camunda.zeebe:candidateGroups"]) == ["approvers", "finance"]
    assert headers["io.camunda.zeebe:formKey"] == "custom:review"
    assert job["variables"] == {"amount": 3}
    assert job["retries"] == 1
    done = api.client.post(
        f"/v2/jobs/{job['jobKey']}/completion", json={"variables": {"ok": True}}, headers=api.admin
    )
    assert done.status_code == 204
    instance = api.client.get(f"/v2/process-instances/{key}", headers=api.admin).json()
    assert instance["state"] == "COMPLETED"
    assert instance["variables"]["ok"] is True
    task = api.client.get(f"/api/human/tasks/{job['jobKey']}", headers=api.admin).json()
    assert task["state"] == "COMPLETED"


def test_expired_job_lease_leaves_the_person_task_open(
    api: Api, ctx: ServiceContext, clock: FakeClock
) -> None:
    api.create_user("ann")
    key = _start(api)
    (job,) = api.client.post("/v2/jobs/activation", json=ACTIVATE, headers=api.admin).json()["jobs"]
    clock.advance(61)
    assert ctx.scheduler is not None
    ctx.scheduler.run_due()
    assert api.client.get(f"/v2/process-instances/{key}", headers=api.admin).json()["state"] == (
        "ACTIVE"
    )
    api._admin_token = None
    (again,) = api.client.post("/v2/jobs/activation", json=ACTIVATE, headers=api.admin).json()[
        "jobs"
    ]
    assert again["jobKey"] == job["jobKey"]


def test_the_person_can_still_work_it_through_the_task_api(api: Api) -> None:
    ann = api.create_user("ann")
    key = _start(api)
    task = api.client.post("/api/human/tasks/search", json={}, headers=ann).json()["results"][0]
    assert task["state"] == "IN_PROGRESS"  # the assignee was given the task (auto-claim)
    done = api.client.post(
        f"/api/human/tasks/{task['taskId']}/update?complete=true", json={"ok": 1}, headers=ann
    )
    assert done.status_code == 204
    assert api.client.get(f"/v2/process-instances/{key}", headers=api.admin).json()["state"] == (
        "COMPLETED"
    )
    jobs = api.client.post("/v2/jobs/activation", json=ACTIVATE, headers=api.admin).json()
    assert jobs["jobs"] == []

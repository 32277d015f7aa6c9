"""Races on a user task with task listeners, with real threads: two assignments asked at
once start one listener job; two completions of one listener job apply the transition once."""

from __future__ import annotations

from functools import partial

from baton.services import jobs
from baton.services.auth import authenticate
from baton.services.context import ServiceContext
from baton.services.human import user_tasks

from support import Api, at_once

XML = b"""<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL"
    xmlns:zeebe="http://camunda.org/schema/zeebe/1.0" id="defs" targetNamespace="t">
  <bpmn:process id="raced" isExecutable="true">
    <bpmn:startEvent id="start"/>
    <bpmn:sequenceFlow id="f1" sourceRef="start" targetRef="approve"/>
    <bpmn:userTask id="approve"><bpmn:extensionElements><zeebe:userTask/>
      <zeebe:taskListeners>
        <zeebe:taskListener eventType="assigning" type="check"/>
      </zeebe:taskListeners></bpmn:extensionElements></bpmn:userTask>
    <bpmn:sequenceFlow id="f2" sourceRef="approve" targetRef="end"/>
    <bpmn:endEvent id="end"/>
  </bpmn:process>
</bpmn:definitions>"""


def _task(api: Api) -> str:
    started = api.client.post(
        "/v2/process-instances", json={"processDefinitionId": "raced"}, headers=api.admin
    )
    assert started.status_code == 200, started.text
    instance = started.json()["processInstanceKey"]
    found = api.client.post(
        "/v2/user-tasks/search",
        json={"filter": {"processInstanceKey": instance}},
        headers=api.admin,
    ).json()["items"]
    return str(found[0]["userTaskKey"])


def test_assignments_racing_start_one_listener_job_and_complete_once(
    api: Api, ctx: ServiceContext
) -> None:
    parts = [("resources", ("raced.bpmn", XML, "application/xml"))]
    assert api.client.post("/v2/deployments", files=parts, headers=api.admin).status_code == 200
    admin = authenticate(ctx, api.admin["X-Authorization"])
    for _ in range(5):
        key = _task(api)
        results = at_once(
            [
                partial(user_tasks.assign, ctx, admin, key, who, allow_override=True)
                for who in ("ann", "bob")
            ]
        )
        assert sorted(type(r).__name__ for r in results) == ["Conflict", "bool"], results
        (job,) = jobs.activate(ctx, admin, {"type": "check", "maxJobsToActivate": 5})
        done = at_once([partial(jobs.complete, ctx, admin, job.key, {}) for _ in range(2)])
        assert sorted(type(r).__name__ for r in done) == ["Conflict", "NoneType"], done
        task = user_tasks.get(ctx, admin, key)
        assert task.task.claimant is not None
        assert task.task.claimant.user == job.user_task.assignee if job.user_task else False
        claims = [e for e in task.task.action_log if e.action.value == "CLAIM"]
        assert len(claims) == 1

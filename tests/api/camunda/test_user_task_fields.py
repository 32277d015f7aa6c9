"""`/v2/user-tasks` fields Camunda clients read: the process `name`, candidate users without
the static assignee, the completion time, and candidate filters that find closed tasks."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from user_task_helpers import People, deploy, search, start, task_of

from baton.clock import FakeClock, iso_ms
from baton.services.context import ServiceContext
from baton.store.schema import human_tasks

from support import Api

NAMED = b"""<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL"
    xmlns:zeebe="http://camunda.org/schema/zeebe/1.0" id="defs" targetNamespace="t">
  <bpmn:process id="named" name="Order approval" isExecutable="true">
    <bpmn:startEvent id="start"/>
    <bpmn:sequenceFlow id="f1" sourceRef="start" targetRef="check"/>
    <bpmn:userTask id="check" name="Check">
      <bpmn:extensionElements>
        <zeebe:userTask/>
        <zeebe:assignmentDefinition assignee="ann" candidateUsers="dora" candidateGroups="sales"/>
      </bpmn:extensionElements>
    </bpmn:userTask>
    <bpmn:sequenceFlow id="f2" sourceRef="check" targetRef="end"/>
    <bpmn:endEvent id="end"/>
  </bpmn:process>
</bpmn:definitions>
"""


def _keys(found: dict[str, Any]) -> list[str]:
    return [t["userTaskKey"] for t in found["items"]]


def test_process_name_and_candidates_without_the_static_assignee(api: Api) -> None:
    files = [("resources", ("named.bpmn", NAMED, "application/xml"))]
    deployed = api.client.post("/v2/deployments", files=files, headers=api.admin)
    assert deployed.status_code == 200, deployed.text
    started = api.client.post(
        "/v2/process-instances", json={"processDefinitionId": "named"}, headers=api.admin
    )
    assert started.status_code == 200, started.text
    (task,) = search(api, api.admin, filter={"elementId": "check"})["items"]
    assert task["processName"] == "Order approval"
    assert task["assignee"] == "ann"
    assert task["candidateUsers"] == ["dora"]
    assert task["candidateGroups"] == ["sales"]


def test_a_process_without_a_name_shows_its_id(api: Api) -> None:
    deploy(api)
    assert task_of(api, start(api))["processName"] == "approval"


def test_completion_date_is_when_the_task_completed(
    api: Api, ctx: ServiceContext, clock: FakeClock
) -> None:
    deploy(api)
    key = task_of(api, start(api))["userTaskKey"]
    clock.advance(timedelta(minutes=5))
    done_at = ctx.now_ms()
    answer = {"variables": {"approved": False}}
    done = api.client.post(f"/v2/user-tasks/{key}/completion", json=answer, headers=api.admin)
    assert done.status_code == 204, done.text
    with ctx.db.write() as conn:  # a later write to the row (e.g. a trigger's log)
        conn.execute(
            human_tasks.update()
            .where(human_tasks.c.id == key)
            .values(updated_at=done_at + 3_600_000)
        )
    got = api.client.get(f"/v2/user-tasks/{key}", headers=api.admin).json()
    assert got["completionDate"] == iso_ms(done_at)


def test_completion_date_filter_and_sort_agree_with_the_value_shown(
    api: Api, ctx: ServiceContext, clock: FakeClock
) -> None:
    deploy(api)
    first, second, still_open = (task_of(api, start(api))["userTaskKey"] for _ in range(3))
    answer = {"variables": {"approved": False}}
    closed_at = {}
    for key in (first, second):
        clock.advance(timedelta(minutes=5))
        closed_at[key] = iso_ms(ctx.now_ms())
        done = api.client.post(f"/v2/user-tasks/{key}/completion", json=answer, headers=api.admin)
        assert done.status_code == 204, done.text
    with ctx.db.write() as conn:  # a later write to the first row (e.g. a trigger's log)
        conn.execute(
            human_tasks.update()
            .where(human_tasks.c.id == first)
            .values(updated_at=ctx.now_ms() + 3_600_000)
        )

    at_first = {"$gte": closed_at[first], "$lte": closed_at[first]}
    found = search(api, api.admin, filter={"completionDate": at_first})
    assert [(t["userTaskKey"], t["completionDate"]) for t in found["items"]] == [
        (first, closed_at[first])
    ]
    in_order = search(
        api,
        api.admin,
        filter={"completionDate": {"$exists": True}},
        sort=[{"field": "completionDate", "order": "DESC"}],
    )
    assert _keys(in_order) == [second, first]
    assert still_open not in _keys(in_order)


def test_candidate_filters_find_completed_tasks_and_the_inbox_does_not(api: Api) -> None:
    deploy(api)
    people = People(api)
    open_key = task_of(api, start(api))["userTaskKey"]
    done_key = task_of(api, start(api))["userTaskKey"]
    answer = {"variables": {"approved": False}}
    done = api.client.post(f"/v2/user-tasks/{done_key}/completion", json=answer, headers=api.admin)
    assert done.status_code == 204, done.text
    by_group = search(api, api.admin, filter={"candidateGroup": "sales"})
    assert sorted(_keys(by_group)) == sorted([open_key, done_key])
    completed = search(api, api.admin, filter={"candidateUser": "dora", "state": "COMPLETED"})
    assert _keys(completed) == [done_key]
    assert _keys(search(api, api.admin, filter={"candidateGroup": "ops"})) == []
    # a person's open tasks: the completed one is not offered to anyone any more
    assert _keys(search(api, people.ann, filter={"state": "CREATED"})) == [open_key]
    inbox = api.client.post("/api/human/tasks/search", json={}, headers=people.ann)
    assert inbox.status_code == 200, inbox.text
    assert [t["taskId"] for t in inbox.json()["results"]] == [open_key]

"""/v2 task listeners: a user task's assignment, update or completion waits (202) for its
listener jobs, which may deny it (the task stays as it was) or correct it; other operations
are refused meanwhile (409); a listener job that keeps failing raises an incident."""

from __future__ import annotations

from typing import Any

import pytest
from job_helpers import activate, complete_job

from baton.services.context import ServiceContext
from baton.services.human import task_listeners
from baton.store import instances

from support import Api

HEAD = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" '
    'xmlns:zeebe="http://camunda.org/schema/zeebe/1.0" id="defs" targetNamespace="t">'
)


def model(listeners: str) -> str:
    return (
        HEAD
        + f"""<bpmn:process id="req" isExecutable="true">
    <bpmn:startEvent id="start"/>
    <bpmn:sequenceFlow id="f1" sourceRef="start" targetRef="approve"/>
    <bpmn:userTask id="approve" name="Approve">
      <bpmn:extensionElements>
        <zeebe:userTask/>
        <zeebe:assignmentDefinition candidateGroups="staff"/>
        <zeebe:taskListeners>{listeners}</zeebe:taskListeners>
      </bpmn:extensionElements>
    </bpmn:userTask>
    <bpmn:sequenceFlow id="f2" sourceRef="approve" targetRef="end"/>
    <bpmn:endEvent id="end"/>
  </bpmn:process>
</bpmn:definitions>"""
    )


ASSIGNING = '<zeebe:taskListener eventType="assigning" type="check" retries="2"/>'
COMPLETING = '<zeebe:taskListener eventType="completing" type="audit"/>'


def _setup(api: Api, listeners: str) -> str:
    parts = [("resources", ("req.bpmn", model(listeners).encode(), "application/xml"))]
    response = api.client.post("/v2/deployments", files=parts, headers=api.admin)
    assert response.status_code == 200, response.text
    api.create_group("staff")
    api.create_user("ann", groups=["staff"])
    api.create_user("bob", groups=["staff"])
    started = api.client.post(
        "/v2/process-instances",
        json={"processDefinitionId": "req", "variables": {"requester": "ann"}},
        headers=api.admin,
    )
    assert started.status_code == 200, started.text
    return str(started.json()["processInstanceKey"])


def _task(api: Api, instance: str) -> dict[str, Any]:
    found = api.client.post(
        "/v2/user-tasks/search",
        json={"filter": {"processInstanceKey": instance}},
        headers=api.admin,
    )
    assert found.status_code == 200, found.text
    (task,) = found.json()["items"]
    got = api.client.get(f"/v2/user-tasks/{task['userTaskKey']}", headers=api.admin)
    assert got.status_code == 200
    item: dict[str, Any] = got.json()
    return item


def test_assignment_waits_for_the_listener_which_denies_it(api: Api) -> None:
    instance = _setup(api, ASSIGNING)
    key = _task(api, instance)["userTaskKey"]
    asked = api.client.post(
        f"/v2/user-tasks/{key}/assignment", json={"assignee": "ann"}, headers=api.admin
    )
    assert asked.status_code == 202, asked.text
    assert asked.json()["state"] == "ASSIGNING"
    waiting = _task(api, instance)
    assert waiting.get("assignee") is None  # nothing happened yet
    assert waiting["state"] == "ASSIGNING"
    again = api.client.post(
        f"/v2/user-tasks/{key}/assignment", json={"assignee": "bob"}, headers=api.admin
    )
    assert again.status_code == 409, again.text  # one transition at a time
    (job,) = activate(api, "check")
    assert job["kind"] == "TASK_LISTENER" and job["listenerEventType"] == "ASSIGNING"
    assert job["elementId"] == "approve"
    assert job["userTask"]["assignee"] == "ann" and job["userTask"]["action"] == "assign"
    assert job["userTask"]["candidateGroups"] == ["staff"]
    assert job["variables"]["requester"] == "ann"
    complete_job(
        api, job, {"result": {"type": "userTask", "denied": True, "deniedReason": "own request"}}
    )
    task = _task(api, instance)
    assert task.get("assignee") is None and task["state"] == "CREATED"
    assert activate(api, "check") == []
    # the task takes operations again
    bob = api.client.post(
        f"/v2/user-tasks/{key}/assignment", json={"assignee": "bob"}, headers=api.admin
    )
    assert bob.status_code == 202
    (job,) = activate(api, "check")
    complete_job(api, job, {})
    assert _task(api, instance)["assignee"] == "bob"


def test_corrections_are_applied_with_the_assignment(api: Api) -> None:
    instance = _setup(api, ASSIGNING)
    key = _task(api, instance)["userTaskKey"]
    api.client.post(f"/v2/user-tasks/{key}/assignment", json={"assignee": "ann"}, headers=api.admin)
    (job,) = activate(api, "check")
    corrections = {
        "assignee": "bob",
        "priority": 80,
        "dueDate": "2030-01-02T03:04:05Z",
        "candidateUsers": ["bob"],
    }
    complete_job(api, job, {"result": {"type": "userTask", "corrections": corrections}})
    task = _task(api, instance)
    assert task["assignee"] == "bob"
    assert task["priority"] == 80
    assert task["dueDate"].startswith("2030-01-02T03:04:05")
    assert task["candidateUsers"] == ["bob"]


def test_several_listeners_run_in_order_and_see_earlier_corrections(api: Api) -> None:
    second = '<zeebe:taskListener eventType="assigning" type="second"/>'
    instance = _setup(api, ASSIGNING + second)
    key = _task(api, instance)["userTaskKey"]
    api.client.post(f"/v2/user-tasks/{key}/assignment", json={"assignee": "ann"}, headers=api.admin)
    assert activate(api, "second") == []  # not before the first completed
    (first,) = activate(api, "check")
    complete_job(api, first, {"result": {"corrections": {"assignee": "bob"}}})
    (job,) = activate(api, "second")
    assert job["userTask"]["assignee"] == "bob"
    complete_job(api, job, {})
    assert _task(api, instance)["assignee"] == "bob"


def test_completion_waits_and_a_denial_keeps_the_task_open(api: Api) -> None:
    instance = _setup(api, COMPLETING)
    key = _task(api, instance)["userTaskKey"]
    ann = api.as_user("ann", "pw")
    assert (
        api.client.post(
            f"/v2/user-tasks/{key}/assignment", json={"assignee": "ann"}, headers=ann
        ).status_code
        == 204
    )
    done = api.client.post(
        f"/v2/user-tasks/{key}/completion", json={"variables": {"ok": True}}, headers=ann
    )
    assert done.status_code == 202, done.text
    (job,) = activate(api, "audit")
    complete_job(api, job, {"result": {"denied": True, "deniedReason": "not yet"}})
    task = _task(api, instance)
    assert task["state"] == "CREATED" and task["assignee"] == "ann"
    done = api.client.post(
        f"/v2/user-tasks/{key}/completion", json={"variables": {"ok": True}}, headers=ann
    )
    assert done.status_code == 202
    (job,) = activate(api, "audit")
    complete_job(api, job, {})
    assert _task(api, instance)["state"] == "COMPLETED"
    got = api.client.get(f"/v2/process-instances/{instance}", headers=api.admin)
    assert got.json()["state"] == "COMPLETED"


def test_bad_results_are_refused_and_change_nothing(api: Api) -> None:
    instance = _setup(api, ASSIGNING)
    key = _task(api, instance)["userTaskKey"]
    api.client.post(f"/v2/user-tasks/{key}/assignment", json={"assignee": "ann"}, headers=api.admin)
    (job,) = activate(api, "check")
    for body in (
        {"variables": {"x": 1}},
        {"result": {"type": "ad-hoc"}},
        {"result": {"corrections": {"color": "red"}}},
        {"result": {"corrections": {"priority": 101}}},
        {"result": {"corrections": {"dueDate": "soon"}}},
        {"result": {"denied": "yes"}},
    ):
        bad = api.client.post(f"/v2/jobs/{job['jobKey']}/completion", json=body, headers=api.admin)
        assert bad.status_code == 400, (body, bad.text)
    complete_job(api, job, {})
    assert _task(api, instance)["assignee"] == "ann"


def test_a_failing_listener_raises_an_incident(api: Api) -> None:
    instance = _setup(api, ASSIGNING)
    key = _task(api, instance)["userTaskKey"]
    api.client.post(f"/v2/user-tasks/{key}/assignment", json={"assignee": "ann"}, headers=api.admin)
    for _ in range(2):
        (job,) = activate(api, "check")
        failed = api.client.post(
            f"/v2/jobs/{job['jobKey']}/failure",
            json={"retries": job["retries"] - 1, "errorMessage": "directory down"},
            headers=api.admin,
        )
        assert failed.status_code == 204, failed.text
    found = api.client.post(
        "/v2/incidents/search",
        json={"filter": {"processInstanceKey": instance}},
        headers=api.admin,
    )
    (incident,) = found.json()["items"]
    assert incident["errorType"] == "JOB_NO_RETRIES"
    assert _task(api, instance).get("assignee") is None


def test_creating_listener_holds_the_new_task(api: Api) -> None:
    creating = '<zeebe:taskListener eventType="creating" type="setup"/>'
    instance = _setup(api, creating)
    key = _task(api, instance)["userTaskKey"]
    held = api.client.post(
        f"/v2/user-tasks/{key}/assignment", json={"assignee": "ann"}, headers=api.admin
    )
    assert held.status_code == 409, held.text
    (job,) = activate(api, "setup")
    assert job["listenerEventType"] == "CREATING"
    denied = api.client.post(
        f"/v2/jobs/{job['jobKey']}/completion", json={"result": {"denied": True}}, headers=api.admin
    )
    assert denied.status_code == 400  # creation cannot be denied
    complete_job(api, job, {"result": {"corrections": {"priority": 90}}})
    assert _task(api, instance)["priority"] == 90


def test_orkes_claim_goes_through_the_listeners_too(api: Api) -> None:
    instance = _setup(api, ASSIGNING)
    key = _task(api, instance)["userTaskKey"]
    ann = api.as_user("ann", "pw")
    claimed = api.client.post(f"/api/human/tasks/{key}/claim", headers=ann)
    assert claimed.status_code == 200, claimed.text
    assert _task(api, instance).get("assignee") is None
    (job,) = activate(api, "check")
    assert job["userTask"]["action"] == "claim" and job["userTask"]["assignee"] == "ann"
    complete_job(api, job, {"result": {"denied": True}})
    assert _task(api, instance).get("assignee") is None


def test_orkes_release_and_external_claim_go_through_the_listeners(api: Api) -> None:
    instance = _setup(api, ASSIGNING)
    key = _task(api, instance)["userTaskKey"]
    api.client.post(f"/v2/user-tasks/{key}/assignment", json={"assignee": "ann"}, headers=api.admin)
    complete_job(api, activate(api, "check")[0], {})
    ann = api.as_user("ann", "pw")
    released = api.client.post(f"/api/human/tasks/{key}/release", headers=ann)
    assert released.status_code == 204, released.text
    assert _task(api, instance)["assignee"] == "ann"  # waits for the listener
    (job,) = activate(api, "check")
    assert job["userTask"]["action"] == "unassign" and job["userTask"]["assignee"] is None
    complete_job(api, job, {})
    assert _task(api, instance).get("assignee") is None
    claimed = api.client.post(
        f"/api/human/tasks/{key}/externalUser/zed?overrideAssignment=true", headers=api.admin
    )
    assert claimed.status_code == 200, claimed.text
    (job,) = activate(api, "check")
    assert job["userTask"]["assignee"] == "zed"
    complete_job(api, job, {})
    got = api.client.get(f"/api/human/tasks/{key}", headers=api.admin).json()
    assert got["claimant"] == {"userType": "EXTERNAL_USER", "user": "zed"}


def test_a_task_without_listeners_is_worked_without_reading_the_instance_state(
    api: Api, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The listener check is answered from the compiled definition: a user task whose
    element has no task listener never has its instance state loaded for it."""
    instance = _setup(api, "")
    key = _task(api, instance)["userTaskKey"]

    def refuse(*_args: object) -> None:
        raise AssertionError("the instance state was read for a task without listeners")

    monkeypatch.setattr(task_listeners, "_instance", refuse)
    ann = api.as_user("ann", "pw")
    assigned = api.client.post(
        f"/v2/user-tasks/{key}/assignment", json={"assignee": "ann"}, headers=ann
    )
    assert assigned.status_code == 204, assigned.text
    updated = api.client.patch(
        f"/v2/user-tasks/{key}", json={"changeset": {"priority": 70}}, headers=api.admin
    )
    assert updated.status_code == 204, updated.text
    assert _task(api, instance)["priority"] == 70
    done = api.client.post(f"/v2/user-tasks/{key}/completion", json={}, headers=ann)
    assert done.status_code == 204, done.text
    monkeypatch.undo()
    assert _task(api, instance)["state"] == "COMPLETED"


def test_a_listener_on_another_event_keeps_the_other_transitions_immediate(api: Api) -> None:
    instance = _setup(api, COMPLETING)
    key = _task(api, instance)["userTaskKey"]
    assigned = api.client.post(
        f"/v2/user-tasks/{key}/assignment", json={"assignee": "ann"}, headers=api.admin
    )
    assert assigned.status_code == 204, assigned.text
    assert _task(api, instance)["assignee"] == "ann"


def test_canceling_listeners_are_told_after_the_instance_is_cancelled(api: Api) -> None:
    canceling = (
        '<zeebe:taskListener eventType="canceling" type="told"/>'
        '<zeebe:taskListener eventType="canceling" type="told-too"/>'
    )
    instance = _setup(api, canceling)
    key = _task(api, instance)["userTaskKey"]
    cancelled = api.client.post(
        f"/v2/process-instances/{instance}/cancellation", json={}, headers=api.admin
    )
    assert cancelled.status_code == 204, cancelled.text  # not held by the listeners
    got = api.client.get(f"/v2/process-instances/{instance}", headers=api.admin)
    assert got.json()["state"] == "TERMINATED"
    assert activate(api, "told-too") == []  # one after another
    (job,) = activate(api, "told")
    assert job["kind"] == "TASK_LISTENER" and job["listenerEventType"] == "CANCELING"
    assert job["elementId"] == "approve" and job["processInstanceKey"] == instance
    assert job["userTask"]["userTaskKey"] == key and job["userTask"]["action"] == "cancel"
    # a canceling listener cannot hold or change anything: its result is ignored
    complete_job(api, job, {"result": {"denied": True, "corrections": {"priority": 1}}})
    (job,) = activate(api, "told-too")
    complete_job(api, job, {})
    assert activate(api, "told") == [] and activate(api, "told-too") == []
    got = api.client.get(f"/v2/process-instances/{instance}", headers=api.admin)
    assert got.json()["state"] == "TERMINATED"
    assert _task(api, instance)["state"] == "CANCELED"


def test_a_feel_listener_job_type_is_evaluated_from_the_variables(api: Api) -> None:
    instance = _setup(
        api, '<zeebe:taskListener eventType="assigning" type="= &quot;check-&quot; + requester"/>'
    )
    key = _task(api, instance)["userTaskKey"]
    asked = api.client.post(
        f"/v2/user-tasks/{key}/assignment", json={"assignee": "bob"}, headers=api.admin
    )
    assert asked.status_code == 202, asked.text
    (job,) = activate(api, "check-ann")
    assert job["kind"] == "TASK_LISTENER" and job["type"] == "check-ann"
    complete_job(api, job, {})
    assert _task(api, instance)["assignee"] == "bob"


def test_a_listener_job_type_that_cannot_be_evaluated_waits_under_an_incident(api: Api) -> None:
    instance = _setup(api, '<zeebe:taskListener eventType="assigning" type="= checker"/>')
    key = _task(api, instance)["userTaskKey"]
    api.client.post(f"/v2/user-tasks/{key}/assignment", json={"assignee": "bob"}, headers=api.admin)
    found = api.client.post(
        "/v2/incidents/search",
        json={"filter": {"processInstanceKey": instance}},
        headers=api.admin,
    )
    (incident,) = found.json()["items"]
    assert incident["errorType"] == "EXTRACT_VALUE_ERROR"
    assert activate(api, "= checker") == []  # held: offered to no worker
    fixed = api.client.put(
        f"/v2/element-instances/{instance}/variables",
        json={"variables": {"checker": "check-late"}},
        headers=api.admin,
    )
    assert fixed.status_code == 204, fixed.text
    resolved = api.client.post(
        f"/v2/incidents/{incident['incidentKey']}/resolution", json={}, headers=api.admin
    )
    assert resolved.status_code == 204, resolved.text
    (job,) = activate(api, "check-late")
    complete_job(api, job, {})
    assert _task(api, instance)["assignee"] == "bob"


def test_the_listener_check_reuses_the_locked_instance_row(
    api: Api, ctx: ServiceContext, monkeypatch: pytest.MonkeyPatch
) -> None:
    """PostgreSQL: the operation locked and read the instance with the task; the listener
    check reads its state from that row, not again (SQLite locks nothing and reads it)."""
    instance = _setup(api, COMPLETING)
    key = _task(api, instance)["userTaskKey"]
    plain_reads: list[str] = []
    load = instances.load_instance

    def counting(conn: Any, instance_id: str, *, for_update: bool = False) -> Any:
        if not for_update:
            plain_reads.append(instance_id)
        return load(conn, instance_id, for_update=for_update)

    monkeypatch.setattr(instances, "load_instance", counting)
    assigned = api.client.post(
        f"/v2/user-tasks/{key}/assignment", json={"assignee": "ann"}, headers=api.admin
    )
    assert assigned.status_code == 204, assigned.text
    assert plain_reads == ([instance] if ctx.db.is_sqlite else [])

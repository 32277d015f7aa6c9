"""SLA escalation through tiers, completion strategies, autoClaim, task timeouts and triggers,
driven by moving the clock and running the scheduler."""

from __future__ import annotations

from typing import Any

import pytest
from human_helpers import actions, group, human, human_workflow, start_human, user

from baton.clock import FakeClock
from baton.services.context import ServiceContext
from baton.store import human_tasks
from baton.store import timers as timers_store

from support import Api


def _tick(ctx: ServiceContext, clock: FakeClock, minutes: float) -> None:
    clock.advance(minutes * 60)
    assert ctx.scheduler is not None
    ctx.scheduler.run_due()


def test_escalation_through_three_tiers_then_leave_open(
    api: Api, ctx: ServiceContext, clock: FakeClock
) -> None:
    for name in ("first", "second", "third"):
        api.create_group(name)
    anna = api.create_user("anna", groups=["first"])
    tiers = [group("first", 10), group("second", 20), group("third", 30)]
    workflow_id, task_id = start_human(api, human_workflow(assignments=tiers))
    api.client.post(f"/api/human/tasks/{task_id}/claim", headers=anna)
    assert human(api, task_id)["state"] == "IN_PROGRESS"

    _tick(ctx, clock, 9)
    assert human(api, task_id)["assignee"]["user"] == "first"
    _tick(ctx, clock, 1)
    entry = human(api, task_id)
    assert entry["assignee"]["user"] == "second"
    assert entry["state"] == "ASSIGNED"
    assert "claimant" not in entry  # the SLA expiry dropped anna's claim
    assert entry["input"]["__humanTaskProcessContext"]["assigneeIndex"] == 1
    _tick(ctx, clock, 20)
    assert human(api, task_id)["assignee"]["user"] == "third"
    _tick(ctx, clock, 30)
    api._admin_token = None  # tokens expired with the moved clock
    anna = api.as_user("anna", "pw")
    entry = human(api, task_id)
    assert "assignee" not in entry
    context = entry["input"]["__humanTaskProcessContext"]
    assert context["assignmentsCompleted"] is True
    assert actions(entry)[-1] == "ASSIGNMENTS_COMPLETED"
    assert actions(entry).count("ESCALATION") == 3
    # open to anyone now: anna (no longer offered by a tier) may claim it
    assert api.client.post(f"/api/human/tasks/{task_id}/claim", headers=anna).status_code == 200
    wf = api.client.get(f"/api/workflow/{workflow_id}", headers=api.admin).json()
    assert wf["status"] == "RUNNING"


def test_terminate_strategy_fails_the_workflow(
    api: Api, ctx: ServiceContext, clock: FakeClock
) -> None:
    api.create_group("first")
    workflow_id, task_id = start_human(
        api, human_workflow(assignments=[group("first", 5)], strategy="TERMINATE")
    )
    _tick(ctx, clock, 5)
    assert human(api, task_id)["state"] == "DELETED"
    wf = api.client.get(f"/api/workflow/{workflow_id}", headers=api.admin).json()
    assert wf["status"] == "FAILED"
    assert "TERMINATE" in wf["reasonForIncompletion"]


def test_non_expiring_tier_never_escalates(api: Api, ctx: ServiceContext, clock: FakeClock) -> None:
    api.create_group("first")
    _wf, task_id = start_human(api, human_workflow(assignments=[group("first", 0)]))
    _tick(ctx, clock, 60 * 24 * 30)
    api._admin_token = None  # the old token expired with the moved clock
    assert human(api, task_id)["assignee"]["user"] == "first"


def test_auto_claim(api: Api) -> None:
    api.create_user("solo")
    _wf, task_id = start_human(
        api, human_workflow(assignments=[user("solo")], extra={"autoClaim": True})
    )
    entry = human(api, task_id)
    assert entry["state"] == "IN_PROGRESS"
    assert entry["claimant"] == {"userType": "CONDUCTOR_USER", "user": "solo"}


def test_task_definition_timeout_times_the_task_out(
    api: Api, ctx: ServiceContext, clock: FakeClock
) -> None:
    api.create_group("first")
    response = api.client.post(
        "/api/metadata/taskdefs",
        json=[
            {
                "name": "approve",
                "timeoutSeconds": 600,
                "responseTimeoutSeconds": 600,
                "retryCount": 0,
            }
        ],
        headers=api.admin,
    )
    assert response.status_code == 200
    workflow_id, task_id = start_human(api, human_workflow(assignments=[group("first")]))
    _tick(ctx, clock, 10)
    assert human(api, task_id)["state"] == "TIMED_OUT"
    wf = api.client.get(f"/api/workflow/{workflow_id}", headers=api.admin).json()
    assert wf["status"] in ("TIMED_OUT", "FAILED")


def _register_notify(api: Api) -> None:
    notify = {
        "name": "notify",
        "version": 1,
        "tasks": [
            {
                "name": "send",
                "taskReferenceName": "send_ref",
                "type": "SIMPLE",
                "inputParameters": {"task": "${workflow.input.humanTaskId}"},
            }
        ],
    }
    assert (
        api.client.post("/api/metadata/workflow", json=notify, headers=api.admin).status_code == 200
    )


def test_triggers_start_workflows_and_are_logged(
    api: Api, ctx: ServiceContext, clock: FakeClock
) -> None:
    _register_notify(api)
    api.create_group("first")
    anna = api.create_user("anna", groups=["first"])
    triggers = {
        "taskTriggers": [
            {"triggerType": "IN_PROGRESS", "startWorkflowRequest": {"name": "notify"}},
            {"triggerType": "COMPLETED", "startWorkflowRequest": {"name": "notify", "version": 1}},
            {"triggerType": "ASSIGNED", "startWorkflowRequest": {"name": "missing"}},
        ]
    }
    _wf, task_id = start_human(api, human_workflow(assignments=[group("first")], extra=triggers))
    api.client.post(f"/api/human/tasks/{task_id}/claim", headers=anna)
    api.client.post(f"/api/human/tasks/{task_id}/update?complete=true", json={}, headers=anna)
    assert ctx.scheduler is not None
    ctx.scheduler.run_due()
    started = api.client.post(
        "/api/workflow/search", json={"name": "notify"}, headers=api.admin
    ).json()
    assert started["totalHits"] == 2
    log = human(api, task_id)["input"]["__humanTaskProcessContext"]["humanTaskTriggerLog"]
    assert sorted(e["triggerType"] for e in log) == ["ASSIGNED", "COMPLETED", "IN_PROGRESS"]
    failed = next(e for e in log if e["triggerType"] == "ASSIGNED")
    assert "missing" in failed["error"]


def test_triggers_start_workflows_with_the_rights_of_whoever_defined_them(
    api: Api, ctx: ServiceContext
) -> None:
    payroll = {"name": "payroll", "version": 1, "tasks": [_wait_task()]}
    assert api.client.post("/api/metadata/workflow", json=payroll, headers=api.admin).is_success
    # a metadata manager may define workflows, not start them
    author = api.create_user("author", roles=["METADATA_MANAGER"])
    api.create_group("first")
    anna = api.create_user("anna", groups=["first"])
    triggers = {
        "taskTriggers": [
            {"triggerType": "IN_PROGRESS", "startWorkflowRequest": {"name": "payroll"}},
        ]
    }
    definition = human_workflow(assignments=[group("first")], extra=triggers)
    registered = api.client.post("/api/metadata/workflow", json=definition, headers=author)
    assert registered.status_code == 200, registered.text
    started = api.client.post("/api/workflow/approval", json={}, headers=api.admin)
    workflow_id = started.text
    task_id = api.client.get(f"/api/workflow/{workflow_id}", headers=api.admin).json()["tasks"][0][
        "taskId"
    ]
    api.client.post(f"/api/human/tasks/{task_id}/claim", headers=anna)
    assert ctx.scheduler is not None
    ctx.scheduler.run_due()

    found = api.client.post("/api/workflow/search", json={"name": "payroll"}, headers=api.admin)
    assert found.json()["totalHits"] == 0
    (entry,) = human(api, task_id)["input"]["__humanTaskProcessContext"]["humanTaskTriggerLog"]
    assert "may not start workflow 'payroll'" in entry["error"]

    grant = {
        "subject": {"type": "USER", "id": "author"},
        "target": {"type": "WORKFLOW_DEF", "id": "payroll"},
        "access": ["EXECUTE"],
    }
    assert api.client.post("/api/auth/authorization", json=grant, headers=api.admin).is_success
    api.client.post(f"/api/human/tasks/{task_id}/release", headers=anna)
    api.client.post(f"/api/human/tasks/{task_id}/claim", headers=anna)
    ctx.scheduler.run_due()
    found = api.client.post("/api/workflow/search", json={"name": "payroll"}, headers=api.admin)
    assert found.json()["totalHits"] == 1
    assert found.json()["results"][0]["createdBy"] == "USER:author"


def _wait_task() -> dict[str, str]:
    return {"name": "hold", "taskReferenceName": "hold_ref", "type": "WAIT"}


def test_refused_trigger_log_save_rolls_back_and_retries(
    api: Api, ctx: ServiceContext, clock: FakeClock, monkeypatch: pytest.MonkeyPatch
) -> None:
    _register_notify(api)
    api.create_group("first")
    anna = api.create_user("anna", groups=["first"])
    triggers = {
        "taskTriggers": [{"triggerType": "IN_PROGRESS", "startWorkflowRequest": {"name": "notify"}}]
    }
    _wf, task_id = start_human(api, human_workflow(assignments=[group("first")], extra=triggers))
    api.client.post(f"/api/human/tasks/{task_id}/claim", headers=anna)
    real_save = human_tasks.save
    refusals = [False]  # a concurrent writer wins the revision guard once

    def save(*args: Any, **kwargs: Any) -> bool:
        return refusals.pop() if refusals else real_save(*args, **kwargs)

    monkeypatch.setattr(human_tasks, "save", save)

    def started() -> int:
        found = api.client.post("/api/workflow/search", json={"name": "notify"}, headers=api.admin)
        hits: int = found.json()["totalHits"]
        return hits

    def logged() -> list[dict[str, Any]]:
        context = human(api, task_id)["input"]["__humanTaskProcessContext"]
        entries: list[dict[str, Any]] = context.get("humanTaskTriggerLog") or []
        return entries

    assert ctx.scheduler is not None
    assert ctx.scheduler.run_due() == 0  # refused: the start is rolled back with the log
    assert started() == 0
    assert logged() == []
    _tick(ctx, clock, 1)  # past the retry delay
    assert started() == 1
    assert [e["triggerType"] for e in logged()] == ["IN_PROGRESS"]


def _sla_timers(ctx: ServiceContext, task_id: str) -> list[str]:
    with ctx.db.read() as conn:
        found = timers_store.for_task(conn, task_id, "human_sla")
    return [found.id] if found is not None else []


@pytest.mark.parametrize("reassigned", [False, True])
def test_a_closed_task_leaves_no_sla_timer(api: Api, ctx: ServiceContext, reassigned: bool) -> None:
    """Completing cancels the pending SLA timer, also when the tier that set it was replaced
    by one without an SLA (the timer outlives the tier until the task closes)."""
    api.create_group("first")
    _wf, task_id = start_human(api, human_workflow(assignments=[group("first", 10)]))
    assert _sla_timers(ctx, task_id) == [f"sla:{task_id}"]
    if reassigned:
        response = api.client.post(
            f"/api/human/tasks/{task_id}/reassign", json=[group("first")], headers=api.admin
        )
        assert response.status_code == 200, response.text
    done = api.client.post(
        f"/api/human/tasks/{task_id}/update?complete=true", json={"ok": 1}, headers=api.admin
    )
    assert done.status_code < 300, done.text
    assert human(api, task_id)["state"] == "COMPLETED"
    assert _sla_timers(ctx, task_id) == []

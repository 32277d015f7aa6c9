"""/api/admin/incidents: a timer whose handler keeps failing becomes an incident that admins
see, with its error, and retry; others are refused."""

from __future__ import annotations

from dataclasses import replace

from sqlalchemy.engine import Connection

from baton.clock import FakeClock
from baton.model.errors import Conflict
from baton.services.context import ServiceContext
from baton.services.human.lifecycle import SLA_TIMER
from baton.services.scheduler import MAX_RETRY_DELAY_MS
from baton.store import timers
from baton.store.timers import TimerRow

from support import Api


def test_failing_timer_becomes_an_incident_that_admins_retry(
    api: Api, ctx: ServiceContext, clock: FakeClock
) -> None:
    ctx.settings = replace(ctx.settings, timer_max_attempts=4)
    scheduler = ctx.scheduler
    assert scheduler is not None
    calls: list[str] = []
    broken = [True]

    def notify(_c: ServiceContext, _conn: Connection, timer: TimerRow) -> None:
        calls.append(timer.id)
        if broken[0]:
            raise RuntimeError("SMTP 554: relay refused")

    scheduler.register("notify", notify)
    start = ctx.now_ms()
    with ctx.db.write() as conn:
        timers.schedule(conn, timer_id="n1", kind="notify", due_at=start, payload={"to": "ops"})

    def tick(times: int) -> None:
        for _ in range(times):
            scheduler.run_due()
            clock.advance(MAX_RETRY_DELAY_MS / 1000)

    tick(12)
    assert calls == ["n1"] * 4  # then it stopped being retried

    ria = api.create_user("ria")
    assert api.client.get("/api/admin/incidents", headers=ria).status_code == 403
    listed = api.client.get("/api/admin/incidents", headers=api.admin)
    assert listed.status_code == 200, listed.text
    [incident] = listed.json()
    assert incident["errorType"] == "TIMER_FAILED"
    assert incident["errorMessage"] == "RuntimeError: SMTP 554: relay refused"
    assert incident["state"] == "ACTIVE"
    assert incident["timerId"] == "n1"
    assert incident["processInstanceId"] is None
    assert incident["elementId"] is None
    assert incident["createdAt"] == start + 3 * MAX_RETRY_DELAY_MS  # at the 4th firing
    key = incident["key"]
    assert key.isdigit()

    retry = f"/api/admin/incidents/{key}/retry"
    assert api.client.post(retry, headers=ria).status_code == 403
    assert api.client.post("/api/admin/incidents/123/retry", headers=api.admin).status_code == 404
    assert api.client.post("/api/admin/incidents/x/retry", headers=api.admin).status_code == 404
    broken[0] = False
    retried = api.client.post(retry, headers=api.admin)
    assert retried.status_code == 200, retried.text
    assert retried.json()["state"] == "RESOLVED"
    assert scheduler.run_due() == 1
    assert calls == ["n1"] * 5
    again = api.client.post(retry, headers=api.admin)
    assert again.status_code == 409
    active = api.client.get("/api/admin/incidents?state=ACTIVE", headers=api.admin)
    assert active.json() == []
    assert api.client.get("/api/admin/incidents?state=NOPE", headers=api.admin).status_code in (
        400,
        422,
    )


def _start_escalating_task(api: Api) -> tuple[str, str]:
    """A HUMAN task offered to group `first` for 10 minutes, then to `second`."""
    tiers = [
        {"assignee": {"user": name, "userType": "CONDUCTOR_GROUP"}, "slaMinutes": 10}
        for name in ("first", "second")
    ]
    definition = {
        "name": "approval",
        "version": 1,
        "tasks": [
            {
                "name": "approve",
                "taskReferenceName": "approve_ref",
                "type": "HUMAN",
                "inputParameters": {"__humanTaskDefinition": {"assignments": tiers}},
            }
        ],
    }
    for name in ("first", "second"):
        api.create_group(name)
    registered = api.client.post("/api/metadata/workflow", json=definition, headers=api.admin)
    assert registered.status_code == 200, registered.text
    started = api.client.post("/api/workflow/approval", json={}, headers=api.admin)
    assert started.status_code == 200, started.text
    found = api.client.get(f"/api/workflow/{started.text}", headers=api.admin).json()
    return started.text, found["tasks"][0]["taskId"]


def _assignee(api: Api, task_id: str) -> str:
    found = api.client.get(f"/api/human/tasks/{task_id}", headers=api.admin).json()
    user: str = found["assignee"]["user"]
    return user


def test_incident_names_the_instance_and_element_of_its_timer(
    api: Api, ctx: ServiceContext, clock: FakeClock
) -> None:
    ctx.settings = replace(ctx.settings, timer_max_attempts=3)  # all within the token's hour
    scheduler = ctx.scheduler
    assert scheduler is not None
    workflow_id, task_id = _start_escalating_task(api)
    real = scheduler.handlers[SLA_TIMER]

    def broken(_c: ServiceContext, _conn: Connection, _timer: TimerRow) -> None:
        raise Conflict("escalation refused")

    scheduler.register(SLA_TIMER, broken)
    clock.advance(10 * 60)
    for _ in range(5):
        scheduler.run_due()
        clock.advance(MAX_RETRY_DELAY_MS / 1000)
    [incident] = api.client.get("/api/admin/incidents", headers=api.admin).json()
    assert incident["processInstanceId"] == workflow_id
    assert incident["elementId"] == "approve_ref"
    assert incident["taskId"] == task_id
    assert incident["errorMessage"] == "Conflict: escalation refused"
    assert _assignee(api, task_id) == "first"  # stuck until someone acts

    scheduler.register(SLA_TIMER, real)
    retried = api.client.post(f"/api/admin/incidents/{incident['key']}/retry", headers=api.admin)
    assert retried.status_code == 200, retried.text
    scheduler.run_due()
    assert _assignee(api, task_id) == "second"

"""Demo content: people, a form, a Conductor workflow and a BPMN process, ready to try."""

from __future__ import annotations

import json
from typing import Any

from baton.clock import FakeClock
from baton.services import demo, demo_worker
from baton.services.bootstrap import ensure_demo_user
from baton.services.context import ServiceContext
from baton.services.human.task_listeners import ListenedTask
from baton.services.jobs import ActivatedJob

from support import Api


def test_demo_content_is_installed_once_and_usable(
    api: Api, ctx: ServiceContext, clock: FakeClock
) -> None:
    ensure_demo_user(ctx)
    demo.install(ctx)
    demo.install(ctx)  # idempotent
    ria = api.as_user("ria", "ria")
    mia = api.as_user("mia", "mia")
    inbox = api.client.post("/api/human/tasks/search", json={}, headers=ria).json()
    assert sorted(r["displayName"] for r in inbox["results"]) == [
        "Decide what's for dinner",
        "Review expense",
        "Review expense",
        "Review the proposal",
        "Submit request",
    ]
    manager = api.client.post("/api/human/tasks/search", json={}, headers=mia).json()
    (leave,) = [r for r in manager["results"] if r["displayName"] == "Approve leave"]
    assert leave["displayName"] == "Approve leave"
    assert leave["priority"] == 80
    assert "dueDate" in leave
    # the person sees the process variables, not only who created the task
    assert leave["input"]["employee"] == "Ada" and leave["input"]["days"] == 7
    clock.advance(24 * 3600)
    assert ctx.scheduler is not None
    ctx.scheduler.run_due()
    ria = api.as_user("ria", "ria")
    names = [
        r["displayName"]
        for r in api.client.post("/api/human/tasks/search", json={}, headers=ria).json()["results"]
    ]
    assert "Chase the leave approval" in names


def _search(api: Api, headers: dict[str, str], name: str) -> list[dict[str, Any]]:
    found = api.client.post("/api/human/tasks/search", json={}, headers=headers).json()
    return [r for r in found["results"] if r["displayName"] == name]


def test_dinner_walks_seed_004(api: Api, ctx: ServiceContext) -> None:
    """Seed 004 in the demo: decide what's for dinner (a meal must be chosen), then eat it."""
    ensure_demo_user(ctx)
    demo.install(ctx)
    raj = api.as_user("raj", "raj")
    mia = api.as_user("mia", "mia")
    (decide,) = _search(api, mia, "Decide what's for dinner")  # offered to both groups
    (same,) = _search(api, raj, "Decide what's for dinner")
    assert same["taskId"] == decide["taskId"]
    task = f"/api/human/tasks/{decide['taskId']}"
    assert api.client.post(f"{task}/claim", headers=raj).status_code == 200
    refused = api.client.post(f"{task}/update?complete=true", json={}, headers=raj)
    assert refused.status_code == 400
    assert "meal" in refused.text
    done = api.client.post(f"{task}/update?complete=true", json={"meal": "pasta"}, headers=raj)
    assert done.status_code == 204, done.text
    (eat,) = _search(api, mia, "Eat dinner")
    assert eat["state"] == "ASSIGNED"


def test_dinner_is_added_to_an_older_demo_database(api: Api, ctx: ServiceContext) -> None:
    """A demo database from before the Dinner process gets it, once, on the next start."""
    ensure_demo_user(ctx)
    demo._install_people_and_expenses(ctx)
    demo.install(ctx)
    demo.install(ctx)
    ria = api.as_user("ria", "ria")
    assert len(_search(api, ria, "Decide what's for dinner")) == 1


def test_three_reviewers_each_review_in_parallel(api: Api, ctx: ServiceContext) -> None:
    """A multi-instance user task: ria, raj and mia each get their own review with the form;
    once all three answered, the collected reviews decide (one rejection: a manager revises)."""
    ensure_demo_user(ctx)
    demo.install(ctx)
    demo.install(ctx)
    people = {name: api.as_user(name, name) for name in ("ria", "raj", "mia")}
    keys = {}
    for name, headers in people.items():
        (review,) = _search(api, headers, "Review the proposal")
        assert review["state"] == "IN_PROGRESS"
        assert review["claimant"]["user"] == name
        assert review["input"]["reviewer"] == name
        keys[name] = review["taskId"]
    form = api.client.get(f"/v2/user-tasks/{keys['ria']}/form", headers=people["ria"])
    assert form.status_code == 200, form.text
    assert "approved" in json.dumps(form.json())
    for name, approved in (("ria", True), ("raj", False), ("mia", True)):
        done = api.client.post(
            f"/api/human/tasks/{keys[name]}/update?complete=true",
            json={"approved": approved, "comment": f"{name} says {approved}"},
            headers=people[name],
        )
        assert done.status_code == 204, done.text
    (revise,) = _search(api, people["mia"], "Revise the proposal")
    instance = api.client.get(
        f"/v2/process-instances/{revise['workflowId']}", headers=api.admin
    ).json()
    assert [r["reviewer"] for r in instance["variables"]["reviews"]] == ["ria", "raj", "mia"]
    assert [r["approved"] for r in instance["variables"]["reviews"]] == [True, False, True]
    assert instance["variables"]["reviews"][1]["comment"] == "raj says False"


def _camunda_task(api: Api, name: str) -> dict[str, Any]:
    found = api.client.post("/v2/user-tasks/search", json={}, headers=api.admin).json()
    (task,) = [t for t in found["items"] if t["name"] == name]
    return task


def test_four_eyes_the_requester_cannot_approve_their_own_request(
    api: Api, ctx: ServiceContext
) -> None:
    ensure_demo_user(ctx)
    demo.install(ctx)
    ria = api.as_user("ria", "ria")
    raj = api.as_user("raj", "raj")
    submit = _camunda_task(api, "Submit request")
    assert submit["assignee"] == "ria"
    done = api.client.post(f"/v2/user-tasks/{submit['userTaskKey']}/completion", headers=ria)
    assert done.status_code == 204, done.text
    key = _camunda_task(api, "Approve request (four eyes)")["userTaskKey"]
    # ria, a reviewer, may claim it, but the four-eyes listener denies her
    own = api.client.post(f"/v2/user-tasks/{key}/assignment", json={"assignee": "ria"}, headers=ria)
    assert own.status_code == 202, own.text
    assert demo_worker.work_once(ctx, demo.DEMO_ADMIN) == 1
    assert _camunda_task(api, "Approve request (four eyes)").get("assignee") is None
    # raj may
    other = api.client.post(
        f"/v2/user-tasks/{key}/assignment", json={"assignee": "raj"}, headers=raj
    )
    assert other.status_code == 202
    assert demo_worker.work_once(ctx, demo.DEMO_ADMIN) == 1
    assert _camunda_task(api, "Approve request (four eyes)")["assignee"] == "raj"
    done = api.client.post(f"/v2/user-tasks/{key}/completion", headers=raj)
    assert done.status_code == 202
    assert demo_worker.work_once(ctx, demo.DEMO_ADMIN) == 1
    assert _camunda_task(api, "Approve request (four eyes)")["state"] == "COMPLETED"


def test_four_eyes_worker_decides_by_the_approver_and_the_requester() -> None:
    def job(assignee: str | None, action: str) -> ActivatedJob:
        task = ListenedTask("1", action, assignee, [], ["reviewers"], [], None, None, None, 50)
        return ActivatedJob(
            "2", "four-eyes", "3", "3", "four_eyes", 1, 1, "approve", "2", {}, "w", 3, 0,
            {"requester": "ria"}, "TASK_LISTENER", "completing", task,
        )  # fmt: skip

    denied = demo_worker.four_eyes(job("ria", "complete"))["result"]
    assert denied["denied"] is True
    assert denied["deniedReason"] == "requester cannot approve their own request"
    assert "denied" not in demo_worker.four_eyes(job("raj", "complete"))["result"]
    assert "denied" not in demo_worker.four_eyes(job(None, "complete"))["result"]

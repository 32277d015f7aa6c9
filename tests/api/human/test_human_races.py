"""Races on one human task, with real threads: 20 claims against a live server, a completion
racing a release or a reassign, an SLA expiry racing a claim. One outcome each, always."""

from __future__ import annotations

import threading
from functools import partial
from typing import Any

import httpx
import pytest
from human_helpers import group, human_workflow, user

from baton.clock import FakeClock
from baton.ids import new_id
from baton.model import human_task as model
from baton.model.human_task import Principal, UserType
from baton.services.auth import authenticate
from baton.services.context import ServiceContext
from baton.services.human import commands
from baton.services.human.lifecycle import persist

from support import Api, at_once, running_server


@pytest.mark.slow
def test_twenty_concurrent_claims_one_wins(database_url: str) -> None:
    env = {
        "BATON_DATABASE_URL": database_url,
        "BATON_ADMIN_KEY_ID": "k",
        "BATON_ADMIN_KEY_SECRET": "s",
    }
    with running_server(env) as (base, _process):
        admin = {
            "X-Authorization": httpx.post(
                f"{base}/api/token", json={"keyId": "k", "keySecret": "s"}
            ).json()["token"]
        }
        httpx.put(f"{base}/api/groups/crowd", json={"description": "crowd"}, headers=admin)
        tokens = []
        for i in range(20):
            httpx.put(
                f"{base}/api/users/u{i}",
                json={"name": f"u{i}", "roles": ["USER"], "groups": ["crowd"], "password": "pw"},
                headers=admin,
            )
            login = httpx.post(f"{base}/api/token", json={"email": f"u{i}", "password": "pw"})
            tokens.append(login.json()["token"])
        definition = human_workflow(assignments=[group("crowd")])
        httpx.post(f"{base}/api/metadata/workflow", json=definition, headers=admin)
        workflow_id = httpx.post(f"{base}/api/workflow/approval", json={}, headers=admin).text
        task_id = httpx.get(f"{base}/api/workflow/{workflow_id}", headers=admin).json()["tasks"][0][
            "taskId"
        ]

        with httpx.Client(timeout=30) as client:
            results = at_once(
                [
                    (
                        lambda t=t: client.post(  # type: ignore[misc]
                            f"{base}/api/human/tasks/{task_id}/claim",
                            headers={"X-Authorization": t},
                        )
                    )
                    for t in tokens
                ]
            )
        codes = sorted(r.status_code for r in results)
        assert codes.count(200) == 1, codes
        assert set(codes) <= {200, 400}
        winner = next(r for r in results if r.status_code == 200).json()["claimant"]["user"]
        refused = next(r for r in results if r.status_code == 400).json()
        assert winner in refused["message"]
        entry = httpx.get(f"{base}/api/human/tasks/{task_id}", headers=admin).json()
        logs = entry["input"]["__humanTaskProcessContext"]["humanTaskActionLogs"]
        assert [log["action"] for log in logs].count("CLAIM") == 1


def test_complete_racing_release_never_completes_for_a_non_holder(
    api: Api, ctx: ServiceContext
) -> None:
    api.create_group("team")
    ann_headers = api.create_user("ann", groups=["team"])
    ann = authenticate(ctx, ann_headers["X-Authorization"])
    admin = authenticate(ctx, api.admin["X-Authorization"])
    for _ in range(8):
        _wf, task_id = _setup_again(api, [group("team")])
        commands.claim(ctx, ann, task_id, override=False)
        results = at_once(
            [
                partial(commands.update, ctx, ann, task_id, {"approved": True}, complete=True),
                partial(commands.release, ctx, admin, task_id),
            ]
        )
        _row, task = commands.get(ctx, admin, task_id)
        errors = [r for r in results if isinstance(r, Exception)]
        if task.state.value == "COMPLETED":
            assert task.claimant is not None and task.claimant.user == "ann"
            assert len(errors) == 1  # the release came too late
        else:
            assert task.state.value == "ASSIGNED"
            assert len(errors) == 1  # ann no longer held it
            assert task.claimant is None


def test_claim_racing_reassign_has_one_outcome(api: Api, ctx: ServiceContext) -> None:
    api.create_group("team")
    ann_headers = api.create_user("ann", groups=["team"])
    ann = authenticate(ctx, ann_headers["X-Authorization"])
    admin = authenticate(ctx, api.admin["X-Authorization"])
    for _ in range(8):
        _wf, task_id = _setup_again(api, [group("team")])
        results = at_once(
            [
                partial(commands.claim, ctx, ann, task_id, override=False),
                partial(commands.reassign, ctx, admin, task_id, [user("zed")]),
            ]
        )
        _row, task = commands.get(ctx, admin, task_id)
        if task.claimant is not None:  # claim first: the reassign was refused
            assert isinstance(results[1], Exception)
            assert task.assignee is not None and task.assignee.user == "team"
        else:  # reassign first: ann is no longer offered the task
            assert isinstance(results[0], Exception)
            assert task.assignee is not None and task.assignee.user == "zed"


def test_sla_expiry_racing_a_claim_is_consistent(
    api: Api, ctx: ServiceContext, clock: FakeClock
) -> None:
    api.create_group("team")
    api.create_group("later")
    ann_headers = api.create_user("ann", groups=["team"])
    ann = authenticate(ctx, ann_headers["X-Authorization"])
    admin = authenticate(ctx, api.admin["X-Authorization"])
    assert ctx.scheduler is not None
    scheduler = ctx.scheduler
    for _ in range(6):
        _wf, task_id = _setup_again(api, [group("team", 1), group("later")])
        clock.advance(60)
        results = at_once(
            [partial(commands.claim, ctx, ann, task_id, override=False), scheduler.run_due]
        )
        _row, task = commands.get(ctx, admin, task_id)
        assert task.assignee is not None and task.assignee.user == "later"
        assert task.claimant is None  # escalation drops a claim made before it
        if isinstance(results[0], Exception):
            assert "later" in str(results[0]) or "not" in str(results[0]).lower()


def _setup_again(api: Api, tiers: list[dict[str, Any]]) -> tuple[str, str]:
    api.client.post(
        "/api/metadata/workflow?overwrite=true",
        json=human_workflow(assignments=tiers),
        headers=api.admin,
    )
    workflow_id = api.client.post("/api/workflow/approval", json={}, headers=api.admin).text
    task_id = api.client.get(f"/api/workflow/{workflow_id}", headers=api.admin).json()["tasks"][0][
        "taskId"
    ]
    return workflow_id, task_id


def test_an_operation_waiting_for_the_lock_reads_the_task_as_its_holder_left_it(
    api: Api, ctx: ServiceContext
) -> None:
    """The task is read with its lock (PostgreSQL: one statement locks instance and task):
    an operation that waited for another's transaction sees that transaction's change, not
    the task as it was when the waiting began; and the instance row it read with the lock
    (held for its engine command) is the holder's too, so the completion that follows
    commits."""
    api.create_group("team")
    ann = authenticate(ctx, api.create_user("ann", groups=["team"])["X-Authorization"])
    admin = authenticate(ctx, api.admin["X-Authorization"])
    _wf, task_id = _setup_again(api, [group("team")])
    holding, release = threading.Event(), threading.Event()
    seen: list[Any] = []
    held: list[int] = []

    def holder() -> None:
        try:
            with commands.locked(ctx, task_id) as (conn, row, task):
                me = Principal(UserType.CONDUCTOR_USER, "ann")
                outcome = model.claim(task, me, now=ctx.now_ms(), new_id=new_id, groups=["team"])
                held.append(persist(ctx, conn, row, task, outcome).revision)
                holding.set()
                release.wait()
        finally:
            holding.set()

    def waiter() -> None:
        with commands.locked(ctx, task_id) as (_conn, row, task):
            seen.append((row.revision, task.claimant))
        commands.update(ctx, ann, task_id, {"ok": True}, complete=True)

    first = threading.Thread(target=holder)
    first.start()
    assert holding.wait(60)
    second = threading.Thread(target=waiter)
    second.start()
    if not ctx.db.is_sqlite:  # let the waiter reach the lock before the holder commits
        _until_waiting_on_a_lock(ctx)
    release.set()
    first.join()
    second.join()
    ((revision, claimant),) = seen
    assert revision == held[0]  # the claimed task, not the one the waiter began waiting for
    assert claimant == Principal(UserType.CONDUCTOR_USER, "ann")
    _row, task = commands.get(ctx, admin, task_id)
    assert task.state.value == "COMPLETED"


def _until_waiting_on_a_lock(ctx: ServiceContext) -> None:
    """Until some backend waits for a row lock (a bounded number of looks)."""
    for _ in range(10_000):
        with ctx.db.read() as conn:
            waiting = conn.exec_driver_sql(
                "SELECT count(*) FROM pg_stat_activity "
                "WHERE wait_event_type = 'Lock' AND datname = current_database()"
            ).scalar()
        if waiting:
            return
    raise AssertionError("the second operation never waited for the lock")

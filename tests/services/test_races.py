"""Concurrent commands on one instance are serialized by the database: nothing is lost and
nothing happens twice. Real threads, real connections, SQLite and PostgreSQL."""

from __future__ import annotations

import threading
from collections.abc import Callable
from functools import partial
from typing import Any

from baton.model.status import InstanceStatus, TaskStatus
from baton.services import worker_tasks, workflows
from baton.services.auth import authenticate
from baton.services.context import ServiceContext
from baton.store import instances

from support import Api

FORK = {
    "name": "fork",
    "version": 1,
    "tasks": [
        {
            "name": "fork",
            "taskReferenceName": "fork_ref",
            "type": "FORK_JOIN",
            "forkTasks": [
                [{"name": "left", "taskReferenceName": "left_ref", "type": "SIMPLE"}],
                [{"name": "right", "taskReferenceName": "right_ref", "type": "SIMPLE"}],
            ],
        },
        {
            "name": "join",
            "taskReferenceName": "join_ref",
            "type": "JOIN",
            "joinOn": ["left_ref", "right_ref"],
        },
        {"name": "after", "taskReferenceName": "after_ref", "type": "SIMPLE"},
    ],
}


def _at_once(*actions: Callable[[], Any]) -> list[BaseException]:
    barrier = threading.Barrier(len(actions))
    errors: list[BaseException] = []

    def run(action: Callable[[], Any]) -> None:
        barrier.wait()
        try:
            action()
        except BaseException as exc:
            errors.append(exc)

    threads = [threading.Thread(target=run, args=(a,)) for a in actions]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return errors


def test_both_fork_branches_land_and_join_fires_once(api: Api, ctx: ServiceContext) -> None:
    response = api.client.post("/api/metadata/workflow", json=FORK, headers=api.admin)
    assert response.status_code == 200
    admin = authenticate(ctx, api.admin["X-Authorization"])
    for _ in range(10):
        workflow_id = workflows.start(ctx, admin, name="fork", version=None, input={})
        (left,) = worker_tasks.poll(ctx, admin, "left", worker_id="a")
        (right,) = worker_tasks.poll(ctx, admin, "right", worker_id="b")

        finish = partial(
            worker_tasks.update, ctx, admin, workflow_id=workflow_id, status="COMPLETED"
        )
        left_done = partial(finish, task_id=left.activity.id, output={"side": "left_ref"})
        right_done = partial(finish, task_id=right.activity.id, output={"side": "right_ref"})
        assert _at_once(left_done, right_done) == []
        found = workflows.get(ctx, admin, workflow_id).state.activities.values()
        refs = [a.ref for a in found]
        assert refs.count("join_ref") == 1
        assert refs.count("after_ref") == 1
        join = next(a for a in found if a.ref == "join_ref")
        assert join.status is TaskStatus.COMPLETED
        assert join.output == {
            "left_ref": {"side": "left_ref"},
            "right_ref": {"side": "right_ref"},
        }
        with ctx.db.read() as conn:
            assert instances.count_queued(conn, "after") >= 1


def test_concurrent_pollers_never_share_a_task(api: Api, ctx: ServiceContext) -> None:
    job = {
        "name": "job",
        "version": 1,
        "tasks": [{"name": "work", "taskReferenceName": "w", "type": "SIMPLE"}],
    }
    api.client.post("/api/metadata/workflow", json=job, headers=api.admin)
    admin = authenticate(ctx, api.admin["X-Authorization"])
    for _ in range(12):
        workflows.start(ctx, admin, name="job", version=None, input={})
    taken: list[str] = []
    lock = threading.Lock()

    def poller(worker: str) -> Callable[[], None]:
        def run() -> None:
            for _ in range(4):
                for task in worker_tasks.poll(ctx, admin, "work", worker_id=worker, count=2):
                    with lock:
                        taken.append(task.activity.id)

        return run

    assert _at_once(*(poller(f"w{i}") for i in range(4))) == []
    assert len(taken) == 12
    assert len(set(taken)) == 12


def test_complete_racing_terminate_has_one_outcome(api: Api, ctx: ServiceContext) -> None:
    job = {
        "name": "job",
        "version": 1,
        "tasks": [{"name": "work", "taskReferenceName": "w", "type": "SIMPLE"}],
    }
    api.client.post("/api/metadata/workflow", json=job, headers=api.admin)
    admin = authenticate(ctx, api.admin["X-Authorization"])
    for _ in range(10):
        workflow_id = workflows.start(ctx, admin, name="job", version=None, input={})
        (task,) = worker_tasks.poll(ctx, admin, "work", worker_id="a")
        errors = _at_once(
            partial(
                worker_tasks.update,
                ctx,
                admin,
                task_id=task.activity.id,
                workflow_id=workflow_id,
                status="COMPLETED",
                output={},
            ),
            partial(workflows.terminate, ctx, admin, workflow_id, "race"),
        )
        found = workflows.get(ctx, admin, workflow_id).state
        (only,) = found.activities.values()
        if found.status is InstanceStatus.COMPLETED:
            assert only.status is TaskStatus.COMPLETED
            assert len(errors) == 1  # the terminate came second and was refused
        else:
            assert found.status is InstanceStatus.TERMINATED
            assert only.status is TaskStatus.CANCELED
            assert len(errors) == 1  # the late completion was refused

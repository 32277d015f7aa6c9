"""/api/tasks: polling, results, retries, leases, completion by reference name."""

from __future__ import annotations

import threading

import pytest

from baton.clock import FakeClock
from baton.services.context import ServiceContext

from conductor_helpers import poll, register, report, start, statuses, workflow
from support import Api

JOB = {
    "name": "job",
    "version": 1,
    "tasks": [{"name": "work", "taskReferenceName": "work_ref", "type": "SIMPLE"}],
}


def test_poll_with_nothing_queued(api: Api) -> None:
    assert poll(api, "work") == []
    response = api.client.get("/api/tasks/poll/work?workerid=w", headers=api.admin)
    assert response.status_code == 204
    assert response.content == b""


def test_single_poll_and_task_lookup(api: Api) -> None:
    register(api, JOB)
    workflow_id = start(api, "job")
    response = api.client.get("/api/tasks/poll/work?workerid=w7", headers=api.admin)
    assert response.status_code == 200
    task = response.json()
    assert task["status"] == "IN_PROGRESS"
    assert task["workerId"] == "w7"
    assert task["workflowInstanceId"] == workflow_id
    assert task["taskDefName"] == "work"
    found = api.client.get(f"/api/tasks/{task['taskId']}", headers=api.admin).json()
    assert found["status"] == "IN_PROGRESS"
    assert api.client.get("/api/tasks/nope", headers=api.admin).status_code == 404


def test_batch_poll_gives_each_task_once(api: Api) -> None:
    register(api, JOB)
    ids = {start(api, "job") for _ in range(5)}
    first = poll(api, "work", count=3)
    second = poll(api, "work", count=3)
    assert len(first) == 3 and len(second) == 2
    assert {t["workflowInstanceId"] for t in first + second} == ids


def test_failed_task_is_retried_after_its_delay(api: Api, clock: FakeClock) -> None:
    register(api, JOB, [{"name": "work", "retryCount": 1, "retryDelaySeconds": 30}])
    workflow_id = start(api, "job")
    (task,) = poll(api, "work")
    report(api, task, status="FAILED")
    assert poll(api, "work") == []
    clock.advance(30)
    (again,) = poll(api, "work")
    assert again["retryCount"] == 1
    report(api, again, status="FAILED")
    found = workflow(api, workflow_id)
    assert found["status"] == "FAILED"
    assert statuses(found) == [("work_ref", "FAILED"), ("work_ref", "FAILED")]


def test_terminal_error_is_not_retried(api: Api) -> None:
    register(api, JOB, [{"name": "work", "retryCount": 3, "retryDelaySeconds": 0}])
    workflow_id = start(api, "job")
    (task,) = poll(api, "work")
    report(api, task, status="FAILED_WITH_TERMINAL_ERROR")
    assert workflow(api, workflow_id)["status"] == "FAILED"


def test_silent_worker_loses_its_lease(api: Api, ctx: ServiceContext, clock: FakeClock) -> None:
    register(
        api,
        JOB,
        [{"name": "work", "retryCount": 2, "retryDelaySeconds": 0, "responseTimeoutSeconds": 60}],
    )
    workflow_id = start(api, "job")
    (task,) = poll(api, "work")
    clock.advance(59)
    assert ctx.scheduler is not None
    ctx.scheduler.run_due()
    assert poll(api, "work") == []
    clock.advance(2)
    ctx.scheduler.run_due()
    (again,) = poll(api, "work", worker="w2")
    assert again["taskId"] != task["taskId"]
    assert workflow(api, workflow_id)["tasks"][0]["status"] == "TIMED_OUT"
    report(api, again, done=True)
    assert workflow(api, workflow_id)["status"] == "COMPLETED"


def test_heartbeat_extends_the_lease(api: Api, ctx: ServiceContext, clock: FakeClock) -> None:
    register(api, JOB, [{"name": "work", "responseTimeoutSeconds": 60}])
    workflow_id = start(api, "job")
    (task,) = poll(api, "work")
    for _ in range(3):
        clock.advance(50)
        beat = {
            "taskId": task["taskId"],
            "workflowInstanceId": workflow_id,
            "status": "IN_PROGRESS",
            "extendLease": True,
        }
        assert api.client.post("/api/tasks", json=beat, headers=api.admin).status_code == 200
        assert ctx.scheduler is not None
        ctx.scheduler.run_due()
    assert workflow(api, workflow_id)["tasks"][0]["status"] == "IN_PROGRESS"


def test_in_progress_with_callback_requeues_later(api: Api, clock: FakeClock) -> None:
    register(api, JOB)
    workflow_id = start(api, "job")
    (task,) = poll(api, "work")
    body = {
        "taskId": task["taskId"],
        "workflowInstanceId": workflow_id,
        "status": "IN_PROGRESS",
        "callbackAfterSeconds": 10,
        "outputData": {"progress": 50},
    }
    assert api.client.post("/api/tasks", json=body, headers=api.admin).status_code == 200
    assert poll(api, "work") == []
    clock.advance(10)
    (again,) = poll(api, "work")
    assert again["taskId"] == task["taskId"]
    assert again["outputData"] == {"progress": 50}


def test_update_v2_hands_out_the_next_task(api: Api) -> None:
    register(api, JOB)
    start(api, "job")
    start(api, "job")
    (task,) = poll(api, "work")
    body = {
        "taskId": task["taskId"],
        "workflowInstanceId": task["workflowInstanceId"],
        "status": "COMPLETED",
        "workerId": "w1",
    }
    response = api.client.post("/api/tasks/update-v2", json=body, headers=api.admin)
    assert response.status_code == 200
    assert response.json()["status"] == "IN_PROGRESS"
    (other,) = [response.json()]
    body = {**body, "taskId": other["taskId"], "workflowInstanceId": other["workflowInstanceId"]}
    response = api.client.post("/api/tasks/update-v2", json=body, headers=api.admin)
    assert response.status_code == 204


def test_bad_task_results_change_nothing(api: Api) -> None:
    register(api, JOB)
    workflow_id = start(api, "job")
    (task,) = poll(api, "work")
    cases = [
        ({"taskId": task["taskId"], "status": "DANCING"}, 400),
        ({"taskId": task["taskId"], "status": "SCHEDULED"}, 400),
        ({"taskId": "ghost", "status": "COMPLETED"}, 404),
        ({"taskId": task["taskId"], "workflowInstanceId": "other", "status": "COMPLETED"}, 400),
        ({"status": "COMPLETED"}, 400),
        ({"taskId": task["taskId"], "status": "COMPLETED", "outputData": [1]}, 400),
    ]
    for body, expected in cases:
        response = api.client.post("/api/tasks", json=body, headers=api.admin)
        assert response.status_code == expected, (body, response.text)
    assert statuses(workflow(api, workflow_id)) == [("work_ref", "IN_PROGRESS")]
    report(api, task)
    again = api.client.post(
        "/api/tasks", json={"taskId": task["taskId"], "status": "COMPLETED"}, headers=api.admin
    )
    assert again.status_code == 409


def test_complete_by_unknown_ref_is_404(api: Api) -> None:
    register(api, JOB)
    workflow_id = start(api, "job")
    response = api.client.post(
        f"/api/tasks/{workflow_id}/nope/COMPLETED", json={}, headers=api.admin
    )
    assert response.status_code == 404
    response = api.client.post("/api/tasks/ghost/work_ref/COMPLETED", json={}, headers=api.admin)
    assert response.status_code == 404


def test_long_poll_wakes_when_work_arrives(
    api: Api, ctx: ServiceContext, monkeypatch: pytest.MonkeyPatch
) -> None:
    register(api, JOB)
    waiting = threading.Event()
    woken: list[bool] = []
    original = ctx.queues.wait

    def recording_wait(queue: str, seen: int, timeout: float) -> bool:
        waiting.set()
        result = original(queue, seen, timeout)
        woken.append(result)
        return result

    monkeypatch.setattr(ctx.queues, "wait", recording_wait)
    results: list[list[dict[str, object]]] = []

    def long_poll() -> None:
        response = api.client.get(
            "/api/tasks/poll/batch/work?workerid=w&count=1&timeout=60000", headers=api.admin
        )
        results.append(response.json())

    waiter = threading.Thread(target=long_poll)
    waiter.start()
    assert waiting.wait(timeout=30), "the poll never waited"  # a real thread: bounded wait
    start(api, "job")
    waiter.join(timeout=60)
    assert not waiter.is_alive()
    assert len(results) == 1 and len(results[0]) == 1
    # Woken by the queued work (the condition fired), not by its periodic database re-check.
    assert woken[-1] is True


def test_plain_user_cannot_poll(api: Api) -> None:
    headers = api.create_user("ann")
    response = api.client.get("/api/tasks/poll/batch/work", headers=headers)
    assert response.status_code == 403


def test_bad_poll_parameters(api: Api) -> None:
    assert (
        api.client.get("/api/tasks/poll/batch/work?count=0", headers=api.admin).status_code == 400
    )
    response = api.client.get("/api/tasks/poll/batch/work?timeout=999999", headers=api.admin)
    assert response.status_code == 400


def test_a_long_poll_answers_with_no_work_once_the_server_stops(
    api: Api, ctx: ServiceContext
) -> None:
    """A stopping server (SIGTERM) answers its waiting workers at once, with nothing,
    rather than holding its shutdown for their whole timeout (here a minute)."""
    headers = api.admin
    answers = []

    def long_poll() -> None:
        url = "/api/tasks/poll/batch/work?workerid=w&count=1&timeout=60000"
        answers.append(api.client.get(url, headers=headers))

    waiting = threading.Thread(target=long_poll)
    waiting.start()
    ctx.queues.close()
    waiting.join(timeout=30)  # a safeguard: without close() it would wait the full minute
    assert not waiting.is_alive()
    [answer] = answers
    assert answer.status_code == 200 and answer.json() == []

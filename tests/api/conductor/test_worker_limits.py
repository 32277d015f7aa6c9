"""concurrentExecLimit and rateLimitPerFrequency/rateLimitFrequencyInSeconds on task
definitions: how many tasks are handed to workers."""

from __future__ import annotations

from datetime import timedelta

from baton.clock import FakeClock

from conductor_helpers import poll, register, report, start
from support import Api

FLOW = {
    "name": "limited_flow",
    "version": 1,
    "tasks": [{"name": "limited", "taskReferenceName": "limited", "type": "SIMPLE"}],
}


def test_concurrent_exec_limit_caps_the_tasks_workers_hold(api: Api) -> None:
    register(api, FLOW, [{"name": "limited", "concurrentExecLimit": 2}])
    for _ in range(3):
        start(api, "limited_flow")
    held = poll(api, "limited", count=5)
    assert len(held) == 2
    assert poll(api, "limited", count=5) == []
    report(api, held[0])
    assert len(poll(api, "limited", count=5)) == 1


def test_rate_limit_caps_the_tasks_taken_per_window(api: Api, clock: FakeClock) -> None:
    limits = {"name": "limited", "rateLimitPerFrequency": 2, "rateLimitFrequencyInSeconds": 60}
    register(api, FLOW, [limits])
    for _ in range(3):
        start(api, "limited_flow")
    taken = poll(api, "limited", count=5)
    assert len(taken) == 2
    for task in taken:
        report(api, task)
    assert poll(api, "limited", count=5) == []  # done, but taken within the minute
    clock.advance(timedelta(seconds=61))
    assert len(poll(api, "limited", count=5)) == 1


def test_bad_limits_are_refused(api: Api) -> None:
    response = api.client.post(
        "/api/metadata/taskdefs",
        json=[{"name": "limited", "concurrentExecLimit": -1}],
        headers=api.admin,
    )
    assert response.status_code == 400
    assert "concurrentExecLimit" in response.text

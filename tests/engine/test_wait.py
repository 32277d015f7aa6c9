from datetime import timedelta

from baton.engine import TimerScheduled
from baton.model.instance import TimerPurpose
from baton.model.status import InstanceStatus, TaskStatus


def wait(ref="w", **params):
    return {"name": "wait", "taskReferenceName": ref, "type": "WAIT", "inputParameters": params}


def simple(ref):
    return {"name": ref, "taskReferenceName": ref, "type": "SIMPLE"}


def wf(*tasks):
    return {"name": "wf", "version": 1, "tasks": list(tasks)}


def test_wait_with_a_duration_completes_when_its_timer_fires(drive):
    d = drive(wf(wait(duration="10m20s"), simple("after")))
    changes = d.start()
    timer = next(c for c in changes if isinstance(c, TimerScheduled))
    assert timer.purpose is TimerPurpose.WAIT
    assert timer.due == d.clock.now() + timedelta(minutes=10, seconds=20)
    assert timer.task_id == d.task("w").id
    assert d.task("w").status is TaskStatus.IN_PROGRESS
    d.advance(619)
    assert d.open_refs() == ["w"]
    d.advance(1)
    assert d.task("w").status is TaskStatus.COMPLETED
    assert d.open_refs() == ["after"]


def test_wait_duration_can_come_from_workflow_input(drive):
    d = drive(wf(wait(duration="${workflow.input.pause}")))
    d.start({"pause": "2 days"})
    assert d.timers()[0].due - d.state.create_time == 2 * 86_400_000


def test_wait_until_a_date(drive):
    d = drive(wf(wait(until="2026-01-01 01:00 UTC")))
    d.start()
    d.advance(3600)
    assert d.status is InstanceStatus.COMPLETED


def test_wait_without_timer_waits_for_an_external_completion(drive):
    d = drive(wf(wait(), simple("after")))
    d.start()
    assert d.timers() == []
    d.complete("w", {"signal": "go"})
    assert d.task("w").output == {"signal": "go"}
    assert d.open_refs() == ["after"]


def test_completing_a_timed_wait_early_cancels_its_timer(drive):
    d = drive(wf(wait(duration="1h")))
    d.start()
    d.complete("w")
    assert d.timers() == []
    assert d.status is InstanceStatus.COMPLETED


def test_an_unreadable_duration_at_run_time_fails_the_wait(drive):
    d = drive(wf(wait(duration="${workflow.input.pause}")))
    d.start({"pause": "soon"})
    assert d.task("w").status is TaskStatus.FAILED_WITH_TERMINAL_ERROR
    assert d.status is InstanceStatus.FAILED

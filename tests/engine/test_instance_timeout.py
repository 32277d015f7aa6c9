from baton.engine import InstanceTimedOut, TaskCanceled, TimerCanceled, TimerScheduled
from baton.model.instance import TimerPurpose
from baton.model.status import InstanceStatus, TaskStatus


def wf(timeout, **extra):
    return {
        "name": "wf",
        "tasks": [{"name": "a", "taskReferenceName": "a"}],
        "timeoutSeconds": timeout,
        **extra,
    }


def test_workflow_timeout_arms_a_timer_at_start(drive):
    d = drive(wf(300))
    changes = d.start()
    timer = next(c for c in changes if isinstance(c, TimerScheduled))
    assert timer.purpose is TimerPurpose.INSTANCE_TIMEOUT
    assert (timer.due - d.clock.now()).total_seconds() == 300


def test_workflow_times_out_and_cancels_open_tasks(drive):
    d = drive(wf(300))
    d.start()
    changes = d.advance(300)
    assert d.status is InstanceStatus.TIMED_OUT
    assert d.task("a").status is TaskStatus.CANCELED
    assert any(isinstance(c, TaskCanceled) for c in changes)
    assert isinstance(changes[-1], InstanceTimedOut)
    assert "timed out" in d.state.reason


def test_finishing_in_time_cancels_the_timeout_timer(drive):
    d = drive(wf(300))
    d.start()
    timer_id = d.timers()[0].id
    changes = d.complete("a")
    assert TimerCanceled(timer_id) in changes
    assert d.timers() == []


def test_alert_only_policy_arms_no_timer(drive):
    d = drive(wf(300, timeoutPolicy="ALERT_ONLY"))
    d.start()
    assert d.timers() == []

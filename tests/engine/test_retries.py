from baton.engine import InstanceFailed, TaskCompleted, TaskFailed, TaskScheduled
from baton.model.instance import TimerPurpose
from baton.model.status import InstanceStatus, TaskStatus
from baton.model.task_def import RetryLogic, TaskDef, TaskTimeoutPolicy


def simple(ref, **extra):
    return {"name": ref, "taskReferenceName": ref, "type": "SIMPLE", **extra}


def wf(*tasks, **extra):
    return {"name": "wf", "version": 1, "tasks": list(tasks), **extra}


def test_failed_task_is_retried_as_a_new_attempt(drive):
    d = drive(wf(simple("a")), {"a": TaskDef("a", retry_count=2, retry_delay_seconds=5)})
    d.start()
    first = d.task("a")
    changes = d.fail("a", "worker crashed")
    failed, scheduled = changes
    assert failed == TaskFailed(first.id, TaskStatus.FAILED, "worker crashed", retried=True)
    assert isinstance(scheduled, TaskScheduled)
    assert scheduled.retry_count == 1
    assert scheduled.retried_task_id == first.id
    assert scheduled.delay_seconds == 5
    attempts = d.attempts("a")
    assert [a.status for a in attempts] == [TaskStatus.FAILED, TaskStatus.SCHEDULED]
    assert attempts[0].retried and attempts[0].reason == "worker crashed"
    assert attempts[1].id != first.id and attempts[1].callback_after_seconds == 5
    assert d.status is InstanceStatus.RUNNING


def test_retries_exhausted_fail_the_workflow(drive):
    d = drive(wf(simple("a"), simple("b")), {"a": TaskDef("a", retry_count=1)})
    d.start()
    d.fail("a")
    changes = d.fail("a", "still broken")
    assert d.status is InstanceStatus.FAILED
    assert d.state.reason == "still broken"
    assert d.state.failed_refs == ["a"]
    assert isinstance(changes[-1], InstanceFailed)
    assert [a.retry_count for a in d.attempts("a")] == [0, 1]


def test_service_task_without_definition_gets_three_retries(drive):
    d = drive(wf(simple("a")))
    d.start()
    for _ in range(3):
        d.fail("a")
        assert d.status is InstanceStatus.RUNNING
    d.fail("a")
    assert d.status is InstanceStatus.FAILED
    assert len(d.attempts("a")) == 4


def test_workflow_task_retry_count_overrides_the_task_definition(drive):
    d = drive(wf(simple("a", retryCount=0)), {"a": TaskDef("a", retry_count=5)})
    d.start()
    d.fail("a")
    assert d.status is InstanceStatus.FAILED


def test_terminal_error_is_not_retried(drive):
    d = drive(wf(simple("a")), {"a": TaskDef("a", retry_count=3)})
    d.start()
    d.fail("a", "bad input", terminal=True)
    assert d.status is InstanceStatus.FAILED
    assert d.task("a").status is TaskStatus.FAILED_WITH_TERMINAL_ERROR
    assert len(d.attempts("a")) == 1


def test_optional_task_failure_completes_with_errors_and_the_workflow_goes_on(drive):
    d = drive(wf(simple("a", optional=True), simple("b")), {"a": TaskDef("a", retry_count=0)})
    d.start()
    changes = d.fail("a", "meh")
    assert d.task("a").status is TaskStatus.COMPLETED_WITH_ERRORS
    assert changes[0] == TaskCompleted(d.task("a").id, TaskStatus.COMPLETED_WITH_ERRORS, {}, "meh")
    assert d.open_refs() == ["b"]
    d.complete("b")
    assert d.status is InstanceStatus.COMPLETED


def test_optional_task_is_still_retried_before_completing_with_errors(drive):
    d = drive(wf(simple("a", optional=True)), {"a": TaskDef("a", retry_count=1)})
    d.start()
    d.fail("a")
    assert d.task("a").status is TaskStatus.SCHEDULED
    d.fail("a", terminal=True)
    assert d.task("a").status is TaskStatus.COMPLETED_WITH_ERRORS
    assert d.status is InstanceStatus.COMPLETED


def test_lease_timeout_times_the_attempt_out_and_retries_it(drive):
    d = drive(wf(simple("a")), {"a": TaskDef("a", retry_count=1, response_timeout_seconds=30)})
    d.start()
    d.poll("a")
    d.lease_expired("a")
    first, second = d.attempts("a")
    assert first.status is TaskStatus.TIMED_OUT
    assert "responseTimeout: 30 exceeded" in first.reason
    assert second.status is TaskStatus.SCHEDULED and second.retry_count == 1


def test_lease_timeout_without_retries_left_times_out_the_workflow(drive):
    d = drive(wf(simple("a")), {"a": TaskDef("a", retry_count=0)})
    d.start()
    d.poll("a")
    d.lease_expired("a")
    assert d.status is InstanceStatus.TIMED_OUT


def test_exponential_backoff_doubles_the_delay(drive):
    defs = {
        "a": TaskDef(
            "a", retry_count=3, retry_delay_seconds=10, retry_logic=RetryLogic.EXPONENTIAL_BACKOFF
        )
    }
    d = drive(wf(simple("a")), defs)
    d.start()
    delays = []
    for _ in range(3):
        d.fail("a")
        delays.append(d.of(TaskScheduled)[0].delay_seconds)
    assert delays == [10, 20, 40]


def test_task_timeout_seconds_times_out_a_human_task_and_the_workflow(drive):
    human = {"name": "approve", "taskReferenceName": "h", "type": "HUMAN"}
    d = drive(wf(human), {"approve": TaskDef("approve", timeout_seconds=60)})
    d.start()
    assert [t.purpose for t in d.timers()] == [TimerPurpose.TASK_TIMEOUT]
    d.advance(60)
    assert d.task("h").status is TaskStatus.TIMED_OUT
    assert d.status is InstanceStatus.TIMED_OUT


def test_task_timeout_with_retry_policy_starts_another_attempt(drive):
    defs = {
        "a": TaskDef("a", retry_count=1, timeout_seconds=60, timeout_policy=TaskTimeoutPolicy.RETRY)
    }
    d = drive(wf(simple("a")), defs)
    d.start()
    assert d.timers() == []  # a job's timeout starts when a worker takes it
    d.poll("a")
    d.advance(61)
    assert [a.status for a in d.attempts("a")] == [TaskStatus.TIMED_OUT, TaskStatus.SCHEDULED]
    assert d.status is InstanceStatus.RUNNING


def test_completing_a_task_cancels_its_timeout_timer(drive):
    defs = {"a": TaskDef("a", timeout_seconds=60)}
    d = drive(wf(simple("a")), defs)
    d.start()
    d.poll("a")
    timer = d.timers()[0]
    changes = d.complete("a")
    assert any(getattr(c, "timer_id", None) == timer.id for c in changes)
    assert d.timers() == []

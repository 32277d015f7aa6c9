import pytest

from baton.engine import InstanceRetried, RetryInstance, TaskReopened, TerminateInstance
from baton.model.errors import Conflict
from baton.model.status import InstanceStatus, TaskStatus


def simple(ref, **extra):
    return {"name": ref, "taskReferenceName": ref, "type": "SIMPLE", "retryCount": 0, **extra}


def wf(*tasks, **extra):
    return {"name": "wf", "version": 1, "tasks": list(tasks), **extra}


def test_retrying_a_failed_workflow_reschedules_the_failed_task(drive):
    d = drive(wf(simple("a"), simple("b")))
    d.start()
    d.fail("a", "down")
    assert d.status is InstanceStatus.FAILED
    changes = d.run(RetryInstance())
    assert changes[0] == InstanceRetried()
    assert d.status is InstanceStatus.RUNNING
    assert d.state.reason is None
    first, second = d.attempts("a")
    assert first.status is TaskStatus.FAILED and first.retried
    assert second.status is TaskStatus.SCHEDULED and second.retried_from == first.id
    d.complete("a")
    d.complete("b")
    assert d.status is InstanceStatus.COMPLETED


def test_retrying_a_terminated_workflow_resumes_its_canceled_tasks(drive):
    fork = {
        "name": "f",
        "taskReferenceName": "f",
        "type": "FORK_JOIN",
        "forkTasks": [[simple("a")], [simple("b")]],
    }
    join = {"name": "j", "taskReferenceName": "j", "type": "JOIN", "joinOn": ["a", "b"]}
    d = drive(wf(fork, join))
    d.start()
    d.complete("a")
    d.run(TerminateInstance("operator"))
    assert d.status is InstanceStatus.TERMINATED
    assert d.task("j").status is TaskStatus.CANCELED
    changes = d.run(RetryInstance())
    assert TaskReopened(d.task("j").id, TaskStatus.IN_PROGRESS) in changes
    assert sorted(d.open_refs()) == ["b", "j"]
    d.complete("b")
    assert d.status is InstanceStatus.COMPLETED
    assert set(d.task("j").output) == {"a", "b"}


def test_retrying_a_failure_inside_a_loop_keeps_the_iteration(drive):
    loop = {
        "name": "l",
        "taskReferenceName": "l",
        "type": "DO_WHILE",
        "loopCondition": "$.l.iteration < 2",
        "loopOver": [simple("a")],
    }
    d = drive(wf(loop))
    d.start()
    d.complete("a__1")
    d.fail("a__2")
    d.run(RetryInstance())
    assert d.open_refs() == ["l", "a__2"]
    d.complete("a__2")
    assert d.status is InstanceStatus.COMPLETED


def test_retrying_a_completed_workflow_is_refused(drive):
    d = drive(wf(simple("a")))
    d.start()
    d.complete("a")
    with pytest.raises(Conflict):
        d.run(RetryInstance())


def test_retry_rearms_the_workflow_timeout(drive):
    d = drive(wf(simple("a"), timeoutSeconds=60))
    d.start()
    d.advance(60)
    assert d.status is InstanceStatus.TIMED_OUT
    d.run(RetryInstance())
    assert len(d.timers()) == 1
    assert d.open_refs() == ["a"]

import pytest

from baton.engine import InstancePaused, InstanceResumed, PauseInstance, ResumeInstance
from baton.model.errors import Conflict
from baton.model.status import InstanceStatus, TaskStatus
from baton.model.task_def import TaskDef


def simple(ref, **extra):
    return {"name": ref, "taskReferenceName": ref, "type": "SIMPLE", **extra}


def wf(*tasks):
    return {"name": "wf", "version": 1, "tasks": list(tasks)}


def test_paused_instance_schedules_nothing_new_until_resumed(drive):
    d = drive(wf(simple("a"), simple("b")))
    d.start()
    assert d.run(PauseInstance()) == [InstancePaused()]
    d.complete("a", {"x": 1})
    assert d.status is InstanceStatus.PAUSED
    assert d.task("a").status is TaskStatus.COMPLETED
    assert "b" not in d.statuses()
    changes = d.run(ResumeInstance())
    assert changes[0] == InstanceResumed()
    assert d.status is InstanceStatus.RUNNING
    assert d.open_refs() == ["b"]


def test_pausing_twice_changes_nothing(drive):
    d = drive(wf(simple("a")))
    d.start()
    d.run(PauseInstance())
    assert d.run(PauseInstance()) == []


def test_resuming_a_running_instance_is_refused(drive):
    d = drive(wf(simple("a")))
    d.start()
    with pytest.raises(Conflict):
        d.run(ResumeInstance())


def test_pausing_a_finished_instance_is_refused(drive):
    d = drive(wf(simple("a")))
    d.start()
    d.complete("a")
    with pytest.raises(Conflict):
        d.run(PauseInstance())


def test_instance_whose_last_task_ends_while_paused_completes_on_resume(drive):
    d = drive(wf(simple("a")))
    d.start()
    d.run(PauseInstance())
    d.complete("a")
    assert d.status is InstanceStatus.PAUSED
    d.run(ResumeInstance())
    assert d.status is InstanceStatus.COMPLETED


def test_a_retry_is_deferred_while_paused(drive):
    d = drive(wf(simple("a")), {"a": TaskDef("a", retry_count=1, retry_delay_seconds=0)})
    d.start()
    d.run(PauseInstance())
    d.fail("a")
    assert [a.status for a in d.attempts("a")] == [TaskStatus.FAILED]
    d.run(ResumeInstance())
    assert [a.status for a in d.attempts("a")] == [TaskStatus.FAILED, TaskStatus.SCHEDULED]


def test_a_wait_timer_firing_while_paused_does_not_start_the_next_task(drive):
    wait = {
        "name": "w",
        "taskReferenceName": "w",
        "type": "WAIT",
        "inputParameters": {"duration": "5s"},
    }
    d = drive(wf(wait, simple("after")))
    d.start()
    d.run(PauseInstance())
    d.advance(5)
    assert d.task("w").status is TaskStatus.COMPLETED
    assert "after" not in d.statuses()
    d.run(ResumeInstance())
    assert d.open_refs() == ["after"]


def test_a_loop_body_ending_while_paused_iterates_on_resume(drive):
    step = {
        "name": "l",
        "taskReferenceName": "l",
        "type": "DO_WHILE",
        "loopCondition": "$.l.iteration < 2",
        "loopOver": [simple("a")],
    }
    d = drive(wf(step))
    d.start()
    d.run(PauseInstance())
    d.complete("a__1")
    assert d.open_refs() == ["l"]
    d.run(ResumeInstance())
    assert d.open_refs() == ["l", "a__2"]

"""RerunFromTask: rewind an instance to where one of its tasks was scheduled."""

import pytest

from baton.engine import InstanceRetried, RerunFromTask, TaskRemoved, TerminateInstance
from baton.model.errors import Conflict, NotFound
from baton.model.status import InstanceStatus, TaskStatus


def simple(ref, **extra):
    return {"name": ref, "taskReferenceName": ref, "type": "SIMPLE", "retryCount": 0, **extra}


def wf(*tasks, **extra):
    return {"name": "wf", "version": 1, "tasks": list(tasks), **extra}


def test_rerun_from_a_middle_task_keeps_the_ones_before(drive):
    d = drive(wf(simple("a"), simple("b"), simple("c")))
    d.start()
    d.complete("a", {"x": 1})
    d.complete("b")
    d.complete("c")
    assert d.status is InstanceStatus.COMPLETED
    a, old_b, old_c = d.task("a"), d.task("b"), d.task("c")
    changes = d.run(RerunFromTask(old_b.id, task_input={"given": True}))
    assert TaskRemoved(old_b.id) in changes and TaskRemoved(old_c.id) in changes
    assert InstanceRetried() in changes
    assert d.status is InstanceStatus.RUNNING
    assert d.state.end_time == 0 and d.state.output == {}
    assert d.task("a") == a
    new_b = d.task("b")
    assert new_b.id != old_b.id and new_b.status is TaskStatus.SCHEDULED
    assert new_b.input == {"given": True}
    assert d.attempts("c") == []
    d.complete("b")
    d.complete("c")
    assert d.status is InstanceStatus.COMPLETED


def test_rerun_of_a_running_instance_cancels_the_open_task(drive):
    d = drive(wf(simple("a"), simple("b")))
    d.start()
    d.complete("a")
    open_b = d.task("b")
    changes = d.run(RerunFromTask(d.task("a").id, workflow_input={"n": 5}))
    assert TaskRemoved(open_b.id) in changes
    assert d.state.input == {"n": 5}
    assert d.open_refs() == ["a"]


def test_rerun_refuses_inside_a_loop_after_a_fork_and_unknown_tasks(drive):
    loop = {
        "name": "l",
        "taskReferenceName": "l",
        "type": "DO_WHILE",
        "loopCondition": "false",
        "loopOver": [simple("in_loop")],
    }
    fork = {
        "name": "f",
        "taskReferenceName": "f",
        "type": "FORK_JOIN",
        "forkTasks": [[simple("p")], [simple("q")]],
    }
    join = {"name": "j", "taskReferenceName": "j", "type": "JOIN", "joinOn": ["p", "q"]}
    d = drive(wf(loop, fork, join, simple("z")))
    d.start()
    d.complete("in_loop__1")
    d.complete("p")
    d.complete("q")
    d.run(TerminateInstance("stop"))
    for ref, words in (("in_loop__1", "inside"), ("p", "parallel"), ("z", "parallel")):
        with pytest.raises(Conflict, match=words):
            d.run(RerunFromTask(d.task(ref).id))
    with pytest.raises(NotFound):
        d.run(RerunFromTask("nope"))
    assert d.status is InstanceStatus.TERMINATED

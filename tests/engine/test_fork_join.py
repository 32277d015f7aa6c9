from baton.model.status import InstanceStatus, TaskStatus


def simple(ref, **extra):
    return {"name": ref, "taskReferenceName": ref, "type": "SIMPLE", **extra}


def fork(ref, *branches):
    return {"name": ref, "taskReferenceName": ref, "type": "FORK_JOIN", "forkTasks": list(branches)}


def join(ref, *refs):
    return {"name": ref, "taskReferenceName": ref, "type": "JOIN", "joinOn": list(refs)}


def wf(*tasks):
    return {"name": "wf", "version": 1, "tasks": list(tasks)}


def test_fork_join_waits_for_both_branches(drive):
    d = drive(wf(fork("f", [simple("a")], [simple("b")]), join("j", "a", "b"), simple("after")))
    d.start()
    assert d.statuses() == {"f": "COMPLETED", "a": "SCHEDULED", "b": "SCHEDULED"}
    assert d.task("f").seq == 1
    d.complete("a", {"x": 1})
    assert d.task("j").status is TaskStatus.IN_PROGRESS
    assert "after" not in d.statuses()
    d.complete("b", {"y": 2})
    assert d.task("j").status is TaskStatus.COMPLETED
    assert d.task("j").output == {"a": {"x": 1}, "b": {"y": 2}}
    assert d.task("j").input == {"joinOn": ["a", "b"]}
    assert d.open_refs() == ["after"]


def test_join_output_is_the_workflow_output_when_it_is_last(drive):
    d = drive(wf(fork("f", [simple("a")], [simple("b")]), join("j", "a", "b")))
    d.start()
    d.complete("a", {"x": 1})
    d.complete("b", {"y": 2})
    assert d.status is InstanceStatus.COMPLETED
    assert d.state.output == {"a": {"x": 1}, "b": {"y": 2}}


def test_branches_run_their_tasks_in_sequence(drive):
    d = drive(wf(fork("f", [simple("a1"), simple("a2")], [simple("b")]), join("j", "a2", "b")))
    d.start()
    d.complete("a1")
    assert sorted(d.open_refs()) == ["a2", "b"]
    d.complete("b")
    d.complete("a2")
    assert d.status is InstanceStatus.COMPLETED


def test_a_branch_outside_join_on_is_not_waited_for_but_must_end(drive):
    d = drive(wf(fork("f", [simple("a")], [simple("b")]), join("j", "a"), simple("after")))
    d.start()
    d.complete("a")
    assert sorted(d.open_refs()) == ["after", "b"]
    d.complete("after")
    assert d.status is InstanceStatus.RUNNING
    d.complete("b")
    assert d.status is InstanceStatus.COMPLETED


def test_join_on_a_middle_task_fires_when_it_completes(drive):
    d = drive(
        wf(
            fork("f", [simple("a1"), simple("a2")], [simple("b")]),
            join("j", "a1", "b"),
            simple("z"),
        )
    )
    d.start()
    d.complete("a1")
    d.complete("b")
    assert sorted(d.open_refs()) == ["a2", "z"]
    d.complete("z")
    d.complete("a2")
    assert d.status is InstanceStatus.COMPLETED


def test_empty_join_on_completes_the_join_at_once(drive):
    d = drive(wf(fork("f", [simple("a")]), join("j"), simple("after")))
    d.start()
    assert sorted(d.open_refs()) == ["a", "after"]


def test_nested_fork_inside_a_fork_branch(drive):
    inner = [fork("g", [simple("c")], [simple("e")]), join("k", "c", "e")]
    d = drive(wf(fork("f", inner, [simple("b")]), join("j", "k", "b")))
    d.start()
    assert sorted(d.open_refs()) == ["b", "c", "e"]
    d.complete("c")
    d.complete("b")
    assert d.task("j").status is TaskStatus.IN_PROGRESS
    d.complete("e")
    assert d.status is InstanceStatus.COMPLETED
    assert set(d.state.output) == {"k", "b"}


def test_a_failing_branch_fails_the_workflow_and_cancels_the_other(drive):
    d = drive(wf(fork("f", [simple("a", retryCount=0)], [simple("b")]), join("j", "a", "b")))
    d.start()
    d.complete("b")
    d.fail("a", "no")
    assert d.status is InstanceStatus.FAILED
    assert d.task("j").status is TaskStatus.CANCELED


def test_joining_on_a_switch_waits_for_the_branch_it_chose(drive):
    switch = {
        "name": "sw",
        "taskReferenceName": "sw",
        "type": "SWITCH",
        "expression": "k",
        "inputParameters": {"k": "go"},
        "decisionCases": {"go": [simple("inside")]},
    }
    d = drive(wf(fork("f", [switch], [simple("b")]), join("j", "sw", "b")))
    d.start()
    d.complete("b")
    assert d.task("j").status is TaskStatus.IN_PROGRESS
    d.complete("inside")
    assert d.status is InstanceStatus.COMPLETED
    assert d.state.output["sw"] == {"evaluationResult": ["go"], "selectedCase": "go"}


def test_joining_on_a_loop_waits_for_all_its_iterations(drive):
    loop = {
        "name": "l",
        "taskReferenceName": "l",
        "type": "DO_WHILE",
        "loopCondition": "$.l.iteration < 2",
        "loopOver": [simple("x")],
    }
    d = drive(wf(fork("f", [loop], [simple("b")]), join("j", "l", "b")))
    d.start()
    d.complete("b")
    d.complete("x__1")
    assert d.task("j").status is TaskStatus.IN_PROGRESS
    d.complete("x__2")
    assert d.status is InstanceStatus.COMPLETED
    assert d.task("j").output["l"]["iteration"] == 2

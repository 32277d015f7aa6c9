from baton.model.status import InstanceStatus, TaskStatus


def simple(ref, **extra):
    return {"name": ref, "taskReferenceName": ref, "type": "SIMPLE", **extra}


def loop(condition, *body, ref="loop", **extra):
    return {
        "name": "loop",
        "taskReferenceName": ref,
        "type": "DO_WHILE",
        "loopCondition": condition,
        "loopOver": list(body),
        **extra,
    }


def wf(*tasks):
    return {"name": "wf", "version": 1, "tasks": list(tasks)}


def test_do_while_runs_the_body_until_the_condition_is_false(drive):
    cond = "if ($.loop['iteration'] < 3) { true; } else { false; }"
    d = drive(wf(loop(cond, simple("a"), simple("b")), simple("after")))
    d.start()
    for i in (1, 2, 3):
        assert d.open_refs() == ["loop", f"a__{i}"]
        assert d.task(f"a__{i}").iteration == i
        d.complete(f"a__{i}", {"n": i})
        d.complete(f"b__{i}", {"m": i})
    assert d.task("loop").status is TaskStatus.COMPLETED
    assert d.task("loop").iteration == 3
    assert d.task("loop").output["iteration"] == 3
    assert d.task("loop").output["2"] == {"a": {"n": 2}, "b": {"m": 2}}
    assert d.open_refs() == ["after"]


def test_condition_can_compare_with_loop_input_and_task_output(drive):
    step = loop(
        "$.loop.iteration < $.max && !$.a.done",
        simple("a"),
        inputParameters={"max": "${workflow.input.max}"},
    )
    d = drive(wf(step))
    d.start({"max": 5})
    d.complete("a__1", {"done": False})
    d.complete("a__2", {"done": True})
    assert d.status is InstanceStatus.COMPLETED
    assert d.task("loop").iteration == 2


def test_tasks_in_the_loop_see_the_current_iteration(drive):
    body = simple("a", inputParameters={"page": "${loop.output.iteration}"})
    d = drive(wf(loop("$.loop.iteration < 2", body)))
    d.start()
    assert d.task("a__1").input == {"page": 1}
    d.complete("a__1")
    assert d.task("a__2").input == {"page": 2}


def test_a_task_after_the_loop_reads_the_last_iteration(drive):
    after = simple("after", inputParameters={"last": "${a.output.n}"})
    d = drive(wf(loop("$.loop.iteration < 2", simple("a")), after))
    d.start()
    d.complete("a__1", {"n": 1})
    d.complete("a__2", {"n": 2})
    assert d.task("after").input == {"last": 2}


def test_iife_condition_with_returns(drive):
    cond = "(function () { if ($.loop['iteration'] < 2) { return true; } return false; })();"
    d = drive(wf(loop(cond, simple("a"))))
    d.start()
    d.complete("a__1")
    d.complete("a__2")
    assert d.status is InstanceStatus.COMPLETED


def test_fork_inside_a_loop_joins_each_iteration(drive):
    fork = {
        "name": "f",
        "taskReferenceName": "f",
        "type": "FORK_JOIN",
        "forkTasks": [[simple("x")], [simple("y")]],
    }
    join = {"name": "j", "taskReferenceName": "j", "type": "JOIN", "joinOn": ["x", "y"]}
    d = drive(wf(loop("$.loop.iteration < 2", fork, join)))
    d.start()
    d.complete("x__1")
    d.complete("y__1")
    assert sorted(d.open_refs()) == ["loop", "x__2", "y__2"]
    d.complete("y__2")
    d.complete("x__2")
    assert d.status is InstanceStatus.COMPLETED
    assert d.task("j__2").status is TaskStatus.COMPLETED


def test_a_retried_task_in_a_loop_keeps_its_iteration(drive):
    d = drive(wf(loop("$.loop.iteration < 2", simple("a"))))
    d.start()
    d.fail("a__1")
    attempts = d.attempts("a__1")
    assert [a.retry_count for a in attempts] == [0, 1]
    assert attempts[1].iteration == 1


def test_condition_that_fails_at_run_time_fails_the_loop_and_workflow(drive):
    d = drive(wf(loop("$.a.result.ok == true", simple("a"))))
    d.start()
    d.complete("a__1", {})
    assert d.task("loop").status is TaskStatus.FAILED_WITH_TERMINAL_ERROR
    assert d.status is InstanceStatus.FAILED
    assert "Cannot read property 'ok'" in d.state.reason


def test_value_param_loop_condition_reads_an_input_parameter(drive):
    step = loop(
        "again",
        simple("a"),
        evaluatorType="value-param",
        inputParameters={"again": "${a.output.again}"},
    )
    d = drive(wf(step))
    d.start()
    d.complete("a__1", {"again": True})
    d.complete("a__2", {"again": False})
    assert d.status is InstanceStatus.COMPLETED

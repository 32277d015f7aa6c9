"""NOOP, INLINE, JSON_JQ_TRANSFORM and startDelay, run through the engine."""

from __future__ import annotations

import pytest

from baton.engine import Engine, TaskScheduled
from baton.engine.languages import JQ, Jq, default_languages
from baton.expr.jq import JqSandbox
from baton.model.errors import InvalidInput
from baton.model.status import InstanceStatus, TaskStatus
from baton.notation.conductor import compile


def step(ref, kind, **params):
    return {"name": ref, "taskReferenceName": ref, "type": kind, "inputParameters": params}


def simple(ref, **extra):
    return {"name": ref, "taskReferenceName": ref, "type": "SIMPLE", **extra}


def wf(*tasks, **extra):
    return {"name": "wf", "version": 1, "tasks": list(tasks), **extra}


def test_noop_completes_at_once(drive):
    d = drive(wf(step("n", "NOOP"), simple("after")))
    d.start()
    assert d.statuses() == {"n": "COMPLETED", "after": "SCHEDULED"}
    assert d.task("n").output == {}


@pytest.mark.parametrize("evaluator", ["javascript", "graaljs"])
def test_inline_javascript_result_is_the_expression_value(drive, evaluator):
    inline = step(
        "calc",
        "INLINE",
        evaluatorType=evaluator,
        expression="$.a > 2 ? $.a * 10 : 'small'",
        a="${workflow.input.a}",
    )
    d = drive(wf(inline, simple("use", inputParameters={"r": "${calc.output.result}"})))
    d.start({"a": 3})
    assert d.task("calc").status is TaskStatus.COMPLETED
    assert d.task("calc").output == {"result": 30}
    assert d.task("use").input == {"r": 30}


def test_inline_function_form(drive):
    inline = step("calc", "INLINE", expression="(function () { return [$.a, $.b]; })()", a=1, b="x")
    d = drive(wf(inline))
    d.start()
    assert d.status is InstanceStatus.COMPLETED
    assert d.task("calc").output == {"result": [1, "x"]}


def test_inline_value_param_returns_the_named_input(drive):
    inline = step(
        "pick", "INLINE", evaluatorType="value-param", expression="v", v="${workflow.input.v}"
    )
    d = drive(wf(inline))
    d.start({"v": {"k": [1]}})
    assert d.task("pick").output == {"result": {"k": [1]}}


def test_inline_runtime_error_fails_the_task_and_the_workflow(drive):
    d = drive(wf(step("calc", "INLINE", expression="$.a.b.c", a=None)))
    d.start()
    assert d.task("calc").status is TaskStatus.FAILED_WITH_TERMINAL_ERROR
    assert d.status is InstanceStatus.FAILED
    assert "calc" in (d.state.reason or "") or d.task("calc").reason


def test_optional_inline_that_fails_lets_the_workflow_go_on(drive):
    bad = {**step("calc", "INLINE", expression="$.a.b", a=None), "optional": True}
    d = drive(wf(bad, simple("after")))
    d.start()
    assert d.task("calc").status is TaskStatus.COMPLETED_WITH_ERRORS
    assert d.statuses()["after"] == "SCHEDULED"


def test_inline_outside_the_subset_is_refused_at_registration():
    with pytest.raises(InvalidInput) as caught:
        compile(wf(step("calc", "INLINE", expression="while (true) {}")))
    assert "tasks[0].inputParameters.expression" in caught.value.message
    with pytest.raises(InvalidInput) as caught:
        compile(wf(step("calc", "INLINE", evaluatorType="python", expression="1")))
    assert "evaluatorType" in caught.value.message
    with pytest.raises(InvalidInput) as caught:
        compile(wf(step("calc", "INLINE", expression="$.missing + 1")))
    assert "missing" in caught.value.message


def test_jq_transform_gives_result_and_result_list(drive):
    jq = step(
        "jq",
        "JSON_JQ_TRANSFORM",
        queryExpression="{total: (.items | map(.n) | add), names: [.items[].name]}",
        items="${workflow.input.items}",
    )
    d = drive(wf(jq, simple("use", inputParameters={"t": "${jq.output.result.total}"})))
    d.start({"items": [{"name": "a", "n": 2}, {"name": "b", "n": 5}]})
    out = {"total": 7, "names": ["a", "b"]}
    assert d.task("jq").output == {"result": out, "resultList": [out]}
    assert d.task("use").input == {"t": 7}


def test_jq_stream_of_results(drive):
    d = drive(wf(step("jq", "JSON_JQ_TRANSFORM", queryExpression=".xs[]", xs=[1, 2, 3])))
    d.start()
    assert d.task("jq").output == {"result": 1, "resultList": [1, 2, 3]}


def test_jq_error_fails_the_task(drive):
    d = drive(wf(step("jq", "JSON_JQ_TRANSFORM", queryExpression='error("nope")')))
    d.start()
    assert d.task("jq").status is TaskStatus.FAILED_WITH_TERMINAL_ERROR
    assert "nope" in (d.task("jq").reason or "")
    assert d.status is InstanceStatus.FAILED


def test_jq_that_runs_past_its_time_budget_fails_the_task(drive):
    sandbox = JqSandbox(max_seconds=0.2)
    engine = Engine(languages={**default_languages(), JQ: Jq(sandbox)})
    try:
        d = drive(
            wf(step("jq", "JSON_JQ_TRANSFORM", queryExpression="last(range(1e15))")), None, engine
        )
        d.start()
        assert d.task("jq").status is TaskStatus.FAILED_WITH_TERMINAL_ERROR
        assert "time budget" in (d.task("jq").reason or "")
        assert sandbox.run(".+1", 1) == [2]  # a new helper process answers the next call
    finally:
        sandbox.close()


def test_jq_results_keep_the_size_limits(drive):
    d = drive(wf(step("jq", "JSON_JQ_TRANSFORM", queryExpression="range(200000)")))
    d.start()
    assert d.task("jq").status is TaskStatus.FAILED_WITH_TERMINAL_ERROR
    assert "elements" in (d.task("jq").reason or "")


def test_jq_syntax_error_is_refused_at_registration():
    with pytest.raises(InvalidInput) as caught:
        compile(wf(step("jq", "JSON_JQ_TRANSFORM", queryExpression=".a | | .b")))
    assert "tasks[0].inputParameters.queryExpression" in caught.value.message
    with pytest.raises(InvalidInput):
        compile(wf(step("jq", "JSON_JQ_TRANSFORM", other=1)))


def test_start_delay_holds_the_first_attempt_back(drive):
    d = drive(wf(simple("late", startDelay=30)))
    changes = d.start()
    (scheduled,) = [c for c in changes if isinstance(c, TaskScheduled)]
    assert scheduled.delay_seconds == 30
    assert d.task("late").callback_after_seconds == 30


def test_start_delay_is_refused_where_no_worker_polls():
    with pytest.raises(InvalidInput) as caught:
        compile(wf({**step("n", "NOOP"), "startDelay": 5}))
    assert "startDelay" in caught.value.message
    with pytest.raises(InvalidInput):
        compile(wf(simple("s", startDelay=-1)))


def test_http_task_is_a_job_on_batons_own_queue(drive):
    http = {
        "name": "call",
        "taskReferenceName": "call",
        "type": "HTTP",
        "startDelay": 5,
        "inputParameters": {"http_request": {"uri": "https://x.example/${workflow.input.p}"}},
    }
    d = drive(wf(http))
    (scheduled,) = [c for c in d.start({"p": "a"}) if isinstance(c, TaskScheduled)]
    assert (scheduled.queue, scheduled.task_type, scheduled.delay_seconds) == (
        "$baton.http",
        "HTTP",
        5,
    )
    assert scheduled.input == {"http_request": {"uri": "https://x.example/a"}}


def test_http_task_needs_an_http_uri():
    for request in ({}, {"uri": "file:///etc/passwd"}, {"uri": "http://x", "method": "BREW"}):
        step_ = {"name": "c", "taskReferenceName": "c", "type": "HTTP"}
        with pytest.raises(InvalidInput):
            compile(wf({**step_, "inputParameters": {"http_request": request}}))

import pytest

from baton.model.status import InstanceStatus


def simple(ref, **extra):
    return {"name": ref, "taskReferenceName": ref, "type": "SIMPLE", **extra}


def switch(ref="sw", cases=None, default=None, **extra):
    step = {
        "name": "switch",
        "taskReferenceName": ref,
        "type": "SWITCH",
        "evaluatorType": "value-param",
        "expression": "kind",
        "inputParameters": {"kind": "${workflow.input.kind}"},
        "decisionCases": cases or {},
    }
    if default is not None:
        step["defaultCase"] = default
    step.update(extra)
    return step


def wf(*tasks):
    return {"name": "wf", "version": 1, "tasks": list(tasks)}


@pytest.mark.parametrize(("kind", "expected"), [("card", "pay_card"), ("bank", "pay_bank")])
def test_switch_takes_the_matching_case(drive, kind, expected):
    d = drive(
        wf(
            switch(cases={"card": [simple("pay_card")], "bank": [simple("pay_bank")]}),
            simple("after"),
        )
    )
    d.start({"kind": kind})
    assert d.open_refs() == [expected]
    assert d.task("sw").output == {"evaluationResult": [kind], "selectedCase": kind}
    d.complete(expected)
    assert d.open_refs() == ["after"]


def test_switch_without_a_match_takes_the_default_case(drive):
    d = drive(wf(switch(cases={"a": [simple("x")]}, default=[simple("fallback")])))
    d.start({"kind": "zzz"})
    assert d.open_refs() == ["fallback"]


def test_switch_without_match_or_default_goes_on_after_the_switch(drive):
    d = drive(wf(switch(cases={"a": [simple("x")]}), simple("after")))
    d.start({"kind": None})
    assert d.task("sw").output["evaluationResult"] == ["null"]
    assert d.open_refs() == ["after"]


def test_switch_as_last_task_completes_the_workflow_with_an_empty_case(drive):
    d = drive(wf(switch(cases={"a": []})))
    d.start({"kind": "a"})
    assert d.status is InstanceStatus.COMPLETED


def test_javascript_switch_is_evaluated_with_the_safe_subset(drive):
    step = switch(
        cases={"big": [simple("big_path")], "small": [simple("small_path")]},
        evaluatorType="javascript",
        expression="$.amount > 1000 ? 'big' : 'small'",
        inputParameters={"amount": "${workflow.input.amount}"},
    )
    d = drive(wf(step))
    d.start({"amount": 5000})
    assert d.open_refs() == ["big_path"]


def test_legacy_decision_uses_case_value_param(drive):
    step = {
        "name": "decide",
        "taskReferenceName": "dec",
        "type": "DECISION",
        "caseValueParam": "c",
        "inputParameters": {"c": "${workflow.input.c}"},
        "decisionCases": {"1": [simple("one")]},
    }
    d = drive(wf(step))
    d.start({"c": 1})
    assert d.open_refs() == ["one"]
    assert d.task("dec").output["evaluationResult"] == ["1"]


def test_nested_fork_inside_switch_runs_both_branches_then_continues(drive):
    fork = {
        "name": "fork",
        "taskReferenceName": "fork",
        "type": "FORK_JOIN",
        "forkTasks": [[simple("left")], [simple("right")]],
    }
    join = {
        "name": "join",
        "taskReferenceName": "join",
        "type": "JOIN",
        "joinOn": ["left", "right"],
    }
    d = drive(wf(switch(cases={"par": [fork, join]}), simple("after")))
    d.start({"kind": "par"})
    assert d.open_refs() == ["left", "right"]
    d.complete("right", {"r": 1})
    assert d.open_refs() == ["left", "join"]
    d.complete("left", {"l": 1})
    assert d.task("join").output == {"left": {"l": 1}, "right": {"r": 1}}
    assert d.open_refs() == ["after"]


def test_a_case_value_too_long_as_text_fails_the_instance(drive):
    d = drive(wf(switch(cases={"x": [simple("a")]}, default=[simple("b")])))
    d.start({"kind": ["z" * 1000] * 2000})  # 2 MB once written as text
    assert d.status is InstanceStatus.FAILED
    assert "sw: a string of more than 1,000,000 characters" in d.state.reason

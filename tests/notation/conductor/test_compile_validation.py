import pytest

from baton.model.errors import InvalidInput
from baton.notation.conductor import compile


def simple(ref, **extra):
    return {"name": ref, "taskReferenceName": ref, "type": "SIMPLE", **extra}


def errors_of(definition):
    with pytest.raises(InvalidInput) as caught:
        compile(definition)
    return {(e.path, e.message) for e in caught.value.errors}


def paths_of(definition):
    return {path for path, _ in errors_of(definition)}


def wf(*tasks, **extra):
    return {"name": "wf", "tasks": list(tasks), **extra}


def test_missing_name_and_tasks_are_reported():
    assert paths_of({"tasks": []}) == {"name", "tasks"}


def test_missing_task_name_and_reference_name_name_the_task():
    paths = paths_of(wf(simple("a"), {"type": "SIMPLE"}, {"name": "x", "taskReferenceName": ""}))
    assert paths == {
        "tasks[1].taskReferenceName",
        "tasks[1].name",
        "tasks[2].taskReferenceName",
    }


def test_duplicate_reference_names_are_found_anywhere():
    switch = {
        "name": "s",
        "taskReferenceName": "s",
        "type": "SWITCH",
        "expression": "k",
        "inputParameters": {"k": 1},
        "decisionCases": {"a": [simple("dup")]},
    }
    found = errors_of(wf(simple("dup"), switch))
    assert (
        "tasks[1].decisionCases.a[0].taskReferenceName",
        "duplicate taskReferenceName 'dup' (also used at tasks[0])",
    ) in found


def test_duplicates_inside_fork_branches_and_loops():
    fork = {
        "name": "f",
        "taskReferenceName": "f",
        "type": "FORK_JOIN",
        "forkTasks": [[simple("x")], [simple("y")]],
    }
    join = {"name": "j", "taskReferenceName": "j", "type": "JOIN", "joinOn": ["x", "y"]}
    loop = {
        "name": "l",
        "taskReferenceName": "l",
        "type": "DO_WHILE",
        "loopCondition": "$.l.iteration < 2",
        "loopOver": [simple("x")],
    }
    assert "tasks[2].loopOver[0].taskReferenceName" in paths_of(wf(fork, join, loop))


def test_unknown_task_type_lists_the_supported_ones():
    ((path, message),) = errors_of(wf(simple("a", type="KAFKA_PUBLISH")))
    assert path == "tasks[0].type"
    assert "task 'a'" in message and "'KAFKA_PUBLISH'" in message
    assert "SIMPLE" in message and "DO_WHILE" in message


def test_fork_join_must_be_followed_by_a_join():
    fork = {
        "name": "f",
        "taskReferenceName": "f",
        "type": "FORK_JOIN",
        "forkTasks": [[simple("x")]],
    }
    found = errors_of(wf(fork, simple("after")))
    assert ("tasks[0]", "a FORK_JOIN must be followed by a JOIN") in found


def test_a_join_without_a_fork_is_refused():
    join = {"name": "j", "taskReferenceName": "j", "type": "JOIN", "joinOn": []}
    assert (
        "tasks[0]",
        "a JOIN must directly follow a FORK_JOIN or FORK_JOIN_DYNAMIC",
    ) in errors_of(wf(join))


def test_join_on_must_name_tasks_of_the_fork():
    fork = {
        "name": "f",
        "taskReferenceName": "f",
        "type": "FORK_JOIN",
        "forkTasks": [[simple("x")]],
    }
    join = {
        "name": "j",
        "taskReferenceName": "j",
        "type": "JOIN",
        "joinOn": ["x", "ghost", "before"],
    }
    found = errors_of(wf(simple("before"), fork, join))
    assert ("tasks[2].joinOn[1]", "joinOn names unknown task 'ghost'") in found
    assert (
        "tasks[2].joinOn[2]",
        "joinOn names 'before', which is not in the preceding fork",
    ) in found


def test_expressions_must_reference_known_tasks():
    found = errors_of(wf(simple("a", inputParameters={"v": "${nosuch.output.x}"})))
    assert found == {("tasks[0].inputParameters.v", "expression references unknown task 'nosuch'")}


def test_malformed_expressions_are_reported_with_their_path():
    ((path, message),) = errors_of(
        wf(simple("a", inputParameters={"deep": {"list": ["${workflow.input.x"]}}))
    )
    assert path == "tasks[0].inputParameters.deep.list[0]"
    assert "unclosed '${'" in message


def test_unknown_workflow_and_task_fields_are_reported():
    found = paths_of(
        wf(
            simple("a", inputParameters={"v": "${workflow.inputs.x}"}),
            simple("b", inputParameters={"v": "${a.outputs.x}"}),
        )
    )
    assert found == {"tasks[0].inputParameters.v", "tasks[1].inputParameters.v"}


def test_output_parameters_are_checked_too():
    assert paths_of(wf(simple("a"), outputParameters={"x": "${ghost.output}"})) == {
        "outputParameters.x"
    }


def test_javascript_switch_outside_the_subset_is_refused_naming_the_task():
    switch = {
        "name": "s",
        "taskReferenceName": "route",
        "type": "SWITCH",
        "evaluatorType": "graaljs",
        "expression": "new Date().getDay() > 3 ? 'late' : 'early'",
        "decisionCases": {},
    }
    ((path, message),) = errors_of(wf(switch))
    assert path == "tasks[0].expression"
    assert "switch 'route'" in message and "supported JavaScript subset" in message


def test_value_param_switch_must_name_an_input_parameter():
    switch = {
        "name": "s",
        "taskReferenceName": "s",
        "type": "SWITCH",
        "evaluatorType": "value-param",
        "expression": "kind",
        "decisionCases": {},
    }
    assert ("tasks[0].expression", "no input parameter named 'kind'") in errors_of(wf(switch))


def test_switch_with_an_unknown_evaluator_is_refused():
    switch = {
        "name": "s",
        "taskReferenceName": "s",
        "type": "SWITCH",
        "evaluatorType": "python",
        "expression": "x",
        "decisionCases": {},
    }
    assert paths_of(wf(switch)) == {"tasks[0].evaluatorType"}


def test_loop_condition_must_be_in_the_subset_and_name_known_things():
    loop = {
        "name": "l",
        "taskReferenceName": "l",
        "type": "DO_WHILE",
        "loopCondition": "$.l.iteration < $.limit",
        "loopOver": [simple("a")],
    }
    found = errors_of(wf(loop))
    assert (
        "tasks[0].loopCondition",
        "the loopCondition of 'l' reads '$.limit', which is not defined there",
    ) in found
    bad = {**loop, "loopCondition": "while(true){}"}
    assert paths_of(wf(bad)) == {"tasks[0].loopCondition"}


def test_loop_needs_a_body():
    loop = {
        "name": "l",
        "taskReferenceName": "l",
        "type": "DO_WHILE",
        "loopCondition": "true",
        "loopOver": [],
    }
    assert paths_of(wf(loop)) == {"tasks[0].loopOver"}


def test_wait_refuses_both_duration_and_until_and_bad_literals():
    both = {
        "name": "w",
        "taskReferenceName": "w",
        "type": "WAIT",
        "inputParameters": {"duration": "1m", "until": "2026-01-01"},
    }
    bad = {
        "name": "w",
        "taskReferenceName": "w2",
        "type": "WAIT",
        "inputParameters": {"duration": "ten minutes"},
    }
    assert paths_of(wf(both, bad)) == {
        "tasks[0].inputParameters",
        "tasks[1].inputParameters.duration",
    }


def test_terminate_needs_a_valid_status_and_cannot_be_optional():
    term = {
        "name": "t",
        "taskReferenceName": "t",
        "type": "TERMINATE",
        "optional": True,
        "inputParameters": {"terminationStatus": "DONE"},
    }
    assert paths_of(wf(term)) == {
        "tasks[0].optional",
        "tasks[0].inputParameters.terminationStatus",
    }


def test_bad_top_level_fields_are_reported():
    found = paths_of(wf(simple("a"), timeoutSeconds=-1, timeoutPolicy="NEVER", version="1"))
    assert found == {"timeoutSeconds", "timeoutPolicy", "version"}


def test_the_error_message_summarizes_the_first_error():
    with pytest.raises(InvalidInput) as caught:
        compile(wf(simple("a", type="KAFKA_PUBLISH"), simple("a")))
    assert caught.value.message.startswith("Invalid workflow definition 'wf': tasks[0].type")
    assert "(and 1 more)" in caught.value.message
    assert caught.value.status == 400


def test_a_non_object_definition_is_refused():
    with pytest.raises(InvalidInput):
        compile(["not", "a", "definition"])  # type: ignore[arg-type]

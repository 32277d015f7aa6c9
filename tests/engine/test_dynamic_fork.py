"""FORK_JOIN_DYNAMIC + JOIN in the engine: worker tasks chosen at run time, joined on all."""

from __future__ import annotations

import pytest

from baton.engine import TaskScheduled
from baton.model.errors import InvalidInput
from baton.model.status import InstanceStatus, TaskStatus
from baton.notation.conductor import compile

JOIN = {"name": "join", "taskReferenceName": "join", "type": "JOIN"}
AFTER = {
    "name": "after",
    "taskReferenceName": "after",
    "type": "SIMPLE",
    "inputParameters": {"joined": "${join.output}"},
}


def fork(**extra):
    return {"name": "fan", "taskReferenceName": "fan", "type": "FORK_JOIN_DYNAMIC", **extra}


def classic():
    return fork(
        inputParameters={
            "tasks": "${workflow.input.tasks}",
            "inputs": "${workflow.input.inputs}",
        },
        dynamicForkTasksParam="tasks",
        dynamicForkTasksInputParamName="inputs",
    )


def wf(*tasks):
    return {"name": "wf", "version": 1, "tasks": list(tasks)}


TASKS = [
    {"name": "resize", "taskReferenceName": "small", "type": "SIMPLE"},
    {"name": "resize", "taskReferenceName": "large"},
    {"name": "tag", "taskReferenceName": "tags"},
]
INPUTS = {"small": {"w": 10}, "large": {"w": 1000}}


def test_each_listed_task_runs_in_parallel_then_the_join_collects_outputs(drive):
    d = drive(wf(classic(), JOIN, AFTER))
    changes = d.start({"tasks": TASKS, "inputs": INPUTS})
    scheduled = [c for c in changes if isinstance(c, TaskScheduled) and c.queue]
    assert [(c.ref_name, c.queue, c.input, c.task_type) for c in scheduled] == [
        ("small", "resize", {"w": 10}, "resize"),
        ("large", "resize", {"w": 1000}, "resize"),
        ("tags", "tag", {}, "tag"),
    ]
    d.complete("small", {"url": "s"})
    d.complete("tags", {"t": ["x"]})
    assert "join" not in d.statuses()
    d.complete("large", {"url": "l"})
    joined = {"small": {"url": "s"}, "large": {"url": "l"}, "tags": {"t": ["x"]}}
    assert d.task("join").output == joined
    assert d.task("after").input == {"joined": joined}
    assert d.statuses()["fan"] == "COMPLETED"


def test_fork_task_name_form_runs_one_task_per_input(drive):
    newer = fork(inputParameters={"forkTaskName": "ping", "forkTaskInputs": [{"n": 1}, {"n": 2}]})
    d = drive(wf(newer, JOIN))
    d.start()
    assert d.open_refs() == ["fan", "ping_0", "ping_1"]
    assert d.task("ping_1").input == {"n": 2}
    d.complete("ping_0", {"r": 1})
    d.complete("ping_1", {"r": 2})
    assert d.status is InstanceStatus.COMPLETED
    assert d.task("join").output == {"ping_0": {"r": 1}, "ping_1": {"r": 2}}


def test_empty_fork_goes_straight_to_the_join(drive):
    d = drive(wf(classic(), JOIN))
    d.start({"tasks": [], "inputs": {}})
    assert d.status is InstanceStatus.COMPLETED
    assert d.task("join").output == {}


def test_a_failed_forked_task_is_retried_with_its_own_input_then_fails_the_workflow(drive):
    d = drive(wf(classic(), JOIN))
    d.start({"tasks": TASKS[:1], "inputs": INPUTS})
    d.fail("small")
    retry = d.task("small")
    assert retry.retry_count == 1
    assert (retry.input, retry.job_type, retry.status) == (
        {"w": 10},
        "resize",
        TaskStatus.SCHEDULED,
    )
    d.advance(60)
    d.complete("small", {"ok": True})
    assert d.task("join").output == {"small": {"ok": True}}


def test_bad_task_lists_fail_the_workflow_with_a_reason(drive):
    for tasks in (
        "nope",
        [{"name": "x"}],
        [{"name": "h", "taskReferenceName": "h", "type": "HUMAN"}],
    ):
        d = drive(wf(classic(), JOIN))
        d.start({"tasks": tasks, "inputs": {}})
        assert d.status is InstanceStatus.FAILED
        assert "fan" in (d.state.reason or "")


def test_definition_errors():
    with pytest.raises(InvalidInput) as caught:
        compile(wf(classic()))
    assert "followed by a JOIN" in caught.value.message
    with pytest.raises(InvalidInput) as caught:
        compile(wf(fork(dynamicForkTasksParam="missing", inputParameters={}), JOIN))
    assert "dynamicForkTasksParam" in caught.value.message
    with pytest.raises(InvalidInput):
        compile(wf(fork(inputParameters={}), JOIN))


def test_dynamic_task_takes_its_name_from_its_input(drive):
    dyn = {
        "name": "placeholder",
        "taskReferenceName": "dyn",
        "type": "DYNAMIC",
        "dynamicTaskNameParam": "taskToRun",
        "inputParameters": {"taskToRun": "${workflow.input.which}"},
    }
    d = drive(wf(dyn))
    changes = d.start({"which": "encode"})
    (scheduled,) = [c for c in changes if isinstance(c, TaskScheduled)]
    assert (scheduled.queue, scheduled.task_type, scheduled.ref_name) == ("encode", "encode", "dyn")
    d.fail("dyn")
    assert d.task("dyn").job_type == "encode"
    d2 = drive(wf(dyn))
    d2.start({"which": None})
    assert d2.status is InstanceStatus.FAILED
    with pytest.raises(InvalidInput):
        compile(wf({**dyn, "dynamicTaskNameParam": "other"}))

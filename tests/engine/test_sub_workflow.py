"""SUB_WORKFLOW in the engine: a call activity waiting for the child workflow (the child itself
is started and ended by the call-activity service: see tests/api/conductor/test_sub_workflows)."""

from __future__ import annotations

import pytest

from baton.engine import TaskScheduled
from baton.engine.changes import TaskKind
from baton.model.errors import InvalidInput
from baton.model.status import InstanceStatus, TaskStatus
from baton.notation.conductor import compile


def sub(ref="child", optional=False, **param):
    return {
        "name": "child_wf",
        "taskReferenceName": ref,
        "type": "SUB_WORKFLOW",
        "inputParameters": {"order": "${workflow.input.order}"},
        "subWorkflowParam": {"name": "child_wf", **param},
        "optional": optional,
    }


def wf(*tasks):
    return {
        "name": "parent",
        "version": 1,
        "tasks": list(tasks),
        "outputParameters": {"got": "${child.output.total}"},
    }


def test_schedules_a_call_with_the_resolved_input_only(drive):
    d = drive(wf(sub(version=2)))
    changes = d.start({"order": 7, "other": 1})
    (call,) = [c for c in changes if isinstance(c, TaskScheduled)]
    assert call.kind is TaskKind.CALL
    assert call.task_type == "SUB_WORKFLOW"
    assert call.input == {"order": 7}
    node = d.definition.node("child")
    assert (node.called_process, node.called_version) == ("child_wf", 2)
    assert d.statuses() == {"child": "IN_PROGRESS"}


def test_completes_with_the_child_output(drive):
    d = drive(wf(sub()))
    d.start({"order": 7})
    d.complete("child", {"subWorkflowId": "x", "total": 99})
    assert d.status is InstanceStatus.COMPLETED
    assert d.state.output == {"got": 99}
    assert d.state.variables == {}


def test_child_failure_fails_the_parent(drive):
    d = drive(wf(sub()))
    d.start()
    d.fail("child", "called instance x failed: boom", terminal=True)
    assert d.task("child").status is TaskStatus.FAILED_WITH_TERMINAL_ERROR
    assert d.status is InstanceStatus.FAILED
    assert "boom" in (d.state.reason or "")


def test_optional_sub_workflow_failure_lets_the_parent_go_on(drive):
    d = drive(wf(sub(optional=True), {"name": "n", "taskReferenceName": "n", "type": "NOOP"}))
    d.start()
    d.fail("child", "called instance x terminated", terminal=True)
    assert d.task("child").status is TaskStatus.COMPLETED_WITH_ERRORS
    assert d.status is InstanceStatus.COMPLETED


def test_sub_workflow_param_is_checked():
    for param, field in (
        (None, "subWorkflowParam"),
        ({}, "subWorkflowParam.name"),
        ({"name": "c", "version": "latest"}, "subWorkflowParam.version"),
    ):
        step = sub()
        if param is None:
            del step["subWorkflowParam"]
        else:
            step["subWorkflowParam"] = param
        with pytest.raises(InvalidInput) as caught:
            compile(wf(step))
        assert f"tasks[0].{field}" in caught.value.message


def inline_child(name="inline_child", tasks=None):
    return {
        "name": name,
        "version": 5,
        "tasks": tasks or [{"name": "n", "taskReferenceName": "n", "type": "NOOP"}],
    }


def test_inline_definition_is_embedded_in_the_parent():
    nested = inline_child(
        tasks=[
            {
                "name": "deeper",
                "taskReferenceName": "deeper",
                "type": "SUB_WORKFLOW",
                "subWorkflowParam": {"workflowDefinition": inline_child("leaf")},
            }
        ]
    )
    step = sub(workflowDefinition=nested)
    del step["subWorkflowParam"]["name"]
    definition = compile(wf(step))
    node = definition.node("child")
    assert (node.called_process, node.binding) == ("child", "embedded")
    child = definition.embedded["child"]
    assert (child.id, child.version, child.name) == ("parent::child", 1, "inline_child")
    leaf = definition.embedded_at(["child", "deeper"])
    assert leaf is not None and leaf.id == "parent::child::deeper"
    again = type(definition).from_dict(definition.to_dict())
    assert again.embedded_at(["child", "deeper"]).id == "parent::child::deeper"


def test_inline_definition_errors_name_their_path():
    bad = inline_child(tasks=[{"name": "x", "taskReferenceName": "x", "type": "NOPE"}])
    with pytest.raises(InvalidInput) as caught:
        compile(wf(sub(workflowDefinition=bad)))
    paths = [e.path for e in caught.value.errors]
    assert "tasks[0].subWorkflowParam.workflowDefinition.tasks[0].type" in paths
    with pytest.raises(InvalidInput):
        compile({**wf(), "name": "a::b", "tasks": [sub()]})

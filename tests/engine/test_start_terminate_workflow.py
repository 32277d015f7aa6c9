"""START_WORKFLOW and TERMINATE_WORKFLOW in the engine: an IN_PROGRESS task the server
completes (see tests/api/conductor/test_workflow_actions.py for what the server does)."""

from __future__ import annotations

import pytest

from baton.engine import TaskScheduled
from baton.engine.changes import TaskKind
from baton.model.errors import InvalidInput
from baton.model.status import InstanceStatus
from baton.notation.conductor import compile


def wf(*tasks):
    return {"name": "wf", "version": 1, "tasks": list(tasks)}


START = {
    "name": "kick",
    "taskReferenceName": "kick",
    "type": "START_WORKFLOW",
    "inputParameters": {"startWorkflow": {"name": "other", "input": {"a": "${workflow.input.a}"}}},
}
STOP = {
    "name": "stop",
    "taskReferenceName": "stop",
    "type": "TERMINATE_WORKFLOW",
    "inputParameters": {"workflowId": "${workflow.input.ids}", "terminationReason": "why"},
}


def test_start_workflow_waits_for_the_server_then_goes_on(drive):
    d = drive(wf(START, {"name": "n", "taskReferenceName": "n", "type": "NOOP"}))
    (scheduled,) = [c for c in d.start({"a": 1}) if isinstance(c, TaskScheduled)]
    assert scheduled.kind is TaskKind.SYSTEM
    assert scheduled.input == {"startWorkflow": {"name": "other", "input": {"a": 1}}}
    assert d.statuses() == {"kick": "IN_PROGRESS"}
    d.complete("kick", {"workflowId": "w-2"})
    assert d.status is InstanceStatus.COMPLETED


def test_terminate_workflow_resolves_its_ids(drive):
    d = drive(wf(STOP))
    (scheduled,) = [c for c in d.start({"ids": ["x", "y"]}) if isinstance(c, TaskScheduled)]
    assert scheduled.input == {"workflowId": ["x", "y"], "terminationReason": "why"}
    d.fail("stop", "not allowed", terminal=True)
    assert d.status is InstanceStatus.FAILED


def test_required_parameters():
    with pytest.raises(InvalidInput) as caught:
        compile(wf({**START, "inputParameters": {}}))
    assert "startWorkflow" in caught.value.message
    with pytest.raises(InvalidInput) as caught:
        compile(wf({**STOP, "inputParameters": {}}))
    assert "workflowId" in caught.value.message


def test_event_task_waits_for_the_server_and_refuses_external_sinks(drive):
    event = {
        "name": "tell",
        "taskReferenceName": "tell",
        "type": "EVENT",
        "sink": "conductor:ping",
        "inputParameters": {"x": "${workflow.input.x}"},
    }
    d = drive(wf(event))
    (scheduled,) = [c for c in d.start({"x": 2}) if isinstance(c, TaskScheduled)]
    assert (scheduled.kind, scheduled.input) == (TaskKind.SYSTEM, {"x": 2})
    d.complete("tell", {"event_produced": "conductor:ping"})
    assert d.status is InstanceStatus.COMPLETED
    for sink in ("sqs:q", "conductor:", None):
        with pytest.raises(InvalidInput):
            compile(wf({**event, "sink": sink}))

"""BPMN call activities in the engine: a CALL task that waits for its child instance."""

from __future__ import annotations

from collections.abc import Callable

from test_bpmn_run import END, START, bpmn, flow, run

from baton.engine import TaskScheduled
from baton.engine.changes import TaskCanceled, TaskKind
from baton.model.status import InstanceStatus

from conftest import Driver


def call(ext: str = "", attrs: str = 'processId="child"') -> str:
    return (
        '<bpmn:callActivity id="c"><bpmn:extensionElements>'
        f"<zeebe:calledElement {attrs} />{ext}</bpmn:extensionElements></bpmn:callActivity>"
    )


def parent(ext: str = "", attrs: str = 'processId="child"', extra: str = "") -> bytes:
    return bpmn(START + call(ext, attrs) + END + extra + flow("start", "c") + flow("c", "end"))


def _scheduled(changes: list[object]) -> TaskScheduled:
    (found,) = [c for c in changes if isinstance(c, TaskScheduled) and c.kind is TaskKind.CALL]
    return found


def test_waits_and_hands_all_variables_to_the_child(drive: Callable[..., Driver]) -> None:
    d = run(drive, parent())
    scheduled = _scheduled(d.start({"a": 1, "b": 2}))
    assert scheduled.input == {"a": 1, "b": 2}
    assert scheduled.task_type == "CALL_ACTIVITY"
    assert d.open_refs() == ["c"]
    assert d.statuses()["c"] == "IN_PROGRESS"
    d.complete("c", {"result": "ok", "a": 5})
    assert d.status is InstanceStatus.COMPLETED
    assert d.state is not None
    assert d.state.variables == {"a": 5, "b": 2, "result": "ok"}


def test_input_and_output_mappings(drive: Callable[..., Driver]) -> None:
    mappings = (
        "<zeebe:ioMapping>"
        '<zeebe:input source="= a + 1" target="x" />'
        '<zeebe:output source="= result" target="fromChild" />'
        "</zeebe:ioMapping>"
    )
    d = run(drive, parent(mappings, 'processId="child" propagateAllParentVariables="false"'))
    assert _scheduled(d.start({"a": 1, "b": 2})).input == {"x": 2}
    d.complete("c", {"result": "ok", "noise": True})
    assert d.state is not None
    assert d.state.variables == {"a": 1, "b": 2, "fromChild": "ok"}


def test_input_mappings_add_to_the_parent_variables_by_default(
    drive: Callable[..., Driver],
) -> None:
    mappings = '<zeebe:ioMapping><zeebe:input source="= a * 10" target="x" /></zeebe:ioMapping>'
    d = run(drive, parent(mappings))
    assert _scheduled(d.start({"a": 1})).input == {"a": 1, "x": 10}


def test_without_propagation_child_variables_stay_out(drive: Callable[..., Driver]) -> None:
    d = run(drive, parent(attrs='processId="child" propagateAllChildVariables="false"'))
    d.start({"a": 1})
    d.complete("c", {"result": "ok"})
    assert d.status is InstanceStatus.COMPLETED
    assert d.state is not None
    assert d.state.variables == {"a": 1}


def test_terminal_failure_fails_the_instance_without_retry(
    drive: Callable[..., Driver],
) -> None:
    d = run(drive, parent())
    d.start()
    d.fail("c", "called instance 1 failed", terminal=True)
    assert d.status is InstanceStatus.FAILED
    assert d.state is not None
    assert d.state.reason == "called instance 1 failed"
    assert len(d.attempts("c")) == 1


def test_interrupting_timer_boundary_cancels_the_call(drive: Callable[..., Driver]) -> None:
    boundary = (
        '<bpmn:boundaryEvent id="late" attachedToRef="c">'
        "<bpmn:timerEventDefinition><bpmn:timeDuration>PT1H</bpmn:timeDuration>"
        '</bpmn:timerEventDefinition></bpmn:boundaryEvent><bpmn:endEvent id="end2" />'
        + flow("late", "end2")
    )
    d = run(drive, parent(extra=boundary))
    d.start()
    changes = d.advance(3600)
    assert any(isinstance(c, TaskCanceled) and c.task_id == d.task("c").id for c in changes)
    assert d.statuses()["c"] == "CANCELED"
    assert d.status is InstanceStatus.COMPLETED

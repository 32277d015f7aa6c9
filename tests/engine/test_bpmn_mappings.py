"""ioMapping on start events and sub-processes; inputs evaluated in order."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from test_bpmn_run import END, START, bpmn, flow, run, user_task

from baton.engine.changes import IncidentRaised
from baton.model.errors import InvalidInput
from baton.model.instance import IncidentKind
from baton.model.status import InstanceStatus
from baton.notation.bpmn import compile_bpmn

from conftest import Driver


def _io(*pairs: tuple[str, str, str]) -> str:
    items = "".join(f'<zeebe:{k} source="{s}" target="{t}" />' for k, s, t in pairs)
    mapping = f"<zeebe:ioMapping>{items}</zeebe:ioMapping>"
    return f"<bpmn:extensionElements>{mapping}</bpmn:extensionElements>"


def test_start_event_outputs_set_variables(drive: Callable[..., Driver]) -> None:
    start = (
        '<bpmn:startEvent id="start">'
        + _io(("output", "= false", "failed"), ("output", "= amount * 2", "double"))
        + "</bpmn:startEvent>"
    )
    d = run(drive, bpmn(start + user_task("t") + END + flow("start", "t") + flow("t", "end")))
    d.start({"amount": 4})
    assert d.state is not None
    assert d.state.variables == {"amount": 4, "failed": False, "double": 8}


def test_start_event_inputs_are_refused() -> None:
    start = '<bpmn:startEvent id="start">' + _io(("input", "= 1", "x")) + "</bpmn:startEvent>"
    with pytest.raises(InvalidInput, match=r"start.*zeebe:input"):
        compile_bpmn(bpmn(start + END + flow("start", "end")), "t.bpmn")


def test_start_event_output_that_fails_raises_an_incident(drive: Callable[..., Driver]) -> None:
    start = (
        '<bpmn:startEvent id="start">'
        + _io(("output", "= assert(1, false)", "d"))
        + "</bpmn:startEvent>"
    )
    d = run(drive, bpmn(start + user_task("t") + END + flow("start", "t") + flow("t", "end")))
    d.start()
    assert d.status is InstanceStatus.RUNNING
    (incident,) = d.of(IncidentRaised)
    assert incident.kind is IncidentKind.IO_MAPPING_ERROR


def test_an_input_reads_the_inputs_before_it(drive: Callable[..., Driver]) -> None:
    ext = (
        "<zeebe:ioMapping>"
        '<zeebe:input source="= base + 1" target="a" />'
        '<zeebe:input source="= a * 10" target="b" />'
        '<zeebe:input source="= {x: b}" target="c" />'
        '<zeebe:input source="= c.x + a" target="d" />'
        "</zeebe:ioMapping>"
    )
    d = run(drive, bpmn(START + user_task("t", ext) + END + flow("start", "t") + flow("t", "end")))
    d.start({"base": 1})
    assert d.task("t").input == {"a": 2, "b": 20, "c": {"x": 20}, "d": 22}


def _sub(mapping: str) -> bytes:
    inner = (
        '<bpmn:startEvent id="s_start" />'
        + user_task("inside")
        + '<bpmn:endEvent id="s_end" />'
        + flow("s_start", "inside")
        + flow("inside", "s_end")
    )
    return bpmn(
        START
        + f'<bpmn:subProcess id="sub">{mapping}{inner}</bpmn:subProcess>'
        + END
        + flow("start", "sub")
        + flow("sub", "end")
    )


def test_sub_process_inputs_and_outputs(drive: Callable[..., Driver]) -> None:
    mapping = _io(
        ("input", "= order.total", "total"),
        ("input", "= total * 2", "limit"),
        ("output", "= approved and total &lt; limit", "ok"),
    )
    d = run(drive, _sub(mapping))
    d.start({"order": {"total": 5}})
    assert d.task("sub").input == {"total": 5, "limit": 10}
    assert d.state is not None
    assert d.task("sub").locals == {"total": 5, "limit": 10}  # local to the sub-process
    assert "limit" not in d.state.variables
    d.complete("inside", {"approved": True})
    assert d.status is InstanceStatus.COMPLETED
    assert d.state.variables["ok"] is True
    assert "total" not in d.state.variables and "limit" not in d.state.variables


def _sub_with_script(mapping: str, script: str) -> bytes:
    inner = (
        '<bpmn:startEvent id="s_start" />'
        + user_task("inside")
        + f'<bpmn:scriptTask id="calc"><bpmn:extensionElements>{script}'
        "</bpmn:extensionElements></bpmn:scriptTask>"
        + user_task("check")
        + '<bpmn:endEvent id="s_end" />'
        + flow("s_start", "inside")
        + flow("inside", "calc")
        + flow("calc", "check")
        + flow("check", "s_end")
    )
    return bpmn(
        START
        + f'<bpmn:subProcess id="sub">{mapping}{inner}</bpmn:subProcess>'
        + user_task("after")
        + END
        + flow("start", "sub")
        + flow("sub", "after")
        + flow("after", "end")
    )


def test_sub_process_inputs_are_local_variables_of_its_scope(
    drive: Callable[..., Driver],
) -> None:
    ext = _io(("input", "= 10", "limit"))
    script = '<zeebe:script expression="= limit + 5" resultVariable="limit" />'
    d = run(drive, _sub_with_script(ext, script))
    d.start({"n": 1})
    assert d.state is not None
    assert d.task("sub").locals == {"limit": 10}
    assert d.state.variables == {"n": 1}
    # a write from inside updates the local one; the script inside reads it (11 + 5)
    d.complete("inside", {"limit": 11, "note": "x"})
    assert d.task("sub").locals == {"limit": 16}
    assert d.state.variables == {"n": 1, "note": "x"}
    d.complete("check")
    # it ended with the sub-process: never on the instance
    assert d.state.variables == {"n": 1, "note": "x"}
    d.complete("after")
    assert d.status is InstanceStatus.COMPLETED


def test_sub_process_inputs_leave_only_through_its_output_mappings(
    drive: Callable[..., Driver],
) -> None:
    ext = _io(("input", "= 10", "limit"), ("output", "= limit", "finalLimit"))
    script = '<zeebe:script expression="= limit * 2" resultVariable="limit" />'
    d = run(drive, _sub_with_script(ext, script))
    d.start()
    d.complete("inside")
    d.complete("check")
    assert d.state is not None
    assert d.state.variables == {"finalLimit": 20}


def test_sub_process_output_error_raises_an_incident(drive: Callable[..., Driver]) -> None:
    d = run(drive, _sub(_io(("output", "= assert(1, false)", "bad"))))
    d.start()
    d.complete("inside")
    assert d.status is InstanceStatus.RUNNING
    (incident,) = d.of(IncidentRaised)
    assert incident.kind is IncidentKind.IO_MAPPING_ERROR

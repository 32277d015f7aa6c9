"""Escalation throw/end events and boundaries; error end events inside a process."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from test_bpmn_run import END, NS, START, flow, run, user_task

from baton.engine.changes import IncidentRaised
from baton.model.errors import InvalidInput
from baton.model.instance import IncidentKind
from baton.model.status import InstanceStatus, TaskStatus
from baton.notation.bpmn import compile_bpmn

from conftest import Driver

CODES = (
    '<bpmn:escalation id="late" escalationCode="LATE" />'
    '<bpmn:escalation id="other" escalationCode="OTHER" />'
    '<bpmn:error id="broken" errorCode="BROKEN" />'
)


def bpmn(body: str) -> bytes:
    return (
        f'<bpmn:definitions {NS} id="d">{CODES}<bpmn:process id="p" isExecutable="true">'
        f"{body}</bpmn:process></bpmn:definitions>"
    ).encode()


def _sub(inner_end: str, boundary: str) -> bytes:
    """start -> sub(s_start -> fork -> [work -> s_end], [thrower]) -> end; boundary -> caught."""
    inner = (
        '<bpmn:startEvent id="s_start" /><bpmn:parallelGateway id="fork" />'
        + user_task("work")
        + '<bpmn:endEvent id="s_end" />'
        + inner_end
        + flow("s_start", "fork")
        + flow("fork", "work")
        + flow("fork", "thrower")
        + flow("work", "s_end")
    )
    return bpmn(
        START
        + f'<bpmn:subProcess id="sub">{inner}</bpmn:subProcess>'
        + boundary
        + user_task("caught")
        + '<bpmn:endEvent id="c_end" />'
        + END
        + flow("start", "sub")
        + flow("sub", "end")
        + flow("b", "caught")
        + flow("caught", "c_end")
    )


def _escalation_end(ref: str = "late") -> str:
    return (
        f'<bpmn:endEvent id="thrower"><bpmn:escalationEventDefinition escalationRef="{ref}" />'
        "</bpmn:endEvent>"
    )


def _boundary(definition: str, interrupting: bool = True) -> str:
    cancel = "true" if interrupting else "false"
    return (
        f'<bpmn:boundaryEvent id="b" attachedToRef="sub" cancelActivity="{cancel}">'
        f"{definition}</bpmn:boundaryEvent>"
    )


def test_interrupting_escalation_boundary_cancels_the_sub_process(
    drive: Callable[..., Driver],
) -> None:
    d = run(
        drive,
        _sub(
            _escalation_end(), _boundary('<bpmn:escalationEventDefinition escalationRef="late" />')
        ),
    )
    d.start()
    assert d.task("sub").status is TaskStatus.CANCELED
    assert d.task("work").status is TaskStatus.CANCELED
    assert d.open_refs() == ["caught"]


def test_non_interrupting_escalation_boundary_lets_the_sub_process_go_on(
    drive: Callable[..., Driver],
) -> None:
    d = run(
        drive,
        _sub(
            _escalation_end(), _boundary("<bpmn:escalationEventDefinition />", interrupting=False)
        ),
    )
    d.start()
    assert sorted(d.open_refs()) == ["caught", "sub", "work"]
    d.complete("work")
    d.complete("caught")
    assert d.status is InstanceStatus.COMPLETED


def test_an_uncaught_escalation_does_not_fail_the_instance(
    drive: Callable[..., Driver],
) -> None:
    d = run(
        drive,
        _sub(
            _escalation_end("other"),
            _boundary('<bpmn:escalationEventDefinition escalationRef="late" />'),
        ),
    )
    d.start()
    assert sorted(d.open_refs()) == ["sub", "work"]
    d.complete("work")
    assert d.status is InstanceStatus.COMPLETED


def test_escalation_intermediate_throw_goes_on(drive: Callable[..., Driver]) -> None:
    throw = (
        '<bpmn:intermediateThrowEvent id="thrower">'
        '<bpmn:escalationEventDefinition escalationRef="late" /></bpmn:intermediateThrowEvent>'
        + user_task("after_throw")
        + flow("thrower", "after_throw")
        + '<bpmn:endEvent id="t_end" />'
        + flow("after_throw", "t_end")
    )
    d = run(
        drive,
        _sub(
            throw,
            _boundary(
                '<bpmn:escalationEventDefinition escalationRef="late" />', interrupting=False
            ),
        ),
    )
    d.start()
    assert sorted(d.open_refs()) == ["after_throw", "caught", "sub", "work"]


def test_error_end_event_is_caught_by_the_sub_process_boundary(
    drive: Callable[..., Driver],
) -> None:
    error_end = (
        '<bpmn:endEvent id="thrower"><bpmn:errorEventDefinition errorRef="broken" />'
        "</bpmn:endEvent>"
    )
    d = run(drive, _sub(error_end, _boundary('<bpmn:errorEventDefinition errorRef="broken" />')))
    d.start()
    assert d.task("sub").status is TaskStatus.CANCELED
    assert d.open_refs() == ["caught"]


def test_an_uncaught_error_end_event_raises_an_incident(drive: Callable[..., Driver]) -> None:
    body = (
        START + '<bpmn:endEvent id="boom"><bpmn:errorEventDefinition errorRef="broken" />'
        "</bpmn:endEvent>" + flow("start", "boom")
    )
    d = run(drive, bpmn(body))
    d.start()
    assert d.status is InstanceStatus.RUNNING
    (incident,) = d.of(IncidentRaised)
    assert incident.kind is IncidentKind.UNHANDLED_ERROR_EVENT
    assert "BROKEN" in incident.message


def test_an_escalation_ref_must_name_an_escalation() -> None:
    with pytest.raises(InvalidInput, match="escalationRef 'nope' names no bpmn:escalation"):
        compile_bpmn(_sub(_escalation_end("nope"), ""), "t.bpmn")

"""Link events and terminate end events inside sub-processes."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from test_bpmn_run import END, START, bpmn, flow, run, user_task

from baton.model.errors import InvalidInput
from baton.model.status import InstanceStatus, TaskStatus
from baton.notation.bpmn import compile_bpmn

from conftest import Driver


def link_throw(eid: str, name: str) -> str:
    return (
        f'<bpmn:intermediateThrowEvent id="{eid}">'
        f'<bpmn:linkEventDefinition name="{name}" /></bpmn:intermediateThrowEvent>'
    )


def link_catch(eid: str, name: str) -> str:
    return (
        f'<bpmn:intermediateCatchEvent id="{eid}">'
        f'<bpmn:linkEventDefinition name="{name}" /></bpmn:intermediateCatchEvent>'
    )


def test_a_link_throw_goes_on_at_its_catch(drive: Callable[..., Driver]) -> None:
    body = (
        START
        + link_throw("go", "B")
        + link_catch("here", "B")
        + user_task("after")
        + END
        + flow("start", "go")
        + flow("here", "after")
        + flow("after", "end")
    )
    d = run(drive, bpmn(body))
    d.start()
    assert d.open_refs() == ["after"]
    d.complete("after")
    assert d.status is InstanceStatus.COMPLETED


def test_a_link_without_its_catch_is_refused() -> None:
    body = START + link_throw("go", "nowhere") + flow("start", "go")
    with pytest.raises(InvalidInput, match="'nowhere', which no link catch event"):
        compile_bpmn(bpmn(body), "t.bpmn")


def test_two_catches_of_one_link_are_refused() -> None:
    body = START + link_catch("a", "L") + link_catch("b", "L") + END + flow("start", "end")
    with pytest.raises(InvalidInput, match="another catch event"):
        compile_bpmn(bpmn(body), "t.bpmn")


def _terminating_sub() -> bytes:
    inner = (
        '<bpmn:startEvent id="s_start" />'
        '<bpmn:parallelGateway id="fork" />'
        + user_task("slow")
        + user_task("fast")
        + '<bpmn:endEvent id="stop"><bpmn:terminateEventDefinition /></bpmn:endEvent>'
        + '<bpmn:endEvent id="s_end" />'
        + flow("s_start", "fork")
        + flow("fork", "slow")
        + flow("fork", "fast")
        + flow("fast", "stop")
        + flow("slow", "s_end")
    )
    return bpmn(
        START
        + f'<bpmn:subProcess id="sub">{inner}</bpmn:subProcess>'
        + user_task("next")
        + '<bpmn:parallelGateway id="fork2" />'
        + user_task("outside")
        + END
        + '<bpmn:endEvent id="end2" />'
        + flow("start", "fork2")
        + flow("fork2", "sub")
        + flow("fork2", "outside")
        + flow("sub", "next")
        + flow("next", "end")
        + flow("outside", "end2")
    )


def test_terminate_end_in_a_sub_process_ends_only_the_sub_process(
    drive: Callable[..., Driver],
) -> None:
    d = run(drive, _terminating_sub())
    d.start()
    assert sorted(d.open_refs()) == ["fast", "outside", "slow", "sub"]
    d.complete("fast")
    assert d.task("slow").status is TaskStatus.CANCELED
    assert d.task("sub").status is TaskStatus.COMPLETED
    assert sorted(d.open_refs()) == ["next", "outside"]
    d.complete("next")
    d.complete("outside")
    assert d.status is InstanceStatus.COMPLETED

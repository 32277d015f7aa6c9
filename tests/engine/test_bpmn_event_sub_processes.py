"""Event sub-processes started by timers, errors and escalations, interrupting or not
(message and signal ones: test_bpmn_event_sub_process_messages)."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from test_bpmn_escalations import bpmn
from test_bpmn_run import END, START, flow, run, user_task

from baton.engine.commands import CompleteTask
from baton.model.errors import InvalidInput
from baton.model.instance import TimerPurpose
from baton.model.status import InstanceStatus, TaskStatus
from baton.notation.bpmn import compile_bpmn

from conftest import Driver


def _esp(start_definition: str, interrupting: bool = True, eid: str = "esp") -> str:
    flag = "true" if interrupting else "false"
    return (
        f'<bpmn:subProcess id="{eid}" triggeredByEvent="true">'
        f'<bpmn:startEvent id="{eid}_start" isInterrupting="{flag}">{start_definition}'
        "</bpmn:startEvent>"
        + user_task(f"{eid}_task")
        + f'<bpmn:endEvent id="{eid}_end" />'
        + flow(f"{eid}_start", f"{eid}_task")
        + flow(f"{eid}_task", f"{eid}_end")
        + "</bpmn:subProcess>"
    )


def _timer(text: str, element: str = "timeDuration") -> str:
    return f"<bpmn:timerEventDefinition><bpmn:{element}>{text}</bpmn:{element}>" + (
        "</bpmn:timerEventDefinition>"
    )


def _process(esp: str, main: str = "") -> bytes:
    main = main or user_task("work")
    return bpmn(START + main + END + esp + flow("start", "work") + flow("work", "end"))


def test_interrupting_timer_event_sub_process(drive: Callable[..., Driver]) -> None:
    d = run(drive, _process(_esp(_timer("PT1H"))))
    d.start()
    assert len(d.timers(TimerPurpose.EVENT_SUB_PROCESS)) == 1
    d.advance(3600)
    assert d.task("work").status is TaskStatus.CANCELED
    assert sorted(d.open_refs()) == ["esp", "esp_task"]
    d.complete("esp_task")
    assert d.status is InstanceStatus.COMPLETED


def test_non_interrupting_timer_cycle_event_sub_process(drive: Callable[..., Driver]) -> None:
    d = run(drive, _process(_esp(_timer("R2/PT1H", "timeCycle"), interrupting=False)))
    d.start()
    d.advance(3600)
    d.advance(3600)
    d.advance(3600)
    assert [a.ref for a in d.attempts("esp")] == ["esp", "esp"]
    assert d.timers(TimerPurpose.EVENT_SUB_PROCESS) == []
    d.complete("work")
    assert d.status is InstanceStatus.RUNNING  # the reminders are still open
    assert d.state is not None
    for task in [a for a in d.state.activities.values() if a.ref == "esp_task"]:
        d.run(CompleteTask(task.id, {}))
    assert d.status is InstanceStatus.COMPLETED


def test_the_timer_ends_with_the_process(drive: Callable[..., Driver]) -> None:
    d = run(drive, _process(_esp(_timer("PT1H"))))
    d.start()
    d.complete("work")
    assert d.status is InstanceStatus.COMPLETED
    assert d.timers() == []


def test_error_event_sub_process_catches_a_job_error(drive: Callable[..., Driver]) -> None:
    job = (
        '<bpmn:serviceTask id="work"><bpmn:extensionElements>'
        '<zeebe:taskDefinition type="j" /></bpmn:extensionElements></bpmn:serviceTask>'
    )
    d = run(drive, _process(_esp('<bpmn:errorEventDefinition errorRef="broken" />'), job))
    d.start()
    d.run(CompleteTask(d.task("work").id, {"why": 1}, error_code="BROKEN", reason="bad"))
    assert d.task("work").status is TaskStatus.CANCELED
    assert sorted(d.open_refs()) == ["esp", "esp_task"]
    assert d.state is not None and d.state.variables["why"] == 1


def test_escalation_event_sub_process_in_a_sub_process(drive: Callable[..., Driver]) -> None:
    inner = (
        '<bpmn:startEvent id="s_start" /><bpmn:parallelGateway id="fork" />'
        + user_task("inner")
        + '<bpmn:endEvent id="s_end" />'
        + '<bpmn:intermediateThrowEvent id="up">'
        '<bpmn:escalationEventDefinition escalationRef="late" /></bpmn:intermediateThrowEvent>'
        + '<bpmn:endEvent id="up_end" />'
        + flow("s_start", "fork")
        + flow("fork", "inner")
        + flow("fork", "up")
        + flow("up", "up_end")
        + flow("inner", "s_end")
        + _esp('<bpmn:escalationEventDefinition escalationRef="late" />', interrupting=False)
    )
    body = (
        START
        + f'<bpmn:subProcess id="work">{inner}</bpmn:subProcess>'
        + END
        + flow("start", "work")
        + flow("work", "end")
    )
    d = run(drive, bpmn(body))
    d.start()
    assert sorted(d.open_refs()) == ["esp", "esp_task", "inner", "work"]
    d.complete("esp_task")
    d.complete("inner")
    assert d.status is InstanceStatus.COMPLETED


def test_a_message_event_sub_process_naming_no_message_is_refused() -> None:
    esp = _esp('<bpmn:messageEventDefinition messageRef="m" />')
    with pytest.raises(InvalidInput, match="messageRef 'm' names no bpmn:message"):
        compile_bpmn(_process(esp), "t.bpmn")


def test_a_non_interrupting_error_event_sub_process_is_refused() -> None:
    esp = _esp("<bpmn:errorEventDefinition />", interrupting=False)
    with pytest.raises(InvalidInput, match="error start events"):
        compile_bpmn(_process(esp), "t.bpmn")

"""timeCycle on non-interrupting boundary timers: fires repeatedly while the host is open."""

from __future__ import annotations

import itertools
from collections.abc import Callable

import pytest
from test_bpmn_run import END, START, bpmn, flow, run, user_task

from baton.clock import epoch_ms
from baton.engine.commands import StartInstance
from baton.model.errors import InvalidInput
from baton.model.instance import TimerPurpose
from baton.model.status import InstanceStatus
from baton.notation.bpmn import compile_bpmn

from conftest import Driver


def _reminding(cycle: str, interrupting: bool = False) -> bytes:
    cancel = "true" if interrupting else "false"
    body = (
        START
        + user_task("review")
        + f'<bpmn:boundaryEvent id="remind" attachedToRef="review" cancelActivity="{cancel}">'
        f"<bpmn:timerEventDefinition><bpmn:timeCycle>{cycle}</bpmn:timeCycle>"
        "</bpmn:timerEventDefinition></bpmn:boundaryEvent>"
        + '<bpmn:intermediateThrowEvent id="reminded" />'
        + '<bpmn:endEvent id="r_end" />'
        + END
        + flow("start", "review")
        + flow("review", "end")
        + flow("remind", "reminded")
        + flow("reminded", "r_end")
    )
    return bpmn(body)


def _firings(d: Driver) -> int:
    assert d.state is not None
    return sum(1 for a in d.state.activities.values() if a.node == "remind")


def test_repeating_interval_fires_its_repetitions(drive: Callable[..., Driver]) -> None:
    d = run(drive, _reminding("R3/PT10M"))
    d.start()
    (timer,) = d.timers(TimerPurpose.BOUNDARY)
    d.advance(599)
    assert d.timers(TimerPurpose.BOUNDARY) == [timer]
    d.advance(1)
    assert d.timers(TimerPurpose.BOUNDARY)[0].fired == 1
    d.advance(600)
    d.advance(600)
    assert d.timers(TimerPurpose.BOUNDARY) == []
    d.advance(3600)
    assert d.open_refs() == ["review"]
    assert d.status is InstanceStatus.RUNNING


def test_repetitions_are_counted_by_boundary_records(drive: Callable[..., Driver]) -> None:
    d = run(drive, _reminding("R2/PT1H"))
    d.start()
    d.advance(3 * 3600)
    assert d.timers(TimerPurpose.BOUNDARY) == []
    d.complete("review")
    assert d.status is InstanceStatus.COMPLETED


def test_an_endless_cycle_stops_when_the_host_ends(drive: Callable[..., Driver]) -> None:
    d = run(drive, _reminding("R/PT1H"))
    d.start()
    for _ in range(5):
        d.advance(3600)
    assert len(d.timers(TimerPurpose.BOUNDARY)) == 1
    d.complete("review")
    assert d.status is InstanceStatus.COMPLETED
    assert d.timers() == []


def test_cron_cycle_fires_on_its_schedule(drive: Callable[..., Driver]) -> None:
    # the driver starts at 2026-01-01T00:00Z, a Thursday: 09:00 on working days
    d = run(drive, _reminding("0 0 9 * * MON-FRI"))
    d.start()
    due = [d.timers(TimerPurpose.BOUNDARY)[0].due]
    for _ in range(3):
        d.advance((due[-1] - epoch_ms(d.clock.now())) / 1000)
        due.append(d.timers(TimerPurpose.BOUNDARY)[0].due)
    days = [d_ms // 86_400_000 for d_ms in due]
    hours = [(d_ms // 3_600_000) % 24 for d_ms in due]
    assert hours == [9, 9, 9, 9]
    assert [b - a for a, b in itertools.pairwise(days)] == [1, 3, 1]  # Fri, Mon, Tue


def test_a_cycle_on_an_interrupting_boundary_is_refused() -> None:
    with pytest.raises(InvalidInput, match="timeCycle on an interrupting boundary event"):
        compile_bpmn(_reminding("R3/PT10M", interrupting=True), "t.bpmn")


def test_a_bad_cycle_is_refused() -> None:
    with pytest.raises(InvalidInput, match="timeCycle 'R3/10M' is not valid"):
        compile_bpmn(_reminding("R3/10M"), "t.bpmn")


def _two_starts() -> bytes:
    body = (
        START + '<bpmn:startEvent id="tick"><bpmn:timerEventDefinition>'
        "<bpmn:timeCycle>R/P1D</bpmn:timeCycle></bpmn:timerEventDefinition></bpmn:startEvent>"
        + user_task("by_hand")
        + user_task("by_timer")
        + END
        + flow("start", "by_hand")
        + flow("tick", "by_timer")
        + flow("by_hand", "end")
        + flow("by_timer", "end")
    )
    return bpmn(body)


def test_a_timer_start_event_starts_the_instance_at_itself(
    drive: Callable[..., Driver],
) -> None:
    (definition,) = compile_bpmn(_two_starts(), "t.bpmn").processes
    assert [n.id for n in definition.timer_starts] == ["tick"]
    by_hand = drive(definition)
    by_hand.start()
    assert by_hand.open_refs() == ["by_hand"]
    by_timer = drive(definition)
    by_timer.run(StartInstance(start_node="tick"))
    assert by_timer.open_refs() == ["by_timer"]


def test_only_start_events_start_an_instance(drive: Callable[..., Driver]) -> None:
    d = run(drive, _two_starts())
    with pytest.raises(InvalidInput, match="not a message, signal or timer start event"):
        d.run(StartInstance(start_node="by_hand"))


def test_a_process_with_only_timer_starts_is_not_started_by_hand(
    drive: Callable[..., Driver],
) -> None:
    body = (
        '<bpmn:startEvent id="tick"><bpmn:timerEventDefinition>'
        "<bpmn:timeDate>2026-02-01T00:00:00Z</bpmn:timeDate></bpmn:timerEventDefinition>"
        "</bpmn:startEvent>" + END + flow("tick", "end")
    )
    d = run(drive, bpmn(body))
    with pytest.raises(InvalidInput, match="no none start event"):
        d.start()
    d.run(StartInstance(start_node="tick"))
    assert d.status is InstanceStatus.COMPLETED

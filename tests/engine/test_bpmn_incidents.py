"""Failures of a BPMN instance raise incidents instead of failing it: output over the command's
budget, a timer whose date or duration cannot be evaluated, a join that fires but cannot leave
while a scope settles. The instance stays RUNNING at the element until the incident is
resolved; Conductor workflows keep failing."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from baton.engine import Engine, EngineLimits, ResolveIncident, SetVariables
from baton.engine.changes import IncidentRaised, TaskRequeued
from baton.model.errors import Conflict, InvalidInput
from baton.model.instance import IncidentKind, TimerPurpose
from baton.model.status import InstanceStatus, TaskStatus
from baton.notation.bpmn import compile_bpmn

from conftest import Driver, workflow

NS = (
    'xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" '
    'xmlns:zeebe="http://camunda.org/schema/zeebe/1.0"'
)
START = '<bpmn:startEvent id="start" />'
END = '<bpmn:endEvent id="end" />'


def bpmn(body: str) -> bytes:
    return (
        f'<bpmn:definitions {NS} id="d"><bpmn:process id="p" isExecutable="true">'
        f"{body}</bpmn:process></bpmn:definitions>"
    ).encode()


def flow(source: str, target: str, condition: str | None = None) -> str:
    cond = f"<bpmn:conditionExpression>{condition}</bpmn:conditionExpression>" if condition else ""
    return (
        f'<bpmn:sequenceFlow id="{source}_{target}" sourceRef="{source}" targetRef="{target}">'
        f"{cond}</bpmn:sequenceFlow>"
    )


def job(tid: str) -> str:
    return (
        f'<bpmn:serviceTask id="{tid}"><bpmn:extensionElements>'
        f'<zeebe:taskDefinition type="{tid}" /></bpmn:extensionElements></bpmn:serviceTask>'
    )


def user_task(tid: str) -> str:
    return (
        f'<bpmn:userTask id="{tid}"><bpmn:extensionElements><zeebe:userTask />'
        "</bpmn:extensionElements></bpmn:userTask>"
    )


def run(drive: Callable[..., Driver], body: str, **limits: int) -> Driver:
    (definition,) = compile_bpmn(bpmn(body), "p.bpmn").processes
    assert definition.incidents
    return drive(definition, engine=Engine(limits=EngineLimits(**limits)) if limits else None)


# ---------------------------------------------------------------- output budget

GROW = (
    START
    + '<bpmn:scriptTask id="grow"><bpmn:extensionElements>'
    + '<zeebe:script expression="= x + x" resultVariable="x" />'
    + "</bpmn:extensionElements></bpmn:scriptTask>"
    + '<bpmn:exclusiveGateway id="gw" default="gw_end" />'
    + END
    + flow("start", "grow")
    + flow("grow", "gw")
    + flow("gw", "grow", "= string length(x) &lt; limit")
    + flow("gw", "end")
)


def test_a_start_over_the_output_budget_holds_the_instance_at_its_start(
    drive: Callable[..., Driver],
) -> None:
    d = run(drive, GROW, max_output_bytes=10_000)
    d.start({"x": "ab", "limit": 10**9})
    assert d.status is InstanceStatus.RUNNING
    (incident,) = d.of(IncidentRaised)
    assert incident.kind is IncidentKind.BUDGET_EXCEEDED
    assert incident.node_id == "start"
    assert incident.message.startswith("Output of one command exceeded 10000 bytes")
    assert d.state is not None and d.state.activities == {}  # none of the work was kept
    with pytest.raises(InvalidInput, match="exceeded 10000 bytes"):
        d.run(ResolveIncident(incident.key))  # still too much: refused, the incident stays
    d.run(SetVariables({"limit": 100}))
    d.run(ResolveIncident(incident.key))
    assert d.status is InstanceStatus.COMPLETED


def test_a_job_completion_over_the_output_budget_holds_the_job(
    drive: Callable[..., Driver],
) -> None:
    d = run(
        drive,
        START + job("ship") + END + flow("start", "ship") + flow("ship", "end"),
        max_output_bytes=1_000,
    )
    d.start()
    key = d.task("ship").id
    d.poll("ship")
    d.complete("ship", {"blob": "x" * 2_000})
    assert d.status is InstanceStatus.RUNNING
    (incident,) = d.of(IncidentRaised)
    assert (incident.kind, incident.job_key) == (IncidentKind.BUDGET_EXCEEDED, key)
    (requeued,) = d.of(TaskRequeued)
    assert requeued.retries == 3  # the job is the same, with the same retries
    assert d.task("ship").status is TaskStatus.SCHEDULED
    assert d.state is not None and "blob" not in d.state.variables
    d.run(ResolveIncident(incident.key))
    d.poll("ship")
    d.complete("ship", {"small": 1})
    assert d.status is InstanceStatus.COMPLETED


def test_a_person_completing_over_the_output_budget_is_refused(
    drive: Callable[..., Driver],
) -> None:
    d = run(
        drive,
        START + user_task("review") + END + flow("start", "review") + flow("review", "end"),
        max_output_bytes=1_000,
    )
    d.start()
    before = d.state
    with pytest.raises(InvalidInput, match="BATON_MAX_OUTPUT_BYTES_PER_COMMAND"):
        d.complete("review", {"blob": "x" * 2_000})
    assert d.state is before and d.status is InstanceStatus.RUNNING


def test_conductor_keeps_failing_over_the_output_budget(drive: Callable[..., Driver]) -> None:
    d = drive(
        workflow({"name": "a", "taskReferenceName": "a", "type": "SIMPLE"}),
        engine=Engine(limits=EngineLimits(max_output_bytes=1_000)),
    )
    d.start()
    d.complete("a", {"blob": "x" * 2_000})
    assert d.status is InstanceStatus.FAILED
    assert d.of(IncidentRaised) == []


# ---------------------------------------------------------------- timers


def _timer_catch(expression: str) -> str:
    return (
        START
        + '<bpmn:intermediateCatchEvent id="wait"><bpmn:timerEventDefinition>'
        + f"<bpmn:timeDuration>{expression}</bpmn:timeDuration>"
        + "</bpmn:timerEventDefinition></bpmn:intermediateCatchEvent>"
        + END
        + flow("start", "wait")
        + flow("wait", "end")
    )


def test_a_timer_catch_event_that_cannot_be_evaluated_raises_an_incident(
    drive: Callable[..., Driver],
) -> None:
    d = run(drive, _timer_catch("= delay"))
    d.start({"delay": "not a duration"})
    assert d.status is InstanceStatus.RUNNING
    (incident,) = d.of(IncidentRaised)
    assert (incident.kind, incident.node_id) == (IncidentKind.EXTRACT_VALUE_ERROR, "wait")
    assert incident.element_key == d.task("wait").id
    assert d.task("wait").status is TaskStatus.IN_PROGRESS
    assert d.timers() == []
    d.run(SetVariables({"delay": "PT10M"}))
    d.run(ResolveIncident(incident.key))
    assert [t.purpose for t in d.timers()] == [TimerPurpose.WAIT]
    d.advance(600)
    assert d.status is InstanceStatus.COMPLETED


def test_resolving_a_timer_incident_that_still_fails_raises_a_new_one(
    drive: Callable[..., Driver],
) -> None:
    d = run(drive, _timer_catch("= delay"))
    d.start({"delay": "nope"})
    (first,) = d.of(IncidentRaised)
    d.run(ResolveIncident(first.key))
    (second,) = d.of(IncidentRaised)
    assert second.key != first.key and second.node_id == "wait"
    assert d.status is InstanceStatus.RUNNING


def test_a_boundary_timer_that_cannot_be_evaluated_raises_an_incident(
    drive: Callable[..., Driver],
) -> None:
    body = (
        START
        + user_task("t")
        + '<bpmn:boundaryEvent id="late" attachedToRef="t">'
        + "<bpmn:timerEventDefinition><bpmn:timeDuration>= sla</bpmn:timeDuration>"
        + "</bpmn:timerEventDefinition></bpmn:boundaryEvent>"
        + END
        + '<bpmn:endEvent id="end2" />'
        + flow("start", "t")
        + flow("t", "end")
        + flow("late", "end2")
    )
    d = run(drive, body)
    d.start()
    assert d.status is InstanceStatus.RUNNING
    (incident,) = d.of(IncidentRaised)
    assert incident.kind is IncidentKind.EXTRACT_VALUE_ERROR
    assert incident.message.startswith("late: ")
    assert incident.element_key == d.task("t").id
    d.run(SetVariables({"sla": "PT1H"}))
    d.run(ResolveIncident(incident.key))
    assert [t.node for t in d.timers()] == ["late"]
    d.advance(3600)
    assert d.status is InstanceStatus.COMPLETED
    assert d.statuses()["t"] == "CANCELED"


def test_resolving_a_timer_incident_of_a_closed_element_is_refused(
    drive: Callable[..., Driver],
) -> None:
    body = (
        START
        + user_task("t")
        + '<bpmn:boundaryEvent id="late" attachedToRef="t">'
        + "<bpmn:timerEventDefinition><bpmn:timeDuration>= sla</bpmn:timeDuration>"
        + "</bpmn:timerEventDefinition></bpmn:boundaryEvent>"
        + user_task("after")
        + '<bpmn:endEvent id="end2" />'
        + flow("start", "t")
        + flow("t", "after")
        + flow("late", "end2")
    )
    d = run(drive, body)
    d.start()
    (incident,) = d.of(IncidentRaised)
    d.complete("t")
    with pytest.raises(Conflict):
        d.run(ResolveIncident(incident.key))


# ---------------------------------------------------------------- settling a scope


def test_a_join_that_fires_while_settling_but_cannot_leave_raises_an_incident(
    drive: Callable[..., Driver],
) -> None:
    body = (
        START
        + '<bpmn:parallelGateway id="fork" />'
        + user_task("a")
        + user_task("b")
        + '<bpmn:exclusiveGateway id="choose" default="choose_end2" />'
        + '<bpmn:inclusiveGateway id="join" />'
        + END
        + '<bpmn:endEvent id="end2" />'
        + flow("start", "fork")
        + flow("fork", "a")
        + flow("fork", "b")
        + flow("a", "join")
        + flow("b", "choose")
        + flow("choose", "join", "= false")
        + flow("choose", "end2")
        + flow("join", "end", "= x &gt; 1")
    )
    d = run(drive, body)
    d.start({"x": 0})
    d.complete("a")  # the join waits: b may still reach it
    assert d.of(IncidentRaised) == []
    d.complete("b")  # b ends elsewhere: the join fires while its scope settles
    assert d.status is InstanceStatus.RUNNING
    (incident,) = d.of(IncidentRaised)
    assert (incident.kind, incident.node_id) == (IncidentKind.EXTRACT_VALUE_ERROR, "join")
    d.run(SetVariables({"x": 2}))
    d.run(ResolveIncident(incident.key))
    assert d.status is InstanceStatus.COMPLETED

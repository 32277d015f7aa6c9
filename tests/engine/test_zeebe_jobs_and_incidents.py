"""Incidents and Zeebe jobs in the engine (definitions compiled from BPMN have `incidents`):
a job keeps its key through timeouts and failures, retries 0 raises an incident that holds
the instance until resolved, output mappings that fail raise IO_MAPPING_ERROR."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from baton.engine import ResolveIncident, TerminateInstance, TimeOutTask, UpdateJob
from baton.engine.changes import IncidentRaised, IncidentResolved, TaskRequeued
from baton.engine.commands import CompleteTask
from baton.model.errors import Conflict
from baton.model.instance import IncidentKind
from baton.model.status import InstanceStatus, TaskStatus
from baton.notation.bpmn import compile_bpmn

from conftest import Driver

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


def flow(source: str, target: str) -> str:
    return f'<bpmn:sequenceFlow id="{source}_{target}" sourceRef="{source}" targetRef="{target}"/>'


def job(tid: str, job_type: str) -> str:
    return (
        f'<bpmn:serviceTask id="{tid}"><bpmn:extensionElements>'
        f'<zeebe:taskDefinition type="{job_type}" /></bpmn:extensionElements></bpmn:serviceTask>'
    )


def _run(drive: Callable[..., Driver], body: str) -> Driver:
    (definition,) = compile_bpmn(bpmn(body), "p.bpmn").processes
    assert definition.incidents and definition.history
    return drive(definition)


def _ship(drive: Callable[..., Driver]) -> Driver:
    d = _run(drive, START + job("ship", "ship") + END + flow("start", "ship") + flow("ship", "end"))
    d.start()
    return d


def test_a_lease_that_expires_keeps_the_job_key_and_retries(drive: Callable[..., Driver]) -> None:
    d = _ship(drive)
    key = d.task("ship").id
    for _ in range(5):
        d.poll("ship")
        d.run(TimeOutTask(key))
        assert [c.task_id for c in d.of(TaskRequeued)] == [key]
    assert (d.task("ship").id, d.task("ship").retries, d.status) == (
        key,
        3,
        InstanceStatus.RUNNING,
    )
    assert len(d.attempts("ship")) == 1


def test_failures_count_down_the_retries_then_raise_an_incident(
    drive: Callable[..., Driver],
) -> None:
    d = _ship(drive)
    key = d.task("ship").id
    for left in (2, 1):
        d.poll("ship")
        d.run(CompleteTask(key, {}, TaskStatus.FAILED, "nope", retry_backoff_ms=5000))
        (requeued,) = d.of(TaskRequeued)
        assert (requeued.retries, requeued.delay_ms) == (left, 5000)
    d.poll("ship")
    d.fail("ship", "still nope")
    (incident,) = d.of(IncidentRaised)
    assert (incident.kind, incident.job_key, incident.message) == (
        IncidentKind.JOB_NO_RETRIES,
        key,
        "still nope",
    )
    assert d.status is InstanceStatus.RUNNING
    with pytest.raises(Conflict):
        d.run(ResolveIncident(incident.key))  # no retries yet
    d.run(UpdateJob(key, retries=2))
    d.run(ResolveIncident(incident.key))
    assert [c.key for c in d.of(IncidentResolved)] == [incident.key]
    assert d.task("ship").status is TaskStatus.SCHEDULED and d.task("ship").retries == 2
    d.poll("ship")
    d.complete("ship")
    assert d.status is InstanceStatus.COMPLETED


def test_a_failing_output_mapping_raises_io_mapping_error(drive: Callable[..., Driver]) -> None:
    task = (
        '<bpmn:serviceTask id="ship"><bpmn:extensionElements>'
        '<zeebe:taskDefinition type="ship" /><zeebe:ioMapping>'
        '<zeebe:output source="=(function(a) a)(code, 2)" target="short" />'
        "</zeebe:ioMapping></bpmn:extensionElements></bpmn:serviceTask>"
    )
    d = _run(drive, START + task + END + flow("start", "ship") + flow("ship", "end"))
    d.start()
    d.complete("ship", {"code": 5})
    (incident,) = d.of(IncidentRaised)
    assert incident.kind is IncidentKind.IO_MAPPING_ERROR
    assert d.status is InstanceStatus.RUNNING


def test_terminating_an_instance_resolves_its_incidents(drive: Callable[..., Driver]) -> None:
    d = _ship(drive)
    d.run(CompleteTask(d.task("ship").id, {}, TaskStatus.FAILED, "x", retries=0))
    (incident,) = d.of(IncidentRaised)
    d.run(TerminateInstance("canceled"))
    assert [c.key for c in d.of(IncidentResolved)] == [incident.key]
    assert d.state is not None and d.state.incidents == {}

"""A FEEL job type (`zeebe:taskDefinition type="= expr"`): each job's type is the expression's
value when the job is created; a value that is no text raises an EXTRACT_VALUE_ERROR incident
holding the token at the task until it is resolved."""

from __future__ import annotations

from collections.abc import Callable

from baton.engine import ResolveIncident, SetVariables
from baton.engine.changes import IncidentRaised, TaskRequeued, TaskScheduled
from baton.model.instance import IncidentKind
from baton.model.status import InstanceStatus
from baton.notation.bpmn import compile_bpmn

from conftest import Driver

NS = (
    'xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" '
    'xmlns:zeebe="http://camunda.org/schema/zeebe/1.0"'
)


def process(job_type: str, retries: str = "3") -> bytes:
    return (
        f'<bpmn:definitions {NS} id="d"><bpmn:process id="p" isExecutable="true">'
        '<bpmn:startEvent id="start" />'
        '<bpmn:serviceTask id="work"><bpmn:extensionElements>'
        f'<zeebe:taskDefinition type="{job_type}" retries="{retries}" />'
        "</bpmn:extensionElements></bpmn:serviceTask>"
        '<bpmn:endEvent id="end" />'
        '<bpmn:sequenceFlow id="f1" sourceRef="start" targetRef="work" />'
        '<bpmn:sequenceFlow id="f2" sourceRef="work" targetRef="end" />'
        "</bpmn:process></bpmn:definitions>"
    ).encode()


def run(drive: Callable[..., Driver], job_type: str) -> Driver:
    (definition,) = compile_bpmn(process(job_type), "p.bpmn").processes
    return drive(definition)


def queues(d: Driver) -> list[str | None]:
    return [c.queue for c in d.of(TaskScheduled) if c.ref_name == "work"]


def test_the_job_type_is_the_expression_value_when_the_job_is_created(
    drive: Callable[..., Driver],
) -> None:
    d = run(drive, "= &quot;ship-&quot; + region")
    d.start({"region": "eu"})
    assert queues(d) == ["ship-eu"]
    assert d.task("work").job_type == "ship-eu"
    d.run(SetVariables({"region": "us"}))  # later changes do not move the job
    d.poll("work")
    d.complete("work", {"done": True})
    assert d.status is InstanceStatus.COMPLETED


def test_a_retried_job_keeps_its_type(drive: Callable[..., Driver]) -> None:
    d = run(drive, "= kind")
    d.start({"kind": "first"})
    d.run(SetVariables({"kind": "second"}))
    d.poll("work")
    d.fail("work")
    (requeued,) = d.of(TaskRequeued)  # the same job offered again
    assert requeued.task_id == d.task("work").id
    assert d.task("work").job_type == "first"


def test_a_job_type_that_is_no_text_raises_an_incident_until_resolved(
    drive: Callable[..., Driver],
) -> None:
    d = run(drive, "= kind")
    d.start({"kind": 7})
    assert d.status is InstanceStatus.RUNNING
    (incident,) = d.of(IncidentRaised)
    assert incident.kind is IncidentKind.EXTRACT_VALUE_ERROR
    assert incident.node_id == "work"
    assert "job type" in incident.message and "7" in incident.message
    assert queues(d) == []
    d.run(SetVariables({"kind": "fixed"}))
    d.run(ResolveIncident(incident.key))
    assert queues(d) == ["fixed"]


def test_a_job_type_of_a_missing_variable_raises_an_incident(
    drive: Callable[..., Driver],
) -> None:
    d = run(drive, "= kind")
    d.start()
    (incident,) = d.of(IncidentRaised)
    assert incident.kind is IncidentKind.EXTRACT_VALUE_ERROR
    assert queues(d) == []


def test_feel_retries_are_the_expression_value_when_the_job_is_created(
    drive: Callable[..., Driver],
) -> None:
    (definition,) = compile_bpmn(process("work", "= tries * 2"), "p.bpmn").processes
    d = drive(definition)
    d.start({"tries": 3})
    assert d.task("work").retries == 6
    d.run(SetVariables({"tries": 1}))  # later changes do not move the job
    d.poll("work")
    d.fail("work")
    assert d.task("work").retries == 5


def test_feel_retries_that_are_no_whole_number_raise_an_incident_until_resolved(
    drive: Callable[..., Driver],
) -> None:
    (definition,) = compile_bpmn(process("work", "= tries"), "p.bpmn").processes
    d = drive(definition)
    d.start({"tries": -1})
    (incident,) = d.of(IncidentRaised)
    assert incident.kind is IncidentKind.EXTRACT_VALUE_ERROR and "retries" in incident.message
    assert queues(d) == []
    d.run(SetVariables({"tries": 2}))
    d.run(ResolveIncident(incident.key))
    assert queues(d) == ["work"] and d.task("work").retries == 2

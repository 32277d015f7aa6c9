"""Compiled BPMN run by the engine: variables, FEEL conditions, gateways, timers."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from baton.engine import ResolveIncident, SetVariables, TaskScheduled, VariablesChanged
from baton.engine.changes import ElementActivated, ElementCompleted, IncidentRaised, TaskRequeued
from baton.engine.commands import CompleteTask
from baton.model.instance import IncidentKind, TimerPurpose
from baton.model.status import InstanceStatus, TaskStatus
from baton.notation.bpmn import compile_bpmn

from conftest import Driver

NS = (
    'xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" '
    'xmlns:zeebe="http://camunda.org/schema/zeebe/1.0"'
)


def bpmn(body: str) -> bytes:
    return (
        f'<bpmn:definitions {NS} id="d"><bpmn:process id="p" isExecutable="true">'
        f"{body}</bpmn:process></bpmn:definitions>"
    ).encode()


def flow(source: str, target: str, condition: str | None = None, fid: str = "") -> str:
    cond = f"<bpmn:conditionExpression>{condition}</bpmn:conditionExpression>" if condition else ""
    fid = fid or f"{source}_{target}"
    return (
        f'<bpmn:sequenceFlow id="{fid}" sourceRef="{source}" targetRef="{target}">'
        f"{cond}</bpmn:sequenceFlow>"
    )


def user_task(tid: str, ext: str = "") -> str:
    return (
        f'<bpmn:userTask id="{tid}" name="{tid.title()}"><bpmn:extensionElements>'
        f"<zeebe:userTask />{ext}</bpmn:extensionElements></bpmn:userTask>"
    )


def job(tid: str, job_type: str) -> str:
    return (
        f'<bpmn:serviceTask id="{tid}"><bpmn:extensionElements>'
        f'<zeebe:taskDefinition type="{job_type}" /></bpmn:extensionElements></bpmn:serviceTask>'
    )


START = '<bpmn:startEvent id="start" />'
END = '<bpmn:endEvent id="end" />'

APPROVAL = bpmn(
    START
    + user_task("review")
    + '<bpmn:exclusiveGateway id="gw" default="gw_end" />'
    + user_task("second")
    + END
    + flow("start", "review")
    + flow("review", "gw")
    + flow("gw", "second", "= amount &gt; 100 and approved")
    + flow("gw", "end", fid="gw_end")
    + flow("second", "end")
)


def run(drive: Callable[..., Driver], data: bytes) -> Driver:
    (definition,) = compile_bpmn(data, "test.bpmn").processes
    return drive(definition)


def test_start_input_becomes_variables_and_task_output_merges(
    drive: Callable[..., Driver],
) -> None:
    d = run(drive, APPROVAL)
    d.start({"amount": 150})
    assert d.open_refs() == ["review"]
    d.complete("review", {"approved": True})
    assert d.state is not None
    assert d.state.variables == {"amount": 150, "approved": True}
    assert d.open_refs() == ["second"]
    d.complete("second", {"done": "yes"})
    assert d.status is InstanceStatus.COMPLETED
    assert d.state.output == {"amount": 150, "approved": True, "done": "yes"}


def test_exclusive_gateway_takes_the_default_flow(drive: Callable[..., Driver]) -> None:
    d = run(drive, APPROVAL)
    d.start({"amount": 50})
    d.complete("review", {"approved": True})
    assert d.status is InstanceStatus.COMPLETED
    assert "second" not in d.statuses()


def test_user_task_input_resolves_feel_assignment(drive: Callable[..., Driver]) -> None:
    ext = (
        '<zeebe:assignmentDefinition assignee="= owner" candidateGroups="sales, ops" />'
        '<zeebe:taskSchedule dueDate="= now() + duration(&quot;P2D&quot;)" />'
        '<zeebe:priorityDefinition priority="= if vip then 80 else 50" />'
        '<zeebe:ioMapping><zeebe:input source="= order.total" target="amount" /></zeebe:ioMapping>'
    )
    d = run(drive, bpmn(START + user_task("t", ext) + END + flow("start", "t") + flow("t", "end")))
    changes = d.start({"owner": "alice", "vip": True, "order": {"total": 12}})
    scheduled = [c for c in changes if isinstance(c, TaskScheduled)]
    assert len(scheduled) == 1
    assert scheduled[0].input == {"amount": 12}  # the task's inputs, no bookkeeping keys
    task = scheduled[0].user_task
    assert task is not None
    definition = task.policy()
    assert definition["autoClaim"] is True
    tier = definition["assignments"][0]
    assert tier["assignee"] == {"user": "alice", "userType": "CONDUCTOR_USER"}
    assert tier["candidates"] == [
        {"user": "alice", "userType": "CONDUCTOR_USER"},
        {"user": "sales", "userType": "CONDUCTOR_GROUP"},
        {"user": "ops", "userType": "CONDUCTOR_GROUP"},
    ]
    assert task.assignee == "alice"
    assert task.candidate_groups == ["sales", "ops"]
    assert task.priority == 80
    assert task.due == "2026-01-03T00:00:00Z"


def test_output_mappings_decide_what_reaches_the_process(drive: Callable[..., Driver]) -> None:
    ext = (
        "<zeebe:ioMapping>"
        '<zeebe:input source="= 2" target="factor" />'
        '<zeebe:output source="= approved" target="order.approved" />'
        '<zeebe:output source="= total * factor" target="doubled" />'
        "</zeebe:ioMapping>"
    )
    d = run(drive, bpmn(START + user_task("t", ext) + END + flow("start", "t") + flow("t", "end")))
    d.start({"order": {"id": 7}, "total": 5})
    changes = d.complete("t", {"approved": True, "comment": "local only"})
    assert d.state is not None
    assert d.state.variables == {"order": {"id": 7, "approved": True}, "total": 5, "doubled": 10}
    assert [c.changed for c in changes if isinstance(c, VariablesChanged)] == [
        {"order": {"id": 7, "approved": True}, "doubled": 10}
    ]


def test_job_output_merges_into_variables(drive: Callable[..., Driver]) -> None:
    d = run(drive, bpmn(START + job("j", "charge") + END + flow("start", "j") + flow("j", "end")))
    d.start({"a": 1})
    assert d.task("j").status.value == "SCHEDULED"
    d.poll("j")
    d.complete("j", {"charged": True})
    assert d.status is InstanceStatus.COMPLETED
    assert d.state is not None and d.state.variables == {"a": 1, "charged": True}


def test_parallel_gateway_waits_for_both_branches(drive: Callable[..., Driver]) -> None:
    body = (
        START
        + '<bpmn:parallelGateway id="fork" />'
        + user_task("a")
        + user_task("b")
        + '<bpmn:parallelGateway id="join" />'
        + END
        + flow("start", "fork")
        + flow("fork", "a")
        + flow("fork", "b")
        + flow("a", "join")
        + flow("b", "join")
        + flow("join", "end")
    )
    d = run(drive, bpmn(body))
    d.start()
    assert sorted(d.open_refs()) == ["a", "b"]
    d.complete("a", {"x": 1})
    assert d.status is InstanceStatus.RUNNING
    d.complete("b", {"y": 2})
    assert d.status is InstanceStatus.COMPLETED
    assert d.state is not None and d.state.variables == {"x": 1, "y": 2}


def test_inclusive_gateway_takes_every_true_branch_and_joins(
    drive: Callable[..., Driver],
) -> None:
    body = (
        START
        + '<bpmn:inclusiveGateway id="split" default="split_c" />'
        + user_task("a")
        + user_task("b")
        + user_task("c")
        + '<bpmn:inclusiveGateway id="join" />'
        + END
        + flow("start", "split")
        + flow("split", "a", "= x &gt; 1")
        + flow("split", "b", "= x &gt; 2")
        + flow("split", "c", fid="split_c")
        + flow("a", "join")
        + flow("b", "join")
        + flow("c", "join")
        + flow("join", "end")
    )
    d = run(drive, bpmn(body))
    d.start({"x": 2})
    assert d.open_refs() == ["a"]
    d.complete("a")
    assert d.status is InstanceStatus.COMPLETED
    d = run(drive, bpmn(body))
    d.start({"x": 0})
    assert d.open_refs() == ["c"]
    d = run(drive, bpmn(body))
    d.start({"x": 5})
    assert sorted(d.open_refs()) == ["a", "b"]
    d.complete("b")
    assert d.status is InstanceStatus.RUNNING
    d.complete("a")
    assert d.status is InstanceStatus.COMPLETED


def _boundary(interrupting: bool) -> bytes:
    cancel = "true" if interrupting else "false"
    return bpmn(
        START
        + user_task("t")
        + f'<bpmn:boundaryEvent id="late" attachedToRef="t" cancelActivity="{cancel}">'
        + "<bpmn:timerEventDefinition><bpmn:timeDuration>PT1H</bpmn:timeDuration>"
        + "</bpmn:timerEventDefinition></bpmn:boundaryEvent>"
        + user_task("escalate")
        + END
        + '<bpmn:endEvent id="end2" />'
        + flow("start", "t")
        + flow("t", "end")
        + flow("late", "escalate")
        + flow("escalate", "end2")
    )


def test_interrupting_timer_boundary_cancels_the_task(drive: Callable[..., Driver]) -> None:
    d = run(drive, _boundary(True))
    d.start()
    assert len(d.timers(TimerPurpose.BOUNDARY)) == 1
    d.advance(3599)
    assert d.open_refs() == ["t"]
    d.advance(1)
    assert d.statuses()["t"] == "CANCELED"
    assert d.open_refs() == ["escalate"]
    d.complete("escalate")
    assert d.status is InstanceStatus.COMPLETED


def test_non_interrupting_timer_boundary_keeps_the_task(drive: Callable[..., Driver]) -> None:
    d = run(drive, _boundary(False))
    d.start()
    d.advance(3600)
    assert sorted(d.open_refs()) == ["escalate", "t"]
    d.complete("escalate")
    assert d.status is InstanceStatus.RUNNING
    d.complete("t")
    assert d.status is InstanceStatus.COMPLETED


def test_completing_the_task_cancels_its_boundary_timer(drive: Callable[..., Driver]) -> None:
    d = run(drive, _boundary(True))
    d.start()
    d.complete("t")
    assert d.status is InstanceStatus.COMPLETED
    assert d.timers() == []


def test_timer_catch_event_with_feel_duration(drive: Callable[..., Driver]) -> None:
    body = (
        START
        + '<bpmn:intermediateCatchEvent id="wait"><bpmn:timerEventDefinition>'
        + "<bpmn:timeDuration>= duration(delay)</bpmn:timeDuration>"
        + "</bpmn:timerEventDefinition></bpmn:intermediateCatchEvent>"
        + '<bpmn:manualTask id="m" />'
        + '<bpmn:intermediateThrowEvent id="throw" />'
        + END
        + flow("start", "wait")
        + flow("wait", "m")
        + flow("m", "throw")
        + flow("throw", "end")
    )
    d = run(drive, bpmn(body))
    d.start({"delay": "PT10M"})
    d.advance(599)
    assert d.status is InstanceStatus.RUNNING
    d.advance(1)
    assert d.status is InstanceStatus.COMPLETED


def test_sub_process_with_script_task(drive: Callable[..., Driver]) -> None:
    body = (
        START
        + '<bpmn:subProcess id="sub">'
        + '<bpmn:startEvent id="s2" />'
        + '<bpmn:scriptTask id="calc"><bpmn:extensionElements>'
        + '<zeebe:script expression="= a + 1" resultVariable="b" />'
        + "</bpmn:extensionElements></bpmn:scriptTask>"
        + user_task("inner")
        + '<bpmn:endEvent id="e2" />'
        + flow("s2", "calc")
        + flow("calc", "inner")
        + flow("inner", "e2")
        + "</bpmn:subProcess>"
        + END
        + flow("start", "sub")
        + flow("sub", "end")
    )
    d = run(drive, bpmn(body))
    d.start({"a": 1})
    assert d.state is not None and d.state.variables["b"] == 2
    d.complete("inner")
    assert d.status is InstanceStatus.COMPLETED


def test_terminate_end_ends_open_branches(drive: Callable[..., Driver]) -> None:
    body = (
        START
        + '<bpmn:parallelGateway id="fork" />'
        + user_task("a")
        + '<bpmn:endEvent id="stop"><bpmn:terminateEventDefinition /></bpmn:endEvent>'
        + user_task("b")
        + END
        + flow("start", "fork")
        + flow("fork", "a")
        + flow("fork", "b")
        + flow("a", "stop")
        + flow("b", "end")
    )
    d = run(drive, bpmn(body))
    d.start()
    d.complete("a")
    assert d.status is InstanceStatus.COMPLETED
    assert d.statuses()["b"] == "CANCELED"


def test_failing_feel_condition_raises_an_incident_at_the_gateway(
    drive: Callable[..., Driver],
) -> None:
    body = (
        START
        + '<bpmn:exclusiveGateway id="gw" />'
        + END
        + flow("start", "gw")
        + flow("gw", "end", "= x &gt; 1")
    )
    d = run(drive, bpmn(body))
    d.start({"x": 0})
    assert d.status is InstanceStatus.RUNNING
    (incident,) = d.of(IncidentRaised)
    assert (incident.kind, incident.node_id) == (IncidentKind.EXTRACT_VALUE_ERROR, "gw")
    (waiting,) = d.of(ElementActivated)
    assert (waiting.key, waiting.node_id) == (incident.element_key, "gw")
    d.run(SetVariables({"x": 2}))
    d.run(ResolveIncident(incident.key))
    assert d.status is InstanceStatus.COMPLETED
    assert [c.key for c in d.of(ElementCompleted)] == [incident.element_key]


def _with_errors(body: str) -> bytes:
    """A process whose file declares errors NO_FUNDS (Error_funds) and LATE (Error_late)."""
    return (
        f'<bpmn:definitions {NS} id="d"><bpmn:process id="p" isExecutable="true">{body}'
        '</bpmn:process><bpmn:error id="Error_funds" errorCode="NO_FUNDS" />'
        '<bpmn:error id="Error_late" errorCode="LATE" /></bpmn:definitions>'
    ).encode()


def _error_boundary(bid: str, host: str, error_ref: str | None) -> str:
    ref = f' errorRef="{error_ref}"' if error_ref else ""
    return (
        f'<bpmn:boundaryEvent id="{bid}" attachedToRef="{host}">'
        f"<bpmn:errorEventDefinition{ref} /></bpmn:boundaryEvent>"
    )


def _throw(d: Driver, ref: str, code: str, variables: dict[str, Any] | None = None) -> None:
    d.run(
        CompleteTask(
            d.task(ref).id,
            variables or {},
            TaskStatus.FAILED_WITH_TERMINAL_ERROR,
            "no money",
            error_code=code,
        )
    )


def _charge_process(boundaries: str) -> bytes:
    """start -> sub(charge job) -> end; boundaries given by the caller lead to `fix`."""
    return _with_errors(
        START
        + '<bpmn:subProcess id="sub"><bpmn:startEvent id="s2" />'
        + job("charge", "charge")
        + '<bpmn:endEvent id="e2" />'
        + flow("s2", "charge")
        + flow("charge", "e2")
        + "</bpmn:subProcess>"
        + boundaries
        + user_task("fix")
        + user_task("other")
        + END
        + '<bpmn:endEvent id="end2" />'
        + flow("start", "sub")
        + flow("sub", "end")
        + flow("fix", "end2")
        + flow("other", "end2")
    )


def test_error_boundary_on_the_task_catches_its_error(drive: Callable[..., Driver]) -> None:
    body = (
        START
        + job("charge", "charge")
        + _error_boundary("no_funds", "charge", "Error_funds")
        + user_task("fix")
        + END
        + '<bpmn:endEvent id="end2" />'
        + flow("start", "charge")
        + flow("charge", "end")
        + flow("no_funds", "fix")
        + flow("fix", "end2")
    )
    d = run(drive, _with_errors(body))
    d.start()
    d.poll("charge")
    _throw(d, "charge", "NO_FUNDS", {"balance": 3})
    assert d.status is InstanceStatus.RUNNING
    assert d.statuses()["charge"] == "CANCELED"
    assert "BPMN error NO_FUNDS: no money" in (d.task("charge").reason or "")
    assert d.open_refs() == ["fix"]
    assert d.state is not None and d.state.variables["balance"] == 3
    assert len(d.attempts("charge")) == 1  # no retry
    d.complete("fix")
    assert d.status is InstanceStatus.COMPLETED


def test_error_boundary_on_an_enclosing_sub_process(drive: Callable[..., Driver]) -> None:
    d = run(
        drive,
        _charge_process(
            _error_boundary("late", "sub", "Error_late")
            + _error_boundary("no_funds", "sub", "Error_funds")
            + flow("late", "other")
            + flow("no_funds", "fix")
        ),
    )
    d.start()
    _throw(d, "charge", "NO_FUNDS")
    statuses = d.statuses()
    assert (statuses["charge"], statuses["sub"]) == ("CANCELED", "CANCELED")
    assert d.open_refs() == ["fix"]
    d.complete("fix")
    assert d.status is InstanceStatus.COMPLETED


def test_a_matching_code_wins_over_catch_all(drive: Callable[..., Driver]) -> None:
    d = run(
        drive,
        _charge_process(
            _error_boundary("any", "sub", None)
            + _error_boundary("no_funds", "sub", "Error_funds")
            + flow("any", "other")
            + flow("no_funds", "fix")
        ),
    )
    d.start()
    _throw(d, "charge", "NO_FUNDS")
    assert d.open_refs() == ["fix"]
    d = run(drive, _charge_process(_error_boundary("any", "sub", None) + flow("any", "other")))
    d.start()
    _throw(d, "charge", "ANYTHING")
    assert d.open_refs() == ["other"]


def test_uncaught_error_raises_an_incident_on_the_job(drive: Callable[..., Driver]) -> None:
    d = run(
        drive, _charge_process(_error_boundary("late", "sub", "Error_late") + flow("late", "fix"))
    )
    d.start()
    _throw(d, "charge", "NO_FUNDS")
    assert d.status is InstanceStatus.RUNNING
    (incident,) = d.of(IncidentRaised)
    assert incident.kind is IncidentKind.UNHANDLED_ERROR_EVENT
    assert incident.job_key == incident.element_key == d.task("charge").id
    assert "NO_FUNDS" in incident.message
    assert d.statuses()["charge"] == "SCHEDULED"
    assert len(d.attempts("charge")) == 1
    d.run(ResolveIncident(incident.key))  # the same job is offered again
    assert [c.task_id for c in d.of(TaskRequeued)] == [d.task("charge").id]
    d.complete("charge")
    assert d.open_refs() == []


def test_error_boundary_output_mappings(drive: Callable[..., Driver]) -> None:
    body = (
        START
        + job("charge", "charge")
        + '<bpmn:boundaryEvent id="no_funds" attachedToRef="charge">'
        + "<bpmn:extensionElements><zeebe:ioMapping>"
        + '<zeebe:output source="=errorMessage" target="why" />'
        + '<zeebe:output source="=errorCode + &quot;/&quot; + string(balance)" target="what" />'
        + "</zeebe:ioMapping></bpmn:extensionElements>"
        + '<bpmn:errorEventDefinition errorRef="Error_funds" /></bpmn:boundaryEvent>'
        + user_task("fix")
        + END
        + flow("start", "charge")
        + flow("charge", "end")
        + flow("no_funds", "fix")
        + flow("fix", "end")
    )
    d = run(drive, _with_errors(body))
    d.start()
    _throw(d, "charge", "NO_FUNDS", {"balance": 3})
    assert d.state is not None
    assert d.state.variables == {"why": "no money", "what": "NO_FUNDS/3"}
    assert d.open_refs() == ["fix"]

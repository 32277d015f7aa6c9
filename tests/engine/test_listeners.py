"""Execution listeners (jobs chained before and after their element) and task listener jobs
(started for a user task's transition, moving no token) in the engine."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from baton.engine import ResolveIncident, SetVariables, TerminateInstance
from baton.engine.changes import IncidentRaised, TaskRequeued, TaskScheduled
from baton.engine.commands import CompleteTask, StartListenerJob
from baton.engine.nodes.task_listener import OWNER, TRANSITION
from baton.model.errors import Conflict, InvalidInput
from baton.model.instance import IncidentKind
from baton.model.process import NodeKind
from baton.model.status import InstanceStatus, TaskStatus
from baton.notation.bpmn import compile_bpmn

from conftest import Driver

NS = (
    'xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" '
    'xmlns:zeebe="http://camunda.org/schema/zeebe/1.0"'
)


def bpmn(body: str, process_ext: str = "") -> bytes:
    return (
        f'<bpmn:definitions {NS} id="d"><bpmn:process id="p" isExecutable="true">'
        f"{process_ext}{body}</bpmn:process></bpmn:definitions>"
    ).encode()


def flow(source: str, target: str, condition: str = "") -> str:
    cond = f"<bpmn:conditionExpression>{condition}</bpmn:conditionExpression>" if condition else ""
    return (
        f'<bpmn:sequenceFlow id="{source}_{target}" sourceRef="{source}" '
        f'targetRef="{target}">{cond}</bpmn:sequenceFlow>'
    )


def listeners(*pairs: tuple[str, str], retries: int = 3) -> str:
    inner = "".join(
        f'<zeebe:executionListener eventType="{e}" type="{t}" retries="{retries}"/>'
        for e, t in pairs
    )
    return (
        "<bpmn:extensionElements><zeebe:executionListeners>"
        f"{inner}</zeebe:executionListeners></bpmn:extensionElements>"
    )


def job(tid: str, job_type: str, extra: str = "") -> str:
    return (
        f'<bpmn:serviceTask id="{tid}"><bpmn:extensionElements>'
        f'<zeebe:taskDefinition type="{job_type}" />{extra}</bpmn:extensionElements>'
        "</bpmn:serviceTask>"
    )


def _run(drive: Callable[..., Driver], body: str, process_ext: str = "") -> Driver:
    (definition,) = compile_bpmn(bpmn(body, process_ext), "p.bpmn").processes
    d = drive(definition)
    d.start({"n": 1})
    return d


def test_start_and_end_listeners_wrap_the_element_and_merge_variables(
    drive: Callable[..., Driver],
) -> None:
    ext = (
        "<zeebe:executionListeners>"
        '<zeebe:executionListener eventType="start" type="before"/>'
        '<zeebe:executionListener eventType="end" type="after"/>'
        "</zeebe:executionListeners>"
    )
    body = (
        '<bpmn:startEvent id="s"/>'
        + job("work", "work", ext)
        + '<bpmn:endEvent id="e"/>'
        + flow("s", "work")
        + flow("work", "e")
    )
    d = _run(drive, body)
    assert d.open_refs() == ["work#start0"]  # the element waits for its start listener
    assert d.task("work#start0").status is TaskStatus.SCHEDULED
    d.complete("work#start0", {"checked": True})
    assert d.open_refs() == ["work"]
    assert d.state is not None and d.state.variables["checked"] is True
    d.complete("work", {"done": 1})
    assert d.open_refs() == ["work#end0"]  # the token leaves once the end listener did
    d.complete("work#end0", {"audited": "yes"})
    assert d.status is InstanceStatus.COMPLETED
    assert d.state.variables == {"n": 1, "checked": True, "done": 1, "audited": "yes"}


def test_end_listener_goes_before_conditions_are_evaluated(drive: Callable[..., Driver]) -> None:
    body = (
        '<bpmn:startEvent id="s"/>'
        + '<bpmn:task id="t">'
        + listeners(("end", "decide"))
        + "</bpmn:task>"
        + '<bpmn:endEvent id="yes"/>'
        + job("no", "no")
        + flow("s", "t")
        + flow("t", "yes", "=ok")
        + flow("t", "no", "=not(ok)")
    )
    d = _run(drive, body)
    d.complete("t#end0", {"ok": False})
    assert d.open_refs() == ["no"]


def test_process_listeners_run_after_the_start_and_before_the_end(
    drive: Callable[..., Driver],
) -> None:
    body = '<bpmn:startEvent id="s"/><bpmn:endEvent id="e"/>' + flow("s", "e")
    d = _run(drive, body, listeners(("start", "opened"), ("end", "closed")))
    assert d.open_refs() == ["s#start0"]
    d.complete("s#start0")
    assert d.open_refs() == ["e#process-end0"]
    d.complete("e#process-end0")
    assert d.status is InstanceStatus.COMPLETED


def test_gateway_start_listener_and_several_in_order(drive: Callable[..., Driver]) -> None:
    body = (
        '<bpmn:startEvent id="s"/><bpmn:exclusiveGateway id="g">'
        + listeners(("start", "one"), ("start", "two"))
        + '</bpmn:exclusiveGateway><bpmn:endEvent id="e"/>'
        + flow("s", "g")
        + flow("g", "e")
    )
    d = _run(drive, body)
    assert d.open_refs() == ["g#start0"]
    d.complete("g#start0")
    assert d.open_refs() == ["g#start1"]
    d.complete("g#start1")
    assert d.status is InstanceStatus.COMPLETED


def test_end_listener_on_a_splitting_gateway_is_refused() -> None:
    body = (
        '<bpmn:startEvent id="s"/><bpmn:exclusiveGateway id="g">'
        + listeners(("end", "x"))
        + '</bpmn:exclusiveGateway><bpmn:endEvent id="a"/><bpmn:endEvent id="b"/>'
        + flow("s", "g")
        + flow("g", "a", "=true")
        + flow("g", "b", "=false")
    )
    with pytest.raises(InvalidInput, match="gateway that splits"):
        compile_bpmn(bpmn(body), "p.bpmn")


def test_unknown_event_type_is_refused() -> None:
    body = (
        '<bpmn:startEvent id="s"/><bpmn:task id="t">' + listeners(("middle", "x")) + "</bpmn:task>"
    )
    with pytest.raises(InvalidInput, match="eventType 'middle'"):
        compile_bpmn(bpmn(body + flow("s", "t")), "p.bpmn")


def test_a_failing_listener_raises_an_incident(drive: Callable[..., Driver]) -> None:
    body = '<bpmn:startEvent id="s"/><bpmn:task id="t">' + listeners(("start", "x"), retries=1)
    d = _run(drive, body + "</bpmn:task>" + flow("s", "t"))
    d.poll("t#start0")
    d.fail("t#start0")
    assert d.state is not None
    (hold,) = d.state.incidents.values()
    assert hold.kind is IncidentKind.JOB_NO_RETRIES
    assert d.status is InstanceStatus.RUNNING


USER_TASK = (
    '<bpmn:startEvent id="s"/><bpmn:userTask id="approve"><bpmn:extensionElements>'
    "<zeebe:userTask/><zeebe:taskListeners>"
    '<zeebe:taskListener eventType="assigning" type="check" retries="2"/>'
    '<zeebe:taskListener eventType="complete" type="audit"/>'
    "</zeebe:taskListeners></bpmn:extensionElements></bpmn:userTask>"
    '<bpmn:endEvent id="e"/>'
)


def test_task_listeners_compile_to_detached_listener_nodes() -> None:
    (definition,) = compile_bpmn(bpmn(USER_TASK + flow("s", "approve")), "p.bpmn").processes
    found = {n.id: n for n in definition.nodes if n.kind is NodeKind.TASK_LISTENER}
    assert set(found) == {"approve#assigning0", "approve#completing0"}
    check = found["approve#assigning0"]
    assert (check.job_type, check.retry_count, check.listener_of) == ("check", 1, "approve")
    assert definition.index.incoming.get(check.id) is None


def test_a_task_listener_job_moves_no_token_and_ends_with_its_task(
    drive: Callable[..., Driver],
) -> None:
    d = _run(drive, USER_TASK + flow("s", "approve") + flow("approve", "e"))
    owner = d.task("approve").id
    d.run(StartListenerJob(owner, "approve#assigning0", {"event": "assigning"}))
    listener = d.task("approve#assigning0")
    assert listener.status is TaskStatus.SCHEDULED and listener.retries == 2
    assert listener.input == {OWNER: owner, TRANSITION: {"event": "assigning"}}
    d.run(CompleteTask(listener.id, {}))
    assert d.open_refs() == ["approve"]  # the task still waits
    d.run(StartListenerJob(owner, "approve#completing0", {}))
    d.run(CompleteTask(owner, {"ok": True}))
    assert d.status is InstanceStatus.COMPLETED
    assert d.task("approve#completing0").status is TaskStatus.CANCELED


def test_terminating_cancels_open_listener_jobs(drive: Callable[..., Driver]) -> None:
    d = _run(drive, USER_TASK + flow("s", "approve") + flow("approve", "e"))
    d.run(StartListenerJob(d.task("approve").id, "approve#assigning0", {}))
    d.run(TerminateInstance("stop"))
    assert d.task("approve#assigning0").status is TaskStatus.CANCELED


def test_start_listener_job_refuses_a_node_of_another_task(drive: Callable[..., Driver]) -> None:
    d = _run(drive, USER_TASK + flow("s", "approve") + flow("approve", "e"))
    with pytest.raises(InvalidInput):
        d.run(StartListenerJob(d.task("approve").id, "e", {}))


CANCELING = (
    '<zeebe:taskListener eventType="canceling" type="told" retries="2"/>'
    '<zeebe:taskListener eventType="cancel" type="told-too"/>'
)


def _user_task(listeners_xml: str, boundary: str = "") -> str:
    return (
        '<bpmn:startEvent id="s"/><bpmn:userTask id="approve"><bpmn:extensionElements>'
        f"<zeebe:userTask/><zeebe:taskListeners>{listeners_xml}</zeebe:taskListeners>"
        "</bpmn:extensionElements></bpmn:userTask>"
        '<bpmn:endEvent id="e"/>' + flow("s", "approve") + flow("approve", "e") + boundary
    )


def test_canceling_listeners_run_detached_after_the_instance_is_terminated(
    drive: Callable[..., Driver],
) -> None:
    d = _run(drive, _user_task(CANCELING))
    owner = d.task("approve").id
    d.run(TerminateInstance("stop"))
    assert d.status is InstanceStatus.TERMINATED
    told = d.task("approve#canceling0")
    assert told.status is TaskStatus.SCHEDULED and told.retries == 2
    assert told.input == {
        OWNER: owner,
        TRANSITION: {"action": "cancel", "actor": "system", "index": 0},
    }
    assert d.state is not None and told.id not in d.state.open  # nothing waits for it
    assert d.attempts("approve#canceling1") == []  # one after another
    d.poll("approve#canceling0")
    d.fail("approve#canceling0")  # a retry is left: offered again
    assert d.task("approve#canceling0").status is TaskStatus.SCHEDULED
    d.poll("approve#canceling0")
    d.complete("approve#canceling0", {"ignored": True})
    assert d.task("approve#canceling0").status is TaskStatus.COMPLETED
    nxt = d.task("approve#canceling1")
    assert nxt.status is TaskStatus.SCHEDULED
    d.poll("approve#canceling1")
    d.fail("approve#canceling1", terminal=True)  # no incident: it ends FAILED
    assert d.task("approve#canceling1").status is TaskStatus.FAILED
    assert d.status is InstanceStatus.TERMINATED
    assert d.state is not None and not d.state.incidents and not d.state.open
    assert d.state.variables == {"n": 1}  # a notification's output reaches no variable


def test_canceling_listener_runs_when_a_boundary_interrupts_and_does_not_hold_the_flow(
    drive: Callable[..., Driver],
) -> None:
    boundary = (
        '<bpmn:boundaryEvent id="late" attachedToRef="approve"><bpmn:timerEventDefinition>'
        "<bpmn:timeDuration>PT1H</bpmn:timeDuration></bpmn:timerEventDefinition>"
        '</bpmn:boundaryEvent><bpmn:endEvent id="e2"/>' + flow("late", "e2")
    )
    d = _run(drive, _user_task(CANCELING, boundary))
    d.advance(3600)
    assert d.task("approve").status is TaskStatus.CANCELED
    assert d.status is InstanceStatus.COMPLETED  # the canceling listener holds nothing
    d.poll("approve#canceling0")
    d.complete("approve#canceling0")
    assert d.task("approve#canceling1").status is TaskStatus.SCHEDULED
    assert d.status is InstanceStatus.COMPLETED


def test_canceling_listener_runs_when_an_event_sub_process_interrupts(
    drive: Callable[..., Driver],
) -> None:
    esp = (
        '<bpmn:subProcess id="esp" triggeredByEvent="true">'
        '<bpmn:startEvent id="esp_s"><bpmn:timerEventDefinition><bpmn:timeDuration>PT5M'
        "</bpmn:timeDuration></bpmn:timerEventDefinition></bpmn:startEvent>"
        '<bpmn:userTask id="escalated"/>' + flow("esp_s", "escalated") + "</bpmn:subProcess>"
    )
    d = _run(drive, _user_task('<zeebe:taskListener eventType="canceling" type="told"/>', esp))
    d.advance(300)
    assert d.task("approve").status is TaskStatus.CANCELED
    assert sorted(d.open_refs()) == ["approve#canceling0", "escalated", "esp"]
    d.complete("escalated")
    assert d.status is InstanceStatus.COMPLETED
    d.complete("approve#canceling0")
    assert d.task("approve#canceling0").status is TaskStatus.COMPLETED


def test_a_completed_user_task_tells_no_canceling_listener(drive: Callable[..., Driver]) -> None:
    d = _run(drive, _user_task(CANCELING))
    d.complete("approve")
    assert d.status is InstanceStatus.COMPLETED
    assert d.attempts("approve#canceling0") == []


def test_a_feel_task_listener_job_type_is_evaluated_when_the_job_is_created(
    drive: Callable[..., Driver],
) -> None:
    d = _run(drive, _user_task('<zeebe:taskListener eventType="assigning" type="= kind"/>'))
    assert d.state is not None
    d.run(SetVariables({"kind": "check-eu"}))
    owner = d.task("approve").id
    d.run(StartListenerJob(owner, "approve#assigning0", {"action": "assign"}))
    (scheduled,) = d.of(TaskScheduled)
    assert scheduled.queue == "check-eu" and d.task("approve#assigning0").job_type == "check-eu"


def test_a_feel_task_listener_job_type_that_fails_holds_the_job_until_resolved(
    drive: Callable[..., Driver],
) -> None:
    d = _run(drive, _user_task('<zeebe:taskListener eventType="assigning" type="= kind"/>'))
    d.run(StartListenerJob(d.task("approve").id, "approve#assigning0", {"action": "assign"}))
    (incident,) = d.of(IncidentRaised)
    assert incident.kind is IncidentKind.EXTRACT_VALUE_ERROR and "job type" in incident.message
    assert incident.job_key == d.task("approve#assigning0").id
    with pytest.raises(Conflict, match="still cannot be evaluated"):
        d.run(ResolveIncident(incident.key))
    d.run(SetVariables({"kind": "check-us"}))
    d.run(ResolveIncident(incident.key))
    (requeued,) = d.of(TaskRequeued)
    assert requeued.queue == "check-us"
    d.poll("approve#assigning0")
    d.complete("approve#assigning0")
    assert d.task("approve#assigning0").status is TaskStatus.COMPLETED


def test_a_canceling_listener_whose_job_type_fails_is_skipped(
    drive: Callable[..., Driver],
) -> None:
    listeners_xml = (
        '<zeebe:taskListener eventType="canceling" type="= kind"/>'
        '<zeebe:taskListener eventType="canceling" type="told"/>'
    )
    d = _run(drive, _user_task(listeners_xml))
    d.run(TerminateInstance("stop"))
    assert d.task("approve#canceling0").status is TaskStatus.FAILED
    assert d.task("approve#canceling1").status is TaskStatus.SCHEDULED
    assert d.state is not None and not d.state.incidents


def test_a_feel_execution_listener_job_type(drive: Callable[..., Driver]) -> None:
    body = (
        '<bpmn:startEvent id="s"/>'
        + job(
            "work",
            "work",
            '<zeebe:executionListeners><zeebe:executionListener eventType="start" '
            'type="= &quot;before-&quot; + string(n)"/></zeebe:executionListeners>',
        )
        + '<bpmn:endEvent id="e"/>'
        + flow("s", "work")
        + flow("work", "e")
    )
    d = _run(drive, body)
    assert d.task("work#start0").job_type == "before-1"

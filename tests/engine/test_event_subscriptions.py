"""Message and signal events run by the engine: subscriptions open and close with their
activities, a TriggerEvent moves the token on, throws broadcast, event starts."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from test_bpmn_run import END, NS, START, flow, user_task

from baton.engine import (
    ResolveIncident,
    RetryInstance,
    SetVariables,
    StartInstance,
    TerminateInstance,
    TriggerEvent,
)
from baton.engine.changes import (
    IncidentRaised,
    SignalThrown,
    SubscriptionOpened,
    SubscriptionsClosed,
    TaskCanceled,
)
from baton.model.errors import Conflict, InvalidInput
from baton.model.process import TriggerKind
from baton.model.status import InstanceStatus
from baton.notation.bpmn import compile_bpmn

from conftest import Driver

MESSAGES = (
    '<bpmn:message id="m_paid" name="paid"><bpmn:extensionElements>'
    '<zeebe:subscription correlationKey="= orderId" /></bpmn:extensionElements></bpmn:message>'
    '<bpmn:message id="m_cancel" name="cancel"><bpmn:extensionElements>'
    '<zeebe:subscription correlationKey="= orderId" /></bpmn:extensionElements></bpmn:message>'
    '<bpmn:message id="m_order" name="order" />'
    '<bpmn:signal id="s_stop" name="stop" />'
    '<bpmn:signal id="s_go" name="go" />'
)


def bpmn(body: str) -> bytes:
    return (
        f'<bpmn:definitions {NS} id="d">{MESSAGES}<bpmn:process id="p" isExecutable="true">'
        f"{body}</bpmn:process></bpmn:definitions>"
    ).encode()


def message(ref: str) -> str:
    return f'<bpmn:messageEventDefinition messageRef="{ref}" />'


def signal(ref: str) -> str:
    return f'<bpmn:signalEventDefinition signalRef="{ref}" />'


def run(drive: Callable[..., Driver], body: str) -> Driver:
    (definition,) = compile_bpmn(bpmn(body), "test.bpmn").processes
    return drive(definition)


CATCH = (
    START
    + f'<bpmn:intermediateCatchEvent id="wait">{message("m_paid")}</bpmn:intermediateCatchEvent>'
    + user_task("ship")
    + END
    + flow("start", "wait")
    + flow("wait", "ship")
    + flow("ship", "end")
)


def test_catch_event_subscribes_with_its_key_and_moves_on_with_the_variables(
    drive: Callable[..., Driver],
) -> None:
    d = run(drive, CATCH)
    d.start({"orderId": 42})
    (opened,) = d.of(SubscriptionOpened)
    assert opened == SubscriptionOpened(
        d.task("wait").id, "wait", TriggerKind.MESSAGE, "paid", "42"
    )
    d.run(TriggerEvent(d.task("wait").id, "wait", {"amount": 10}))
    assert d.open_refs() == ["ship"]
    assert d.of(SubscriptionsClosed) == [SubscriptionsClosed(d.task("wait").id)]
    assert d.state is not None and d.state.variables["amount"] == 10


def test_receive_task_waits_like_a_catch_event(drive: Callable[..., Driver]) -> None:
    d = run(
        drive,
        START
        + '<bpmn:receiveTask id="wait" messageRef="m_paid" />'
        + END
        + flow("start", "wait")
        + flow("wait", "end"),
    )
    d.start({"orderId": "A-1"})
    assert d.of(SubscriptionOpened)[0].correlation_key == "A-1"
    d.run(TriggerEvent(d.task("wait").id, "wait", {}))
    assert d.status is InstanceStatus.COMPLETED


def test_correlation_key_that_is_not_text_or_number_raises_an_incident(
    drive: Callable[..., Driver],
) -> None:
    d = run(drive, CATCH)
    d.start({"orderId": True})
    assert not d.of(SubscriptionOpened)
    (incident,) = d.of(IncidentRaised)
    assert "must be text or a number" in incident.message


def _boundary(interrupting: bool) -> str:
    cancel = "" if interrupting else ' cancelActivity="false"'
    return (
        START
        + user_task("review")
        + f'<bpmn:boundaryEvent id="b" attachedToRef="review"{cancel}>{message("m_cancel")}'
        "</bpmn:boundaryEvent>"
        + user_task("cleanup")
        + END
        + '<bpmn:endEvent id="end2" />'
        + flow("start", "review")
        + flow("review", "end")
        + flow("b", "cleanup")
        + flow("cleanup", "end2")
    )


def test_interrupting_message_boundary_cancels_its_host(drive: Callable[..., Driver]) -> None:
    d = run(drive, _boundary(True))
    d.start({"orderId": "o1"})
    (opened,) = d.of(SubscriptionOpened)
    assert (opened.task_id, opened.node_id) == (d.task("review").id, "b")
    d.run(TriggerEvent(d.task("review").id, "b", {"why": "late"}))
    assert d.open_refs() == ["cleanup"]
    assert d.of(TaskCanceled)[0].task_id == d.task("review").id
    assert d.of(SubscriptionsClosed) == [SubscriptionsClosed(d.task("review").id)]
    assert d.state is not None and d.state.variables["why"] == "late"


def test_non_interrupting_boundary_keeps_its_host_and_subscribes_again(
    drive: Callable[..., Driver],
) -> None:
    d = run(drive, _boundary(False))
    d.start({"orderId": "o1"})
    d.run(TriggerEvent(d.task("review").id, "b", {}))
    assert sorted(d.open_refs()) == ["cleanup", "review"]
    assert [c.node_id for c in d.of(SubscriptionOpened)] == ["b"]
    assert not d.of(SubscriptionsClosed)
    d.complete("review")
    assert d.of(SubscriptionsClosed) == [SubscriptionsClosed(d.task("review").id)]


def test_trigger_for_an_event_the_task_does_not_wait_for_is_refused(
    drive: Callable[..., Driver],
) -> None:
    d = run(drive, _boundary(True))
    d.start({"orderId": "o1"})
    with pytest.raises(Conflict):
        d.run(TriggerEvent(d.task("review").id, "review", {}))


MESSAGE_START = (
    f'<bpmn:startEvent id="byOrder">{message("m_order")}</bpmn:startEvent>'
    + user_task("handle")
    + END
    + flow("byOrder", "handle")
    + flow("handle", "end")
)


def test_message_start_event_starts_the_instance(drive: Callable[..., Driver]) -> None:
    d = run(drive, MESSAGE_START)
    assert [n.id for n in d.definition.index.event_starts] == ["byOrder"]
    d.run(StartInstance({"x": 1}, start_node="byOrder"))
    assert d.open_refs() == ["handle"]


def test_plain_start_of_a_process_without_a_none_start_is_refused(
    drive: Callable[..., Driver],
) -> None:
    d = run(drive, MESSAGE_START)
    with pytest.raises(InvalidInput, match="no none start event"):
        d.start({})
    with pytest.raises(InvalidInput, match="not a message, signal or timer start"):
        d.run(StartInstance({}, start_node="handle"))


def test_signal_catch_throw_and_end(drive: Callable[..., Driver]) -> None:
    d = run(
        drive,
        START
        + f'<bpmn:intermediateCatchEvent id="wait">{signal("s_go")}</bpmn:intermediateCatchEvent>'
        + f'<bpmn:intermediateThrowEvent id="tell">{signal("s_stop")}'
        '<bpmn:extensionElements><zeebe:ioMapping><zeebe:input source="= n + 1" target="m" />'
        "</zeebe:ioMapping></bpmn:extensionElements></bpmn:intermediateThrowEvent>"
        + f'<bpmn:endEvent id="end">{signal("s_go")}</bpmn:endEvent>'
        + flow("start", "wait")
        + flow("wait", "tell")
        + flow("tell", "end"),
    )
    d.start({})
    (opened,) = d.of(SubscriptionOpened)
    assert (opened.kind, opened.name, opened.correlation_key) == (TriggerKind.SIGNAL, "go", None)
    d.run(TriggerEvent(d.task("wait").id, "wait", {"n": 1}))
    assert d.of(SignalThrown) == [SignalThrown("stop", {"m": 2}), SignalThrown("go", {})]
    assert d.status is InstanceStatus.COMPLETED


def test_signal_boundary_and_signal_start(drive: Callable[..., Driver]) -> None:
    d = run(
        drive,
        f'<bpmn:startEvent id="onGo">{signal("s_go")}</bpmn:startEvent>'
        + user_task("work")
        + f'<bpmn:boundaryEvent id="b" attachedToRef="work">{signal("s_stop")}</bpmn:boundaryEvent>'
        + END
        + '<bpmn:endEvent id="stopped" />'
        + flow("onGo", "work")
        + flow("work", "end")
        + flow("b", "stopped"),
    )
    d.run(StartInstance({}, start_node="onGo"))
    assert d.of(SubscriptionOpened)[0].name == "stop"
    d.run(TriggerEvent(d.task("work").id, "b", {}))
    assert d.status is InstanceStatus.COMPLETED
    assert d.statuses()["work"] == "CANCELED"


def test_message_end_and_throw_are_jobs(drive: Callable[..., Driver]) -> None:
    d = run(
        drive,
        START + f'<bpmn:intermediateThrowEvent id="send">{message("m_paid")}'
        '<bpmn:extensionElements><zeebe:taskDefinition type="notify" /></bpmn:extensionElements>'
        "</bpmn:intermediateThrowEvent>" + f'<bpmn:endEvent id="end">{message("m_paid")}'
        '<bpmn:extensionElements><zeebe:taskDefinition type="reply" /></bpmn:extensionElements>'
        "</bpmn:endEvent>" + flow("start", "send") + flow("send", "end"),
    )
    d.start({})
    assert d.open_refs() == ["send"]
    d.complete("send")
    assert d.open_refs() == ["end"]
    d.complete("end", {"ok": True})
    assert d.status is InstanceStatus.COMPLETED


GATEWAY = (
    START
    + '<bpmn:eventBasedGateway id="gw" />'
    + f'<bpmn:intermediateCatchEvent id="paid">{message("m_paid")}'
    "<bpmn:extensionElements><zeebe:ioMapping>"
    '<zeebe:output source="= amount" target="paidAmount" /></zeebe:ioMapping>'
    "</bpmn:extensionElements></bpmn:intermediateCatchEvent>"
    + '<bpmn:intermediateCatchEvent id="late"><bpmn:timerEventDefinition>'
    "<bpmn:timeDuration>PT1H</bpmn:timeDuration></bpmn:timerEventDefinition>"
    "</bpmn:intermediateCatchEvent>"
    + user_task("ship")
    + user_task("remind")
    + flow("start", "gw")
    + flow("gw", "paid")
    + flow("gw", "late")
    + flow("paid", "ship")
    + flow("late", "remind")
)


def test_event_gateway_takes_the_message_when_it_comes_first(
    drive: Callable[..., Driver],
) -> None:
    d = run(drive, GATEWAY)
    d.start({"orderId": 1})
    assert d.open_refs() == ["gw"]
    assert [c.node_id for c in d.of(SubscriptionOpened)] == ["paid"]
    assert len(d.timers()) == 1
    d.run(TriggerEvent(d.task("gw").id, "paid", {"amount": 3}))
    assert d.open_refs() == ["ship"]
    assert d.timers() == []
    assert d.state is not None and d.state.variables["paidAmount"] == 3
    assert "amount" not in d.state.variables


def test_event_gateway_takes_the_timer_when_it_fires_first(drive: Callable[..., Driver]) -> None:
    d = run(drive, GATEWAY)
    d.start({"orderId": 1})
    d.advance(3600)
    assert d.open_refs() == ["remind"]
    assert d.of(SubscriptionsClosed) == [SubscriptionsClosed(d.task("gw").id)]


def test_event_gateway_refuses_what_is_not_a_catch_event() -> None:
    with pytest.raises(InvalidInput, match="may lead only to intermediate"):
        compile_bpmn(
            bpmn(
                START
                + '<bpmn:eventBasedGateway id="gw" />'
                + user_task("a")
                + user_task("b")
                + flow("start", "gw")
                + flow("gw", "a")
                + flow("gw", "b")
            ),
            "t.bpmn",
        )


def test_retried_instance_subscribes_again(drive: Callable[..., Driver]) -> None:
    d = run(drive, CATCH)
    d.start({"orderId": 5})
    d.run(TerminateInstance("stop"))
    assert d.of(SubscriptionsClosed) == [SubscriptionsClosed(d.task("wait").id)]
    d.run(RetryInstance())
    opened = d.of(SubscriptionOpened)
    assert [(o.node_id, o.correlation_key) for o in opened] == [("wait", "5")]
    d.run(TriggerEvent(d.task("wait").id, "wait", {}))
    assert d.open_refs() == ["ship"]


def test_resolving_a_correlation_key_incident_subscribes(drive: Callable[..., Driver]) -> None:
    d = run(drive, CATCH)
    d.start({})
    (incident,) = d.of(IncidentRaised)
    d.run(SetVariables({"orderId": "late"}))
    d.run(ResolveIncident(incident.key))
    assert [o.correlation_key for o in d.of(SubscriptionOpened)] == ["late"]
    d.run(TriggerEvent(d.task("wait").id, "wait", {}))
    assert d.open_refs() == ["ship"]


def test_message_boundary_on_a_sub_process_cancels_what_is_inside(
    drive: Callable[..., Driver],
) -> None:
    d = run(
        drive,
        START
        + '<bpmn:subProcess id="sub"><bpmn:startEvent id="s2" />'
        + user_task("inner")
        + '<bpmn:endEvent id="e2" />'
        + flow("s2", "inner")
        + flow("inner", "e2")
        + "</bpmn:subProcess>"
        + f'<bpmn:boundaryEvent id="b" attachedToRef="sub">{message("m_cancel")}'
        "</bpmn:boundaryEvent>"
        + END
        + '<bpmn:endEvent id="cancelled" />'
        + flow("start", "sub")
        + flow("sub", "end")
        + flow("b", "cancelled"),
    )
    d.start({"orderId": "o"})
    (opened,) = d.of(SubscriptionOpened)
    assert opened.task_id == d.task("sub").id
    d.run(TriggerEvent(d.task("sub").id, "b", {}))
    assert d.status is InstanceStatus.COMPLETED
    assert d.statuses()["inner"] == "CANCELED"


def test_non_interrupting_signal_boundary_fires_each_time(drive: Callable[..., Driver]) -> None:
    d = run(
        drive,
        START
        + user_task("work")
        + f'<bpmn:boundaryEvent id="b" attachedToRef="work" cancelActivity="false">'
        f"{signal('s_go')}</bpmn:boundaryEvent>"
        + END
        + '<bpmn:endEvent id="noted" />'
        + flow("start", "work")
        + flow("work", "end")
        + flow("b", "noted"),
    )
    d.start({})
    for _ in range(2):
        d.run(TriggerEvent(d.task("work").id, "b", {}))
        (again,) = d.of(SubscriptionOpened)
        assert (again.node_id, again.kind) == ("b", TriggerKind.SIGNAL)
        assert d.open_refs() == ["work"]
    d.complete("work")
    assert d.status is InstanceStatus.COMPLETED

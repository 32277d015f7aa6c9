"""Event sub-processes started by a message or a signal: the enclosing scope instance (the
process instance at root level) holds their subscriptions while it is active."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from test_bpmn_run import END, START, flow, user_task
from test_event_subscriptions import message, run, signal

from baton.engine import (
    CompleteTask,
    ResolveIncident,
    RetryInstance,
    SetVariables,
    TerminateInstance,
    TriggerEvent,
)
from baton.engine.changes import IncidentRaised, SubscriptionOpened, SubscriptionsClosed
from baton.model.errors import Conflict
from baton.model.process import TriggerKind
from baton.model.status import InstanceStatus, TaskStatus

from conftest import Driver


def esp(definition: str, interrupting: bool = True, eid: str = "esp") -> str:
    flag = "true" if interrupting else "false"
    return (
        f'<bpmn:subProcess id="{eid}" triggeredByEvent="true">'
        f'<bpmn:startEvent id="{eid}_start" isInterrupting="{flag}">{definition}'
        "</bpmn:startEvent>"
        + user_task(f"{eid}_task")
        + f'<bpmn:endEvent id="{eid}_end" />'
        + flow(f"{eid}_start", f"{eid}_task")
        + flow(f"{eid}_task", f"{eid}_end")
        + "</bpmn:subProcess>"
    )


def root(*esps: str) -> str:
    return (
        START
        + user_task("work")
        + END
        + "".join(esps)
        + flow("start", "work")
        + flow("work", "end")
    )


def inner(*esps: str, boundary: str = "") -> str:
    """start -> sub(s_start -> work -> s_end, event sub-processes) -> after -> end (and
    `boundary` elements beside the sub-process)."""
    body = (
        '<bpmn:startEvent id="s_start" />'
        + user_task("work")
        + '<bpmn:endEvent id="s_end" />'
        + flow("s_start", "work")
        + flow("work", "s_end")
        + "".join(esps)
    )
    return (
        START
        + f'<bpmn:subProcess id="sub">{body}</bpmn:subProcess>'
        + boundary
        + user_task("after")
        + END
        + flow("start", "sub")
        + flow("sub", "after")
        + flow("after", "end")
    )


def test_root_message_event_sub_process_subscribes_the_instance_with_its_key(
    drive: Callable[..., Driver],
) -> None:
    d = run(drive, root(esp(message("m_cancel"))))
    d.start({"orderId": 7})
    assert d.state is not None
    holder = d.state.instance_id
    assert d.of(SubscriptionOpened) == [
        SubscriptionOpened(holder, "esp", TriggerKind.MESSAGE, "cancel", "7")
    ]
    d.run(TriggerEvent(holder, "esp", {"why": "late"}))
    assert d.task("work").status is TaskStatus.CANCELED
    assert sorted(d.open_refs()) == ["esp", "esp_task"]
    assert d.state.variables["why"] == "late"
    assert SubscriptionsClosed(holder) in d.changes
    assert not d.of(SubscriptionOpened)
    d.complete("esp_task")
    assert d.status is InstanceStatus.COMPLETED


def test_non_interrupting_signal_event_sub_process_stays_subscribed(
    drive: Callable[..., Driver],
) -> None:
    d = run(drive, root(esp(signal("s_stop"), interrupting=False)))
    d.start()
    assert d.state is not None
    holder = d.state.instance_id
    for _ in range(2):
        d.run(TriggerEvent(holder, "esp", {}))
        assert d.of(SubscriptionOpened) == [
            SubscriptionOpened(holder, "esp", TriggerKind.SIGNAL, "stop", None)
        ]
    assert [a.ref for a in d.attempts("esp")] == ["esp", "esp"]
    assert d.task("work").is_open
    d.complete("work")
    assert d.status is InstanceStatus.RUNNING
    for task in [a for a in d.state.activities.values() if a.ref == "esp_task"]:
        d.run(CompleteTask(task.id, {}))
    assert d.status is InstanceStatus.COMPLETED


def test_the_instance_closes_its_subscriptions_when_it_ends(
    drive: Callable[..., Driver],
) -> None:
    d = run(drive, root(esp(signal("s_stop"), interrupting=False)))
    d.start()
    assert d.state is not None
    d.complete("work")
    assert d.status is InstanceStatus.COMPLETED
    assert SubscriptionsClosed(d.state.instance_id) in d.changes


def test_terminating_closes_the_instance_subscriptions(drive: Callable[..., Driver]) -> None:
    d = run(drive, root(esp(message("m_cancel"))))
    d.start({"orderId": 1})
    assert d.state is not None
    d.run(TerminateInstance("stop"))
    assert SubscriptionsClosed(d.state.instance_id) in d.changes


def test_an_interrupting_one_closes_the_other_event_sub_processes(
    drive: Callable[..., Driver],
) -> None:
    d = run(
        drive,
        root(esp(message("m_cancel")), esp(signal("s_stop"), interrupting=False, eid="note")),
    )
    d.start({"orderId": 1})
    assert d.state is not None
    holder = d.state.instance_id
    assert len(d.of(SubscriptionOpened)) == 2
    d.run(TriggerEvent(holder, "esp", {}))
    assert SubscriptionsClosed(holder) in d.changes
    with pytest.raises(Conflict):
        d.run(TriggerEvent(d.task("esp").id, "note", {}))


def test_sub_process_holds_the_subscription_while_it_runs(drive: Callable[..., Driver]) -> None:
    d = run(drive, inner(esp(message("m_cancel"))))
    d.start({"orderId": "A"})
    sub = d.task("sub")
    assert d.of(SubscriptionOpened) == [
        SubscriptionOpened(sub.id, "esp", TriggerKind.MESSAGE, "cancel", "A")
    ]
    d.run(TriggerEvent(sub.id, "esp", {"x": 1}))
    assert d.task("work").status is TaskStatus.CANCELED
    assert sorted(d.open_refs()) == ["esp", "esp_task", "sub"]
    d.complete("esp_task")
    assert d.open_refs() == ["after"]
    assert d.state is not None and d.state.variables["x"] == 1


def test_the_sub_process_ending_closes_its_subscriptions(drive: Callable[..., Driver]) -> None:
    d = run(drive, inner(esp(signal("s_stop"), interrupting=False)))
    d.start()
    sub = d.task("sub")
    d.run(TriggerEvent(sub.id, "esp", {}))
    assert sorted(d.open_refs()) == ["esp", "esp_task", "sub", "work"]
    d.complete("work")
    d.complete("esp_task")
    assert d.open_refs() == ["after"]
    assert SubscriptionsClosed(sub.id) in d.changes
    with pytest.raises(Conflict):
        d.run(TriggerEvent(sub.id, "esp", {}))


def test_a_trigger_for_another_scope_is_refused(drive: Callable[..., Driver]) -> None:
    d = run(drive, inner(esp(signal("s_stop"))))
    d.start()
    assert d.state is not None
    with pytest.raises(Conflict, match="does not wait"):
        d.run(TriggerEvent(d.state.instance_id, "esp", {}))


def test_retrying_subscribes_the_instance_and_its_scopes_again(
    drive: Callable[..., Driver],
) -> None:
    d = run(drive, root(esp(signal("s_stop"), interrupting=False)))
    d.start()
    assert d.state is not None
    d.run(TerminateInstance("stop"))
    d.run(RetryInstance())
    assert [o.task_id for o in d.of(SubscriptionOpened)] == [d.state.instance_id]
    d = run(drive, inner(esp(signal("s_stop"))))
    d.start()
    d.run(TerminateInstance("stop"))
    d.run(RetryInstance())
    assert [o.task_id for o in d.of(SubscriptionOpened)] == [d.task("sub").id]


def test_a_bad_key_in_a_sub_process_raises_an_incident_resolving_subscribes(
    drive: Callable[..., Driver],
) -> None:
    d = run(drive, inner(esp(message("m_cancel"))))
    d.start({})
    (incident,) = d.of(IncidentRaised)
    assert "esp" in incident.message
    d.run(SetVariables({"orderId": "late"}))
    d.run(ResolveIncident(incident.key))
    assert [o.correlation_key for o in d.of(SubscriptionOpened)] == ["late"]
    d.run(TriggerEvent(d.task("sub").id, "esp", {}))
    assert sorted(d.open_refs()) == ["esp", "esp_task", "sub"]


def test_a_bad_key_at_process_level_fails_the_start(drive: Callable[..., Driver]) -> None:
    d = run(drive, root(esp(message("m_cancel"))))
    d.start({})
    assert d.status is InstanceStatus.FAILED
    assert d.state is not None and "esp: the correlation key" in (d.state.reason or "")
    assert d.open_refs() == []


def test_a_non_interrupting_one_whose_key_fails_again_still_runs(
    drive: Callable[..., Driver],
) -> None:
    d = run(drive, inner(esp(message("m_cancel"), interrupting=False)))
    d.start({"orderId": 1})
    d.run(SetVariables({"orderId": None}))
    d.run(TriggerEvent(d.task("sub").id, "esp", {}))
    assert len(d.of(IncidentRaised)) == 1
    assert sorted(d.open_refs()) == ["esp", "esp_task", "sub", "work"]


def test_the_sub_process_boundary_stays_subscribed_after_an_interrupting_one(
    drive: Callable[..., Driver],
) -> None:
    boundary = (
        f'<bpmn:boundaryEvent id="stop" attachedToRef="sub">{signal("s_go")}</bpmn:boundaryEvent>'
        + '<bpmn:endEvent id="stopped" />'
        + flow("stop", "stopped")
    )
    d = run(drive, inner(esp(signal("s_stop")), boundary=boundary))
    d.start()
    sub = d.task("sub")
    assert sorted(o.node_id for o in d.of(SubscriptionOpened)) == ["esp", "stop"]
    d.run(TriggerEvent(sub.id, "esp", {}))
    assert SubscriptionsClosed(sub.id) in d.changes
    assert [o.node_id for o in d.of(SubscriptionOpened)] == ["stop"]
    d.run(TriggerEvent(sub.id, "stop", {}))
    assert d.status is InstanceStatus.COMPLETED


def test_a_non_interrupting_message_one_subscribes_again_with_the_key_it_had(
    drive: Callable[..., Driver],
) -> None:
    d = run(drive, root(esp(message("m_cancel"), interrupting=False)))
    d.start({"orderId": 1})
    assert d.state is not None
    holder = d.state.instance_id
    d.run(SetVariables({"orderId": 2}))
    # as Zeebe: the key evaluated when the scope started stays, whatever the variables say
    d.run(TriggerEvent(holder, "esp", {"orderId": "3"}, correlation_key="1"))
    assert d.of(SubscriptionOpened) == [
        SubscriptionOpened(holder, "esp", TriggerKind.MESSAGE, "cancel", "1")
    ]
    assert d.state.variables["orderId"] == "3"
    # a caller that does not say the key has it evaluated anew
    d.run(TriggerEvent(holder, "esp", {}))
    assert [o.correlation_key for o in d.of(SubscriptionOpened)] == ["3"]
    assert [a.ref for a in d.attempts("esp")] == ["esp", "esp"]


def test_a_non_interrupting_message_one_in_a_sub_process_keeps_its_key(
    drive: Callable[..., Driver],
) -> None:
    d = run(drive, inner(esp(message("m_cancel"), interrupting=False)))
    d.start({"orderId": 1})
    sub = d.task("sub").id
    d.run(TriggerEvent(sub, "esp", {"orderId": 5}, correlation_key="1"))
    assert [o.correlation_key for o in d.of(SubscriptionOpened)] == ["1"]
    assert [o.task_id for o in d.of(SubscriptionOpened)] == [sub]

"""/v2: event sub-processes started by a message (publication, correlation) or a signal
(broadcast), at process level and inside a sub-process, interrupting or not."""

from __future__ import annotations

from typing import Any

from events_helpers import complete, deploy, flow, instance, open_tasks, process, start
from events_helpers import user_task as task

from support import Api

EXTRA = (
    '<bpmn:message id="m_cancel" name="cancel"><bpmn:extensionElements>'
    '<zeebe:subscription correlationKey="=orderId"/></bpmn:extensionElements></bpmn:message>'
    '<bpmn:signal id="s_nudge" name="nudge"/>'
)
MESSAGE = '<bpmn:messageEventDefinition messageRef="m_cancel"/>'
SIGNAL = '<bpmn:signalEventDefinition signalRef="s_nudge"/>'


def _esp(eid: str, definition: str, interrupting: str) -> str:
    return (
        f'<bpmn:subProcess id="{eid}" triggeredByEvent="true">'
        f'<bpmn:startEvent id="{eid}_start" isInterrupting="{interrupting}">{definition}'
        "</bpmn:startEvent>"
        + task(f"{eid}_task")
        + f'<bpmn:endEvent id="{eid}_end"/>'
        + flow(f"{eid}_start", f"{eid}_task")
        + flow(f"{eid}_task", f"{eid}_end")
        + "</bpmn:subProcess>"
    )


ROOT = (
    '<bpmn:startEvent id="start"/>'
    + task("work")
    + '<bpmn:endEvent id="end"/>'
    + flow("start", "work")
    + flow("work", "end")
    + _esp("cancelled", MESSAGE, "true")
    + _esp("nudged", SIGNAL, "false")
)
INNER = (
    '<bpmn:startEvent id="start"/>'
    '<bpmn:subProcess id="sub"><bpmn:startEvent id="s_start"/>'
    + task("work")
    + '<bpmn:endEvent id="s_end"/>'
    + flow("s_start", "work")
    + flow("work", "s_end")
    + _esp("cancelled", MESSAGE, "true")
    + "</bpmn:subProcess>"
    + task("after")
    + '<bpmn:endEvent id="end"/>'
    + flow("start", "sub")
    + flow("sub", "after")
    + flow("after", "end")
)


def _post(api: Api, path: str, **body: Any) -> dict[str, Any]:
    answer = api.client.post(path, json=body, headers=api.admin)
    assert answer.status_code == 200, answer.text
    return dict(answer.json())


def _tasks(api: Api, key: str) -> list[str]:
    return sorted(t["elementId"] for t in open_tasks(api, key))


def _variables(api: Api, key: str) -> dict[str, Any]:
    found = _post(api, "/v2/variables/search", filter={"processInstanceKey": key})
    return {v["name"]: v["value"] for v in found["items"]}


def test_signal_runs_a_non_interrupting_event_sub_process_each_time(api: Api) -> None:
    deploy(api, "esp.bpmn", process("esp", ROOT, EXTRA))
    key = start(api, "esp", {"orderId": "A"})
    _post(api, "/v2/signals/broadcast", signalName="nudge")
    _post(api, "/v2/signals/broadcast", signalName="nudge")
    assert _tasks(api, key) == ["nudged_task", "nudged_task", "work"]
    complete(api, key, "work")
    assert instance(api, key)["state"] == "ACTIVE"
    for found in open_tasks(api, key):
        done = api.client.post(
            f"/v2/user-tasks/{found['userTaskKey']}/completion", json={}, headers=api.admin
        )
        assert done.status_code == 204, done.text
    assert instance(api, key)["state"] == "COMPLETED"
    _post(api, "/v2/signals/broadcast", signalName="nudge")  # nobody listens any more
    assert _tasks(api, key) == []


def test_published_message_interrupts_the_process_once(api: Api) -> None:
    deploy(api, "esp.bpmn", process("esp", ROOT, EXTRA))
    key = start(api, "esp", {"orderId": "A"})
    other = start(api, "esp", {"orderId": "B"})
    _post(
        api,
        "/v2/messages/publication",
        name="cancel",
        correlationKey="A",
        variables={"why": "late"},
    )
    assert _tasks(api, key) == ["cancelled_task"]
    assert _tasks(api, other) == ["work"]
    assert _variables(api, key)["why"] == '"late"'
    # the interrupted scope no longer listens: neither the message again nor the signal
    _post(api, "/v2/messages/publication", name="cancel", correlationKey="A", timeToLive=0)
    _post(api, "/v2/signals/broadcast", signalName="nudge")
    assert _tasks(api, key) == ["cancelled_task"]
    assert _tasks(api, other) == ["nudged_task", "work"]
    complete(api, key, "cancelled_task")
    assert instance(api, key)["state"] == "COMPLETED"


def test_correlated_message_interrupts_a_sub_process(api: Api) -> None:
    deploy(api, "esp.bpmn", process("esp", INNER, EXTRA))
    key = start(api, "esp", {"orderId": 5})
    answer = _post(api, "/v2/messages/correlation", name="cancel", correlationKey="5")
    assert answer["processInstanceKey"] == key
    assert _tasks(api, key) == ["cancelled_task"]
    complete(api, key, "cancelled_task")
    assert _tasks(api, key) == ["after"]
    missing = api.client.post(
        "/v2/messages/correlation",
        json={"name": "cancel", "correlationKey": "5"},
        headers=api.admin,
    )
    assert missing.status_code == 404, missing.text


def test_a_buffered_message_reaches_the_event_sub_process_of_a_new_instance(api: Api) -> None:
    deploy(api, "esp.bpmn", process("esp", ROOT, EXTRA))
    _post(api, "/v2/messages/publication", name="cancel", correlationKey="C", timeToLive=60000)
    key = start(api, "esp", {"orderId": "C"})
    assert _tasks(api, key) == ["cancelled_task"]
    again = start(api, "esp", {"orderId": "C"})  # the message was correlated once
    assert _tasks(api, again) == ["work"]


def test_a_non_interrupting_message_event_sub_process_keeps_its_key(api: Api) -> None:
    body = (
        '<bpmn:startEvent id="start"/>'
        + task("work")
        + '<bpmn:endEvent id="end"/>'
        + flow("start", "work")
        + flow("work", "end")
        + _esp("noted", MESSAGE, "false")
    )
    deploy(api, "esp.bpmn", process("esp", body, EXTRA))
    key = start(api, "esp", {"orderId": "A1"})
    # as Zeebe: the subscription keeps the key it was opened with, even when the message
    # changes the variable it came from
    first = _post(
        api,
        "/v2/messages/correlation",
        name="cancel",
        correlationKey="A1",
        variables={"orderId": "A2"},
    )
    assert first["processInstanceKey"] == key
    assert _tasks(api, key) == ["noted_task", "work"]
    other = api.client.post(
        "/v2/messages/correlation",
        json={"name": "cancel", "correlationKey": "A2"},
        headers=api.admin,
    )
    assert other.status_code == 404, other.text
    second = _post(api, "/v2/messages/correlation", name="cancel", correlationKey="A1")
    assert second["processInstanceKey"] == key
    assert _tasks(api, key) == ["noted_task", "noted_task", "work"]

"""/v2: event sub-processes started by a timer and by an error."""

from __future__ import annotations

from events_helpers import advance, complete, deploy, flow, instance, open_tasks, process, start
from events_helpers import user_task as task

from baton.clock import FakeClock
from baton.services.context import ServiceContext

from support import Api


def _esp(definition: str, interrupting: str) -> str:
    return (
        '<bpmn:subProcess id="esp" triggeredByEvent="true">'
        f'<bpmn:startEvent id="esp_start" isInterrupting="{interrupting}">{definition}'
        "</bpmn:startEvent>"
        + task("remind")
        + '<bpmn:endEvent id="esp_end"/>'
        + flow("esp_start", "remind")
        + flow("remind", "esp_end")
        + "</bpmn:subProcess>"
    )


def _body(esp: str) -> str:
    return (
        '<bpmn:startEvent id="start"/>'
        + task("work")
        + '<bpmn:endEvent id="end"/>'
        + flow("start", "work")
        + flow("work", "end")
        + esp
    )


TIMER = (
    "<bpmn:timerEventDefinition><bpmn:timeDuration>PT1H</bpmn:timeDuration>"
    "</bpmn:timerEventDefinition>"
)


def test_non_interrupting_timer_event_sub_process(
    api: Api, ctx: ServiceContext, clock: FakeClock
) -> None:
    deploy(api, "esp.bpmn", process("esp", _body(_esp(TIMER, "false"))))
    key = start(api, "esp")
    advance(api, ctx, clock, 3600)
    assert sorted(t["elementId"] for t in open_tasks(api, key)) == ["remind", "work"]
    complete(api, key, "work")
    assert instance(api, key)["state"] == "ACTIVE"
    complete(api, key, "remind")
    assert instance(api, key)["state"] == "COMPLETED"


def test_interrupting_timer_event_sub_process(
    api: Api, ctx: ServiceContext, clock: FakeClock
) -> None:
    deploy(api, "esp.bpmn", process("esp", _body(_esp(TIMER, "true"))))
    key = start(api, "esp")
    advance(api, ctx, clock, 3600)
    assert [t["elementId"] for t in open_tasks(api, key)] == ["remind"]
    complete(api, key, "remind")
    assert instance(api, key)["state"] == "COMPLETED"


def test_error_event_sub_process_catches_an_error_end_event(api: Api) -> None:
    errors = '<bpmn:error id="broken" errorCode="BROKEN"/>'
    body = (
        '<bpmn:startEvent id="start"/>'
        '<bpmn:endEvent id="boom"><bpmn:errorEventDefinition errorRef="broken"/></bpmn:endEvent>'
        + flow("start", "boom")
        + _esp('<bpmn:errorEventDefinition errorRef="broken"/>', "true")
    )
    deploy(api, "esp.bpmn", process("esp", body, errors))
    key = start(api, "esp")
    assert [t["elementId"] for t in open_tasks(api, key)] == ["remind"]
    complete(api, key, "remind")
    assert instance(api, key)["state"] == "COMPLETED"

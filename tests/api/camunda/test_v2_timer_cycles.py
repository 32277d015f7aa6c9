"""/v2: a non-interrupting boundary timer with a timeCycle reminds while the task is open."""

from __future__ import annotations

from events_helpers import advance, complete, deploy, flow, instance, process, start, user_task

from baton.clock import FakeClock
from baton.services.context import ServiceContext

from support import Api

BODY = (
    '<bpmn:startEvent id="start"/>'
    + user_task("review")
    + '<bpmn:boundaryEvent id="remind" attachedToRef="review" cancelActivity="false">'
    "<bpmn:timerEventDefinition><bpmn:timeCycle>R2/PT1H</bpmn:timeCycle>"
    "</bpmn:timerEventDefinition></bpmn:boundaryEvent>"
    '<bpmn:serviceTask id="nudge"><bpmn:extensionElements>'
    '<zeebe:taskDefinition type="nudge"/></bpmn:extensionElements></bpmn:serviceTask>'
    '<bpmn:endEvent id="nudged"/><bpmn:endEvent id="end"/>'
    + flow("start", "review")
    + flow("review", "end")
    + flow("remind", "nudge")
    + flow("nudge", "nudged")
)


def _nudges(api: Api, key: str) -> int:
    found = api.client.post(
        "/v2/jobs/search", json={"filter": {"processInstanceKey": key}}, headers=api.admin
    )
    assert found.status_code == 200, found.text
    return sum(1 for job in found.json()["items"] if job["type"] == "nudge")


def test_cycle_boundary_fires_its_repetitions(
    api: Api, ctx: ServiceContext, clock: FakeClock
) -> None:
    deploy(api, "remind.bpmn", process("remind", BODY))
    key = start(api, "remind")
    for expected in (0, 1, 2, 2):
        assert _nudges(api, key) == expected
        advance(api, ctx, clock, 3600)
    complete(api, key, "review")
    assert instance(api, key)["state"] == "ACTIVE"  # the two nudge jobs are still open

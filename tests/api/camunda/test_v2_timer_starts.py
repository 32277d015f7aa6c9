"""/v2: timer start events start instances while their definition is the latest version."""

from __future__ import annotations

from events_helpers import advance, deploy, flow, instances, process, user_task

from baton.clock import FakeClock
from baton.services.context import ServiceContext

from support import Api


def _timed(timer: str, task: str = "work") -> str:
    body = (
        f'<bpmn:startEvent id="tick"><bpmn:timerEventDefinition>{timer}'
        "</bpmn:timerEventDefinition></bpmn:startEvent>"
        + user_task(task)
        + '<bpmn:endEvent id="end"/>'
        + flow("tick", task)
        + flow(task, "end")
    )
    return process("timed", body)


def test_a_cycle_starts_an_instance_on_each_firing(
    api: Api, ctx: ServiceContext, clock: FakeClock
) -> None:
    deploy(api, "timed.bpmn", _timed("<bpmn:timeCycle>R2/PT1M</bpmn:timeCycle>"))
    assert instances(api, "timed") == []
    counts = []
    for _ in range(3):
        advance(api, ctx, clock, 60)
        counts.append(len(instances(api, "timed")))
    assert counts == [1, 2, 2]


def test_a_new_version_replaces_the_old_timers(
    api: Api, ctx: ServiceContext, clock: FakeClock
) -> None:
    deploy(api, "timed.bpmn", _timed("<bpmn:timeCycle>R/PT1H</bpmn:timeCycle>"))
    deploy(api, "timed.bpmn", _timed("<bpmn:timeDuration>PT2H</bpmn:timeDuration>", "other"))
    advance(api, ctx, clock, 3600)
    assert instances(api, "timed") == []
    advance(api, ctx, clock, 3600)
    (started,) = instances(api, "timed")
    assert started["processDefinitionVersion"] == 2
    advance(api, ctx, clock, 3 * 3600)
    assert len(instances(api, "timed")) == 1  # a duration fires once


def test_a_cron_and_a_date(api: Api, ctx: ServiceContext, clock: FakeClock) -> None:
    at = clock.now().replace(microsecond=0).isoformat()
    deploy(
        api, "dated.bpmn", _timed(f"<bpmn:timeDate>{at}</bpmn:timeDate>").replace("timed", "dated")
    )
    advance(api, ctx, clock, 1)
    assert len(instances(api, "dated")) == 1
    deploy(api, "timed.bpmn", _timed("<bpmn:timeCycle>0 0 * * * *</bpmn:timeCycle>"))
    advance(api, ctx, clock, 3600)
    advance(api, ctx, clock, 3600)
    assert len(instances(api, "timed")) == 2  # on the hour, each hour


def test_a_timer_only_process_is_not_started_by_hand(api: Api) -> None:
    deploy(api, "timed.bpmn", _timed("<bpmn:timeCycle>R/PT1H</bpmn:timeCycle>"))
    started = api.client.post(
        "/v2/process-instances", json={"processDefinitionId": "timed"}, headers=api.admin
    )
    assert started.status_code == 400, started.text
    assert "no none start event" in started.json()["detail"]

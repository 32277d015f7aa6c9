"""EVENT tasks through /api: the event goes to the server's event-handler service (here a
recording stand-in for it, and the real one), in the workflow's own command."""

from __future__ import annotations

from typing import Any

from baton.services.context import ServiceContext

from conductor_helpers import register, start, workflow
from support import Api


def flow(sink: str = "conductor:order_placed", **extra: Any) -> dict[str, Any]:
    return {
        "name": "notify",
        "version": 1,
        "tasks": [
            {
                "name": "tell",
                "taskReferenceName": "tell",
                "type": "EVENT",
                "sink": sink,
                "inputParameters": {"order": "${workflow.input.order}"},
                **extra,
            }
        ],
    }


class Recorder:
    def __init__(self) -> None:
        self.events: list[tuple[str, dict[str, Any], str | None]] = []

    def __call__(
        self, ctx: ServiceContext, conn: Any, event: str, payload: Any, *, publisher: str | None
    ) -> None:
        self.events.append((event, dict(payload), publisher))


def test_event_is_delivered_then_the_task_completes(api: Api, ctx: ServiceContext) -> None:
    recorder = Recorder()
    ctx.event_publisher = recorder
    register(api, flow())
    workflow_id = start(api, "notify", {"order": 7})
    found = workflow(api, workflow_id)
    assert found["status"] == "COMPLETED"
    ((event, payload, publisher),) = recorder.events
    assert (event, publisher) == ("conductor:order_placed", workflow_id)
    assert payload["order"] == 7 and payload["workflowInstanceId"] == workflow_id
    assert found["tasks"][0]["outputData"]["event_produced"] == "conductor:order_placed"


def test_bare_conductor_sink_names_the_event_after_workflow_and_task(
    api: Api, ctx: ServiceContext
) -> None:
    recorder = Recorder()
    ctx.event_publisher = recorder
    register(api, flow("conductor", asyncComplete=True))
    workflow_id = start(api, "notify", {"order": 1})
    assert recorder.events[0][0] == "conductor:notify:tell"
    found = workflow(api, workflow_id)
    assert found["tasks"][0]["status"] == "IN_PROGRESS"  # asyncComplete: a handler ends it


def test_an_event_task_starts_a_workflow_through_a_handler(api: Api) -> None:
    """The real event-handler service: a handler of the event starts a workflow; an event
    nobody handles is published all the same and the task completes."""
    target = {
        "name": "fulfil",
        "version": 1,
        "tasks": [{"name": "pack", "taskReferenceName": "pack", "type": "SIMPLE"}],
    }
    register(api, target, [{"name": "pack", "retryCount": 0}])
    register(api, flow())
    handler = {
        "name": "on_order",
        "event": "conductor:order_placed",
        "actions": [
            {
                "action": "start_workflow",
                "start_workflow": {"name": "fulfil", "input": {"order": "${order}"}},
            }
        ],
        "active": True,
    }
    assert api.client.post("/api/event", json=handler, headers=api.admin).status_code == 204
    notify_id = start(api, "notify", {"order": 9})
    assert workflow(api, notify_id)["status"] == "COMPLETED"
    found = api.client.get("/api/workflow/search?query=workflowType IN (fulfil)", headers=api.admin)
    assert found.status_code == 200, found.text
    (started,) = found.json()["results"]
    assert workflow(api, started["workflowId"])["input"] == {"order": 9}
    # nobody handles this one: published all the same, the task completes
    register(api, {**flow("conductor:nobody"), "name": "quiet"})
    assert workflow(api, start(api, "quiet", {"order": 1}))["status"] == "COMPLETED"


def test_external_sinks_are_refused(api: Api) -> None:
    response = api.client.post("/api/metadata/workflow", json=flow("sqs:queue"), headers=api.admin)
    assert response.status_code == 400
    assert "tasks[0].sink" in response.text

"""EVENT tasks through /api: the event goes to the server's event-handler service (here a
recording stand-in for it), in the workflow's own command."""

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


def test_an_event_task_runs_the_handlers_of_its_event(api: Api) -> None:
    target = {
        "name": "on_order",
        "version": 1,
        "tasks": [{"name": "n", "taskReferenceName": "n", "type": "NOOP"}],
        "outputParameters": {"order": "${workflow.input.order}"},
    }
    register(api, target)
    handler = {
        "name": "start_on_order",
        "event": "conductor:order_placed",
        "condition": "$.order > 5",
        "actions": [
            {
                "action": "start_workflow",
                "start_workflow": {
                    "name": "on_order",
                    "input": {"order": "${order}"},
                    "correlationId": "${workflowInstanceId}",
                },
            }
        ],
        "active": True,
    }
    response = api.client.post("/api/event", json=handler, headers=api.admin)
    assert response.status_code == 204, response.text
    register(api, flow())
    publisher = start(api, "notify", {"order": 7})
    assert workflow(api, publisher)["status"] == "COMPLETED"
    search = api.client.get("/api/workflow/search?query=workflowType%3Don_order", headers=api.admin)
    (started,) = search.json()["results"]
    assert (started["input"], started["correlationId"]) == ({"order": 7}, publisher)
    start(api, "notify", {"order": 1})  # the condition does not hold: nothing started
    search = api.client.get("/api/workflow/search?query=workflowType%3Don_order", headers=api.admin)
    assert search.json()["totalHits"] == 1


def test_without_event_handlers_the_task_fails_with_the_reason(
    api: Api, ctx: ServiceContext
) -> None:
    ctx.event_publisher = None
    register(api, flow())
    found = workflow(api, start(api, "notify", {"order": 1}))
    assert found["status"] == "FAILED"
    assert "no event handlers" in found["tasks"][0]["reasonForIncompletion"]


def test_external_sinks_are_refused(api: Api) -> None:
    response = api.client.post("/api/metadata/workflow", json=flow("sqs:queue"), headers=api.admin)
    assert response.status_code == 400
    assert "tasks[0].sink" in response.text

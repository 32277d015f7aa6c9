"""/api/event: event handlers are registered, changed, listed and deleted over HTTP; a
published event runs the actions of the active handlers whose condition holds."""

from __future__ import annotations

from typing import Any

from baton.services import event_handlers
from baton.services.context import ServiceContext

from conductor_helpers import poll, register, start, statuses, workflow
from support import Api

TARGET = {
    "name": "target",
    "version": 1,
    "tasks": [{"name": "step", "taskReferenceName": "step_ref", "type": "SIMPLE"}],
    "outputParameters": {"got": "${workflow.input.amount}", "step": "${step_ref.output.by}"},
}
STEP_DEF = [{"name": "step", "retryCount": 0}]


def _handler(name: str = "on_order", **changes: Any) -> dict[str, Any]:
    handler: dict[str, Any] = {
        "name": name,
        "event": "conductor:orders",
        "condition": "$.amount > 10",
        "actions": [
            {
                "action": "start_workflow",
                "start_workflow": {
                    "name": "target",
                    "input": {"amount": "${amount}", "note": "order ${id}"},
                    "correlationId": "${id}",
                },
            }
        ],
        "active": True,
    }
    handler.update(changes)
    return handler


def test_handlers_are_registered_listed_changed_and_deleted(api: Api) -> None:
    response = api.client.post("/api/event", json=_handler(), headers=api.admin)
    assert response.status_code == 204, response.text
    listed = api.client.get("/api/event", headers=api.admin).json()
    action = _handler()["actions"][0] | {"expandInlineJSON": False}
    assert listed == [_handler() | {"actions": [action]}]
    again = api.client.post("/api/event", json=_handler(), headers=api.admin)
    assert again.status_code == 409
    response = api.client.put("/api/event", json=_handler(active=False), headers=api.admin)
    assert response.status_code == 204
    assert api.client.get("/api/event/conductor:orders", headers=api.admin).json() == []
    found = api.client.get("/api/event/conductor:orders?activeOnly=false", headers=api.admin)
    assert [h["name"] for h in found.json()] == ["on_order"]
    assert api.client.delete("/api/event/on_order", headers=api.admin).status_code == 204
    assert api.client.delete("/api/event/on_order", headers=api.admin).status_code == 404
    assert api.client.put("/api/event", json=_handler(), headers=api.admin).status_code == 404
    assert api.client.get("/api/event", headers=api.admin).json() == []


def test_bad_handlers_are_400_and_users_may_not_register(api: Api) -> None:
    bad = [
        _handler(actions=[]),
        _handler(actions=[{"action": "start_workflow"}]),
        _handler(actions=[{"action": "launch_rocket"}]),
        _handler(actions=[{"action": "terminate_workflow"}]),
        _handler(actions=[{"action": "update_workflow_variables"}]),
        _handler(condition="$.amount >"),
        _handler(evaluatorType="python"),
        _handler(name=""),
    ]
    for body in bad:
        response = api.client.post("/api/event", json=body, headers=api.admin)
        assert response.status_code == 400, body
        assert response.json()["message"]
    user = api.create_user("ursula")
    assert api.client.post("/api/event", json=_handler(), headers=user).status_code == 403
    assert api.client.get("/api/event", headers=user).status_code == 403
    assert api.client.get("/api/event", headers=api.admin).json() == []


def test_a_published_event_starts_a_workflow_when_the_condition_holds(
    api: Api, ctx: ServiceContext
) -> None:
    register(api, TARGET, STEP_DEF)
    api.client.post("/api/event", json=_handler(), headers=api.admin)
    api.client.post("/api/event", json=_handler("inactive", active=False), headers=api.admin)
    assert event_handlers.publish(ctx, "conductor:orders", {"amount": 5, "id": "o-1"}) == []
    (outcome,) = event_handlers.publish(ctx, "conductor:orders", {"amount": 12, "id": "o-2"})
    assert outcome.ok and outcome.handler == "on_order" and outcome.action == "start_workflow"
    found = workflow(api, outcome.instance_id or "")
    assert found["input"] == {"amount": 12, "note": "order o-2"}
    assert found["correlationId"] == "o-2"
    # the handler's registrant owns what it starts
    assert found["createdBy"] == workflow(api, start(api, "target"))["createdBy"]
    assert event_handlers.publish(ctx, "conductor:other", {"amount": 50}) == []


def test_a_published_event_completes_or_fails_an_open_task(api: Api, ctx: ServiceContext) -> None:
    register(api, TARGET, STEP_DEF)
    first, second = start(api, "target", {"amount": 1}), start(api, "target", {"amount": 2})
    handler = _handler(
        "on_done",
        event="conductor:done",
        condition=None,
        actions=[
            {
                "action": "complete_task",
                "complete_task": {
                    "workflowId": "${workflowId}",
                    "taskRefName": "step_ref",
                    "output": {"by": "${who}"},
                },
            }
        ],
    )
    api.client.post("/api/event", json=handler, headers=api.admin)
    failing = _handler(
        "on_broken",
        event="conductor:broken",
        condition=None,
        actions=[
            {
                "action": "fail_task",
                "fail_task": {"workflowId": "${workflowId}", "taskRefName": "step_ref"},
            }
        ],
    )
    api.client.post("/api/event", json=failing, headers=api.admin)
    (done,) = event_handlers.publish(ctx, "conductor:done", {"workflowId": first, "who": "ev"})
    assert done.ok, done.message
    found = workflow(api, first)
    assert found["status"] == "COMPLETED"
    assert found["output"] == {"got": 1, "step": "ev"}
    (broken,) = event_handlers.publish(ctx, "conductor:broken", {"workflowId": second})
    assert broken.ok, broken.message
    assert workflow(api, second)["status"] == "FAILED"
    assert poll(api, "step") == []
    # nothing open any more: reported, nothing changed
    (again,) = event_handlers.publish(ctx, "conductor:done", {"workflowId": first, "who": "x"})
    assert not again.ok and "step_ref" in (again.message or "")
    (missing,) = event_handlers.publish(ctx, "conductor:done", {"workflowId": "nope"})
    assert not missing.ok and "nope" in (missing.message or "")


def test_one_failing_action_leaves_the_others_standing(api: Api, ctx: ServiceContext) -> None:
    register(api, TARGET, STEP_DEF)
    handler = _handler(
        "mixed",
        condition=None,
        actions=[
            {"action": "start_workflow", "start_workflow": {"name": "ghost"}},
            {"action": "start_workflow", "start_workflow": {"name": "target"}},
        ],
    )
    api.client.post("/api/event", json=handler, headers=api.admin)
    failed, started = event_handlers.publish(ctx, "conductor:orders", {})
    assert not failed.ok and "ghost" in (failed.message or "")
    assert started.ok
    assert statuses(workflow(api, started.instance_id or "")) == [("step_ref", "SCHEDULED")]


def test_a_published_event_updates_variables_and_terminates(api: Api, ctx: ServiceContext) -> None:
    register(api, TARGET, STEP_DEF)
    running = start(api, "target", {"amount": 1})
    actions = [
        {
            "action": "update_workflow_variables",
            "update_workflow_variables": {
                "workflowId": "${workflowId}",
                "variables": {"seen": ["${note}"], "last": "${note}"},
                "appendArray": True,
            },
        }
    ]
    api.client.post(
        "/api/event",
        json=_handler("on_note", event="conductor:note", condition=None, actions=actions),
        headers=api.admin,
    )
    stop = [
        {
            "action": "terminate_workflow",
            "terminate_workflow": {"workflowId": "${workflowId}", "terminationReason": "${why}"},
        }
    ]
    api.client.post(
        "/api/event",
        json=_handler("on_stop", event="conductor:stop", condition=None, actions=stop),
        headers=api.admin,
    )
    listed = api.client.get("/api/event/conductor:note", headers=api.admin).json()
    assert listed[0]["actions"][0]["update_workflow_variables"]["appendArray"] is True
    for note in ("a", "b"):
        (done,) = event_handlers.publish(
            ctx, "conductor:note", {"workflowId": running, "note": note}
        )
        assert done.ok, done.message
    assert workflow(api, running)["variables"] == {"seen": ["a", "b"], "last": "b"}
    (ended,) = event_handlers.publish(ctx, "conductor:stop", {"workflowId": running, "why": "gone"})
    assert ended.ok, ended.message
    found = workflow(api, running)
    assert found["status"] == "TERMINATED"
    assert found["reasonForIncompletion"] == "gone"
    (again,) = event_handlers.publish(ctx, "conductor:stop", {"workflowId": running, "why": "x"})
    assert not again.ok and again.message

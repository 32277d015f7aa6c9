"""`/api/event`: Conductor event handlers (register, change, list, delete)."""

from __future__ import annotations

from typing import Any, Literal

from fastapi import APIRouter, Response
from pydantic import BaseModel, ConfigDict, Field

from baton.api.conductor.render import event_handler_json
from baton.api.deps import Ctx, CurrentCaller
from baton.model.errors import InvalidInput
from baton.services import event_handlers
from baton.services.event_handlers import (
    Action,
    EndTask,
    EventHandler,
    StartWorkflow,
    TerminateWorkflow,
    UpdateVariables,
)

router = APIRouter(prefix="/api/event", tags=["event"])


class _Wire(BaseModel):
    model_config = ConfigDict(extra="ignore")


class StartWorkflowParams(_Wire):
    name: Any = None
    version: Any = None
    input: Any = Field(default_factory=dict)
    correlationId: Any = None


class TaskParams(_Wire):
    workflowId: Any = None
    taskRefName: Any = None
    taskId: Any = None
    output: Any = Field(default_factory=dict)
    reasonForIncompletion: Any = None


class TerminateParams(_Wire):
    workflowId: Any = None
    terminationReason: Any = None


class UpdateVariablesParams(_Wire):
    workflowId: Any = None
    variables: Any = Field(default_factory=dict)
    appendArray: bool = False


class ActionBody(_Wire):
    action: Literal[
        "start_workflow",
        "complete_task",
        "fail_task",
        "terminate_workflow",
        "update_workflow_variables",
    ]
    start_workflow: StartWorkflowParams | None = None
    complete_task: TaskParams | None = None
    fail_task: TaskParams | None = None
    terminate_workflow: TerminateParams | None = None
    update_workflow_variables: UpdateVariablesParams | None = None
    expandInlineJSON: bool = False


class EventHandlerBody(_Wire):
    name: str = Field(min_length=1, max_length=255)
    event: str = Field(min_length=1, max_length=255)
    condition: str | None = Field(default=None, max_length=10_000)
    evaluatorType: str | None = Field(default=None, max_length=64)
    actions: list[ActionBody] = Field(default_factory=list, max_length=20)
    active: bool = False


def _action(i: int, body: ActionBody) -> Action:
    if body.action == "terminate_workflow":
        ended = body.terminate_workflow
        if ended is None:
            raise InvalidInput(f"actions[{i}]: terminate_workflow needs its object")
        return TerminateWorkflow(workflow_id=ended.workflowId, reason=ended.terminationReason)
    if body.action == "update_workflow_variables":
        update = body.update_workflow_variables
        if update is None:
            raise InvalidInput(f"actions[{i}]: update_workflow_variables needs its object")
        return UpdateVariables(
            workflow_id=update.workflowId,
            variables=update.variables,
            append_array=update.appendArray,
        )
    if body.action == "start_workflow":
        start = body.start_workflow
        if start is None:
            raise InvalidInput(f"actions[{i}]: start_workflow needs its `start_workflow` object")
        return StartWorkflow(
            name=start.name,
            version=start.version,
            input=start.input,
            correlation_id=start.correlationId,
        )
    params = body.complete_task if body.action == "complete_task" else body.fail_task
    if params is None:
        raise InvalidInput(f"actions[{i}]: {body.action} needs its `{body.action}` object")
    return EndTask(
        status="COMPLETED" if body.action == "complete_task" else "FAILED",
        workflow_id=params.workflowId,
        task_ref=params.taskRefName,
        task_id=params.taskId,
        output=params.output,
        reason=params.reasonForIncompletion,
    )


def _handler(body: EventHandlerBody) -> EventHandler:
    if body.evaluatorType not in (None, "", "javascript", "graaljs"):
        raise InvalidInput(
            f"evaluatorType {body.evaluatorType!r}: Baton evaluates conditions as JavaScript"
        )
    return EventHandler(
        name=body.name,
        event=body.event,
        actions=tuple(_action(i, a) for i, a in enumerate(body.actions)),
        condition=body.condition or None,
        evaluator_type=body.evaluatorType or None,
        active=body.active,
        expand_inline_json=any(a.expandInlineJSON for a in body.actions),
    )


@router.post("", status_code=204, response_class=Response, summary="Register an event handler")
def add(body: EventHandlerBody, ctx: Ctx, caller: CurrentCaller) -> None:
    event_handlers.add(ctx, caller, _handler(body))


@router.put("", status_code=204, response_class=Response, summary="Change an event handler")
def update(body: EventHandlerBody, ctx: Ctx, caller: CurrentCaller) -> None:
    event_handlers.update(ctx, caller, _handler(body))


@router.get("", summary="All event handlers")
def listed(ctx: Ctx, caller: CurrentCaller, activeOnly: bool = False) -> list[dict[str, Any]]:
    found = event_handlers.listed(ctx, caller, active_only=activeOnly)
    return [event_handler_json(h) for h in found]


@router.get("/{event}", summary="The event handlers of one event")
def for_event(
    event: str, ctx: Ctx, caller: CurrentCaller, activeOnly: bool = True
) -> list[dict[str, Any]]:
    found = event_handlers.listed(ctx, caller, event=event, active_only=activeOnly)
    return [event_handler_json(h) for h in found]


@router.delete("/{name}", status_code=204, response_class=Response, summary="Delete")
def remove(name: str, ctx: Ctx, caller: CurrentCaller) -> None:
    event_handlers.remove(ctx, caller, name)

"""A user task's listener job: started by the human-task service when a transition of the
task (its owner) waits for it; it moves no token (the service goes on once it completes).

`canceling` listeners are the exception: the engine starts them itself when their user task
is cancelled (its instance ends, a boundary or an event sub-process interrupts it). They
only notify: nothing waits for them, so they are *detached*, kept out of the open
activities a scope or the instance waits for, and may run in an instance that has ended.
They run one after another in model order; a result's denial or corrections are ignored.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from baton.engine.changes import TaskCompleted, TaskFailed
from baton.engine.context import Context
from baton.engine.languages import EvaluationError
from baton.engine.nodes.base import NodeBehavior
from baton.engine.nodes.service_task import job_type
from baton.model.instance import Activity, IncidentKind, Resume
from baton.model.process import Node, NodeKind, ProcessDefinition
from baton.model.status import TaskStatus

OWNER = "__listenerOf"  # the user task activity the job runs for
TRANSITION = "__transition"  # what the human-task service will do once the listeners agree
CANCELING = "canceling"


class TaskListener(NodeBehavior):
    def start(
        self, ctx: Context, node: Node, owner: Activity, transition: Mapping[str, Any]
    ) -> Activity:
        activity = ctx.new_activity(node, owner.scope, TaskStatus.SCHEDULED)
        activity.input = {OWNER: owner.id, TRANSITION: dict(transition)}
        activity.retries = ctx.max_retries(node) + 1  # Zeebe counts attempts, not retries
        failure = None
        if node.job_type_expression is not None:
            try:
                activity.job_type = job_type(ctx, node, activity)
            except EvaluationError as exc:
                failure = str(exc)
        ctx.schedule(activity)
        if is_detached(node):
            ctx.state.open.pop(activity.id, None)  # nothing waits for a notification
            if failure is not None:  # nobody can be told: the next listener is
                end_detached(ctx, activity.id, TaskStatus.FAILED, failure)
        elif failure is not None:
            # held, not offered, until the variables are fixed and the incident resolved
            # (resolving evaluates the job type again)
            ctx.raise_incident(
                IncidentKind.EXTRACT_VALUE_ERROR, failure, activity=activity, resume=Resume.JOB
            )
        return activity


def is_detached(node: Node) -> bool:
    """A `canceling` listener job: outside what its scope and instance wait for."""
    return node.kind is NodeKind.TASK_LISTENER and node.listener_event == CANCELING


def start_canceling(ctx: Context, owner: Activity, index: int = 0) -> None:
    """Start the `index`th canceling listener of the cancelled user task `owner`, if any."""
    found = listeners_of(ctx.definition, owner.node, CANCELING)
    if index >= len(found):
        return
    behavior = ctx.behavior(found[index])
    assert isinstance(behavior, TaskListener)
    # the human-task service reads the transition (a `Transition`): Baton cancelled it
    transition = {"action": "cancel", "actor": "system", "index": index}
    behavior.start(ctx, found[index], owner, transition)


def end_detached(
    ctx: Context, activity_id: str, status: TaskStatus, reason: str | None = None
) -> None:
    """A canceling listener job ended (done, or failed for good): no scope is touched,
    the next canceling listener of its user task starts."""
    activity = ctx.edit(activity_id)
    activity.status = status
    activity.reason = reason
    activity.end_time = activity.update_time = ctx.now_ms
    if status is TaskStatus.COMPLETED:
        ctx.emit(TaskCompleted(activity.id, status, activity.output, reason))
    else:
        ctx.emit(TaskFailed(activity.id, status, reason, retried=False))
    owner = ctx.state.activities.get(str(activity.input.get(OWNER)))
    if owner is not None:
        index = int(dict(activity.input.get(TRANSITION) or {}).get("index") or 0)
        start_canceling(ctx, owner, index + 1)


def listener_jobs(ctx: Context, owner: Activity) -> list[str]:
    """The open listener jobs of `owner`."""
    found = []
    for activity_id in ctx.state.open:
        activity = ctx.state.activities[activity_id]
        if (
            activity.input.get(OWNER) == owner.id
            and ctx.node(activity.node).kind is NodeKind.TASK_LISTENER
        ):
            found.append(activity_id)
    return found


def listeners_of(definition: ProcessDefinition, task_node: str, event: str) -> list[Node]:
    """The task listeners of user task node `task_node` for `event`, in the order they run."""
    return list(definition.index.task_listeners.get(task_node, {}).get(event, ()))

"""A user task's listener job: started by the human-task service when a transition of the
task (its owner) waits for it; it moves no token (the service goes on once it completes)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from baton.engine.context import Context
from baton.engine.nodes.base import NodeBehavior
from baton.model.instance import Activity
from baton.model.process import Node, NodeKind, ProcessDefinition
from baton.model.status import TaskStatus

OWNER = "__listenerOf"  # the user task activity the job runs for
TRANSITION = "__transition"  # what the human-task service will do once the listeners agree


class TaskListener(NodeBehavior):
    def start(
        self, ctx: Context, node: Node, owner: Activity, transition: Mapping[str, Any]
    ) -> Activity:
        activity = ctx.new_activity(node, owner.scope, TaskStatus.SCHEDULED)
        activity.input = {OWNER: owner.id, TRANSITION: dict(transition)}
        activity.retries = ctx.max_retries(node) + 1  # Zeebe counts attempts, not retries
        return ctx.schedule(activity)


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

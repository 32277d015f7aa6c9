from __future__ import annotations

from typing import Any

from baton.engine.context import Context
from baton.engine.nodes.base import WaitingActivity
from baton.engine.nodes.task_listener import listener_jobs, start_canceling
from baton.model.instance import Activity, TimerPurpose
from baton.model.process import Node
from baton.model.task_def import TaskTimeoutPolicy


class UserTask(WaitingActivity):
    """Waits IN_PROGRESS for a person; assignment and forms belong to the human-task service.

    A task definition with `timeout_seconds` arms a TASK_TIMEOUT timer for each attempt.
    """

    def input_of(self, ctx: Context, node: Node, activity: Activity) -> dict[str, Any]:
        values = ctx.node_input(node, activity)
        activity.user_task = ctx.user_task_values(node, activity)
        return values

    def scheduled(self, ctx: Context, node: Node, activity: Activity) -> None:
        task_def = ctx.task_def(node)
        if (
            task_def is not None
            and task_def.timeout_seconds > 0
            and task_def.timeout_policy is not TaskTimeoutPolicy.ALERT_ONLY
        ):
            ctx.add_timer(activity, TimerPurpose.TASK_TIMEOUT, ctx.after(task_def.timeout_seconds))

    def on_complete(self, ctx: Context, node: Node, activity: Activity) -> None:
        _drop_listener_jobs(ctx, activity)
        super().on_complete(ctx, node, activity)

    def on_cancel(self, ctx: Context, node: Node, activity: Activity) -> None:
        _drop_listener_jobs(ctx, activity)
        start_canceling(ctx, activity)  # its canceling listeners are told, detached


def _drop_listener_jobs(ctx: Context, activity: Activity) -> None:
    """A task that ended another way (its process, a boundary event) needs no listener."""
    for job_id in listener_jobs(ctx, activity):
        ctx.cancel(job_id, f"user task {activity.id} ended")

from __future__ import annotations

from baton.engine.context import Context
from baton.engine.nodes.base import NodeBehavior
from baton.model.instance import Activity, TimerPurpose
from baton.model.process import Node
from baton.model.status import TaskStatus
from baton.model.task_def import TaskTimeoutPolicy


class UserTask(NodeBehavior):
    """Waits IN_PROGRESS for a person; assignment and forms belong to the human-task service.

    A task definition with `timeout_seconds` arms a TASK_TIMEOUT timer for each attempt.
    """

    def on_enter(self, ctx: Context, node: Node, scope: str | None, via: str | None) -> None:
        self._attempt(ctx, node, scope)

    def on_retry(self, ctx: Context, node: Node, failed: Activity) -> None:
        self._attempt(ctx, node, failed.scope, failed.retry_count + 1, failed.id)

    def on_complete(self, ctx: Context, node: Node, activity: Activity) -> None:
        ctx.merge_output(node, activity)
        ctx.leave(node, activity.scope, activity)

    def _attempt(
        self,
        ctx: Context,
        node: Node,
        scope: str | None,
        retry_count: int = 0,
        retried_from: str | None = None,
    ) -> None:
        activity = ctx.new_activity(
            node, scope, TaskStatus.IN_PROGRESS, retry_count=retry_count, retried_from=retried_from
        )
        activity.input = ctx.node_input(node, activity)
        ctx.schedule(activity)
        task_def = ctx.task_def(node)
        if (
            task_def is not None
            and task_def.timeout_seconds > 0
            and task_def.timeout_policy is not TaskTimeoutPolicy.ALERT_ONLY
        ):
            ctx.add_timer(activity, TimerPurpose.TASK_TIMEOUT, ctx.after(task_def.timeout_seconds))

from __future__ import annotations

from baton.engine.context import Context
from baton.engine.nodes.base import NodeBehavior
from baton.model.instance import Activity
from baton.model.process import Node
from baton.model.status import TaskStatus


class ServiceTask(NodeBehavior):
    """A job for workers polling queue `node.job_type`: SCHEDULED until a worker takes it."""

    def on_enter(self, ctx: Context, node: Node, scope: str | None, via: str | None) -> None:
        self._attempt(ctx, node, scope)

    def on_retry(self, ctx: Context, node: Node, failed: Activity) -> None:
        task_def = ctx.task_def(node)
        delay = 0
        if task_def is not None and not ctx.retry_now:
            delay = task_def.retry_delay(failed.retry_count)
        self._attempt(ctx, node, failed.scope, failed.retry_count + 1, failed.id, delay)

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
        delay: int = 0,
    ) -> None:
        activity = ctx.new_activity(
            node, scope, TaskStatus.SCHEDULED, retry_count=retry_count, retried_from=retried_from
        )
        activity.input = ctx.node_input(node, activity)
        if ctx.definition.incidents:
            activity.retries = ctx.max_retries(node) + 1  # Zeebe counts attempts, not retries
        task_def = ctx.task_def(node)
        response_timeout = task_def.response_timeout_seconds if task_def is not None else 0
        ctx.schedule(activity, delay_seconds=delay, response_timeout=response_timeout)

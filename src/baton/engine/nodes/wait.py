from __future__ import annotations

from baton.engine.context import Context
from baton.engine.failures import fail_task
from baton.engine.languages import EvaluationError
from baton.engine.nodes.base import NodeBehavior
from baton.model.instance import Activity, Timer, TimerPurpose
from baton.model.process import Node
from baton.model.status import TaskStatus


class Wait(NodeBehavior):
    """Waits IN_PROGRESS until its timer fires or, without a timer, an external completion."""

    def on_enter(self, ctx: Context, node: Node, scope: str | None, via: str | None) -> None:
        self._attempt(ctx, node, scope)

    def on_retry(self, ctx: Context, node: Node, failed: Activity) -> None:
        self._attempt(ctx, node, failed.scope, failed.retry_count + 1, failed.id)

    def on_timer(self, ctx: Context, node: Node, activity: Activity, timer: Timer) -> None:
        ctx.complete(activity.id)

    def on_complete(self, ctx: Context, node: Node, activity: Activity) -> None:
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
        if node.timer is None:
            return
        try:
            due = ctx.timer_due(node.timer, activity)
        except EvaluationError as exc:
            fail_task(ctx, activity.id, TaskStatus.FAILED_WITH_TERMINAL_ERROR, str(exc))
            return
        ctx.add_timer(activity, TimerPurpose.WAIT, due)

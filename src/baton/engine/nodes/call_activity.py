from __future__ import annotations

from baton.engine.context import Context
from baton.engine.nodes.base import NodeBehavior
from baton.model.instance import Activity
from baton.model.process import Node
from baton.model.status import TaskStatus


class CallActivity(NodeBehavior):
    """Waits IN_PROGRESS while a child instance of `node.called_process` runs.

    The activity's input is the child's start variables (the input mappings, plus every
    variable of the caller with `propagate_variables`); the call-activity service starts the
    child on `TaskScheduled` (kind CALL) and ends the activity with `CompleteTask` when the
    child ends: COMPLETED with the child's variables as output (merged like a task's), or
    FAILED_WITH_TERMINAL_ERROR (never retried). Canceling the activity terminates the child.
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
        mapped = ctx.node_input(node, activity)
        if node.propagate_variables:
            activity.input = {**ctx.state.variables, **mapped}
        else:
            activity.input = mapped
        ctx.schedule(activity)

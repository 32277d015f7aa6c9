from __future__ import annotations

from typing import Any

from baton.engine.context import Context
from baton.engine.failures import fail_task
from baton.engine.languages import EvaluationError
from baton.engine.nodes.base import NodeBehavior
from baton.expr.conductor import truthy
from baton.model.instance import Activity
from baton.model.process import Node
from baton.model.status import TaskStatus


class Loop(NodeBehavior):
    """Runs its body scope, then again while the condition holds (Conductor DO_WHILE).

    The loop's activity counts `iteration` (1-based); activities inside get that iteration and a
    `__<iteration>` suffix on their ref. Its output is `{"iteration": n, "<i>": {ref: output}}`.
    The condition sees the loop's freshly resolved input and the latest task outputs.
    """

    def on_enter(self, ctx: Context, node: Node, scope: str | None, via: str | None) -> None:
        assert node.loop is not None and node.start is not None
        activity = ctx.new_activity(node, scope, TaskStatus.IN_PROGRESS)
        activity.input = ctx.node_input(node, activity)
        activity.iteration = 1
        activity.output = {"iteration": 1}
        ctx.schedule(activity)
        if node.loop.test_before and not self._holds(ctx, node, activity):
            ctx.complete(activity.id, {"iteration": 0})
            return
        self._iterate(ctx, node, activity, 1)

    def on_scope_done(self, ctx: Context, node: Node, activity: Activity) -> None:
        assert node.loop is not None and node.start is not None
        iteration = activity.iteration
        outputs: dict[str, Any] = {}
        for child in ctx.state.activities.values():
            if child.scope == activity.id and child.iteration == iteration:
                outputs[child.node] = child.output
        activity.output = {**activity.output, str(iteration): outputs, "iteration": iteration}
        try:
            again = self._holds(ctx, node, activity)
        except EvaluationError as exc:
            fail_task(ctx, activity.id, TaskStatus.FAILED_WITH_TERMINAL_ERROR, str(exc))
            return
        maximum = node.loop.maximum
        if again and (maximum is None or iteration < maximum):
            self._iterate(ctx, node, activity, iteration + 1)
        else:
            ctx.complete(activity.id, activity.output)

    def on_complete(self, ctx: Context, node: Node, activity: Activity) -> None:
        ctx.leave(node, activity.scope, activity)

    def _iterate(self, ctx: Context, node: Node, activity: Activity, iteration: int) -> None:
        """Run the body for `iteration`, unless this command has run the loop too often."""
        assert node.start is not None
        stop = ctx.budget.iterate(node, activity.id)
        if stop is not None:
            fail_task(ctx, activity.id, TaskStatus.FAILED_WITH_TERMINAL_ERROR, stop)
            return
        activity.iteration = iteration
        activity.output = {**activity.output, "iteration": iteration}
        ctx.move(node.start, activity.id)

    def _holds(self, ctx: Context, node: Node, activity: Activity) -> bool:
        assert node.loop is not None
        probe = activity.clone()
        probe.input = ctx.node_input(node, activity)
        return truthy(ctx.evaluate(node.loop.condition, probe))

from __future__ import annotations

from typing import Any

from baton.engine.context import Context
from baton.engine.failures import fail_task
from baton.engine.languages import EvaluationError
from baton.engine.nodes.base import NodeBehavior
from baton.model.process import Node, ScriptResult
from baton.model.status import TaskStatus


class ScriptTask(NodeBehavior):
    """Evaluates `node.script` over its resolved input and completes with the value as its
    output (`{"result": v}`, or for a stream `{"result": first, "resultList": all}`).

    A script that cannot be evaluated fails the task for good (an optional one completes
    with errors), with the evaluator's message as its reason."""

    def on_enter(self, ctx: Context, node: Node, scope: str | None, via: str | None) -> None:
        assert node.script is not None
        activity = ctx.new_activity(node, scope, TaskStatus.IN_PROGRESS)
        activity.input = ctx.node_input(node, activity)
        try:
            value = ctx.evaluate(node.script.expression, activity)
        except EvaluationError as exc:
            ctx.schedule(activity)
            fail_task(ctx, activity.id, TaskStatus.FAILED_WITH_TERMINAL_ERROR, str(exc))
            return
        ctx.leave(
            node, scope, ctx.record(node, scope, output=_output(node, value), activity=activity)
        )

    def on_complete(self, ctx: Context, node: Node, activity: Any) -> None:
        ctx.leave(node, activity.scope, activity)  # an optional one that failed goes on


def _output(node: Node, value: Any) -> dict[str, Any]:
    assert node.script is not None
    if node.script.result is ScriptResult.OBJECT and isinstance(value, dict):
        return dict(value)
    if node.script.result is ScriptResult.STREAM:
        results = list(value) if isinstance(value, list) else [value]
        return {"result": results[0] if results else None, "resultList": results}
    return {"result": value}

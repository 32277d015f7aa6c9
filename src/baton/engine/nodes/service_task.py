from __future__ import annotations

from baton.engine.context import Context
from baton.engine.languages import EvaluationError
from baton.engine.nodes.base import NodeBehavior
from baton.model.instance import Activity
from baton.model.process import Node
from baton.model.status import TaskStatus


class ServiceTask(NodeBehavior):
    """A job for workers polling queue `node.job_type`: SCHEDULED until a worker takes it."""

    def on_enter(self, ctx: Context, node: Node, scope: str | None, via: str | None) -> None:
        self._attempt(ctx, node, scope, delay=node.start_delay)

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
        if node.dynamic and retried_from is not None:
            # a forked or DYNAMIC task: type, reference name and input are its own
            previous = ctx.state.activities[retried_from]
            activity.ref, activity.job_type = previous.ref, previous.job_type
            activity.input = dict(previous.input)
        else:
            activity.input = ctx.node_input(node, activity)
        if node.job_type_expression is not None:
            activity.job_type = (
                ctx.state.activities[retried_from].job_type
                if retried_from is not None
                else job_type(ctx, node, activity)
            )
        if ctx.definition.incidents:
            activity.retries = (
                job_retries(ctx, node, activity)
                if node.retries_expression is not None
                else ctx.max_retries(node) + 1  # Zeebe counts attempts, not retries
            )
        task_def = ctx.task_def(node)
        response_timeout = task_def.response_timeout_seconds if task_def is not None else 0
        ctx.schedule(activity, delay_seconds=delay, response_timeout=response_timeout)


def job_type(ctx: Context, node: Node, activity: Activity) -> str:
    """The type of the job `activity`: its node's FEEL job type evaluated now (a value that
    is no text raises an EXTRACT_VALUE_ERROR incident, as Zeebe does)."""
    assert node.job_type_expression is not None
    found = ctx.evaluate(node.job_type_expression, activity)
    if not isinstance(found, str) or not found.strip():
        raise EvaluationError(
            f"Expected the job type of {node.element_id} to be a non-empty string, but "
            f"{node.job_type!r} gave {found!r}"
        )
    return found


def job_retries(ctx: Context, node: Node, activity: Activity) -> int:
    """The retries of the job `activity` from its node's FEEL retries, evaluated now (a value
    that is no whole number of at least 0 raises an EXTRACT_VALUE_ERROR incident)."""
    assert node.retries_expression is not None
    found = ctx.evaluate(node.retries_expression, activity)
    if isinstance(found, float) and found.is_integer():
        found = int(found)
    if not isinstance(found, int) or isinstance(found, bool) or found < 0:
        raise EvaluationError(
            f"Expected the retries of {node.element_id} to be a whole number of at least 0, "
            f"but {node.retries_expression.source!r} gave {found!r}"
        )
    return found

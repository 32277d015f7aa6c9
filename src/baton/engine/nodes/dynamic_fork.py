from __future__ import annotations

from typing import Any

from baton.engine.context import Context
from baton.engine.languages import EvaluationError
from baton.engine.nodes.base import NodeBehavior
from baton.model.instance import Activity
from baton.model.process import DynamicForkSpec, Node
from baton.model.status import TaskStatus

FORKED_TYPES = ("SIMPLE",)


class DynamicFork(NodeBehavior):
    """A scope that runs one worker task per entry of a list found in its input at run time
    (Conductor FORK_JOIN_DYNAMIC): each is an activity of the inner `start` node with its own
    job type, reference name and input. When all have ended the scope completes with the
    outputs of the forked tasks by reference name (what the JOIN after it outputs)."""

    def on_enter(self, ctx: Context, node: Node, scope: str | None, via: str | None) -> None:
        assert node.fork is not None and node.start is not None
        body = ctx.new_activity(node, scope, TaskStatus.IN_PROGRESS)
        body.input = ctx.node_input(node, body)
        forked = _forked(node.id, node.fork, body.input)
        body.output = {"forkedTasks": [ref for _, ref, _ in forked]}
        ctx.schedule(body)
        if not forked:
            ctx.complete(body.id, {})
            return
        inner = ctx.node(node.start)
        for name, ref, values in forked:
            activity = ctx.new_activity(inner, body.id, TaskStatus.SCHEDULED)
            activity.ref, activity.job_type, activity.input = ref, name, values
            ctx.schedule(activity)

    def on_scope_done(self, ctx: Context, node: Node, activity: Activity) -> None:
        refs = set(activity.output.get("forkedTasks", ()))
        outputs: dict[str, Any] = {}
        for inner in ctx.state.activities.values():  # in creation order: retries win
            if inner.scope == activity.id and inner.ref in refs and not inner.retried:
                outputs[inner.ref] = inner.output
        ctx.complete(activity.id, outputs)

    def on_complete(self, ctx: Context, node: Node, activity: Activity) -> None:
        ctx.leave(node, activity.scope, activity)


Forked = list[tuple[str, str, dict[str, Any]]]


def _forked(fork_id: str, spec: DynamicForkSpec, values: dict[str, Any]) -> Forked:
    """(task name, reference name, input) of each task to fork."""
    if spec.tasks_input is None:
        name = values.get("forkTaskName") or values.get("forkTaskType")
        inputs = values.get("forkTaskInputs")
        if not isinstance(name, str) or not name or not isinstance(inputs, list):
            raise EvaluationError(
                f"{fork_id}: forkTaskName must be a task name and forkTaskInputs a list"
            )
        return [(name, f"{name}_{i}", _object(item)) for i, item in enumerate(inputs)]
    tasks = values.get(spec.tasks_input)
    inputs = values.get(spec.inputs_input or "") or {}
    if not isinstance(tasks, list) or not isinstance(inputs, dict):
        raise EvaluationError(
            f"{fork_id}: input '{spec.tasks_input}' must be a list of tasks and "
            f"'{spec.inputs_input}' an object of their inputs by reference name"
        )
    found: Forked = []
    seen: set[str] = set()
    for i, task in enumerate(tasks):
        name = task.get("name") if isinstance(task, dict) else None
        ref = task.get("taskReferenceName") if isinstance(task, dict) else None
        kind = (task.get("type") or "SIMPLE") if isinstance(task, dict) else None
        if not isinstance(name, str) or not name or not isinstance(ref, str) or not ref:
            raise EvaluationError(
                f"{fork_id}: forked task {i} needs a name and a taskReferenceName"
            )
        if kind not in FORKED_TYPES:
            raise EvaluationError(
                f"{fork_id}: forked task '{ref}' is a {kind}; dynamic forks run "
                f"{', '.join(FORKED_TYPES)} tasks"
            )
        if ref in seen:
            raise EvaluationError(f"{fork_id}: taskReferenceName '{ref}' is forked twice")
        seen.add(ref)
        found.append((name, ref, _object(inputs.get(ref))))
    return found


def _object(value: Any) -> dict[str, Any]:
    if value is None:
        return {}
    return dict(value) if isinstance(value, dict) else {"input": value}

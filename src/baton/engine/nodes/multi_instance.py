"""A multi-instance body (BPMN `multiInstanceLoopCharacteristics`, Camunda 8 semantics).

The body is a scope whose `start` is its inner node. Entering it evaluates the input collection
and queues one token per element (all at once; one at a time when sequential), each carrying its
1-based index, so the inner activity gets its local variables (`inputElement`, `loopCounter`)
from `inner_locals`. When an inner instance completes (it leaves along no flow), its
`outputElement` goes into the output collection at its index, and the completion condition may
end the body early (canceling the inner instances still running).

The body's activity keeps its bookkeeping in its output (`items`, `started`, `done`) and the
output collection among its local variables, as Camunda keeps it on the body's scope; the
collection reaches the variables when the body completes.
"""

from __future__ import annotations

from typing import Any

from baton.engine.changes import VariablesChanged
from baton.engine.context import Context
from baton.engine.languages import EvaluationError
from baton.engine.nodes.base import NodeBehavior
from baton.model.instance import Activity, Token
from baton.model.process import MultiInstanceSpec, Node
from baton.model.status import TaskStatus

LOOP_COUNTER = "loopCounter"


class MultiInstance(NodeBehavior):
    def on_enter(self, ctx: Context, node: Node, scope: str | None, via: str | None) -> None:
        spec = _spec(node)
        activity = ctx.new_activity(node, scope, TaskStatus.IN_PROGRESS)
        items = ctx.evaluate(spec.input_collection, activity)
        if not isinstance(items, list):
            raise EvaluationError(
                f"Expected the inputCollection of {node.element_id!r} to be a list, "
                f"but it was {_type_name(items)}"
            )
        if spec.output_collection is not None:
            activity.locals = {spec.output_collection: [None] * len(items)}
        count = min(1, len(items)) if spec.sequential else len(items)
        activity.output = {"items": items, "started": count, "done": []}
        ctx.schedule(activity)
        if not items:
            ctx.complete(activity.id, {})
            return
        for index in range(1, count + 1):
            ctx.queue.append(Token(_inner(node), activity.id, index=index))

    def inner_locals(self, ctx: Context, body: Activity, index: int) -> dict[str, Any]:
        spec = _spec(ctx.node(body.node))
        values: dict[str, Any] = {}
        if spec.input_element is not None:
            values[spec.input_element] = body.output["items"][index - 1]
        values[LOOP_COUNTER] = index
        return values

    def on_inner_left(self, ctx: Context, node: Node, activity: Activity, inner: Activity) -> None:
        """An inner instance completed: collect its output element, then end the body early
        (completion condition), at the last instance, or start the next (sequential). What
        cannot be evaluated raises before anything changes (with incidents the inner instance
        then waits completed; resolving runs its leaving steps, and this, again)."""
        book = activity.output
        done: list[int] = book["done"]
        met = self._count(ctx, node, activity, inner, len(done) + 1)
        body = ctx.edit(activity.id)
        done = [*done, inner.locals[LOOP_COUNTER]]
        body.output = {**body.output, "done": done}
        started: int = book["started"]
        if met:
            ctx.cancel_scope(body.id, f"Completion condition of {node.element_id} met")
            ctx.complete(body.id, {})
        elif len(done) >= len(book["items"]):
            ctx.complete(body.id, {})
        elif _spec(node).sequential and started == len(done):
            body.output = {**body.output, "started": started + 1}
            ctx.queue.append(Token(_inner(node), body.id, index=started + 1))

    def on_scope_done(self, ctx: Context, node: Node, activity: Activity) -> None:
        """Nothing runs inside any more (inner instances ended without completing)."""
        ctx.complete(activity.id, {})

    def on_complete(self, ctx: Context, node: Node, activity: Activity) -> None:
        name = _spec(node).output_collection
        if name is not None:
            ctx.set_variables({name: activity.locals.get(name, [])})
        ctx.leave(node, activity.scope, activity)

    def _count(
        self, ctx: Context, node: Node, body: Activity, inner: Activity, completed: int
    ) -> bool:
        """Store the completed `inner` instance's output element; whether the completion
        condition now holds (`completed` instances, this one included)."""
        spec = _spec(node)
        name = spec.output_collection
        value = None
        if name is not None and spec.output_element is not None:
            value = ctx.evaluate(spec.output_element, inner, local=inner.output)
        result = False
        if spec.completion_condition is not None:
            numbers = {
                "numberOfInstances": len(body.output["items"]),
                "numberOfActiveInstances": body.output["started"] - completed,
                "numberOfCompletedInstances": completed,
                "numberOfTerminatedInstances": 0,
            }
            result = ctx.evaluate(
                spec.completion_condition, inner, local={**inner.output, **numbers}
            )
            if not isinstance(result, bool):
                raise EvaluationError(
                    f"Expected the completionCondition of {node.element_id!r} to be a "
                    f"boolean, but it was {_type_name(result)}"
                )
        if name is not None and spec.output_element is not None:
            collection = list(body.locals.get(name, ()))
            collection[inner.locals[LOOP_COUNTER] - 1] = value
            edited = ctx.edit(body.id)
            edited.locals = {**edited.locals, name: collection}
            ctx.emit(VariablesChanged(ctx.state.variables, {name: collection}, body.id))
        return result


def _spec(node: Node) -> MultiInstanceSpec:
    assert node.multi is not None
    return node.multi


def _inner(node: Node) -> str:
    assert node.start is not None
    return node.start


def _type_name(value: Any) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "a boolean"
    if isinstance(value, int | float):
        return "a number"
    if isinstance(value, str):
        return "a string"
    if isinstance(value, dict):
        return "a context"
    return type(value).__name__

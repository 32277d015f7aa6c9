from __future__ import annotations

from typing import Any

from baton.engine.context import Context
from baton.engine.languages import EvaluationError
from baton.engine.nodes.base import NodeBehavior
from baton.expr.conductor import JsEvalError, to_string, truthy
from baton.model.instance import Token
from baton.model.process import Flow, Node
from baton.model.status import TaskStatus


class ExclusiveGateway(NodeBehavior):
    """Takes exactly one outgoing flow.

    With a `selector`, the flow whose `case` equals the selector's value as text (JavaScript's
    String(value)); otherwise the first flow whose condition holds; else the default flow. A
    recorded gateway outputs `{"evaluationResult": [case], "selectedCase": case}`.
    """

    def on_enter(self, ctx: Context, node: Node, scope: str | None, via: str | None) -> None:
        flows = ctx.index.outgoing.get(node.id, ())
        current = ctx.new_activity(node, scope, TaskStatus.IN_PROGRESS) if node.recorded else None
        if current is not None:
            current.input = ctx.node_input(node, current)
        output: dict[str, Any] = {}
        chosen: Flow | None = None
        if node.selector is not None:
            value = ctx.evaluate(node.selector, current, scope_id=scope)
            try:
                case = to_string(value)
            except JsEvalError as exc:  # text too long
                raise EvaluationError(f"{node.id}: {exc}") from exc
            chosen = next((f for f in flows if f.case == case), None)
            output = {"evaluationResult": [case], "selectedCase": case}
        else:
            for flow in flows:
                if flow.id == node.default_flow:
                    continue
                if flow.condition is None or truthy(
                    ctx.evaluate(flow.condition, current, scope_id=scope)
                ):
                    chosen = flow
                    break
        if chosen is None and node.default_flow is not None:
            chosen = ctx.index.flows[node.default_flow]
        if chosen is None and flows:
            raise EvaluationError(f"No outgoing flow of {node.id!r} matches")
        ctx.record(node, scope, output=output, activity=current)
        if chosen is None:
            ctx.consume(scope)
        else:
            ctx.queue.append(Token(chosen.target, scope, chosen.id))

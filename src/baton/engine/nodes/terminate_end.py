from __future__ import annotations

from typing import Any

from baton.engine.context import Context
from baton.engine.languages import EvaluationError
from baton.engine.nodes.base import NodeBehavior
from baton.model.process import Node, TerminateSpec
from baton.model.status import InstanceStatus

_ALLOWED = {InstanceStatus.COMPLETED, InstanceStatus.FAILED, InstanceStatus.TERMINATED}


class TerminateEnd(NodeBehavior):
    """Ends the whole instance at once with the given status; open work is canceled. One
    whose spec says `scope_only` ends only its scope instance (which then completes)."""

    def on_enter(self, ctx: Context, node: Node, scope: str | None, via: str | None) -> None:
        spec = node.terminate or TerminateSpec()
        if spec.scope_only and scope is not None:
            # the scope instance ends: what is open in it is canceled, then it completes
            ctx.record(node, scope)
            ctx.cancel_scope(scope, f"Terminated by end event {node.id}")
            ctx.consume(scope)
            return
        values = ctx.node_input(node, scope=scope)
        raw_status = values.get(spec.status_input) if spec.status_input else spec.status
        try:
            status = InstanceStatus(str(raw_status))
        except ValueError:
            status = None
        if status not in _ALLOWED:
            raise EvaluationError(f"{node.id}: termination status {raw_status!r} is not valid")
        assert status is not None
        reason = values.get(spec.reason_input) if spec.reason_input else None
        workflow_output: dict[str, Any] | None = None
        task_output: dict[str, Any] = {}
        if spec.output_input and values.get(spec.output_input) is not None:
            value = values[spec.output_input]
            task_output = dict(value) if isinstance(value, dict) else {"output": value}
            workflow_output = task_output
        ctx.record(node, scope, values, task_output)
        ctx.finish_instance(status, None if reason is None else str(reason), workflow_output)

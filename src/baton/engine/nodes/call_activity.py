from __future__ import annotations

from typing import Any

from baton.engine.context import Context
from baton.engine.nodes.base import WaitingActivity
from baton.model.instance import Activity
from baton.model.process import Node


class CallActivity(WaitingActivity):
    """Waits IN_PROGRESS while a child instance of `node.called_process` runs.

    The activity's input is the child's start variables (the input mappings, plus every
    variable of the caller with `propagate_variables`); the call-activity service starts the
    child on `TaskScheduled` (kind CALL) and ends the activity with `CompleteTask` when the
    child ends: COMPLETED with the child's variables as output (merged like a task's), or
    FAILED_WITH_TERMINAL_ERROR (never retried). Canceling the activity terminates the child.
    """

    def input_of(self, ctx: Context, node: Node, activity: Activity) -> dict[str, Any]:
        mapped = ctx.node_input(node, activity)
        if not node.propagate_variables:
            return mapped
        seen = ctx.visible_locals(ctx.state.activities.get(activity.scope or "")) or {}
        return {**ctx.state.variables, **seen, **mapped}

from __future__ import annotations

from baton.engine.changes import VariablesChanged
from baton.engine.context import Context
from baton.engine.event_sub_processes import enter_scope
from baton.engine.nodes.base import NodeBehavior
from baton.model.instance import Activity
from baton.model.process import Node
from baton.model.status import TaskStatus


class SubProcess(NodeBehavior):
    """An embedded scope: completes when no token is left inside it.

    Its input mappings become its local variables as it is entered: what runs inside it
    reads them, a write of one of them from inside updates it there (`set_variables`), and
    they end with it, unless its output mappings (applied as it completes, seeing them)
    carry them out."""

    def on_enter(self, ctx: Context, node: Node, scope: str | None, via: str | None) -> None:
        assert node.start is not None
        activity = ctx.new_activity(node, scope, TaskStatus.IN_PROGRESS)
        activity.input = ctx.node_input(node, activity)
        inputs = activity.input if node.input is not None else {}
        if inputs:
            activity.locals = {**activity.locals, **inputs}
        ctx.schedule(activity)
        if inputs:
            ctx.emit(VariablesChanged(ctx.state.variables, dict(inputs), activity.id))
        ctx.move(node.start, activity.id)
        enter_scope(ctx, activity)

    def on_scope_done(self, ctx: Context, node: Node, activity: Activity) -> None:
        ctx.complete(activity.id)

    def on_complete(self, ctx: Context, node: Node, activity: Activity) -> None:
        if node.outputs is not None:
            ctx.apply_outputs(node, activity.locals, activity)
        ctx.leave(node, activity.scope, activity)

from __future__ import annotations

from baton.engine.context import Context
from baton.engine.nodes.sub_process import SubProcess
from baton.model.process import Node


class EventSubProcess(SubProcess):
    """Never entered along a flow: `baton.engine.event_sub_processes.trigger` starts it. It
    completes like a sub-process and leaves by no flow."""

    def on_enter(self, ctx: Context, node: Node, scope: str | None, via: str | None) -> None:
        ctx.consume(scope)

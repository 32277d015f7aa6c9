from __future__ import annotations

from typing import Any

from baton.engine.context import Context
from baton.engine.nodes.base import WaitingActivity
from baton.model.instance import Activity
from baton.model.process import Node


class CatchEvent(WaitingActivity):
    """Waits IN_PROGRESS, subscribed to its message or signal (an intermediate catch event or
    a receive task); the variables that arrive with it are its output."""

    def scheduled(self, ctx: Context, node: Node, activity: Activity) -> None:
        ctx.open_subscription(activity, node)

    def on_trigger(
        self, ctx: Context, node: Node, activity: Activity, variables: dict[str, Any]
    ) -> None:
        ctx.complete(activity.id, variables)

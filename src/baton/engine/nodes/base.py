"""The lifecycle interface every node kind implements (all hooks are no-ops by default)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from baton.model.instance import Activity, Timer
from baton.model.process import Node

if TYPE_CHECKING:
    from baton.engine.context import Context


class NodeBehavior:
    def on_enter(self, ctx: Context, node: Node, scope: str | None, via: str | None) -> None:
        """A token arrived at `node` (in scope instance `scope`, along flow `via`)."""

    def on_complete(self, ctx: Context, node: Node, activity: Activity) -> None:
        """The node's activity ended successfully; usually: move the token on."""

    def on_cancel(self, ctx: Context, node: Node, activity: Activity) -> None:
        """The node's activity was canceled (its timers are already gone)."""

    def on_timer(self, ctx: Context, node: Node, activity: Activity, timer: Timer) -> None:
        """A WAIT or BOUNDARY timer owned by `activity` fired."""

    def on_retry(self, ctx: Context, node: Node, failed: Activity) -> None:
        """Start a new attempt after `failed` (only for nodes that can be retried)."""

    def on_scope_done(self, ctx: Context, node: Node, activity: Activity) -> None:
        """A scope node's instance (`activity`) has no tokens left inside."""

    def on_settle(self, ctx: Context, node: Node, scope: str | None) -> None:
        """Tokens in `scope` moved or ended; a waiting join may be able to fire now."""

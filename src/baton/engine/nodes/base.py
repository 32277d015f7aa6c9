"""The lifecycle interface every node kind implements (all hooks are no-ops by default)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from baton.model.instance import Activity, Timer
from baton.model.process import Node
from baton.model.status import TaskStatus

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

    def on_inner_left(self, ctx: Context, node: Node, activity: Activity, inner: Activity) -> None:
        """`inner`, an activity directly inside the open scope instance `activity`, left
        along no flow (a multi-instance body's inner instance is done)."""

    def inner_locals(self, ctx: Context, body: Activity, index: int) -> dict[str, Any]:
        """A multi-instance body's: the local variables of its inner instance `index`."""
        return {}

    def on_rearm(self, ctx: Context, node: Node, activity: Activity) -> None:
        """A timer incident on the open `activity` was resolved: arm what is still missing
        (and subscribe again to its messages and signals)."""
        ctx.arm_boundary_timers(activity)
        ctx.reopen_subscriptions(activity)

    def on_trigger(
        self, ctx: Context, node: Node, activity: Activity, variables: dict[str, Any]
    ) -> None:
        """A message or signal reached `node`'s subscription held by the open `activity`."""


class WaitingActivity(NodeBehavior):
    """An activity that waits IN_PROGRESS for something outside the engine (a person, a
    child instance, a timer) and then leaves with its output merged. Subclasses say what
    its input is and what to arm once it is scheduled."""

    def on_enter(self, ctx: Context, node: Node, scope: str | None, via: str | None) -> None:
        self._attempt(ctx, node, scope)

    def on_retry(self, ctx: Context, node: Node, failed: Activity) -> None:
        self._attempt(ctx, node, failed.scope, failed.retry_count + 1, failed.id)

    def on_complete(self, ctx: Context, node: Node, activity: Activity) -> None:
        ctx.merge_output(node, activity)
        ctx.leave(node, activity.scope, activity)

    def input_of(self, ctx: Context, node: Node, activity: Activity) -> dict[str, Any]:
        return ctx.node_input(node, activity)

    def scheduled(self, ctx: Context, node: Node, activity: Activity) -> None:
        """Called once the new activity is scheduled (arm timers here)."""

    def _attempt(
        self,
        ctx: Context,
        node: Node,
        scope: str | None,
        retry_count: int = 0,
        retried_from: str | None = None,
    ) -> None:
        activity = ctx.new_activity(
            node, scope, TaskStatus.IN_PROGRESS, retry_count=retry_count, retried_from=retried_from
        )
        activity.input = self.input_of(ctx, node, activity)
        ctx.schedule(activity)
        self.scheduled(ctx, node, activity)

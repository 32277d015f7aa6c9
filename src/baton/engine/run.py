"""Move tokens until every token waits: the heart of one engine call."""

from __future__ import annotations

from baton.engine.context import Context, MappingError
from baton.engine.languages import EvaluationError
from baton.model.instance import IncidentHold, IncidentKind, InstanceState, Resume, Token
from baton.model.process import Node, NodeKind
from baton.model.status import InstanceStatus

_JOIN_KINDS = frozenset({NodeKind.INCLUSIVE_GATEWAY})


def drain(ctx: Context) -> None:
    """Enter queued tokens, then settle scopes that may be done, until nothing moves.

    A paused instance parks its tokens instead; scopes are settled again on resume. A run-time
    evaluation error, or running out of the command's activations, fails the instance (the
    failing token is kept for `RetryInstance`), or with incidents raises one that holds the
    token (after the activations ran out, the other queued tokens wait parked until it is
    resolved). Output over budget stops at once: the caller discards the work.
    """
    state = ctx.state
    queue = ctx.queue
    budget = ctx.budget
    while True:
        if state.status is not InstanceStatus.RUNNING:
            if state.status is InstanceStatus.PAUSED and ctx.queue:
                state.parked.extend(ctx.queue)
                ctx.queue.clear()
            return
        if budget.overflow is not None:
            return
        queue = ctx.queue  # cancel_scope may replace the deque
        if queue:
            token = queue.popleft()
            stop = budget.activate(ctx.index.nodes[token.node])
            if stop is not None:
                if ctx.definition.incidents:
                    ctx.raise_incident(
                        IncidentKind.BUDGET_EXCEEDED, stop, resume=Resume.ENTER, token=token
                    )
                    state.parked.extend(ctx.queue)
                    ctx.queue.clear()
                    return
                _fail(ctx, token, stop)
                continue
            try:
                _enter(ctx, token)
            except EvaluationError as exc:
                ctx.pending_key = None
                ctx.pending_index = None
                if ctx.definition.incidents:
                    kind = (
                        IncidentKind.IO_MAPPING_ERROR
                        if isinstance(exc, MappingError)
                        else IncidentKind.EXTRACT_VALUE_ERROR
                    )
                    ctx.raise_incident(kind, str(exc), resume=Resume.ENTER, token=token)
                else:
                    _fail(ctx, token, str(exc))
            continue
        if ctx.dirty:
            scope = _deepest(state, ctx.dirty)
            ctx.dirty.discard(scope)
            try:
                _settle(ctx, scope)
            except EvaluationError as exc:
                _fail(ctx, None, str(exc))
            continue
        return


def _enter(ctx: Context, token: Token) -> None:
    node = ctx.index.nodes[token.node]
    behavior = ctx.engine.behaviors[node.kind]
    if token.retry_of is not None:
        behavior.on_retry(ctx, node, ctx.state.activities[token.retry_of])
    else:
        ctx.pending_key = token.key
        ctx.pending_index = token.index
        behavior.on_enter(ctx, node, token.scope, token.via)
        ctx.pending_key = None
        ctx.pending_index = None


def _settle(ctx: Context, scope: str | None) -> None:
    state = ctx.state
    for token in [t for t in state.join_tokens if t.scope == scope]:
        node = ctx.index.nodes[token.node]
        if node.kind in _JOIN_KINDS:
            _settle_join(ctx, node, scope)
    if ctx.queue or not _idle(state, scope):
        return
    if scope is None:
        ctx.finish_instance(InstanceStatus.COMPLETED)
        return
    if scope not in state.open:
        return
    activity = ctx.edit(scope)
    node = ctx.index.nodes[activity.node]
    ctx.engine.behaviors[node.kind].on_scope_done(ctx, node, activity)


def _settle_join(ctx: Context, node: Node, scope: str | None) -> None:
    """Let a waiting join fire. With incidents, a join that fires but cannot leave (no flow
    can be taken, a condition fails) raises an incident holding a token at it: resolving
    lets that token enter the join again (it fires alone, the others are gone)."""
    if not ctx.definition.incidents:
        ctx.engine.behaviors[node.kind].on_settle(ctx, node, scope)
        return
    queued = len(ctx.queue)
    try:
        ctx.engine.behaviors[node.kind].on_settle(ctx, node, scope)
    except EvaluationError as exc:
        while len(ctx.queue) > queued:
            ctx.queue.pop()
        token = Token(node.id, scope, None)
        ctx.raise_incident(
            IncidentKind.EXTRACT_VALUE_ERROR, str(exc), resume=Resume.ENTER, token=token
        )


def _idle(state: InstanceState, scope: str | None) -> bool:
    if state.incidents and any(_held_in(state, h) == scope for h in state.incidents.values()):
        return False
    if scope is None:
        return not state.open and not state.join_tokens and not state.parked
    activities = state.activities
    if any(activities[a].scope == scope for a in state.open):
        return False
    if any(t.scope == scope for t in state.join_tokens):
        return False
    return not any(t.scope == scope for t in state.parked)


def _held_in(state: InstanceState, hold: IncidentHold) -> str | None:
    """The scope an incident holds open."""
    if hold.token is not None:
        return hold.token.scope
    return state.activities[hold.activity].scope if hold.activity is not None else None


def _deepest(state: InstanceState, scopes: set[str | None]) -> str | None:
    if len(scopes) == 1:
        return next(iter(scopes))

    def depth(scope: str | None) -> int:
        level = 0
        while scope is not None:
            level += 1
            scope = state.activities[scope].scope
        return level

    return max(scopes, key=depth)


def _fail(ctx: Context, token: Token | None, reason: str) -> None:
    if token is not None:
        ctx.queue.appendleft(token)
    ctx.finish_instance(InstanceStatus.FAILED, reason)

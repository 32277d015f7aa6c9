"""Publishing and correlating BPMN messages (`POST /v2/messages/publication` and
`/correlation`). Returns domain results; `api/camunda/messages` renders them.

- A publication reaches, in one transaction, the open subscriptions with its name and
  correlation key (the oldest per process: a message correlates once per process) and the
  message start events of every process (one new instance each; a process whose running
  instance was started for the same non-empty key starts none). With a time to live it is
  then kept for subscriptions opened later, each process once; a message id is unique per
  name and key while its message is kept (a second publication answers 409).
- A correlation reaches exactly one: the oldest open subscription, else the first message
  start event; it is never kept, and answers 404 when nothing waits for it.
Both serialize on the (name, key) lock with the subscriptions opened meanwhile.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy.engine import Connection

from baton.ids import new_key_text
from baton.model.errors import Conflict, FieldError, InvalidInput, NotFound
from baton.model.identity import Caller
from baton.model.process import TriggerKind
from baton.services import runtime
from baton.services.context import ServiceContext
from baton.services.event_subscriptions import deliver, start_by_event
from baton.services.tenants import require_tenant
from baton.services.values import check_value
from baton.store import subscriptions as subs

MESSAGE = TriggerKind.MESSAGE.value
MAX_TTL_MS = 365 * 24 * 3600 * 1000


@dataclass(frozen=True)
class Correlated:
    message_key: str
    instance_id: str


def publish(
    ctx: ServiceContext,
    caller: Caller,
    *,
    name: str,
    correlation_key: str,
    variables: dict[str, Any],
    time_to_live_ms: int = 0,
    message_id: str | None = None,
    tenant: str | None = None,
) -> str:
    """Publish a message; its key."""
    _check(ctx, name, variables, tenant)
    if not 0 <= time_to_live_ms <= MAX_TTL_MS:
        raise InvalidInput(
            f"timeToLive must be from 0 to {MAX_TTL_MS} ms",
            errors=[FieldError("timeToLive", "out of range")],
        )
    key = new_key_text()
    results: list[runtime.CommandResult] = []
    with ctx.db.write() as conn:
        now = ctx.now_ms()
        subs.lock_key(conn, name, correlation_key)
        subs.purge_expired(conn, name, correlation_key, now)
        if message_id and subs.has_message_id(conn, name, correlation_key, message_id):
            raise _duplicate(name, correlation_key, message_id)
        reached = _reach_subscriptions(ctx, conn, caller, name, correlation_key, variables, results)
        for start in subs.starts(conn, MESSAGE, name):
            if start.def_name in reached:
                continue
            result = start_by_event(
                ctx,
                conn,
                start,
                variables,
                caller.actor,
                caller=caller,
                correlation_key=correlation_key,
            )
            if result is not None:
                reached.add(start.def_name)
                results.append(result)
        if time_to_live_ms > 0:
            kept = subs.buffer(
                conn,
                key=key,
                name=name,
                correlation_key=correlation_key,
                message_id=message_id or None,
                variables=variables,
                expires_at=now + time_to_live_ms,
                now=now,
            )
            if not kept:
                raise _duplicate(name, correlation_key, message_id or "")
            subs.mark_correlated(conn, key, reached)
    runtime.after_commit(ctx, results)
    return key


def correlate(
    ctx: ServiceContext,
    caller: Caller,
    *,
    name: str,
    correlation_key: str,
    variables: dict[str, Any],
    tenant: str | None = None,
) -> Correlated:
    """Correlate a message to exactly one subscription or message start event."""
    _check(ctx, name, variables, tenant)
    key = new_key_text()
    with ctx.db.write() as conn:
        subs.lock_key(conn, name, correlation_key)
        result = _first(ctx, conn, caller, name, correlation_key, variables)
    if result is None:
        raise NotFound(
            f"Expected to find subscription for message with name '{name}' and correlation "
            f"key '{correlation_key}', but none was found."
        )
    runtime.after_commit(ctx, [result])
    return Correlated(key, result.state.instance_id)


def _first(
    ctx: ServiceContext,
    conn: Connection,
    caller: Caller,
    name: str,
    correlation_key: str,
    variables: dict[str, Any],
) -> runtime.CommandResult | None:
    for row in subs.waiting(conn, MESSAGE, name, correlation_key):
        result = deliver(ctx, conn, row, variables, caller.actor, caller)
        if result is not None:
            return result
    for start in subs.starts(conn, MESSAGE, name):
        result = start_by_event(
            ctx,
            conn,
            start,
            variables,
            caller.actor,
            caller=caller,
            correlation_key=correlation_key,
        )
        if result is not None:
            return result
    return None


def _reach_subscriptions(
    ctx: ServiceContext,
    conn: Connection,
    caller: Caller,
    name: str,
    correlation_key: str,
    variables: dict[str, Any],
    results: list[runtime.CommandResult],
) -> set[str]:
    """Deliver to the oldest open subscription of each process; the processes reached."""
    reached: set[str] = set()
    for row in subs.waiting(conn, MESSAGE, name, correlation_key):
        if row.def_name in reached:
            continue
        result = deliver(ctx, conn, row, variables, caller.actor, caller)
        if result is not None:
            reached.add(row.def_name)
            results.append(result)
    return reached


def _check(ctx: ServiceContext, name: str, variables: dict[str, Any], tenant: str | None) -> None:
    require_tenant(tenant)
    if not name:
        raise InvalidInput("name must not be empty", errors=[FieldError("name", "empty")])
    check_value(ctx, variables, "variables")


def _duplicate(name: str, correlation_key: str, message_id: str) -> Conflict:
    return Conflict(
        f"Expected to publish a new message with id '{message_id}', but a message with that "
        f"id was already published (name '{name}', correlation key '{correlation_key}')"
    )

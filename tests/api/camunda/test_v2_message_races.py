"""Messages are correlated exactly once under concurrency, settled by the database: two
publications racing one subscription, and a subscription opened while a buffered message
arrives. Real threads on two server contexts (each its own connections and writer) over one
database; marked `db`, so they run on SQLite and on PostgreSQL."""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from functools import partial
from typing import Any

import pytest
import sqlalchemy as sa
from test_v2_messages import HEAD, deploy

from baton.app import build_context
from baton.model.identity import Caller
from baton.services import bpmn_signals, messages, process_instances
from baton.services.auth import authenticate
from baton.services.context import ServiceContext
from baton.services.process_instances import DefinitionRef
from baton.settings import Settings
from baton.store import subscriptions
from baton.store.db import Database
from baton.store.schema import buffered_messages, event_subscriptions, instances

from support import Api

pytestmark = pytest.mark.db

RACE = (
    HEAD
    + """  <bpmn:signal id="s_go" name="go"/>
  <bpmn:process id="race" isExecutable="true">
    <bpmn:startEvent id="start"/>
    <bpmn:sequenceFlow id="f1" sourceRef="start" targetRef="pay"/>
    <bpmn:intermediateCatchEvent id="pay"><bpmn:messageEventDefinition messageRef="m_paid"/>
    </bpmn:intermediateCatchEvent>
    <bpmn:sequenceFlow id="f2" sourceRef="pay" targetRef="go"/>
    <bpmn:intermediateCatchEvent id="go"><bpmn:signalEventDefinition signalRef="s_go"/>
    </bpmn:intermediateCatchEvent>
    <bpmn:sequenceFlow id="f3" sourceRef="go" targetRef="end"/>
    <bpmn:endEvent id="end"/>
  </bpmn:process>
</bpmn:definitions>
"""
)
ROUNDS = 8


@pytest.fixture
def other(settings: Settings, ctx: ServiceContext) -> Iterator[ServiceContext]:
    """A second server on the same database (its own connections, writer and scheduler)."""
    second = build_context(settings, clock=ctx.clock, db=Database(settings.database_url))  # type: ignore[arg-type]
    yield second
    second.db.dispose()


def _at_once(*actions: Callable[[], Any]) -> tuple[list[Any], list[BaseException]]:
    barrier = threading.Barrier(len(actions))
    results: list[Any] = []
    errors: list[BaseException] = []

    def run(action: Callable[[], Any]) -> None:
        barrier.wait()
        try:
            results.append(action())
        except BaseException as exc:
            errors.append(exc)

    threads = [threading.Thread(target=run, args=(a,)) for a in actions]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return results, errors


def _start(ctx: ServiceContext, admin: Caller, order: str) -> str:
    view = process_instances.create(
        ctx, admin, DefinitionRef(process_id="race"), {"orderId": order}
    )
    return view.key


def _keys(ctx: ServiceContext) -> set[str]:
    with ctx.db.read() as conn:
        return set(conn.execute(sa.select(instances.c.id)).scalars())


def _variables(ctx: ServiceContext, admin: Caller, key: str) -> dict[str, Any]:
    return process_instances.get(ctx, admin, key).variables


def _count(ctx: ServiceContext, table: Any, **where: Any) -> int:
    with ctx.db.read() as conn:
        stmt = sa.select(sa.func.count()).select_from(table)
        for column, value in where.items():
            stmt = stmt.where(table.c[column] == value)
        return int(conn.execute(stmt).scalar() or 0)


def test_two_publications_racing_one_subscription_correlate_once(
    api: Api, ctx: ServiceContext, other: ServiceContext
) -> None:
    deploy(api, "race.bpmn", RACE)
    admin = authenticate(ctx, api.admin["X-Authorization"])
    for round_ in range(ROUNDS):
        order = f"o{round_}"
        key = _start(ctx, admin, order)
        ttl = 0 if round_ % 2 == 0 else 60_000
        send = partial(
            messages.publish, caller=admin, name="paid", correlation_key=order, time_to_live_ms=ttl
        )
        _, errors = _at_once(
            partial(send, ctx, variables={"by": "a", "a": True}),
            partial(send, other, variables={"by": "b", "b": True}),
        )
        assert errors == []
        found = _variables(ctx, admin, key)
        assert ("a" in found) != ("b" in found), found  # exactly one reached it
        assert found["by"] in ("a", "b")
        kept = _count(ctx, buffered_messages, correlation_key=order)
        assert kept == (0 if ttl == 0 else 2)  # the loser stays buffered (TTL) or is dropped
        # the winner consumed the subscription; the instance waits for the signal now
        assert _count(ctx, event_subscriptions, correlation_key=order) == 0


def test_a_subscription_opened_while_a_buffered_message_arrives_gets_it_once(
    api: Api, ctx: ServiceContext, other: ServiceContext
) -> None:
    deploy(api, "race.bpmn", RACE)
    admin = authenticate(ctx, api.admin["X-Authorization"])
    for round_ in range(ROUNDS):
        order = f"b{round_}"
        publish = partial(
            messages.publish,
            ctx,
            admin,
            name="paid",
            correlation_key=order,
            variables={"paid": order},
            time_to_live_ms=60_000,
        )
        results, errors = _at_once(partial(_start, other, admin, order), publish)
        assert errors == []
        assert ctx.scheduler is not None
        ctx.scheduler.run_due()  # a subscription that found the key locked looks again
        (key,) = [r for r in results if r in _keys(ctx)]
        assert _variables(ctx, admin, key).get("paid") == order
        assert _count(ctx, event_subscriptions, kind="message", correlation_key=order) == 0
        assert _count(ctx, event_subscriptions, kind="signal", instance_id=key) == 1


def test_racing_broadcasts_trigger_a_signal_subscription_once(
    api: Api, ctx: ServiceContext, other: ServiceContext
) -> None:
    deploy(api, "race.bpmn", RACE)
    admin = authenticate(ctx, api.admin["X-Authorization"])
    key = _start(ctx, admin, "s")
    messages.publish(ctx, admin, name="paid", correlation_key="s", variables={})
    _, errors = _at_once(
        lambda: bpmn_signals.broadcast(ctx, admin, name="go", variables={"one": 1}),
        lambda: bpmn_signals.broadcast(other, admin, name="go", variables={"two": 2}),
    )
    assert errors == []
    view = process_instances.get(ctx, admin, key)
    assert view.state == "COMPLETED"
    assert ("one" in view.variables) != ("two" in view.variables)


def test_message_id_races_keep_one_message(
    api: Api, ctx: ServiceContext, other: ServiceContext
) -> None:
    admin = authenticate(ctx, api.admin["X-Authorization"])

    def send(server: ServiceContext) -> str:
        return messages.publish(
            server,
            admin,
            name="paid",
            correlation_key="dup",
            variables={},
            time_to_live_ms=60_000,
            message_id="same",
        )

    results, errors = _at_once(lambda: send(ctx), lambda: send(other))
    assert len(results) == 1 and len(errors) == 1
    assert "already published" in str(errors[0])
    with ctx.db.read() as conn:
        assert subscriptions.has_message_id(conn, "paid", "dup", "same")

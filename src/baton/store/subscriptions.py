"""Queries on BPMN message and signal subscriptions, start events and buffered messages.

Races are settled here, by the database: a subscription is consumed by the one transaction
whose guarded DELETE removes its row; a message id is unique by index; publishers and
subscribers of one (name, correlation key) serialize on a transaction-scoped advisory lock
on PostgreSQL (a SQLite write transaction already excludes every other writer).
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from baton.store.schema import (
    buffered_messages,
    event_subscriptions,
    message_correlations,
    message_start_keys,
    start_subscriptions,
)


@dataclass(frozen=True)
class SubscriptionRow:
    id: str
    instance_id: str
    task_id: str
    node_id: str
    def_name: str
    correlation_key: str | None = None


@dataclass(frozen=True)
class StartRow:
    def_name: str
    def_version: int
    node_id: str


@dataclass(frozen=True)
class BufferedMessage:
    key: str
    variables: dict[str, Any]


def lock_key(conn: Connection, name: str, correlation_key: str, *, wait: bool = True) -> bool:
    """Serialize publishers and subscribers of one message name and key until the transaction
    ends (PostgreSQL). Without `wait`, False when another transaction holds it."""
    if conn.dialect.name != "postgresql":
        return True
    function = "pg_advisory_xact_lock" if wait else "pg_try_advisory_xact_lock"
    found = conn.execute(
        sa.text(f"SELECT {function}(hashtextextended(:key, 0))"),
        {"key": f"baton.messages:{name}\x1f{correlation_key}"},
    ).scalar()
    return wait or bool(found)


# ---------------------------------------------------------------- subscriptions


def open_subscription(
    conn: Connection,
    *,
    subscription_id: str,
    kind: str,
    name: str,
    correlation_key: str | None,
    instance_id: str,
    task_id: str,
    node_id: str,
    def_name: str,
    now: int,
) -> None:
    conn.execute(
        event_subscriptions.insert().values(
            id=subscription_id,
            kind=kind,
            name=name,
            correlation_key=correlation_key,
            instance_id=instance_id,
            task_id=task_id,
            node_id=node_id,
            def_name=def_name,
            created_at=now,
        )
    )


def close_for_task(conn: Connection, task_id: str) -> None:
    conn.execute(event_subscriptions.delete().where(event_subscriptions.c.task_id == task_id))


def waiting(
    conn: Connection, kind: str, name: str, correlation_key: str | None = None
) -> list[SubscriptionRow]:
    """Open subscriptions to a message (name and key) or a signal (name), oldest first."""
    c = event_subscriptions.c
    where = [c.kind == kind, c.name == name]
    if correlation_key is not None:
        where.append(c.correlation_key == correlation_key)
    rows = conn.execute(
        sa.select(c.id, c.instance_id, c.task_id, c.node_id, c.def_name, c.correlation_key)
        .where(*where)
        .order_by(c.created_at, c.id)
    ).mappings()
    return [SubscriptionRow(**r) for r in rows]


def take(conn: Connection, subscription_id: str) -> bool:
    """Consume a subscription; True for the one transaction that removed its row."""
    stmt = event_subscriptions.delete().where(event_subscriptions.c.id == subscription_id)
    return bool(conn.execute(stmt).rowcount)


# ---------------------------------------------------------------- start events


def replace_starts(
    conn: Connection, def_name: str, def_version: int, starts: Iterable[tuple[str, str, str]]
) -> None:
    """The latest version's (node id, kind, name) start events replace the older ones'."""
    conn.execute(start_subscriptions.delete().where(start_subscriptions.c.def_name == def_name))
    rows = [
        {"def_name": def_name, "def_version": def_version, "node_id": n, "kind": k, "name": m}
        for n, k, m in starts
    ]
    if rows:
        conn.execute(start_subscriptions.insert(), rows)


def starts(conn: Connection, kind: str, name: str) -> list[StartRow]:
    c = start_subscriptions.c
    rows = conn.execute(
        sa.select(c.def_name, c.def_version, c.node_id)
        .where(c.kind == kind, c.name == name)
        .order_by(c.def_name, c.node_id)
    ).mappings()
    return [StartRow(**r) for r in rows]


def starts_of(conn: Connection, def_name: str, kind: str) -> list[tuple[StartRow, str]]:
    """A process's start events of one kind, with the message or signal name of each."""
    c = start_subscriptions.c
    rows = conn.execute(
        sa.select(c.def_name, c.def_version, c.node_id, c.name)
        .where(c.def_name == def_name, c.kind == kind)
        .order_by(c.node_id)
    ).mappings()
    return [(StartRow(r["def_name"], r["def_version"], r["node_id"]), r["name"]) for r in rows]


def claim_start_key(
    conn: Connection, def_name: str, correlation_key: str, instance_id: str
) -> bool:
    """Hold `correlation_key` for a new instance of `def_name`; False while another holds it."""
    c = message_start_keys.c
    held = conn.execute(
        sa.select(sa.literal(1)).where(c.def_name == def_name, c.correlation_key == correlation_key)
    ).first()
    if held is not None:
        return False
    try:  # two messages of different names may race for one process and key
        with conn.begin_nested():
            conn.execute(
                message_start_keys.insert().values(
                    def_name=def_name, correlation_key=correlation_key, instance_id=instance_id
                )
            )
    except sa.exc.IntegrityError:
        return False
    return True


def release_start_keys(conn: Connection, instance_id: str) -> list[tuple[str, str]]:
    """Free the correlation keys an ended instance held: (process, key) pairs."""
    c = message_start_keys.c
    stmt = (
        message_start_keys.delete()
        .where(c.instance_id == instance_id)
        .returning(c.def_name, c.correlation_key)
    )
    return [(str(r[0]), str(r[1])) for r in conn.execute(stmt)]


# ---------------------------------------------------------------- buffered messages


def purge_expired(conn: Connection, name: str, correlation_key: str, now: int) -> None:
    c = buffered_messages.c
    expired = sa.select(c.key).where(
        c.name == name, c.correlation_key == correlation_key, c.expires_at <= now
    )
    conn.execute(
        message_correlations.delete().where(message_correlations.c.message_key.in_(expired))
    )
    conn.execute(
        buffered_messages.delete().where(
            c.name == name, c.correlation_key == correlation_key, c.expires_at <= now
        )
    )


def has_message_id(conn: Connection, name: str, correlation_key: str, message_id: str) -> bool:
    c = buffered_messages.c
    stmt = sa.select(sa.literal(1)).where(
        c.name == name, c.correlation_key == correlation_key, c.message_id == message_id
    )
    return conn.execute(stmt).first() is not None


def buffer(
    conn: Connection,
    *,
    key: str,
    name: str,
    correlation_key: str,
    message_id: str | None,
    variables: dict[str, Any],
    expires_at: int,
    now: int,
) -> bool:
    """Keep a message until `expires_at`; False when its message id is taken (the unique
    index decides between racing publishers)."""
    try:
        with conn.begin_nested():
            conn.execute(
                buffered_messages.insert().values(
                    key=key,
                    name=name,
                    correlation_key=correlation_key,
                    message_id=message_id,
                    variables=json.dumps(variables, separators=(",", ":")),
                    expires_at=expires_at,
                    created_at=now,
                )
            )
    except sa.exc.IntegrityError:
        return False
    return True


def buffered_for(
    conn: Connection, name: str, correlation_key: str, def_name: str, now: int
) -> list[BufferedMessage]:
    """Live buffered messages for a name and key that have not reached `def_name`, oldest
    first."""
    c = buffered_messages.c
    reached = sa.select(message_correlations.c.message_key).where(
        message_correlations.c.def_name == def_name
    )
    rows = conn.execute(
        sa.select(c.key, c.variables)
        .where(
            c.name == name,
            c.correlation_key == correlation_key,
            c.expires_at > now,
            c.key.not_in(reached),
        )
        .order_by(c.created_at, c.key)
    ).mappings()
    return [BufferedMessage(r["key"], json.loads(r["variables"])) for r in rows]


def mark_correlated(conn: Connection, message_key: str, def_names: Iterable[str]) -> None:
    rows = [{"message_key": message_key, "def_name": d} for d in sorted(set(def_names))]
    if rows:
        conn.execute(message_correlations.insert(), rows)


def get(conn: Connection, subscription_id: str) -> SubscriptionRow | None:
    c = event_subscriptions.c
    row = (
        conn.execute(
            sa.select(
                c.id, c.instance_id, c.task_id, c.node_id, c.def_name, c.correlation_key
            ).where(c.id == subscription_id)
        )
        .mappings()
        .first()
    )
    return SubscriptionRow(**row) if row is not None else None

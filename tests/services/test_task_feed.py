"""Who is told what about a human-task change (`task_feed.event_for`), and the feed's
cursor over a log whose numbers may commit out of order (PostgreSQL sequences)."""

from __future__ import annotations

import asyncio
from typing import Any

from baton.model.identity import Caller, CallerKind, Role
from baton.services.task_feed import Subscription, TaskEvent, _Cursor, event_for
from baton.store.task_events import TaskEventRow

ANA = Caller(CallerKind.USER, "ana", "Ana", frozenset({Role.USER}), groups=frozenset({"crew"}))
EVE = Caller(CallerKind.USER, "eve", "Eve", frozenset({Role.USER}), groups=frozenset({"others"}))
ADMIN = Caller(CallerKind.USER, "root", "Root", frozenset({Role.ADMIN}))
CREW = ["CONDUCTOR_GROUP:crew"]


def glimpse(state: str = "ASSIGNED", claimant: str | None = None, offer: Any = None) -> Any:
    return {"s": state, "c": claimant, "o": CREW if offer is None else offer, "a": False}


def row(before: Any, after: Any, seq: int = 1) -> TaskEventRow:
    return TaskEventRow(seq, "t1", "i1", "review", "app:starter", before, after)


def kind(caller: Caller, before: Any, after: Any) -> str | None:
    event = event_for(caller, row(before, after), lambda _definition: [])
    return event.kind if event else None


def test_a_new_task_is_offered_to_its_group_and_to_admins_only() -> None:
    assert kind(ANA, None, glimpse()) == "offered"
    assert kind(ADMIN, None, glimpse()) == "offered"
    assert kind(EVE, None, glimpse()) is None


def test_claim_release_complete_and_escalation() -> None:
    claimed = glimpse("IN_PROGRESS", "CONDUCTOR_USER:bob")
    event = event_for(ANA, row(glimpse(), claimed), lambda _d: [])
    assert event is not None and (event.kind, event.assignee) == ("claimed", "bob")
    assert kind(ANA, claimed, glimpse()) == "released"
    assert kind(ANA, claimed, glimpse("COMPLETED", "CONDUCTOR_USER:bob")) == "completed"
    assert kind(ANA, glimpse(), glimpse("DELETED")) == "removed"
    # escalated from crew to others: gone for ana, new for eve
    others = glimpse(offer=["CONDUCTOR_GROUP:others"])
    assert kind(ANA, glimpse(), others) == "removed"
    assert kind(EVE, glimpse(), others) == "offered"
    assert kind(ANA, glimpse(), glimpse()) == "changed"


def test_a_read_grant_on_the_definition_shows_changes() -> None:
    grants = [("USER", "eve", "READ")]
    new = event_for(EVE, row(None, glimpse()), lambda _d: grants)
    assert new is not None and new.kind == "offered"  # new in what eve sees
    later = event_for(EVE, row(glimpse(), glimpse()), lambda _d: grants)
    assert later is not None and later.kind == "changed"


def test_cursor_asks_again_for_numbers_committed_late() -> None:
    cursor = _Cursor(top=0)
    assert [r.seq for r in cursor.advance([row(None, glimpse(), 1), row(None, glimpse(), 3)])] == [
        1,
        3,
    ]
    assert set(cursor.missing) == {2}
    late = [row(None, glimpse(), 2), row(None, glimpse(), 3)]
    assert [r.seq for r in cursor.advance(late)] == [2]
    assert cursor.missing == {}


def test_a_subscriber_too_far_behind_is_dropped_not_buffered() -> None:
    async def scenario() -> list[object]:
        sub = Subscription(ANA, asyncio.Queue(maxsize=3))
        for seq in range(1, 10):
            sub.offer(TaskEvent(seq, "changed", "t1", "i1", None))
        return [sub.queue.get_nowait() for _ in range(sub.queue.qsize())]

    # what was queued is forgotten; the stream is told to end (None) and holds nothing else
    assert asyncio.run(scenario()) == [None]

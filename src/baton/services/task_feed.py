"""Live human-task events for the web app: one feed per server process, many subscribers.

Every change of a human task appends a row to `task_events` in its own transaction
(`lifecycle`). The feed of a process reads that log past its cursor, so a change committed
by any server process over the same database reaches the browsers connected to this one;
it reads at once when this process commits such a change (a `Database.on_commit` wake-up)
and every `poll_seconds` otherwise. One read serves all subscribers: each is told only
what it may see (`authz.may_read_at`), as a `TaskEvent` of its own.

PostgreSQL hands out sequence numbers before commit, so a later number may become visible
before an earlier one: numbers skipped by a read are asked for again for `GAP_SECONDS`
(a transaction that rolled back leaves a hole for good).

A subscriber holds at most `queue_size` undelivered events: one that falls further behind
is dropped (its stream ends; the browser reconnects and reloads), never buffered forever.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Literal

import anyio.to_thread

from baton.model.human_task.glimpse import Glimpse
from baton.model.human_task.task import HumanTaskState
from baton.model.identity import Caller
from baton.services import authz
from baton.services.authz import Grants
from baton.services.context import ServiceContext
from baton.store import task_events
from baton.store.task_events import TaskEventRow

log = logging.getLogger("baton.live")

Kind = Literal["offered", "claimed", "released", "completed", "changed", "removed"]

GAP_SECONDS = 30.0
MAX_GAPS = 1_000
READ_LIMIT = 500


@dataclass(frozen=True)
class TaskEvent:
    """What one viewer is told about one change."""

    seq: int
    kind: Kind
    task_id: str
    instance_id: str | None
    assignee: str | None  # the user holding the task now


def event_for(
    caller: Caller, row: TaskEventRow, grants: Callable[[str], Grants]
) -> TaskEvent | None:
    """What `caller` is told about `row`, or None when it is none of their business."""
    before = Glimpse.from_dict(row.before) if row.before is not None else None
    after = Glimpse.from_dict(row.after)

    def sees(glimpse: Glimpse | None) -> bool:
        return glimpse is not None and authz.may_read_at(
            caller, glimpse, owner=row.owner, grants=grants(row.definition_name)
        )

    saw, sees_now = sees(before), sees(after)
    if not (saw or sees_now):
        return None
    holder = after.claimant.user if after.claimant is not None else None
    kind: Kind
    if not sees_now:
        kind = "removed"
    elif after.state is HumanTaskState.COMPLETED:
        kind = "completed"
    elif after.state.is_terminal:
        kind = "removed"
    elif after.claimant is not None and (before is None or before.claimant != after.claimant):
        kind = "claimed"
    elif before is not None and before.claimant is not None and after.claimant is None:
        kind = "released"
    elif authz.is_open_to(caller, after) and (
        before is None or not saw or not authz.is_open_to(caller, before)
    ):
        kind = "offered"
    elif not saw:
        kind = "offered"  # newly visible to this viewer (e.g. claimed for them by someone)
    else:
        kind = "changed"
    return TaskEvent(row.seq, kind, row.task_id, row.instance_id, holder)


@dataclass(eq=False)
class Subscription:
    """One open stream: the events meant for `caller`, None once it is dropped or the
    server stops."""

    caller: Caller
    queue: asyncio.Queue[TaskEvent | None]
    ended: bool = False
    start: int = 0  # the feed had read up to here when it subscribed

    def offer(self, event: TaskEvent | None) -> None:
        if self.ended:
            return
        if event is None or self.queue.full():
            # too far behind (or closing): forget what is queued and end the stream
            self.ended = True
            while not self.queue.empty():
                self.queue.get_nowait()
            self.queue.put_nowait(None)
            return
        self.queue.put_nowait(event)


@dataclass
class _Cursor:
    """Where the feed has read up to, and the numbers below it not seen yet."""

    top: int
    missing: dict[int, float] = field(default_factory=dict)  # seq -> give up after (monotonic)

    def advance(self, rows: Iterable[TaskEventRow]) -> list[TaskEventRow]:
        """The rows not delivered before, in order; remembers the holes they leave."""
        now = time.monotonic()
        fresh: list[TaskEventRow] = []
        for row in rows:
            if row.seq in self.missing:
                del self.missing[row.seq]
            elif row.seq <= self.top:
                continue
            else:
                for hole in range(self.top + 1, min(row.seq, self.top + 1 + MAX_GAPS)):
                    self.missing[hole] = now + GAP_SECONDS
                self.top = row.seq
            fresh.append(row)
        for seq in [s for s, until in self.missing.items() if until < now]:
            del self.missing[seq]
        while len(self.missing) > MAX_GAPS:
            del self.missing[min(self.missing)]
        return fresh


class TaskFeed:
    """The live feed of one server process (see the module docstring)."""

    def __init__(
        self, ctx: ServiceContext, *, poll_seconds: float = 1.0, queue_size: int = 1_000
    ) -> None:
        self._ctx = ctx
        self.poll_seconds = poll_seconds
        self.queue_size = queue_size
        self._subscribers: set[Subscription] = set()
        self._loop: asyncio.AbstractEventLoop | None = None
        self._wake: asyncio.Event | None = None
        self._task: asyncio.Task[None] | None = None
        self._unlisten: Callable[[], None] | None = None
        self._start_lock: asyncio.Lock | None = None
        self._cursor: _Cursor | None = None
        self._stopped = False

    @property
    def subscribers(self) -> int:
        return len(self._subscribers)

    async def subscribe(self, caller: Caller) -> Subscription:
        """A new subscription, delivered everything committed from now on."""
        sub = Subscription(caller, asyncio.Queue(maxsize=self.queue_size))
        if self._stopped:
            sub.offer(None)
            return sub
        self._subscribers.add(sub)
        await self._ensure_running()
        sub.start = self._cursor.top if self._cursor is not None else 0
        return sub

    async def missed(self, sub: Subscription, since: int) -> list[TaskEvent]:
        """What `sub`'s caller was told after event `since` and before it subscribed (a
        browser reconnecting after a dropped stream), as far as the log still holds it."""
        if since >= sub.start:
            return []

        def read() -> list[TaskEvent]:
            with self._ctx.db.read() as conn:
                rows = task_events.read(conn, since, limit=READ_LIMIT)
                grants: dict[str, Grants] = {}

                def grants_of(definition: str) -> Grants:
                    if definition not in grants:
                        grants[definition] = authz.task_definition_grants(conn, definition)
                    return grants[definition]

                found = (event_for(sub.caller, row, grants_of) for row in rows)
                return [e for e in found if e is not None and e.seq <= sub.start]

        return await anyio.to_thread.run_sync(read)

    def unsubscribe(self, sub: Subscription) -> None:
        self._subscribers.discard(sub)
        sub.ended = True

    def stop(self) -> None:
        """End every stream (the server is stopping); safe to call from any thread or a
        signal handler."""
        self._stopped = True
        loop = self._loop
        if loop is None or loop.is_closed():
            return
        with contextlib.suppress(RuntimeError):  # the loop closed meanwhile
            loop.call_soon_threadsafe(self._end_all)

    def _end_all(self) -> None:
        for sub in list(self._subscribers):
            sub.offer(None)
        self._subscribers.clear()
        if self._wake is not None:
            self._wake.set()

    async def _ensure_running(self) -> None:
        loop = asyncio.get_running_loop()
        if self._loop is not loop or self._start_lock is None:  # first use (or a new loop)
            self._loop, self._start_lock, self._task = loop, asyncio.Lock(), None
        async with self._start_lock:
            if self._task is not None and not self._task.done():
                return
            self._wake = asyncio.Event()
            if self._unlisten is None:
                self._unlisten = self._ctx.db.on_commit(self._on_commit)
            self._cursor = _Cursor(await anyio.to_thread.run_sync(self._last_seq))
            self._task = loop.create_task(self._run(self._cursor), name="baton-task-feed")

    def _last_seq(self) -> int:
        with self._ctx.db.read() as conn:
            return task_events.last_seq(conn)

    def _on_commit(self, topics: frozenset[str]) -> None:
        """A write of this process committed (in its thread): read at once if it was ours."""
        loop, wake = self._loop, self._wake
        if task_events.TOPIC in topics and loop is not None and wake is not None:
            with contextlib.suppress(RuntimeError):
                loop.call_soon_threadsafe(wake.set)

    async def _run(self, cursor: _Cursor) -> None:
        wake = self._wake
        assert wake is not None
        try:
            while self._subscribers and not self._stopped:
                with contextlib.suppress(TimeoutError):
                    await asyncio.wait_for(wake.wait(), timeout=self.poll_seconds)
                wake.clear()
                if not self._subscribers or self._stopped:
                    break
                try:
                    full = await self._read_once(cursor)
                except Exception:
                    log.exception("live task feed: reading task_events failed; retrying")
                    continue
                if full:
                    wake.set()  # more waiting: read on without a pause
        finally:
            if self._unlisten is not None:
                self._unlisten()
                self._unlisten = None

    async def _read_once(self, cursor: _Cursor) -> bool:
        subscribers = list(self._subscribers)
        missing = list(cursor.missing)
        top = cursor.top
        rows, deliveries = await anyio.to_thread.run_sync(
            self._read_and_route, top, missing, subscribers
        )
        fresh = {row.seq for row in cursor.advance(rows)}
        for sub, event in deliveries:
            if event.seq in fresh and sub in self._subscribers:
                sub.offer(event)
                if sub.ended:
                    self._subscribers.discard(sub)
        return len(rows) >= READ_LIMIT

    def _read_and_route(
        self, top: int, missing: list[int], subscribers: list[Subscription]
    ) -> tuple[list[TaskEventRow], list[tuple[Subscription, TaskEvent]]]:
        """Read the new rows and decide who is told what (in a worker thread: this reads
        the database, once per batch and definition for the grants)."""
        with self._ctx.db.read() as conn:
            rows = task_events.read(conn, top, missing, limit=READ_LIMIT)
            grants: dict[str, Grants] = {}

            def grants_of(definition: str) -> Grants:
                if definition not in grants:
                    grants[definition] = authz.task_definition_grants(conn, definition)
                return grants[definition]

            deliveries: list[tuple[Subscription, TaskEvent]] = []
            for row in rows:
                for sub in subscribers:
                    event = event_for(sub.caller, row, grants_of)
                    if event is not None:
                        deliveries.append((sub, event))
        return rows, deliveries

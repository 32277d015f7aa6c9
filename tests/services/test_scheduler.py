"""The leased scheduler: timers fire when due, once, and failures are retried."""

from __future__ import annotations

import os
import socket
import threading
from dataclasses import replace

import pytest
import sqlalchemy as sa
from sqlalchemy.engine import Connection

from baton.clock import FakeClock
from baton.services.context import ServiceContext
from baton.services.scheduler import MAX_RETRY_DELAY_MS, Scheduler
from baton.settings import Settings
from baton.store import incidents, timers
from baton.store.schema import server_secrets
from baton.store.schema import timers as timers_table
from baton.store.timers import TimerRow


def _record(_ctx: ServiceContext, conn: Connection, timer: TimerRow) -> None:
    # server_secrets.name is a primary key: a second firing of one timer would fail here
    conn.execute(server_secrets.insert().values(name=timer.id, value=timer.kind))


def _fired(ctx: ServiceContext) -> list[str]:
    with ctx.db.read() as conn:
        rows = conn.execute(sa.select(server_secrets.c.name).order_by(server_secrets.c.name))
        return [r for r in rows.scalars() if r.startswith("t")]


def _schedule(ctx: ServiceContext, timer_id: str, due_in_ms: int) -> None:
    with ctx.db.write() as conn:
        timers.schedule(
            conn, timer_id=timer_id, kind="record", due_at=ctx.now_ms() + due_in_ms, payload={}
        )


def test_timer_fires_only_when_due(ctx: ServiceContext, clock: FakeClock) -> None:
    scheduler = Scheduler(ctx, {"record": _record})
    _schedule(ctx, "t1", 60_000)
    assert scheduler.run_due() == 0
    clock.advance(59)
    assert scheduler.run_due() == 0
    clock.advance(1)
    assert scheduler.run_due() == 1
    assert _fired(ctx) == ["t1"]
    assert scheduler.run_due() == 0


def test_cancelled_timer_never_fires(ctx: ServiceContext, clock: FakeClock) -> None:
    scheduler = Scheduler(ctx, {"record": _record})
    _schedule(ctx, "t1", 1000)
    with ctx.db.write() as conn:
        timers.cancel(conn, ["t1"])
    clock.advance(5)
    assert scheduler.run_due() == 0
    assert _fired(ctx) == []


def test_failing_handler_is_retried_later(ctx: ServiceContext, clock: FakeClock) -> None:
    calls: list[str] = []

    def flaky(c: ServiceContext, conn: Connection, timer: TimerRow) -> None:
        calls.append(timer.id)
        if len(calls) == 1:
            raise RuntimeError("transient")
        _record(c, conn, timer)

    scheduler = Scheduler(ctx, {"record": flaky})
    _schedule(ctx, "t1", 0)
    assert scheduler.run_due() == 0
    assert scheduler.run_due() == 0  # backing off
    clock.advance(3)
    assert scheduler.run_due() == 1
    assert calls == ["t1", "t1"]
    assert _fired(ctx) == ["t1"]


def test_timer_that_keeps_failing_becomes_an_incident(
    ctx: ServiceContext, clock: FakeClock
) -> None:
    ctx.settings = replace(ctx.settings, timer_max_attempts=3)
    calls: list[str] = []

    def broken(_c: ServiceContext, _conn: Connection, timer: TimerRow) -> None:
        calls.append(timer.id)
        raise RuntimeError("the mail server said no")

    scheduler = Scheduler(ctx, {"record": broken})
    _schedule(ctx, "t1", 0)
    for _ in range(10):  # far more passes than attempts, each past the longest delay
        scheduler.run_due()
        clock.advance(MAX_RETRY_DELAY_MS / 1000)
    assert calls == ["t1"] * 3
    with ctx.db.read() as conn:
        assert timers.get(conn, "t1") is None
        [incident] = incidents.search(conn, state=None, limit=10)
    assert incident.state == "ACTIVE"
    assert incident.kind == "TIMER_FAILED"
    assert incident.message == "RuntimeError: the mail server said no"
    assert (incident.timer_id, incident.timer_kind, incident.timer_payload) == ("t1", "record", {})


def test_timer_max_attempts_setting() -> None:
    assert Settings.from_env({}).timer_max_attempts == 10
    assert Settings.from_env({"BATON_TIMER_MAX_ATTEMPTS": "4"}).timer_max_attempts == 4
    with pytest.raises(SystemExit, match="BATON_TIMER_MAX_ATTEMPTS"):
        Settings.from_env({"BATON_TIMER_MAX_ATTEMPTS": "0"})


def test_many_schedulers_fire_each_timer_once(ctx: ServiceContext, clock: FakeClock) -> None:
    for i in range(200):
        _schedule(ctx, f"t{i:03d}", 0)
    clock.advance(1)
    schedulers = [Scheduler(ctx, {"record": _record}, batch=7) for _ in range(4)]
    counts: list[int] = []
    errors: list[BaseException] = []

    def run(s: Scheduler) -> None:
        try:
            counts.append(s.run_due())
        except BaseException as exc:  # pragma: no cover - reported below
            errors.append(exc)

    threads = [threading.Thread(target=run, args=(s,)) for s in schedulers]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    assert sum(counts) == 200
    assert len(_fired(ctx)) == 200
    with ctx.db.read() as conn:
        assert timers.next_due_at(conn) is None


def test_background_thread_fires_due_timers(ctx: ServiceContext) -> None:
    done = threading.Event()

    def handler(c: ServiceContext, conn: Connection, timer: TimerRow) -> None:
        done.set()

    scheduler = Scheduler(ctx, {"record": handler}, idle_seconds=0.05)
    scheduler.start()
    try:
        _schedule(ctx, "t1", 0)
        scheduler.wake()
        assert done.wait(10)
    finally:
        scheduler.stop()


def test_a_stopped_scheduler_gives_back_the_rest_of_its_batch(
    ctx: ServiceContext, clock: FakeClock
) -> None:
    """Stopped mid-batch (a graceful shutdown), a scheduler fires no more of the timers it
    leased and releases them: another one fires them at once, at the same clock time."""
    for i in range(3):
        _schedule(ctx, f"t{i}", 0)
    clock.advance(1)
    fired_one = threading.Event()

    def stop_after_one(c: ServiceContext, conn: Connection, timer: TimerRow) -> None:
        _record(c, conn, timer)
        first.request_stop()
        fired_one.set()

    first = Scheduler(ctx, {"record": stop_after_one})
    first.start()
    assert fired_one.wait(10)
    first.stop()
    assert not first.running
    assert _fired(ctx) == ["t0"]
    with ctx.db.read() as conn:
        held = conn.execute(sa.select(timers_table.c.lease_owner)).scalars().all()
    assert held == [None, None]
    assert Scheduler(ctx, {"record": _record}).run_due() == 2
    assert _fired(ctx) == ["t0", "t1", "t2"]


def test_release_gives_back_only_the_owners_leases(ctx: ServiceContext, clock: FakeClock) -> None:
    for i in range(4):
        _schedule(ctx, f"t{i}", 0)
    with ctx.db.write() as conn:
        mine = timers.lease_due(conn, now=ctx.now_ms(), owner="me", lease_ms=60_000, limit=2)
        theirs = timers.lease_due(conn, now=ctx.now_ms(), owner="them", lease_ms=60_000, limit=2)
        assert timers.release_owned(conn, "me") == 2
        assert timers.release_owned(conn, "me") == 0
        again = timers.lease_due(conn, now=ctx.now_ms(), owner="other", lease_ms=60_000, limit=9)
    assert {t.id for t in again} == {t.id for t in mine}
    assert not {t.id for t in again} & {t.id for t in theirs}


def test_a_timer_another_process_holds_is_waited_for_not_polled(
    ctx: ServiceContext, clock: FakeClock
) -> None:
    """A due timer under another scheduler's live lease is next leasable when that lease
    ends, so the idle loop sleeps rather than spins on it."""
    _schedule(ctx, "t1", 0)
    _schedule(ctx, "t2", 5_000)
    now = ctx.now_ms()
    with ctx.db.write() as conn:
        assert timers.next_leasable_at(conn) == now
        timers.lease_due(conn, now=now, owner="them", lease_ms=30_000, limit=9)
        assert timers.next_leasable_at(conn) == now + 5_000
        timers.lease_due(conn, now=now + 5_000, owner="them", lease_ms=30_000, limit=9)
        assert timers.next_leasable_at(conn) == now + 30_000


def test_the_lease_owner_names_host_and_process(ctx: ServiceContext) -> None:
    host, pid, _unique = Scheduler(ctx).owner.split("/")
    assert (host, int(pid)) == (socket.gethostname(), os.getpid())
    assert Scheduler(ctx).owner != Scheduler(ctx).owner

"""The leased timer scheduler (DESIGN principle 4).

Every server process may run one. `run_due()` leases due timers and fires each in its own
transaction, which first takes (deletes) the timer row: a timer fires once, however many
processes run the scheduler. A handler that fails rolls back; the timer is retried later
with a growing delay, and after `BATON_TIMER_MAX_ATTEMPTS` failed firings it becomes an
incident (`services/incidents.py`) instead. Tests call `run_due()` after moving the clock
instead of starting the background thread.

Stopping (a server's graceful shutdown) ends the pass after the timer being fired and gives
back the leases on the rest of the batch, so another process fires them at once rather than
after `LEASE_MS`. The owner names the host and process, so a lease says which server holds it.
"""

from __future__ import annotations

import logging
import os
import socket
import threading
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field

from sqlalchemy.engine import Connection

from baton.services import incidents
from baton.services.context import ServiceContext
from baton.store import timers
from baton.store.timers import TimerRow

log = logging.getLogger("baton.scheduler")

TimerHandler = Callable[[ServiceContext, Connection, TimerRow], None]

LEASE_MS = 30_000
MAX_RETRY_DELAY_MS = 300_000


def new_owner() -> str:
    """A lease owner unique to this scheduler, naming its host and process."""
    return f"{socket.gethostname()}/{os.getpid()}/{uuid.uuid4().hex[:12]}"


@dataclass
class Scheduler:
    ctx: ServiceContext
    handlers: dict[str, TimerHandler] = field(default_factory=dict)
    owner: str = field(default_factory=new_owner)
    batch: int = 100
    idle_seconds: float = 0.5
    _wake: threading.Event = field(default_factory=threading.Event, init=False)
    _stop: threading.Event = field(default_factory=threading.Event, init=False)
    _thread: threading.Thread | None = field(default=None, init=False)

    def register(self, kind: str, handler: TimerHandler) -> None:
        self.handlers[kind] = handler

    def run_due(self) -> int:
        """Fire every timer due now; returns how many fired."""
        fired = 0
        while not self._stop.is_set():
            now = self.ctx.now_ms()
            with self.ctx.db.write() as conn:
                leased = timers.lease_due(
                    conn, now=now, owner=self.owner, lease_ms=LEASE_MS, limit=self.batch
                )
            for timer in leased:
                if self._stop.is_set():
                    break  # the rest of the batch is given back when the loop ends
                fired += self._fire(timer)
            if len(leased) < self.batch:
                break
        return fired

    def release_leases(self) -> int:
        """Give back every timer this scheduler leased and has not fired; how many."""
        with self.ctx.db.write() as conn:
            released = timers.release_owned(conn, self.owner)
        if released:
            log.info("released %d timer leases for other processes", released)
        return released

    def _fire(self, timer: TimerRow) -> int:
        handler = self.handlers.get(timer.kind)
        try:
            with self.ctx.db.write() as conn:
                if not timers.take(conn, timer.id, self.owner):
                    return 0
                if handler is None:
                    log.error(
                        "no handler for timer kind %r; dropping timer %s", timer.kind, timer.id
                    )
                    return 0
                handler(self.ctx, conn, timer)
            self.ctx.metrics.timer_fired(timer.kind, (self.ctx.now_ms() - timer.due_at) / 1000)
            return 1
        except Exception as exc:
            self._failed(timer, f"{type(exc).__name__}: {exc}")
            return 0

    def _failed(self, timer: TimerRow, error: str) -> None:
        """Retry a failed timer later, with a growing delay; after the last allowed attempt
        take it and raise an incident instead, so a handler that keeps failing stops."""
        attempts = int(timer.payload.get(incidents.ATTEMPTS, 0)) + 1
        with self.ctx.db.write() as conn:
            if attempts >= self.ctx.settings.timer_max_attempts:
                log.exception(
                    "timer %s (%s) failed %d times; raising an incident",
                    timer.id,
                    timer.kind,
                    attempts,
                )
                if timers.take(conn, timer.id, self.owner):
                    incidents.record_timer_failure(self.ctx, conn, timer, error)
                return
            log.exception("timer %s (%s) failed; it will be retried", timer.id, timer.kind)
            delay = min(1000 * 2**attempts, MAX_RETRY_DELAY_MS)
            timers.release(
                conn,
                timer.id,
                self.owner,
                due_at=self.ctx.now_ms() + delay,
                payload={**timer.payload, incidents.ATTEMPTS: attempts},
            )

    def wake(self) -> None:
        """A timer was scheduled that may be due soon: look again now."""
        self._wake.set()

    def start(self) -> None:
        if self._thread is None:
            self._stop.clear()
            self._thread = threading.Thread(target=self._loop, name="baton-scheduler", daemon=True)
            self._thread.start()

    @property
    def running(self) -> bool:
        """Its thread is alive (a server process is ready only while it is)."""
        return self._thread is not None and self._thread.is_alive()

    def request_stop(self) -> None:
        """Stop after the timer being fired, without waiting (safe in a signal handler);
        the thread gives back its remaining leases as it ends."""
        self._stop.set()
        self._wake.set()

    def stop(self) -> None:
        """Stop and wait for the thread, which gives back its leases."""
        self.request_stop()
        if self._thread is not None:
            self._thread.join(timeout=10)
            self._thread = None

    def _loop(self) -> None:
        while not self._stop.is_set():
            try:
                self.run_due()
            except Exception:
                log.exception("scheduler pass failed")
            self._wake.wait(self._sleep_seconds())
            self._wake.clear()
        try:
            self.release_leases()
        except Exception:  # they run out after LEASE_MS instead
            log.exception("could not release the timer leases of %s", self.owner)

    def _sleep_seconds(self) -> float:
        try:
            with self.ctx.db.read() as conn:
                due = timers.next_leasable_at(conn)
        except Exception:
            return self.idle_seconds
        if due is None:
            return self.idle_seconds
        return max(0.0, min(self.idle_seconds, (due - self.ctx.now_ms()) / 1000))

"""In-process wake-ups for long polls: a poll waits on its queue's condition and is woken
when this process queues work there. Other processes' work is seen by re-checking the
database at a short interval, so no poll busy-loops and none waits past its timeout."""

from __future__ import annotations

import asyncio
import contextlib
import threading
from collections.abc import Iterable

# Queues remembered at most (one per worker queue, plus one per ended instance): past
# it, the queues nobody waits on are forgotten. A poll that read a forgotten queue's
# generation just wakes once early and re-checks the database.
MAX_REMEMBERED = 10_000


class QueueSignals:
    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._generation: dict[str, int] = {}
        self._waiting: dict[str, int] = {}
        self._changed = threading.Condition(self._lock)
        # waiters on an event loop (no thread held): woken from `notify`'s thread
        self._async: dict[str, set[tuple[asyncio.AbstractEventLoop, asyncio.Event]]] = {}
        self._closing = threading.Event()

    def close(self) -> None:
        """The server is stopping: long polls answer with what they have (nothing) at their
        next look instead of waiting out their timeout. Takes no lock (a signal handler
        calls it); waiters look at least every RECHECK interval."""
        self._closing.set()

    @property
    def closing(self) -> bool:
        return self._closing.is_set()

    def generation(self, queue: str) -> int:
        with self._lock:
            return self._generation.get(queue, 0)

    def notify(self, queues: Iterable[str]) -> None:
        queues = list(queues)
        with self._lock:
            for queue in queues:
                self._generation[queue] = self._generation.get(queue, 0) + 1
            if len(self._generation) > MAX_REMEMBERED:
                self._generation = {q: g for q, g in self._generation.items() if q in self._waiting}
            self._changed.notify_all()
            woken = [w for queue in queues for w in self._async.get(queue, ())]
        for loop, event in woken:
            with contextlib.suppress(RuntimeError):  # that loop closed meanwhile
                loop.call_soon_threadsafe(event.set)

    def wait(self, queue: str, seen: int, timeout: float) -> bool:
        """Wait until `queue` moves past generation `seen` or `timeout` seconds pass."""
        with self._lock:
            self._waiting[queue] = self._waiting.get(queue, 0) + 1
            try:
                return self._changed.wait_for(
                    lambda: self._generation.get(queue, 0) != seen, timeout=timeout
                )
            finally:
                left = self._waiting.pop(queue) - 1
                if left:
                    self._waiting[queue] = left

    async def wait_async(self, queue: str, seen: int, timeout: float) -> bool:
        """`wait` for a coroutine: the event loop waits, no thread is held."""
        waiter = (asyncio.get_running_loop(), asyncio.Event())
        with self._lock:
            if self._generation.get(queue, 0) != seen:
                return True
            self._async.setdefault(queue, set()).add(waiter)
            self._waiting[queue] = self._waiting.get(queue, 0) + 1
        try:
            await asyncio.wait_for(waiter[1].wait(), timeout=timeout)
        except TimeoutError:
            pass
        finally:
            with self._lock:
                waiters = self._async.get(queue, set())
                waiters.discard(waiter)
                if not waiters:
                    self._async.pop(queue, None)
                left = self._waiting.pop(queue) - 1
                if left:
                    self._waiting[queue] = left
        return self.generation(queue) != seen

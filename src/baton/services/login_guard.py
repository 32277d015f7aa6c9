"""Throttling failed logins and bounding concurrent password hashing.

Every password or key-secret check costs one Argon2 hash (tens of milliseconds and 64 MiB of
memory). Unguarded, a client guesses passwords as fast as the server can hash, and a few
threads of wrong guesses take memory and CPU from every other call. So:

- Failed logins are counted per identity (`user:<id>`, `key:<keyId>`) and per client
  address. Once either reaches its limit within the window it is locked: every attempt, a
  correct one too, is refused with 429 and `Retry-After`, without hashing, until the lock
  expires. A success clears the identity's count but not the address's (one valid account
  must not let an address wipe out its failures on the others).
- At most `hashing_concurrency` checks hash at once; a few more wait briefly, the rest are
  refused at once with 503.

The counts live in this process's memory, bounded in size (the least recently failing keys
are forgotten first). Time comes from the service clock, so tests move it instead of sleeping.
"""

from __future__ import annotations

import math
import os
import threading
from collections import OrderedDict
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

from baton.clock import Clock
from baton.model.errors import TooManyRequests
from baton.services.hashing import verify_secret
from baton.settings import Settings

# keys tracked per counter; ~200 bytes each
MAX_TRACKED_KEYS = 50_000
# hashing waiters allowed per slot, and how long one waits for a slot (seconds)
WAITERS_PER_SLOT = 4
SLOT_WAIT_SECONDS = 5.0


@dataclass
class _Failures:
    count: int
    since: float
    locked_until: float = 0.0


class FailureCounter:
    """Failures per key within a sliding-start window; `limit` of them lock the key for
    `lock_seconds`. Thread-safe; keeps at most `max_keys` keys."""

    def __init__(
        self, limit: int, window_seconds: float, lock_seconds: float, max_keys: int
    ) -> None:
        self._limit = limit
        self._window = window_seconds
        self._lock_seconds = lock_seconds
        self._max_keys = max_keys
        self._entries: OrderedDict[str, _Failures] = OrderedDict()
        self._mutex = threading.Lock()

    def retry_after(self, key: str, now: float) -> int | None:
        """Seconds until `key` may try again, or None when it is not locked."""
        with self._mutex:
            entry = self._entries.get(key)
            if entry is None or entry.locked_until <= now:
                return None
            return max(1, math.ceil(entry.locked_until - now))

    def failed(self, key: str, now: float) -> None:
        with self._mutex:
            entry = self._entries.pop(key, None)
            if entry is None or now - entry.since >= self._window:
                entry = _Failures(
                    count=0, since=now, locked_until=entry.locked_until if entry else 0
                )
            entry.count += 1
            if entry.count >= self._limit:
                entry.locked_until = now + self._lock_seconds
                entry.count, entry.since = 0, now
            self._entries[key] = entry  # most recent last
            while len(self._entries) > self._max_keys:
                self._entries.popitem(last=False)

    def clear(self, key: str) -> None:
        with self._mutex:
            self._entries.pop(key, None)

    def __len__(self) -> int:
        return len(self._entries)


class HashingGate:
    """At most `slots` Argon2 checks at once; up to `waiters` more wait for a slot (at most
    `wait_seconds`); beyond that a check is refused at once with 503."""

    def __init__(self, slots: int, waiters: int, wait_seconds: float = SLOT_WAIT_SECONDS) -> None:
        self._slots = threading.BoundedSemaphore(slots)
        self._max_waiters = waiters
        self._waiters = 0
        self._wait_seconds = wait_seconds
        self._mutex = threading.Lock()

    @property
    def waiting(self) -> int:
        """Checks waiting for a slot now."""
        with self._mutex:
            return self._waiters

    @contextmanager
    def slot(self) -> Iterator[None]:
        if not self._slots.acquire(blocking=False):
            with self._mutex:
                if self._waiters >= self._max_waiters:
                    raise _busy()
                self._waiters += 1
            try:
                acquired = self._slots.acquire(timeout=self._wait_seconds)
            finally:
                with self._mutex:
                    self._waiters -= 1
            if not acquired:
                raise _busy()
        try:
            yield
        finally:
            self._slots.release()


def _busy() -> TooManyRequests:
    return TooManyRequests(
        "too many logins in progress; try again shortly",
        retry_after=1,
        status=503,
        code="SERVER_BUSY",
    )


class LoginGuard:
    """The throttle and the hashing gate of one server process."""

    def __init__(self, settings: Settings, clock: Clock) -> None:
        self._clock = clock
        window, lock = settings.login_window_seconds, settings.login_lock_seconds
        self.identities = FailureCounter(
            settings.login_max_failures, window, lock, MAX_TRACKED_KEYS
        )
        self.addresses = FailureCounter(
            settings.login_max_failures_per_address, window, lock, MAX_TRACKED_KEYS
        )
        slots = settings.hashing_concurrency or max(2, os.cpu_count() or 2)
        self.hashing = HashingGate(slots, waiters=slots * WAITERS_PER_SLOT)

    def verify(
        self, identity: str, address: str | None, stored_hash: str | None, secret: str
    ) -> bool:
        """Check `secret` against `stored_hash` (None: no such identity) for a login as
        `identity` from `address`. Raises TooManyRequests while either is locked out."""
        now = self._clock.now().timestamp()
        self.refuse_if_locked(identity, address, now)
        with self.hashing.slot():
            ok = verify_secret(stored_hash, secret)
        now = self._clock.now().timestamp()
        if ok:
            self.identities.clear(identity)
        else:
            self.identities.failed(identity, now)
            if address is not None:
                self.addresses.failed(address, now)
        return ok

    def refuse_if_locked(self, identity: str, address: str | None, now: float) -> None:
        wait = self.identities.retry_after(identity, now)
        if wait is not None:
            raise TooManyRequests(
                "too many failed logins for this identity; try again later", retry_after=wait
            )
        wait = self.addresses.retry_after(address, now) if address is not None else None
        if wait is not None:
            raise TooManyRequests(
                "too many failed logins from this address; try again later", retry_after=wait
            )

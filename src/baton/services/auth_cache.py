"""Callers resolved from tokens, remembered for a moment so most requests authenticate
without a database read or a thread hop.

How long a revocation takes to apply:
- in this process, at once: every write transaction that changes an identity (users,
  groups and memberships, applications, access keys) marks the `identity` commit topic
  (`store.identity`), and its commit empties the cache before the writer's request answers;
- in other processes (`baton serve --processes N`, other machines, the CLI), within
  `BATON_AUTH_CACHE_SECONDS` (default 1 s; 0 turns the cache off): an entry is used only
  that long after it was read.
A token's own expiry is kept too: an entry is never used at or past it. Entries are keyed
by the token string, whose signature and claims were verified when the entry was made.
Only successes are cached; a refused token is checked in full every time."""

from __future__ import annotations

import threading

from baton.clock import Clock
from baton.model.identity import Caller
from baton.store.identity import IDENTITY_TOPIC

MAX_ENTRIES = 10_000


class AuthCache:
    """Token string → (Caller, usable until): a per-process cache, emptied on every
    committed identity change in this process."""

    def __init__(self, clock: Clock, seconds: float, *, max_entries: int = MAX_ENTRIES) -> None:
        self._clock = clock
        self.seconds = max(0.0, seconds)
        self._max_entries = max_entries
        self._entries: dict[str, tuple[Caller, float]] = {}
        self._epoch = 0  # bumped by every identity change: a read begun before it is stale
        self._lock = threading.Lock()

    @property
    def enabled(self) -> bool:
        return self.seconds > 0

    def get(self, token: str) -> Caller | None:
        """The cached caller of `token`, if still usable (on the event loop: no I/O)."""
        entry = self._entries.get(token)
        if entry is None:
            return None
        caller, until = entry
        if self._clock.now().timestamp() < until:
            return caller
        self._entries.pop(token, None)
        return None

    def epoch(self) -> int:
        """Take this before reading the identity; give it to `put`."""
        return self._epoch

    def put(self, token: str, caller: Caller, token_expires_at: float, epoch: int) -> None:
        """Remember `caller` for `token`, unless an identity changed since `epoch` (the
        read may predate that commit)."""
        if not self.enabled:
            return
        until = min(self._clock.now().timestamp() + self.seconds, token_expires_at)
        with self._lock:
            if epoch != self._epoch:
                return
            if len(self._entries) >= self._max_entries:
                self._entries.clear()
            self._entries[token] = (caller, until)

    def clear(self) -> None:
        with self._lock:
            self._epoch += 1
            self._entries.clear()

    def on_commit(self, topics: frozenset[str]) -> None:
        """A `Database.on_commit` listener."""
        if IDENTITY_TOPIC in topics:
            self.clear()

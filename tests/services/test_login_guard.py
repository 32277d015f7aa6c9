"""The failed-login counter and the hashing gate, without HTTP."""

from __future__ import annotations

import threading

import pytest

from baton.model.errors import TooManyRequests
from baton.services.login_guard import FailureCounter, HashingGate


def test_counter_keeps_at_most_max_keys() -> None:
    counter = FailureCounter(limit=5, window_seconds=60, lock_seconds=60, max_keys=3)
    for i in range(1000):
        counter.failed(f"user:{i}", now=float(i))
    assert len(counter) == 3


def test_counter_forgets_the_least_recently_failing_key_first() -> None:
    counter = FailureCounter(limit=2, window_seconds=60, lock_seconds=60, max_keys=2)
    counter.failed("a", now=0)
    counter.failed("b", now=1)
    counter.failed("a", now=2)  # "a" locks, and is the most recent
    counter.failed("c", now=3)  # evicts "b"
    assert counter.retry_after("a", now=3) == 59
    assert len(counter) == 2


def test_lock_lasts_lock_seconds_then_a_fresh_count_starts() -> None:
    counter = FailureCounter(limit=2, window_seconds=10, lock_seconds=30, max_keys=10)
    counter.failed("k", now=0)
    assert counter.retry_after("k", now=0) is None
    counter.failed("k", now=1)
    assert counter.retry_after("k", now=1) == 30
    assert counter.retry_after("k", now=30.5) == 1
    assert counter.retry_after("k", now=31) is None
    counter.failed("k", now=31)
    assert counter.retry_after("k", now=31) is None


def test_gate_queues_up_to_waiters_and_refuses_the_rest() -> None:
    gate = HashingGate(slots=1, waiters=1, wait_seconds=30)
    release = threading.Event()
    waiting_done = threading.Event()

    def waiter() -> None:
        with gate.slot():
            waiting_done.set()

    with gate.slot():
        thread = threading.Thread(target=waiter)
        thread.start()
        # wait until the waiter is queued, without timing: poll the queue length
        while gate.waiting == 0:
            release.wait(0.001)
        with pytest.raises(TooManyRequests) as refused, gate.slot():
            pass
        assert refused.value.status == 503
    thread.join()
    assert waiting_done.is_set()

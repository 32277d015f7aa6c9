"""Long-poll wake-ups stay bounded: queues nobody waits on are forgotten past a limit, while
a waiting poll is still woken by its own queue."""

from __future__ import annotations

import threading

from baton.services.signals import MAX_REMEMBERED, QueueSignals


def test_queues_nobody_waits_on_are_forgotten_and_waiters_still_wake() -> None:
    signals = QueueSignals()
    seen = signals.generation("work")
    woken: list[bool] = []
    waiter = threading.Thread(target=lambda: woken.append(signals.wait("work", seen, 30)))
    waiter.start()
    while not signals._waiting:  # a real thread: wait until it is registered
        threading.Event().wait(0.01)
    signals.notify(f"instance-end:{n}" for n in range(MAX_REMEMBERED + 5))
    assert len(signals._generation) <= MAX_REMEMBERED + 1
    signals.notify(["work"])
    waiter.join(timeout=30)
    assert woken == [True]

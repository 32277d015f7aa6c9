"""Long-poll wake-ups stay bounded: queues nobody waits on are forgotten past a limit, while
a waiting poll is still woken by its own queue."""

from __future__ import annotations

import asyncio
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


def test_an_async_waiter_is_woken_from_another_thread_without_holding_one() -> None:
    signals = QueueSignals()

    async def scenario() -> tuple[bool, bool]:
        seen = signals.generation("run")
        waiting = asyncio.ensure_future(signals.wait_async("run", seen, 30))
        while "run" not in signals._async:
            await asyncio.sleep(0)
        threading.Thread(target=lambda: signals.notify(["run"])).start()
        woken = await waiting
        # a generation already past `seen` answers at once
        return woken, await signals.wait_async("run", seen, 30)

    assert asyncio.run(scenario()) == (True, True)
    assert not signals._async and not signals._waiting

"""The job worker of the demo content (`serve --demo`): it takes the demo's task listener
jobs through the same job service every worker uses, in a thread of the server process.

`four-eyes`: the "Four-eyes approval" process's approval task listens to assigning and
completing; the worker denies when the one who would approve is the one who requested."""

from __future__ import annotations

import logging
import threading
from typing import Any

from baton.model.errors import BatonError
from baton.model.identity import Caller
from baton.services import jobs
from baton.services.context import ServiceContext
from baton.services.jobs import ActivatedJob

log = logging.getLogger("baton.demo")

FOUR_EYES = "four-eyes"
POLL_MS = 1000  # how long one activation long-polls


def four_eyes(job: ActivatedJob) -> dict[str, Any]:
    """The completion body for a four-eyes listener job."""
    task = job.user_task
    requester = job.variables.get("requester")
    if task is not None and task.assignee is not None and task.assignee == requester:
        return {
            "result": {
                "type": "userTask",
                "denied": True,
                "deniedReason": "requester cannot approve their own request",
            }
        }
    return {"result": {"type": "userTask"}}


def work_once(ctx: ServiceContext, caller: Caller, wait_ms: int = 0) -> int:
    """Take and complete the waiting four-eyes jobs; how many were done."""
    body = {"type": FOUR_EYES, "worker": "baton-demo", "maxJobsToActivate": 20}
    taken = jobs.activate(ctx, caller, {**body, "timeout": 60_000, "requestTimeout": wait_ms})
    for job in taken:
        try:
            jobs.complete(ctx, caller, job.key, four_eyes(job))
        except BatonError as exc:  # canceled meanwhile: its lease runs out
            log.warning("demo worker could not complete job %s: %s", job.key, exc.message)
    return len(taken)


class DemoWorker:
    """Polls in a daemon thread until stopped."""

    def __init__(self, ctx: ServiceContext, caller: Caller) -> None:
        self.ctx = ctx
        self.caller = caller
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="baton-demo-worker", daemon=True)

    def start(self) -> None:
        self._thread.start()

    def stop(self) -> None:
        self._stop.set()
        self._thread.join(timeout=POLL_MS / 1000 * 2)

    def _run(self) -> None:
        # closing: the server is stopping and polls no longer wait (no busy loop meanwhile)
        while not (self._stop.is_set() or self.ctx.queues.closing):
            try:
                work_once(self.ctx, self.caller, POLL_MS)
            except Exception:  # the demo worker must never take the server down
                log.exception("demo worker failed; trying again")
                self._stop.wait(POLL_MS / 1000)

"""Synchronous execute (Conductor's `POST /api/workflow/execute/{name}/{version}`): start a
workflow and answer once it reaches a named task (typically a HUMAN task), ends, or the wait
runs out. The named task may lie in a sub-workflow it runs (at any depth): a HUMAN task in a
child workflow is where the caller's synchronous part ends too.

The wait holds no transaction and no thread: every command on an instance announces itself
after its commit (`on_engine_changes`, under `change_signal`), and the waiting coroutine
re-reads the instance when woken (a sub-workflow's changes wake its root's waiters too).
Changes committed by another server process are seen by re-reading every `RECHECK_SECONDS`.
"""

from __future__ import annotations

import time
from typing import Any

import anyio.to_thread

from baton.model.errors import InvalidInput
from baton.model.identity import Caller
from baton.model.instance import InstanceState
from baton.model.status import InstanceStatus
from baton.services import workflows
from baton.services.call_activities import MAX_DEPTH
from baton.services.context import ServiceContext
from baton.services.instance_views import WorkflowView
from baton.store import calls, instances

RECHECK_SECONDS = 0.5
MAX_WAIT_SECONDS = 600  # a request waits at most this long, whatever it asks


def change_signal(instance_id: str) -> str:
    """The wake-up name every change of an instance is announced under."""
    return f"instance-change:{instance_id}"


def on_engine_changes(_ctx: ServiceContext, _conn: Any, result: Any, _actor: Any) -> None:
    """Engine hook: announce that the instance changed (after the commit), and under its
    root's name too when it is a sub-workflow: an execute waits on the root for a task that
    may lie in a child."""
    if result.changes:
        instance_id = result.state.instance_id
        result.queues.add(change_signal(instance_id))
        if result.root_id and result.root_id != instance_id:
            result.queues.add(change_signal(result.root_id))


def reached(view: WorkflowView, task_ref: str | None) -> bool:
    """Whether an execute waiting for `task_ref` may answer: the task was scheduled, or the
    instance is no longer running (ended or paused)."""
    state = view.state
    if state.status is not InstanceStatus.RUNNING:
        return True
    return task_ref is not None and _has_ref(state, task_ref)


def _has_ref(state: InstanceState, task_ref: str) -> bool:
    return any(a.ref == task_ref for a in state.activities.values())


def reached_below(ctx: ServiceContext, instance_id: str, task_ref: str) -> bool:
    """Whether a workflow that `instance_id` runs as a sub-workflow (or one of theirs, down
    to the deepest allowed call) scheduled the task `task_ref`."""
    with ctx.db.read() as conn:
        parents = [instance_id]
        for _ in range(MAX_DEPTH):
            children = calls.open_children(conn, parents)
            for child_id in children:
                row = instances.load_instance(conn, child_id)
                if row is not None and _has_ref(InstanceState.from_dict(row.state), task_ref):
                    return True
            if not children:
                return False
            parents = children
    return False


async def execute(
    ctx: ServiceContext,
    caller: Caller,
    *,
    name: str,
    version: int | None,
    input: dict[str, Any],
    correlation_id: str | None,
    priority: int,
    wait_until_ref: str | None,
    wait_seconds: int,
    workflow_def: dict[str, Any] | None = None,
    idempotency_key: str | None = None,
    idempotency_strategy: str | None = None,
    task_to_domain: dict[str, str] | None = None,
) -> WorkflowView:
    """`workflows.start` (domains and idempotency included: RETURN_EXISTING waits on the
    workflow started before), then `wait_for`."""
    if not 0 <= wait_seconds <= MAX_WAIT_SECONDS:
        raise InvalidInput(f"waitForSeconds must be between 0 and {MAX_WAIT_SECONDS}")
    instance_id = await anyio.to_thread.run_sync(
        lambda: workflows.start(
            ctx,
            caller,
            name=name,
            version=version,
            input=input,
            correlation_id=correlation_id,
            priority=priority,
            workflow_def=workflow_def,
            idempotency_key=idempotency_key,
            idempotency_strategy=idempotency_strategy,
            task_to_domain=task_to_domain,
        )
    )
    return await wait_for(ctx, caller, instance_id, wait_until_ref, wait_seconds)


async def wait_for(
    ctx: ServiceContext,
    caller: Caller,
    instance_id: str,
    task_ref: str | None,
    wait_seconds: float,
) -> WorkflowView:
    """The instance once `reached` holds, or as it is when `wait_seconds` have passed."""
    deadline = time.monotonic() + wait_seconds
    signal = change_signal(instance_id)
    while True:
        seen = ctx.queues.generation(signal)
        view = await anyio.to_thread.run_sync(workflows.get, ctx, caller, instance_id)
        remaining = deadline - time.monotonic()
        if reached(view, task_ref) or remaining <= 0 or ctx.queues.closing:
            return view  # closing: the server stops, answer with what there is
        if task_ref is not None:
            below: bool = await anyio.to_thread.run_sync(reached_below, ctx, instance_id, task_ref)
            if below:  # read again: the call that led there may be newer than `view`
                return await anyio.to_thread.run_sync(workflows.get, ctx, caller, instance_id)
        await ctx.queues.wait_async(signal, seen, min(remaining, RECHECK_SECONDS))

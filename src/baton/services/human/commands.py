"""Human-task operations (the Orkes human-task API): each loads the task in a write
transaction (its process instance locked first, the order every writer uses), checks who may
act, runs the model operation and persists the outcome."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager, suppress
from typing import Any

from sqlalchemy.engine import Connection

from baton.engine.commands import CompleteTask
from baton.ids import new_id
from baton.model import human_task as model
from baton.model.errors import Conflict, FieldError, InvalidInput, NotFound
from baton.model.human_task import HumanTask, Principal, UserType
from baton.model.identity import Caller
from baton.model.status import TaskStatus
from baton.services import runtime
from baton.services.authz import Standing, as_user
from baton.services.context import ServiceContext
from baton.services.human import forms, task_listeners
from baton.services.human.lifecycle import fail_process_task, persist
from baton.services.human.task_listeners import listened
from baton.services.human.transitions import asked
from baton.services.values import check_value
from baton.store import human_tasks as store
from baton.store import identity, instances
from baton.store.human_tasks import HumanTaskRow


@contextmanager
def locked(
    ctx: ServiceContext, task_id: str
) -> Iterator[tuple[Connection, HumanTaskRow, HumanTask]]:
    """A write transaction holding the task (its process instance locked first), read once
    with its lock, so what is read is what the transaction holds. On PostgreSQL the instance
    row read with the lock is held for the engine command the operation may run."""
    with ctx.db.write() as conn:
        row, instance = store.load_locked(conn, task_id)
        if row is None:
            raise NotFound(f"Human task {task_id} not found")
        if instance is not None:
            instances.hold_locked(conn, instance)
        try:
            task_listeners.require_idle(ctx, conn, row)
            yield conn, row, model.from_dict(row.document)
        finally:
            instances.release_held(conn)


def get(ctx: ServiceContext, caller: Caller, task_id: str) -> tuple[HumanTaskRow, HumanTask]:
    with ctx.db.read() as conn:
        row = store.load(conn, task_id)
    if row is None:
        raise NotFound(f"Human task {task_id} not found")
    task = model.from_dict(row.document)
    Standing(ctx, caller, row, task).require_visible()
    return row, task


def claim(
    ctx: ServiceContext, caller: Caller, task_id: str, *, override: bool
) -> tuple[HumanTaskRow, HumanTask]:
    me = as_user(caller)
    with locked(ctx, task_id) as (conn, row, task):
        standing = Standing(ctx, caller, row, task)
        standing.require_visible()
        if not standing.offered:
            # claiming a task offered to others needs override and the right to override
            standing.require(standing.may_manage, "claim")
        outcome = model.claim(
            task, me, now=ctx.now_ms(), new_id=new_id, override=override, groups=caller.groups
        )
        if outcome.changed and listened(ctx, conn, row, "assigning"):
            # the claim is checked; it happens once the task listeners agree
            move = asked("claim", caller.actor, assignee=me.user, groups=tuple(caller.groups))
            task_listeners.start(ctx, conn, row, move)
            return row, task
        saved = persist(ctx, conn, row, task, outcome)
    return saved, outcome.task


def claim_external(
    ctx: ServiceContext, caller: Caller, task_id: str, user_id: str, *, override: bool
) -> tuple[HumanTaskRow, HumanTask]:
    if not user_id.strip():
        raise InvalidInput("userId must not be empty", errors=[FieldError("userId", "empty")])
    with locked(ctx, task_id) as (conn, row, task):
        standing = Standing(ctx, caller, row, task)
        standing.require(standing.may_claim_for_others, "claim for an external user on")
        who = Principal(UserType.EXTERNAL_USER, user_id)
        # Seed 001: the userId is matched against a user or a Conductor group tier (by the
        # user's membership, when they are a Conductor user), and an EXTERNAL_GROUP tier is
        # taken as matched; a task offered to someone else still needs override.
        known = identity.user_caller_parts(conn, user_id)
        groups = [group for group, _roles in known.groups] if known is not None else []
        outcome = model.claim(
            task, who, now=ctx.now_ms(), new_id=new_id, override=override, groups=groups
        )
        if outcome.changed and listened(ctx, conn, row, "assigning"):
            move = asked("claim", caller.actor, assignee=user_id, external=True)
            task_listeners.start(ctx, conn, row, move)
            return row, task
        saved = persist(ctx, conn, row, task, outcome)
    return saved, outcome.task


def release(ctx: ServiceContext, caller: Caller, task_id: str) -> None:
    with locked(ctx, task_id) as (conn, row, task):
        standing = Standing(ctx, caller, row, task)
        standing.require(standing.may_work, "release")
        outcome = model.release(task, caller.actor, now=ctx.now_ms(), new_id=new_id)
        if listened(ctx, conn, row, "assigning"):
            task_listeners.start(ctx, conn, row, asked("unassign", caller.actor))
            return
        persist(ctx, conn, row, task, outcome)


def reassign(ctx: ServiceContext, caller: Caller, task_id: str, tiers_json: Any) -> None:
    tiers = model.parse_tiers(tiers_json)
    if not tiers:
        raise InvalidInput(
            "reassign needs at least one assignment; an empty list would open the task to all",
            errors=[FieldError("", "must name at least one assignment")],
        )
    with locked(ctx, task_id) as (conn, row, task):
        standing = Standing(ctx, caller, row, task)
        standing.require(standing.may_reassign, "reassign")
        outcome = model.reassign(task, tiers, caller.actor, now=ctx.now_ms(), new_id=new_id)
        persist(ctx, conn, row, task, outcome)


def skip(ctx: ServiceContext, caller: Caller, task_id: str, reason: str | None) -> None:
    with locked(ctx, task_id) as (conn, row, task):
        standing = Standing(ctx, caller, row, task)
        standing.require(standing.may_work, "skip")
        outcome = model.skip(task, caller.actor, now=ctx.now_ms(), new_id=new_id, reason=reason)
        persist(ctx, conn, row, task, outcome)


def update(
    ctx: ServiceContext, caller: Caller, task_id: str, output: dict[str, Any], *, complete: bool
) -> None:
    check_value(ctx, output, "output")
    with locked(ctx, task_id) as (conn, row, task):
        apply_update(ctx, conn, caller, row, task, output, complete=complete)


def update_by_ref(
    ctx: ServiceContext,
    caller: Caller,
    *,
    workflow_id: str,
    ref_name: str,
    iteration: int | None,
    output: dict[str, Any],
    complete: bool,
) -> None:
    with ctx.db.read() as conn:
        found = store.by_ref(conn, workflow_id, ref_name, iteration)
    if found is None:
        raise NotFound(f"No human task {ref_name!r} in workflow {workflow_id}")
    update(ctx, caller, found.id, output, complete=complete)


def apply_update(
    ctx: ServiceContext,
    conn: Connection,
    caller: Caller,
    row: HumanTaskRow,
    task: HumanTask,
    output: dict[str, Any],
    *,
    complete: bool,
) -> bool:
    """Save a draft or complete; True when the completion waits for task listeners."""
    standing = Standing(ctx, caller, row, task)
    standing.require(standing.may_work, "update")
    privileged = standing.privileged
    actor = caller.actor
    now = ctx.now_ms()
    if complete:
        forms.check_output(conn, row, task, {**task.output, **output})
        outcome = model.complete(
            task, output, actor, now=now, new_id=new_id, require_claim=not privileged
        )
        if listened(ctx, conn, row, "completing"):
            # checked (claim, form); it happens once the task listeners agree
            return task_listeners.start(ctx, conn, row, asked("complete", actor, output=output))
    else:
        outcome = model.save_draft(
            task, output, actor, now=now, new_id=new_id, require_claim=not privileged
        )
    persist(ctx, conn, row, task, outcome)
    return False


def fail(
    ctx: ServiceContext, caller: Caller, task_id: str, status: TaskStatus, reason: str | None
) -> None:
    """Fail the process task behind a human task (a worker-style result through the
    Conductor task API): for admins and the task's owner; the human task closes with it."""
    with locked(ctx, task_id) as (conn, row, task):
        standing = Standing(ctx, caller, row, task)
        standing.require(standing.privileged, "fail")
        result = runtime.run_command(
            ctx,
            conn,
            row.instance_id,
            CompleteTask(task_id, status=status, reason=reason or "failed by " + caller.id),
            actor=caller.actor,
        )
    runtime.after_commit(ctx, [result])


def delete(ctx: ServiceContext, caller: Caller, task_ids: list[str]) -> None:
    """Delete human tasks, all or none, in one transaction: an id that is missing, hidden
    from the caller (404) or not the caller's to delete (403) refuses the whole request. A
    task whose process still waits for it fails that process task, so the process does not
    hang. Orkes documents no partial outcome for its bulk delete (a void answer), so
    refusing the whole list is the reading that never leaves half a request applied."""
    ids = list(dict.fromkeys(task_ids))
    with ctx.db.write() as conn:
        found = [_loaded(conn, task_id) for task_id in ids]
        # every writer locks the instance before the task; sorted, so two bulk deletes
        # over the same instances cannot deadlock
        for instance_id in sorted({row.instance_id for row in found}):
            instances.load_instance(conn, instance_id, for_update=True)
        for task_id in ids:
            row = _loaded(conn, task_id)
            standing = Standing(ctx, caller, row, model.from_dict(row.document))
            standing.require(standing.may_delete, "delete")
        for task_id in ids:
            row = _loaded(conn, task_id)  # an earlier delete may have ended it with its process
            task = model.from_dict(row.document)
            if not task.is_terminal:
                outcome = model.delete(
                    task, caller.actor, now=ctx.now_ms(), new_id=new_id, reason="deleted"
                )
                persist(ctx, conn, row, task, outcome)
                with suppress(Conflict, NotFound):  # unless the process no longer waits
                    fail_process_task(
                        ctx, conn, row.instance_id, task_id, "the human task was deleted"
                    )
            store.delete(conn, task_id)


def _loaded(conn: Connection, task_id: str) -> HumanTaskRow:
    row = store.load(conn, task_id)
    if row is None:
        raise NotFound(f"Human task {task_id} not found")
    return row

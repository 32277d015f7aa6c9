"""Human-task operations (the Orkes human-task API): each loads the task in a write
transaction (its process instance locked first, the order every writer uses), checks who may
act, runs the model operation and persists the outcome."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager, suppress
from typing import Any

from sqlalchemy.engine import Connection

from baton.ids import new_id
from baton.model import human_task as model
from baton.model.errors import Conflict, FieldError, InvalidInput, NotFound
from baton.model.human_task import HumanTask, Principal, UserType
from baton.model.identity import Caller
from baton.services.context import ServiceContext
from baton.services.human import forms
from baton.services.human.access import Standing, as_user
from baton.services.human.lifecycle import fail_process_task, persist
from baton.services.values import check_value
from baton.store import human_tasks as store
from baton.store import instances
from baton.store.human_tasks import HumanTaskRow


@contextmanager
def _task(
    ctx: ServiceContext, task_id: str
) -> Iterator[tuple[Connection, HumanTaskRow, HumanTask]]:
    with ctx.db.write() as conn:
        found = store.load(conn, task_id)
        if found is None:
            raise NotFound(f"Human task {task_id} not found")
        instances.load_instance(conn, found.instance_id, for_update=True)
        row = store.load(conn, task_id)
        if row is None:
            raise NotFound(f"Human task {task_id} not found")
        yield conn, row, model.from_dict(row.document)


def get(ctx: ServiceContext, caller: Caller, task_id: str) -> tuple[HumanTaskRow, HumanTask]:
    with ctx.db.read() as conn:
        row = store.load(conn, task_id)
    if row is None:
        raise NotFound(f"Human task {task_id} not found")
    task = model.from_dict(row.document)
    Standing(ctx, caller, row, task).require_visible(task_id)
    return row, task


def claim(
    ctx: ServiceContext, caller: Caller, task_id: str, *, override: bool
) -> tuple[HumanTaskRow, HumanTask]:
    me = as_user(caller)
    with _task(ctx, task_id) as (conn, row, task):
        standing = Standing(ctx, caller, row, task)
        standing.require_visible(task_id)
        if not standing.offered:
            # claiming a task offered to others needs override and the right to override
            standing.require(standing.may_update, "claim")
        outcome = model.claim(
            task, me, now=ctx.now_ms(), new_id=new_id, override=override, groups=caller.groups
        )
        saved = persist(ctx, conn, row, outcome)
    return saved, outcome.task


def claim_external(
    ctx: ServiceContext, caller: Caller, task_id: str, user_id: str, *, override: bool
) -> tuple[HumanTaskRow, HumanTask]:
    if not user_id.strip():
        raise InvalidInput("userId must not be empty", errors=[FieldError("userId", "empty")])
    with _task(ctx, task_id) as (conn, row, task):
        standing = Standing(ctx, caller, row, task)
        standing.require_visible(task_id)
        standing.require(standing.is_admin or standing.is_owner, "claim for an external user on")
        who = Principal(UserType.EXTERNAL_USER, user_id)
        # The owning application vouches for its user: an EXTERNAL_GROUP tier is taken as
        # matched (seed 001); a task offered to someone else still needs override.
        outcome = model.claim(task, who, now=ctx.now_ms(), new_id=new_id, override=override)
        saved = persist(ctx, conn, row, outcome)
    return saved, outcome.task


def release(ctx: ServiceContext, caller: Caller, task_id: str) -> None:
    with _task(ctx, task_id) as (conn, row, task):
        standing = Standing(ctx, caller, row, task)
        standing.require_visible(task_id)
        standing.require(standing.is_admin or standing.is_owner or standing.is_claimant, "release")
        persist(
            ctx, conn, row, model.release(task, _actor(caller), now=ctx.now_ms(), new_id=new_id)
        )


def reassign(ctx: ServiceContext, caller: Caller, task_id: str, tiers_json: Any) -> None:
    tiers = model.parse_tiers(tiers_json)
    with _task(ctx, task_id) as (conn, row, task):
        standing = Standing(ctx, caller, row, task)
        standing.require_visible(task_id)
        standing.require(standing.may_update or standing.offered, "reassign")
        outcome = model.reassign(task, tiers, _actor(caller), now=ctx.now_ms(), new_id=new_id)
        persist(ctx, conn, row, outcome)


def skip(ctx: ServiceContext, caller: Caller, task_id: str, reason: str | None) -> None:
    with _task(ctx, task_id) as (conn, row, task):
        standing = Standing(ctx, caller, row, task)
        standing.require_visible(task_id)
        standing.require(standing.is_admin or standing.is_owner or standing.is_claimant, "skip")
        outcome = model.skip(task, _actor(caller), now=ctx.now_ms(), new_id=new_id, reason=reason)
        persist(ctx, conn, row, outcome)


def update(
    ctx: ServiceContext, caller: Caller, task_id: str, output: dict[str, Any], *, complete: bool
) -> None:
    check_value(ctx, output, "output")
    with _task(ctx, task_id) as (conn, row, task):
        _update(ctx, conn, caller, row, task, output, complete=complete)


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


def _update(
    ctx: ServiceContext,
    conn: Connection,
    caller: Caller,
    row: HumanTaskRow,
    task: HumanTask,
    output: dict[str, Any],
    *,
    complete: bool,
) -> None:
    standing = Standing(ctx, caller, row, task)
    standing.require_visible(row.id)
    privileged = standing.is_admin or standing.is_owner
    standing.require(privileged or standing.is_claimant, "update")
    actor = _actor(caller)
    now = ctx.now_ms()
    if complete:
        forms.check_output(conn, row, task, {**task.output, **output})
        outcome = model.complete(
            task, output, actor, now=now, new_id=new_id, require_claim=not privileged
        )
    else:
        outcome = model.save_draft(
            task, output, actor, now=now, new_id=new_id, require_claim=not privileged
        )
    persist(ctx, conn, row, outcome)


def delete(ctx: ServiceContext, caller: Caller, task_ids: list[str]) -> None:
    """Delete human tasks; a task whose process still waits for it fails that process task,
    so the process does not hang."""
    for task_id in task_ids:
        with _task(ctx, task_id) as (conn, row, task):
            standing = Standing(ctx, caller, row, task)
            standing.require_visible(task_id)
            standing.require(standing.may_delete, "delete")
            if not task.is_terminal:
                outcome = model.delete(
                    task, _actor(caller), now=ctx.now_ms(), new_id=new_id, reason="deleted"
                )
                persist(ctx, conn, row, outcome)
                with suppress(Conflict, NotFound):  # unless the process no longer waits
                    fail_process_task(
                        ctx, conn, row.instance_id, task_id, "the human task was deleted"
                    )
            store.delete(conn, task_id)


def _actor(caller: Caller) -> str:
    kind = "CONDUCTOR_USER" if caller.kind.value == "USER" else "APPLICATION"
    return f"{kind}:{caller.id}"

"""Human tasks as Camunda 8 user tasks (`/v2/user-tasks`): the same rows, rules and action
log as the Orkes API, with Camunda's operations on top.

- Only tasks of deployed BPMN processes are user tasks; any other id is not found.
- Assignment: a user assigning themselves claims (the task must be offered to them, or
  they may manage it); assigning someone else needs the right to manage the task (admins,
  the owner, UPDATE on the task definition). `allow_override=False` refuses a task that
  someone else holds (409).
- Unassign releases (the claimant, or whoever may manage the task); a task nobody holds
  stays as it is.
- Update changes candidates (the current tier), dates and priority: for whoever may manage.
- Completion follows the human-task rules: the claimant, or admins and the owner without a
  claim; the answer is checked against the task's form.
- Anything on a completed or canceled task is a 409 (Camunda's INVALID_STATE).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from typing import Any

from sqlalchemy.engine import Connection

from baton.model import human_task as model
from baton.model.errors import Conflict, NotFound
from baton.model.human_task import ActionLogEntry, HumanTask, Principal, UserType
from baton.model.identity import Caller, CallerKind
from baton.model.query import Page, Query
from baton.services import authz
from baton.services.authz import Standing
from baton.services.context import ServiceContext
from baton.services.human import commands, forms, task_listeners, variables
from baton.services.human.search import inbox
from baton.services.human.transitions import Changes, asked
from baton.services.human.variables import TaskVariable
from baton.store import human_tasks as store
from baton.store import identity
from baton.store.human_tasks import HumanTaskRow, ProcessRef, SearchFilter


@dataclass(frozen=True)
class UserTask:
    """A user task as the Camunda API shows it: the row, the task and its process."""

    row: HumanTaskRow
    task: HumanTask
    process: ProcessRef
    form_key: int | None = None  # the deployed Camunda form it links to
    # CREATING, ASSIGNING, UPDATING, COMPLETING while a task listener job holds the task
    # (shown by `get`; a search shows the state the task is in until the transition ends)
    transition: str | None = None


def _view(conn: Connection, row: HumanTaskRow, task: HumanTask, process: ProcessRef) -> UserTask:
    form = forms.camunda_form_of(conn, row) if row.form_key is not None else None
    return UserTask(row, task, process, int(form["key"]) if form is not None else None)


def _process(conn: Connection, row: HumanTaskRow) -> ProcessRef:
    found = store.process_refs(conn, [row.instance_id]).get(row.instance_id)
    if found is None:
        raise NotFound(f"User task {row.id} not found")
    return found


def _require_open(task: HumanTask, key: str, verb: str) -> None:
    if task.is_terminal:
        state = "COMPLETED" if task.state is model.HumanTaskState.COMPLETED else "CANCELED"
        raise Conflict(
            f"User task {key} is {state}: it can no longer be {verb}",
            details={"state": state},
        )


def get(ctx: ServiceContext, caller: Caller, key: str) -> UserTask:
    row, task = commands.get(ctx, caller, key)
    with ctx.db.read() as conn:
        found = _view(conn, row, task, _process(conn, row))
        return replace(found, transition=task_listeners.pending_state(ctx, conn, row))


def search(ctx: ServiceContext, caller: Caller, query: Query) -> Page[UserTask]:
    """One page of the BPMN user tasks the caller may see that pass `query`."""
    where = SearchFilter(bpmn_only=True, camunda=query)
    start, size = query.page.offset, query.page.limit
    with ctx.db.read() as conn:
        if not caller.is_admin:
            inbox(caller, where)
            where.inbox_definitions = authz.readable_task_definitions(conn, caller)
        page = store.search(conn, where, start=start, size=size, cap=ctx.settings.search_count_cap)
        rows = page.items
        refs = store.process_refs(conn, [r.instance_id for r in rows])
        found = [_view(conn, r, model.from_dict(r.document), refs[r.instance_id]) for r in rows]
    return Page(found, page.total, start, page.capped)


def assign(
    ctx: ServiceContext, caller: Caller, key: str, assignee: str, *, allow_override: bool
) -> bool:
    """Assign the task; True when the assignment waits for task listeners."""
    who = Principal(UserType.CONDUCTOR_USER, assignee)
    with commands.locked(ctx, key) as (conn, row, task):
        _process(conn, row)
        standing = Standing(ctx, caller, row, task)
        standing.require_visible()
        _require_open(task, key, "assigned")
        held_by_other = task.claimant is not None and task.claimant != who
        if held_by_other and not allow_override:
            assert task.claimant is not None
            raise Conflict(
                f"User task {key} is already assigned to {task.claimant.user}; "
                "assign with allowOverride true to take it over",
                details={"assignee": task.claimant.user},
            )
        itself = caller.kind is CallerKind.USER and caller.id == assignee
        if not itself or held_by_other or not standing.offered:
            standing.require(standing.may_manage, "assign")
        known = identity.user_caller_parts(conn, assignee)
        groups = tuple(group for group, _roles in known.groups) if known is not None else ()
        move = asked("assign", caller.actor, assignee=assignee, groups=groups)
        return task_listeners.run(ctx, conn, row, task, move)


def unassign(ctx: ServiceContext, caller: Caller, key: str) -> bool:
    with commands.locked(ctx, key) as (conn, row, task):
        _process(conn, row)
        standing = Standing(ctx, caller, row, task)
        standing.require_visible()
        _require_open(task, key, "unassigned")
        if task.claimant is None:
            return False
        standing.require(standing.may_work or standing.may_manage, "unassign")
        return task_listeners.run(ctx, conn, row, task, asked("unassign", caller.actor))


def update(ctx: ServiceContext, caller: Caller, key: str, changes: Changes) -> bool:
    with commands.locked(ctx, key) as (conn, row, task):
        _process(conn, row)
        standing = Standing(ctx, caller, row, task)
        standing.require_visible()
        _require_open(task, key, "updated")
        standing.require(standing.may_manage, "update")
        if not changes.names:
            return False
        return task_listeners.run(
            ctx, conn, row, task, asked("update", caller.actor, changes=changes)
        )


def complete(ctx: ServiceContext, caller: Caller, key: str, output: dict[str, Any]) -> bool:
    """Complete the task; True when the completion waits for task listeners."""
    with commands.locked(ctx, key) as (conn, row, task):
        _process(conn, row)
        Standing(ctx, caller, row, task).require_visible()
        _require_open(task, key, "completed")
        return commands.apply_update(ctx, conn, caller, row, task, output, complete=True)


def form(ctx: ServiceContext, caller: Caller, key: str) -> dict[str, Any] | None:
    """The deployed Camunda form the task links to (`form_id`, `version`, `key`,
    `schema`), or None."""
    found = get(ctx, caller, key)
    with ctx.db.read() as conn:
        return forms.camunda_form_of(conn, found.row)


def task_variables(
    ctx: ServiceContext, caller: Caller, key: str
) -> tuple[UserTask, list[TaskVariable]]:
    found = get(ctx, caller, key)
    with ctx.db.read() as conn:
        return found, variables.task_variables(conn, found.row)


def audit_log(
    ctx: ServiceContext, caller: Caller, key: str
) -> tuple[UserTask, Sequence[ActionLogEntry]]:
    found = get(ctx, caller, key)
    return found, found.task.action_log

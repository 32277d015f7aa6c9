"""The web Tasklist: the list a person works from, one task in detail, and what comes next
after completing one.

Views (`TaskView`): `mine` (held by the caller), `groups` (offered to one of the caller's
groups, unclaimed or held by the caller), `unassigned` (open, nobody holds it), `all` (every
open task the caller may see: admins, and callers granted READ/UPDATE on some task
definition), `completed`. Both notations' tasks are listed alike. The operations themselves
are `commands` (the Orkes human-task rules); this module adds the Tasklist's reading of them.
"""

from __future__ import annotations

import json
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from enum import StrEnum
from typing import Any, Literal

from sqlalchemy.engine import Connection

from baton.model import human_task as model
from baton.model.errors import BatonError, Conflict, FieldError, Forbidden, InvalidInput
from baton.model.human_task import ActionLogEntry, HumanTask, Principal, Tier, UserType
from baton.model.human_task.errors import AlreadyClaimed, NotEligible
from baton.model.identity import Caller
from baton.model.query import Condition, Op, Query, SortKey
from baton.services import authz
from baton.services.authz import Standing
from baton.services.context import ServiceContext
from baton.services.human import commands, forms, variables
from baton.services.human.search import inbox
from baton.store import human_tasks as store
from baton.store import identity, instances
from baton.store.human_tasks import OPEN_STATES, HumanTaskRow, SearchFilter
from baton.store.json_fields import FieldTest, JsonScalar

PAGE_SIZE = 50
MAX_VARIABLES = 20
MAX_TEXT = 200
DEFAULT_PRIORITY = 50  # Camunda's default; Conductor tasks carry none


class TaskView(StrEnum):
    MINE = "mine"
    GROUPS = "groups"
    UNASSIGNED = "unassigned"
    ALL = "all"
    COMPLETED = "completed"


SORT_FIELDS = {
    "created": "created_at",
    "due": "due_at",
    "followUp": "follow_up_at",
    "priority": "priority",
}


@dataclass(frozen=True)
class TaskQuery:
    """What the Tasklist asks for, parsed (`parse_query`)."""

    view: TaskView = TaskView.MINE
    process: str | None = None
    due_from: int | None = None
    due_to: int | None = None
    follow_up_from: int | None = None
    follow_up_to: int | None = None
    min_priority: int | None = None
    variables: tuple[tuple[str, JsonScalar], ...] = ()
    text: str | None = None
    sort: str = "created"
    descending: bool = True
    offset: int = 0


def priority_label(priority: int) -> str:
    """Camunda Tasklist's reading of a 0-100 priority."""
    if priority > 75:
        return "Critical"
    if priority > 50:
        return "High"
    if priority > 25:
        return "Medium"
    return "Low"


# ---------------------------------------------------------------- parsing the query

_NAME = re.compile(r"[A-Za-z_][\w-]*")


def _day(raw: str | None, key: str, errors: list[FieldError], *, end: bool) -> int | None:
    """An ISO date (YYYY-MM-DD, UTC) as epoch ms: its first (or, with `end`, last) ms."""
    if not raw:
        return None
    try:
        day = date.fromisoformat(raw)
    except ValueError:
        errors.append(FieldError(key, "must be a date YYYY-MM-DD"))
        return None
    start = datetime(day.year, day.month, day.day, tzinfo=UTC)
    if end:
        start += timedelta(days=1)
    return int(start.timestamp() * 1000) - (1 if end else 0)


def _variable(raw: str, key: str, errors: list[FieldError]) -> tuple[str, JsonScalar] | None:
    """`name=JSON` (`status="approved"`, `amount=250`); a value that is not JSON is text."""
    name, sep, text = raw.partition("=")
    name = name.strip()
    if not sep or not _NAME.fullmatch(name):
        errors.append(FieldError(key, "must be NAME=VALUE with a variable name"))
        return None
    try:
        value = json.loads(text)
    except ValueError:
        value = text.strip()
    if isinstance(value, dict | list):
        errors.append(FieldError(key, "compare with a text, number, true, false or null"))
        return None
    if isinstance(value, int) and not isinstance(value, bool) and abs(value) >= 2**63:
        errors.append(FieldError(key, "the number is out of range"))
        return None
    found: JsonScalar = value
    return name, found


def parse_query(
    *,
    view: str = "mine",
    process: str | None = None,
    due_from: str | None = None,
    due_to: str | None = None,
    follow_up_from: str | None = None,
    follow_up_to: str | None = None,
    min_priority: str | None = None,
    variables: Sequence[str] = (),
    text: str | None = None,
    sort: str = "created",
    order: str = "desc",
    cursor: str | None = None,
) -> TaskQuery:
    """The query string's fields, checked; every bad one is reported by its name."""
    errors: list[FieldError] = []
    try:
        the_view = TaskView(view)
    except ValueError:
        errors.append(FieldError("view", "must be mine, groups, unassigned, all or completed"))
        the_view = TaskView.MINE
    if sort not in SORT_FIELDS:
        errors.append(FieldError("sort", "must be created, due, followUp or priority"))
    if order not in ("asc", "desc"):
        errors.append(FieldError("order", "must be asc or desc"))
    priority: int | None = None
    if min_priority not in (None, ""):
        assert min_priority is not None
        if min_priority.isdigit() and int(min_priority) <= 100:
            priority = int(min_priority)
        else:
            errors.append(FieldError("minPriority", "must be a whole number from 0 to 100"))
    offset = 0
    if cursor not in (None, ""):
        assert cursor is not None
        if cursor.isdigit() and int(cursor) < 10**9:
            offset = int(cursor)
        else:
            errors.append(FieldError("cursor", "must be a cursor from a previous page"))
    if len(variables) > MAX_VARIABLES:
        errors.append(FieldError("variables", f"at most {MAX_VARIABLES} conditions"))
        variables = ()
    conditions = [_variable(v, f"variables[{i}]", errors) for i, v in enumerate(variables)]
    if text is not None and (len(text) > MAX_TEXT or "\x00" in text):
        errors.append(FieldError("text", f"at most {MAX_TEXT} characters, no NUL"))
        text = None
    if process is not None and "\x00" in process:
        errors.append(FieldError("process", "must not contain NUL"))
    query = TaskQuery(
        view=the_view,
        process=process or None,
        due_from=_day(due_from, "dueFrom", errors, end=False),
        due_to=_day(due_to, "dueTo", errors, end=True),
        follow_up_from=_day(follow_up_from, "followUpFrom", errors, end=False),
        follow_up_to=_day(follow_up_to, "followUpTo", errors, end=True),
        min_priority=priority,
        variables=tuple(c for c in conditions if c is not None),
        text=(text or "").strip() or None,
        sort=sort,
        descending=order == "desc",
        offset=offset,
    )
    if errors:
        raise InvalidInput(
            f"invalid task query: {errors[0].path}: {errors[0].message}", errors=errors
        )
    return query


# ---------------------------------------------------------------- the list


@dataclass(frozen=True)
class TaskItem:
    """One task as the Tasklist shows it."""

    row: HumanTaskRow
    task: HumanTask
    definition: str
    version: int
    process_name: str
    names: dict[str, str] = field(default_factory=dict)  # user id → display name

    @property
    def priority(self) -> int:
        return self.row.priority if self.row.priority is not None else DEFAULT_PRIORITY

    @property
    def holder(self) -> str | None:
        claimant = self.task.claimant
        return claimant.user if claimant is not None else None


@dataclass(frozen=True)
class TaskPage:
    items: list[TaskItem]
    total: int
    next_offset: int | None
    may_see_all: bool
    capped: bool = False  # `total` is a lower bound (see `Page.capped`)


def may_see_all(ctx: ServiceContext, caller: Caller) -> bool:
    if caller.is_admin:
        return True
    with ctx.db.read() as conn:
        return bool(authz.readable_task_definitions(conn, caller))


def _filter(ctx: ServiceContext, caller: Caller, query: TaskQuery) -> SearchFilter:
    where = SearchFilter(text_wide=True)
    me = f"{UserType.CONDUCTOR_USER.value}:{caller.id}"
    view = query.view
    where.states = ["COMPLETED"] if view is TaskView.COMPLETED else list(OPEN_STATES)
    conditions: list[Condition] = []
    if view is TaskView.MINE:
        where.claimants = [_like(me)]
    elif view is TaskView.GROUPS:
        where.assignees = [(UserType.CONDUCTOR_GROUP.value, _like(g)) for g in caller.groups]
        if not caller.groups:
            conditions.append(Condition("", Op.IN, ()))  # no groups: nothing
        where.unclaimed_or_claimant = me
    elif view is TaskView.ALL and not may_see_all(ctx, caller):
        raise Forbidden("All open tasks are for admins and task managers; choose another filter")
    if view is TaskView.UNASSIGNED:
        conditions.append(Condition("claimant_user", Op.EXISTS, False))
    if not caller.is_admin and view is not TaskView.MINE:
        inbox(caller, where)
        with ctx.db.read() as conn:
            where.inbox_definitions = authz.readable_task_definitions(conn, caller)
    if query.process:
        where.workflow_names = [query.process]
    where.due_from, where.due_to = query.due_from, query.due_to
    where.follow_up_from, where.follow_up_to = query.follow_up_from, query.follow_up_to
    where.priority_min = query.min_priority
    if query.variables:
        where.input_query = [[[FieldTest((name,), value)] for name, value in query.variables]]
    if query.text:
        where.text_query = [[f"%{_like(w.lower())}%" for w in query.text.split()]]
    sort = SortKey(SORT_FIELDS[query.sort], query.descending)
    where.camunda = Query(conditions=tuple(conditions), sort=(sort,))
    return where


def _like(value: str) -> str:
    escaped = value.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return escaped


def search(ctx: ServiceContext, caller: Caller, query: TaskQuery) -> TaskPage:
    where = _filter(ctx, caller, query)
    with ctx.db.read() as conn:
        found = store.search(
            conn, where, start=query.offset, size=PAGE_SIZE, cap=ctx.settings.search_count_cap
        )
        items = _items(conn, found.items)
    after = query.offset + len(items)
    # past a capped count, a full page may have more behind it
    more = after < found.total or (found.capped and len(items) == PAGE_SIZE)
    return TaskPage(
        items,
        found.total,
        after if more else None,
        query.view is TaskView.ALL or may_see_all(ctx, caller),
        found.capped,
    )


def _items(conn: Connection, rows: Sequence[HumanTaskRow]) -> list[TaskItem]:
    ids = [r.instance_id for r in rows]
    defs = store.definitions_of(conn, ids)
    refs = store.process_refs(conn, ids)
    tasks = [model.from_dict(r.document) for r in rows]
    people: set[str] = set()
    for task in tasks:
        if task.claimant is not None:
            people.add(task.claimant.user)
        for tier in task.tiers:
            people.update(p.user for p in tier.candidates if not p.user_type.is_group)
    names = identity.user_names(conn, people)
    found = []
    for row, task in zip(rows, tasks, strict=True):
        definition, version = defs.get(row.instance_id, (row.workflow_name, 1))
        ref = refs.get(row.instance_id)
        name = ref.name if ref is not None and ref.name else definition
        found.append(TaskItem(row, task, definition, version, name, names))
    return found


# ---------------------------------------------------------------- one task


@dataclass(frozen=True)
class Actions:
    claim: bool
    unclaim: bool
    complete: bool
    save_draft: bool
    reassign: bool
    skip: bool
    delete: bool


@dataclass(frozen=True)
class TaskDetail:
    item: TaskItem
    form: dict[str, Any] | None  # {kind, schema, uiSchema?}
    values: dict[str, Any]
    next_tier_at: int | None
    actions: Actions


def _load(ctx: ServiceContext, caller: Caller, task_id: str) -> tuple[TaskItem, Standing]:
    row, task = commands.get(ctx, caller, task_id)
    with ctx.db.read() as conn:
        (item,) = _items(conn, [row])
    return item, Standing(ctx, caller, row, task)


def actions(standing: Standing, task: HumanTask) -> Actions:
    if task.is_terminal:
        return Actions(False, False, False, False, False, False, False)
    claimed = task.claimant is not None
    work = standing.may_work
    return Actions(
        claim=not claimed and (standing.offered or standing.may_manage),
        unclaim=claimed and work,
        complete=work,
        save_draft=work,
        reassign=not claimed and standing.may_reassign,
        skip=work and bool(task.tiers),
        delete=standing.may_delete,
    )


def detail(ctx: ServiceContext, caller: Caller, task_id: str) -> TaskDetail:
    item, standing = _load(ctx, caller, task_id)
    row, task = item.row, item.task
    with ctx.db.read() as conn:
        form = _form(conn, row, task)
        values = _values(conn, row)
    values.update(task.output)  # a saved draft over the inputs
    last = task.assignee_index is not None and task.assignee_index >= len(task.tiers) - 1
    return TaskDetail(
        item,
        form,
        values,
        None if last else task.sla_due_at,
        actions(standing, task),
    )


def _form(conn: Connection, row: HumanTaskRow, task: HumanTask) -> dict[str, Any] | None:
    template = forms.template_of(conn, task)
    if template is not None:
        ui = template["template_ui"] or None
        return {"kind": "jsonforms", "schema": template["json_schema"], "uiSchema": ui}
    camunda = forms.camunda_form_of(conn, row)
    if camunda is not None:
        return {"kind": "camunda", "schema": camunda["schema"]}
    return None


def _values(conn: Connection, row: HumanTaskRow) -> dict[str, Any]:
    """What the person sees first: a BPMN task's variables in scope (its own inputs over the
    process variables), a Conductor task's input."""
    if row.user_task is None or not row.user_task.implementation.is_camunda:
        return variables.local_inputs(row.input)
    found: dict[str, Any] = {}
    for variable in reversed(variables.task_variables(conn, row)):
        found[variable.name] = variable.value  # own inputs (listed first) win
    return found


def history(ctx: ServiceContext, caller: Caller, task_id: str) -> Sequence[ActionLogEntry]:
    _row, task = commands.get(ctx, caller, task_id)
    return task.action_log


# ---------------------------------------------------------------- acting


def claim(ctx: ServiceContext, caller: Caller, task_id: str) -> None:
    """Claim for oneself; a task someone else holds is a 409 naming them. A task offered
    to others is claimed only by those who may manage it (an override of the offer)."""
    try:
        try:
            commands.claim(ctx, caller, task_id, override=False)
        except NotEligible:
            # not offered to the caller, whom `commands.claim` let through as a manager: claim
            # again overriding the offer (never a claim: a held task stays AlreadyClaimed)
            commands.claim(ctx, caller, task_id, override=True)
    except AlreadyClaimed:
        _row, task = commands.get(ctx, caller, task_id)
        holder = task.claimant.user if task.claimant is not None else "someone else"
        if holder == caller.id:
            return  # already mine: nothing to do
        with ctx.db.read() as conn:
            name = identity.user_names(conn, [holder]).get(holder, holder)
        details = {"holder": holder, "holderName": name}
        who = name if name == holder else f"{name} ({holder})"
        raise Conflict(f"Claimed by {who}", details=details) from None


def unclaim(ctx: ServiceContext, caller: Caller, task_id: str) -> None:
    commands.release(ctx, caller, task_id)


def save_draft(ctx: ServiceContext, caller: Caller, task_id: str, values: dict[str, Any]) -> None:
    commands.update(ctx, caller, task_id, values, complete=False)


def _bare(path: str) -> str:
    """A form error's path as the field key in the form data."""
    for prefix in ("$.", "output.", "/"):
        if path.startswith(prefix):
            path = path[len(prefix) :]
    return path


@dataclass(frozen=True)
class NextStep:
    """After a completion: the caller's next task, or who holds the next step, or done."""

    next_task: tuple[str, str] | None = None  # (task id, name)
    handed_to: tuple[Literal["group", "user"], str] | None = None
    done: bool = False


def complete(ctx: ServiceContext, caller: Caller, task_id: str, values: dict[str, Any]) -> NextStep:
    try:
        commands.update(ctx, caller, task_id, values, complete=True)
    except InvalidInput as exc:
        if exc.errors:
            exc.errors = [FieldError(_bare(e.path), e.message) for e in exc.errors]
        raise
    with ctx.db.read() as conn:
        row = store.load(conn, task_id)
        instance_id = row.instance_id if row is not None else None
        if instance_id is None:
            return NextStep(done=True)
        waiting = store.open_in_family(conn, instances.root_of(conn, instance_id))
    return next_step(ctx, caller, waiting)


def next_step(ctx: ServiceContext, caller: Caller, waiting: Sequence[HumanTaskRow]) -> NextStep:
    if not waiting:
        return NextStep(done=True)
    standings = [(r, Standing(ctx, caller, r, model.from_dict(r.document))) for r in waiting]
    # first a task held by or offered to the caller, then one they may work as admin/owner
    for personal in (True, False):
        for row, standing in standings:
            mine = standing.is_claimant or standing.offered
            if mine if personal else standing.may_work:
                return NextStep(next_task=(row.id, row.display_name or row.ref_name))
    task = model.from_dict(waiting[0].document)
    if task.claimant is not None:
        return NextStep(handed_to=("user", task.claimant.user))
    groups = [p.user for p in task.assignees if p.user_type.is_group]
    users = [p.user for p in task.assignees if not p.user_type.is_group]
    if groups:
        return NextStep(handed_to=("group", groups[0]))
    if users:
        return NextStep(handed_to=("user", users[0]))
    return NextStep()


def reassign(ctx: ServiceContext, caller: Caller, task_id: str, tiers: Sequence[TierSpec]) -> None:
    """Replace the tiers: each offers users and groups together for `sla_minutes`."""
    errors: list[FieldError] = []
    wire: list[dict[str, Any]] = []
    for i, tier in enumerate(tiers):
        people = [Principal(UserType.CONDUCTOR_USER, u) for u in tier.users if u.strip()]
        people += [Principal(UserType.CONDUCTOR_GROUP, g) for g in tier.groups if g.strip()]
        if not people:
            errors.append(FieldError(f"tiers[{i}]", "name at least one user or group"))
            continue
        first, *rest = [{"user": p.user, "userType": p.user_type.value} for p in people]
        wire.append({"assignee": first, "candidates": rest, "slaMinutes": tier.sla_minutes})
    if errors or not tiers:
        errors = errors or [FieldError("tiers", "name at least one tier")]
        raise InvalidInput(f"invalid tiers: {errors[0].path}: {errors[0].message}", errors=errors)
    commands.reassign(ctx, caller, task_id, wire)


@dataclass(frozen=True)
class TierSpec:
    users: tuple[str, ...]
    groups: tuple[str, ...]
    sla_minutes: int


def skip(ctx: ServiceContext, caller: Caller, task_id: str, reason: str | None) -> None:
    commands.skip(ctx, caller, task_id, reason)


def delete(ctx: ServiceContext, caller: Caller, task_id: str) -> None:
    commands.delete(ctx, caller, [task_id])


# ---------------------------------------------------------------- bulk


@dataclass(frozen=True)
class BulkResult:
    task_id: str
    ok: bool
    status: int
    message: str


def bulk(
    ctx: ServiceContext,
    caller: Caller,
    action: str,
    task_ids: Sequence[str],
    values: dict[str, Any] | None,
) -> list[BulkResult]:
    """Each task on its own: one refused task never stops the others."""
    results = []
    for task_id in dict.fromkeys(task_ids):
        try:
            if action == "claim":
                claim(ctx, caller, task_id)
                message = "Claimed"
            elif action == "unclaim":
                unclaim(ctx, caller, task_id)
                message = "Unclaimed"
            else:
                complete(ctx, caller, task_id, dict(values or {}))
                message = "Completed"
            results.append(BulkResult(task_id, True, 200, message))
        except BatonError as exc:
            results.append(BulkResult(task_id, False, exc.status, exc.message))
    return results


def tier_view(tier: Tier) -> tuple[list[str], list[str]]:
    """(users, groups) a tier offers the task to."""
    users = [p.user for p in tier.candidates if not p.user_type.is_group]
    groups = [p.user for p in tier.candidates if p.user_type.is_group]
    return users, groups

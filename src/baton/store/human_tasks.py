"""Queries on human tasks and their candidate index."""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

import sqlalchemy as sa
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.engine import Connection

from baton.model.query import NOWHERE, Condition, Op, Page, Query
from baton.model.user_task import UserTaskValues
from baton.store import inbox_sql, query_sql
from baton.store.instances import INSTANCE_COLUMNS
from baton.store.json_fields import FieldQuery, ValueCompare, compare_at, field_query
from baton.store.prepared import Prepared
from baton.store.query_sql import Column
from baton.store.schema import (
    bpmn_processes,
    human_task_candidates,
    human_tasks,
    instances,
    process_defs,
)

_dumps = json.JSONEncoder(separators=(",", ":"), ensure_ascii=False).encode

ANYONE = ("ANYONE", "*")
OPEN_STATES = ("PENDING", "ASSIGNED", "IN_PROGRESS")
CLOSED_STATES = ("COMPLETED", "TIMED_OUT", "DELETED")
USER_KINDS = ("CONDUCTOR_USER", "EXTERNAL_USER")
GROUP_KINDS = ("CONDUCTOR_GROUP", "EXTERNAL_GROUP")
# A closed task keeps its last candidates in the index under these kinds (`closed:<kind>`):
# a candidate filter still finds it, the INBOX (which asks for the open kinds) never reads it.
CLOSED_PREFIX = "closed:"


def closed_candidates(pairs: Sequence[tuple[str, str]]) -> list[tuple[str, str]]:
    """`(kind, principal)` index entries of a closed task's candidates."""
    return [(CLOSED_PREFIX + kind, principal) for kind, principal in pairs]


@dataclass(frozen=True)
class HumanTaskRow:
    id: str
    instance_id: str
    workflow_name: str
    ref_name: str
    iteration: int
    definition_name: str
    display_name: str | None
    state: str
    assignee: str | None
    claimant: str | None
    owner: str | None
    form_name: str | None
    form_version: int | None
    due_at: int | None
    follow_up_at: int | None
    priority: int | None
    form_key: str | None
    headers: str | None
    document: dict[str, Any]
    input: dict[str, Any]
    output: dict[str, Any]
    revision: int
    created_at: int
    updated_at: int
    user_task: UserTaskValues | None = None
    completed_at: int | None = None  # when it closed


def _row(raw: dict[str, Any]) -> HumanTaskRow:
    for key in ("document", "input", "output"):
        if isinstance(raw[key], str):
            raw[key] = json.loads(raw[key])
    user_task = raw.get("user_task")
    if isinstance(user_task, str):
        user_task = json.loads(user_task)
    raw["user_task"] = UserTaskValues.from_dict(user_task) if user_task else None
    return HumanTaskRow(**raw)


def insert(conn: Connection, *, row: dict[str, Any], candidates: Sequence[tuple[str, str]]) -> None:
    _INSERT.run(
        conn,
        **{
            **row,
            "document": _dumps(row["document"]),
            "input": _dumps(row["input"]),
            "output": _dumps(row["output"]),
            "user_task": _dumps(row["user_task"].to_dict()) if row.get("user_task") else None,
            "completed_at": row.get("completed_at"),
            "revision": 1,
        },
    )
    # a new task has no index rows yet: nothing to clear first
    _insert_candidates(conn, row["id"], candidates, row["updated_at"])


def load_locked(
    conn: Connection, task_id: str
) -> tuple[HumanTaskRow | None, dict[str, Any] | None]:
    """The task, for a write transaction that holds it; (None, None) without it.

    PostgreSQL: one statement locks the task's process instance, then the task (the order
    every writer locks them in: `FOR UPDATE OF` locks in the order it names), and reads
    both; the instance row (`instances.INSTANCE_COLUMNS`) is returned too, for an engine
    command of the same transaction. Both rows are locked, so after waiting for a lock
    PostgreSQL returns their latest versions, not the statement's older snapshot. SQLite
    needs no lock (its write transactions are serialized from their first statement): the
    task alone, and None for the instance."""
    if conn.dialect.name != "postgresql":
        return load(conn, task_id), None
    found = _LOCK_AND_LOAD.run(conn, id=task_id).first()
    if found is None:
        return None, None
    instance = {column.name: found.pop(f"i_{column.name}") for column in INSTANCE_COLUMNS}
    return _row(found), instance


def load(conn: Connection, task_id: str) -> HumanTaskRow | None:
    found = _LOAD.run(conn, id=task_id).first()
    return _row(found) if found is not None else None


def save(
    conn: Connection,
    *,
    task_id: str,
    expected_revision: int,
    state: str,
    assignee: str | None,
    claimant: str | None,
    document: dict[str, Any],
    output: dict[str, Any],
    updated_at: int,
    candidates: Sequence[tuple[str, str]],
    completed_at: int | None = None,
    previous: Sequence[tuple[str, str]] | None = None,
) -> bool:
    """Write the task if it is still at `expected_revision`; `completed_at` (when it closed)
    is kept once set. `previous`: the candidates the index holds for the task as it was
    (None: unknown); when they are the ones it gets, only their time moves (a claim)."""
    done = _SAVE.run(
        conn,
        b_id=task_id,
        b_revision=expected_revision,
        state=state,
        assignee=assignee,
        claimant=claimant,
        document=_dumps(document),
        output=_dumps(output),
        revision=expected_revision + 1,
        updated_at=updated_at,
        completed_at=completed_at,
    ).rowcount
    if done:
        _save_candidates(conn, task_id, candidates, previous, updated_at)
    return bool(done)


def _save_candidates(
    conn: Connection,
    task_id: str,
    candidates: Sequence[tuple[str, str]],
    previous: Sequence[tuple[str, str]] | None,
    now: int,
) -> None:
    """The INBOX orders each principal's tasks by the index's own `updated_at`, so it moves
    with every save. The same candidates (a claim) are updated in place, and so are those a
    closing task keeps under closed kinds: one statement instead of a delete and inserts.
    Should the index not hold as many rows as expected, it is written afresh."""
    wanted = dict.fromkeys(candidates)
    held = dict.fromkeys(previous) if previous is not None else None
    if held == wanted:
        moved = _TOUCH_CANDIDATES.run(conn, b_task_id=task_id, updated_at=now).rowcount
    elif held is not None and dict.fromkeys(closed_candidates(list(held))) == wanted:
        moved = _CLOSE_CANDIDATES.run(conn, b_task_id=task_id, updated_at=now).rowcount
    else:
        moved = -1
    if moved != len(wanted):
        _set_candidates(conn, task_id, candidates, now)


def _set_candidates(
    conn: Connection, task_id: str, candidates: Sequence[tuple[str, str]], now: int
) -> None:
    _CLEAR_CANDIDATES.run(conn, task_id=task_id)
    _insert_candidates(conn, task_id, candidates, now)


def _insert_candidates(
    conn: Connection, task_id: str, candidates: Sequence[tuple[str, str]], now: int
) -> None:
    _INSERT_CANDIDATE.run_many(
        conn,
        [
            {"task_id": task_id, "kind": kind, "principal": principal, "updated_at": now}
            for kind, principal in dict.fromkeys(candidates)
        ],
    )


def for_instance(conn: Connection, instance_id: str) -> list[HumanTaskRow]:
    rows = conn.execute(
        sa.select(human_tasks)
        .where(human_tasks.c.instance_id == instance_id)
        .order_by(human_tasks.c.created_at)
    ).mappings()
    return [_row(dict(r)) for r in rows]


def by_ref(
    conn: Connection, instance_id: str, ref_name: str, iteration: int | None
) -> HumanTaskRow | None:
    stmt = sa.select(human_tasks).where(
        human_tasks.c.instance_id == instance_id, human_tasks.c.ref_name == ref_name
    )
    if iteration is not None:
        stmt = stmt.where(human_tasks.c.iteration == iteration)
    found = conn.execute(stmt.order_by(human_tasks.c.created_at.desc()).limit(1)).mappings().first()
    return _row(dict(found)) if found else None


def delete(conn: Connection, task_id: str) -> bool:
    conn.execute(human_task_candidates.delete().where(human_task_candidates.c.task_id == task_id))
    return bool(conn.execute(human_tasks.delete().where(human_tasks.c.id == task_id)).rowcount)


# ---------------------------------------------------------------- search


@dataclass
class SearchFilter:
    """What `POST /api/human/tasks/search` asks for, already parsed."""

    states: Sequence[str] = ()
    # INBOX: (kind, principal) pairs the caller counts as, plus principals owning/claiming
    inbox_candidates: Sequence[tuple[str, str]] | None = None
    inbox_claimant: str | None = None
    inbox_owner: str | None = None
    assignees: Sequence[tuple[str, str]] = ()  # principal may hold SQL LIKE patterns
    claimants: Sequence[str] = ()  # `TYPE:user` LIKE patterns
    definition_names: Sequence[str] = ()
    display_names: Sequence[str] = ()
    ref_names: Sequence[str] = ()
    workflow_ids: Sequence[str] = ()
    workflow_names: Sequence[str] = ()
    due_from: int | None = None
    due_to: int | None = None
    follow_up_from: int | None = None
    follow_up_to: int | None = None
    priority_min: int | None = None
    priority_max: int | None = None
    form_keys: Sequence[str] = ()
    input_query: FieldQuery | None = None
    output_query: FieldQuery | None = None
    # alternatives (OR) of lower-cased LIKE patterns (AND) on display name, input and output
    text_query: Sequence[Sequence[str]] | None = None
    updated_from: int | None = None
    updated_to: int | None = None
    # the Camunda user-task search (`/v2/user-tasks/search`)
    bpmn_only: bool = False  # tasks of deployed BPMN processes only
    inbox_definitions: Sequence[str] = ()  # INBOX also: tasks of these task definitions
    # conditions on `CAMUNDA_FIELDS` (and `candidate_user`, `candidate_group`, `process_id`,
    # `process_key`), variables "process" and "local", a sort on `CAMUNDA_FIELDS`, then id
    camunda: Query | None = None
    # the web Tasklist: open to be claimed (no claimant) or held by this `TYPE:user`
    unclaimed_or_claimant: str | None = None
    # the web Tasklist: `text_query` also matches the process name and the claimant
    text_wide: bool = False


def _only_inbox(where: SearchFilter) -> bool:
    """True when nothing but the inbox itself (and paging) narrows the search."""
    return where.inbox_candidates is not None and not (
        where.states
        or where.assignees
        or where.claimants
        or where.definition_names
        or where.display_names
        or where.ref_names
        or where.workflow_ids
        or where.workflow_names
        or where.input_query
        or where.output_query
        or where.text_query
        or where.updated_from is not None
        or where.updated_to is not None
        or where.form_keys
        or where.bpmn_only
        or where.inbox_definitions
        or where.camunda is not None
        or where.unclaimed_or_claimant is not None
        or any(
            v is not None
            for v in (
                where.due_from,
                where.due_to,
                where.follow_up_from,
                where.follow_up_to,
                where.priority_min,
                where.priority_max,
            )
        )
    )


def _inbox_page(
    conn: Connection, where: SearchFilter, *, start: int, size: int, cap: int
) -> Page[HumanTaskRow]:
    """The plain INBOX, newest first, read from the indexes (see `inbox_sql`), on SQL
    prepared once per shape."""
    pairs = [*(where.inbox_candidates or []), ANYONE]
    claimant, owner = where.inbox_claimant, where.inbox_owner
    prepared = inbox_sql.statements(len(pairs), bool(claimant), bool(owner), OPEN_STATES)
    bound = inbox_sql.params(pairs, claimant, owner)
    counted = prepared.count.run(conn, **bound, cap=cap, counted=cap + 1).scalar()
    total, capped = query_sql.capped(int(counted or 0), cap)
    page = prepared.page.run(conn, **bound, wanted=start + size, start=start, size=size)
    columns = page.columns
    rows = [_row(dict(zip(columns, r, strict=True))) for r in page.rows]
    return Page(rows, total, start, capped)


def search(
    conn: Connection, where: SearchFilter, *, start: int, size: int, cap: int
) -> Page[HumanTaskRow]:
    """Matching tasks, most recently updated first, and how many match in all, counted up
    to `cap` (see `Page.capped`)."""
    if _only_inbox(where):
        return _inbox_page(conn, where, start=start, size=size, cap=cap)
    t = human_tasks
    conditions: list[sa.ColumnElement[bool]] = []
    if where.inbox_candidates is not None:
        # Each part reads its own index; the union of task ids is small next to the table.
        c = human_task_candidates
        mine: list[sa.Select[Any]] = [
            sa.select(c.c.task_id).where(c.c.kind == k, c.c.principal == p)
            for k, p in [*where.inbox_candidates, ANYONE]
        ]
        # what the caller claimed or owns counts while it is open, unless states are asked for
        states = _asked_states(conn.dialect.name, where)
        if where.inbox_claimant:
            mine.append(sa.select(t.c.id).where(t.c.claimant == where.inbox_claimant, states))
        if where.inbox_owner:
            mine.append(sa.select(t.c.id).where(t.c.owner == where.inbox_owner, states))
        if where.inbox_definitions:
            mine.append(
                sa.select(t.c.id).where(t.c.definition_name.in_(list(where.inbox_definitions)))
            )
        conditions.append(t.c.id.in_(sa.union(*mine)))
    if where.states:
        conditions.append(t.c.state.in_(list(where.states)))
    if where.assignees:
        conditions.append(
            sa.exists().where(
                human_task_candidates.c.task_id == t.c.id,
                sa.or_(
                    *(
                        sa.and_(
                            human_task_candidates.c.kind == kind,
                            human_task_candidates.c.principal.like(pattern, escape="\\"),
                        )
                        for kind, pattern in where.assignees
                    )
                ),
            )
        )
    if where.claimants:
        conditions.append(sa.or_(*(t.c.claimant.like(p, escape="\\") for p in where.claimants)))
    for column, values in (
        (t.c.definition_name, where.definition_names),
        (t.c.display_name, where.display_names),
        (t.c.ref_name, where.ref_names),
        (t.c.instance_id, where.workflow_ids),
        (t.c.workflow_name, where.workflow_names),
    ):
        if values:
            conditions.append(column.in_(list(values)))
    for column, query in ((t.c.input, where.input_query), (t.c.output, where.output_query)):
        if query:
            conditions.append(field_query(conn.dialect.name, column, query))
    if where.unclaimed_or_claimant is not None:
        conditions.append(
            sa.or_(t.c.claimant.is_(None), t.c.claimant == where.unclaimed_or_claimant)
        )
    if where.text_query:
        text = sa.func.coalesce(t.c.display_name, "") + " " + t.c.input + " " + t.c.output
        if where.text_wide:
            text = text + " " + t.c.workflow_name + " " + sa.func.coalesce(t.c.claimant, "")
        haystack = sa.func.lower(text)
        conditions.append(
            sa.or_(
                *(
                    sa.and_(*(haystack.like(p, escape="\\") for p in words))
                    for words in where.text_query
                )
            )
        )
    for column, low, high in (
        (t.c.due_at, where.due_from, where.due_to),
        (t.c.follow_up_at, where.follow_up_from, where.follow_up_to),
        (t.c.priority, where.priority_min, where.priority_max),
    ):
        if low is not None:
            conditions.append(column >= low)
        if high is not None:
            conditions.append(column <= high)
    if where.form_keys:
        conditions.append(t.c.form_key.in_(list(where.form_keys)))
    if where.updated_from is not None:
        conditions.append(t.c.updated_at >= where.updated_from)
    if where.updated_to is not None:
        conditions.append(t.c.updated_at <= where.updated_to)
    dialect = conn.dialect.name
    if where.bpmn_only:
        conditions.append(_of_process(()))
    if where.camunda is not None:
        conditions.extend(_camunda_conditions(dialect, where.camunda))
    total, capped = query_sql.capped_count(conn, sa.select(t.c.id).where(*conditions), cap)
    order: list[Any] = [t.c.updated_at.desc(), t.c.id.desc()]
    if where.camunda is not None and where.camunda.sort:
        order = query_sql.order_by(where.camunda, _camunda_fields(dialect), t.c.id.asc())
    rows = conn.execute(
        sa.select(t).where(*conditions).order_by(*order).offset(start).limit(size)
    ).mappings()
    return Page([_row(dict(r)) for r in rows], total, start, capped)


CAMUNDA_FIELDS = frozenset(
    {
        "id",
        "instance_id",
        "ref_name",
        "display_name",
        "priority",
        "due_at",
        "follow_up_at",
        "created_at",
        "completed_at",
        "claimant_user",
        "state",
    }
)
_CANDIDATE_KINDS = {"candidate_user": USER_KINDS, "candidate_group": GROUP_KINDS}
_PROCESS_FIELDS = {
    "process_id": Column(bpmn_processes.c.process_id),
    "process_key": Column(bpmn_processes.c.key, int),
}


def _column(dialect: str, name: str) -> sa.ColumnElement[Any]:
    """A column of `human_tasks` by its `CAMUNDA_FIELDS` name (one is computed)."""
    t = human_tasks
    if name == "claimant_user":  # `TYPE:user` → user
        position = sa.func.strpos if dialect == "postgresql" else sa.func.instr
        return sa.func.substr(t.c.claimant, position(t.c.claimant, ":") + 1)
    if name not in CAMUNDA_FIELDS:
        raise ValueError(f"no Camunda field {name!r}")
    return t.c[name]


def _camunda_fields(dialect: str) -> dict[str, Column]:
    return {name: Column(_column(dialect, name)) for name in CAMUNDA_FIELDS}


def _asked_states(dialect: str, where: SearchFilter) -> sa.ColumnElement[bool]:
    """The states a search asks for (open ones when it does not)."""
    asked = [c for c in (where.camunda.conditions if where.camunda else ()) if c.field == "state"]
    if asked:
        column = Column(_column(dialect, "state"))
        return sa.and_(*(query_sql.clause(c, column) for c in asked))
    return human_tasks.c.state.in_(list(where.states or OPEN_STATES))


def _of_process(conditions: Sequence[Condition]) -> sa.ColumnElement[bool]:
    """The task's instance runs a deployed BPMN process passing `conditions`."""
    t, p, i = human_tasks, bpmn_processes, instances
    process = (
        sa.exists()
        .where(i.c.id == t.c.instance_id)
        .where(p.c.process_id == i.c.def_name, p.c.version == i.c.def_version)
    )
    for condition in conditions:
        process = process.where(query_sql.clause(condition, _PROCESS_FIELDS[condition.field]))
    return process


def _candidate(condition: Condition) -> sa.ColumnElement[bool]:
    """Some candidate user (group) passes; NEQ/NOT_IN: none is the one(s) named."""
    t, c = human_tasks, human_task_candidates
    kinds = _CANDIDATE_KINDS[condition.field]
    any_of = sa.exists().where(
        c.c.task_id == t.c.id, c.c.kind.in_([*kinds, *(CLOSED_PREFIX + k for k in kinds)])
    )
    if condition.op is Op.EXISTS:
        return any_of if condition.value else sa.not_(any_of)
    negated = condition.op in (Op.NEQ, Op.NOT_IN)
    positive = {Op.NEQ: Op.EQ, Op.NOT_IN: Op.IN}.get(condition.op, condition.op)
    test = Condition(condition.field, positive, condition.value)
    matching = any_of.where(query_sql.clause(test, Column(c.c.principal)))
    return sa.not_(matching) if negated else matching


def _camunda_conditions(dialect: str, query: Query) -> list[sa.ColumnElement[bool]]:
    fields = _camunda_fields(dialect)
    found: list[sa.ColumnElement[bool]] = []
    on_process: list[Condition] = []
    for condition in query.conditions:
        if condition.field == NOWHERE:
            found.append(sa.false())
        elif condition.field in _CANDIDATE_KINDS:
            found.append(_candidate(condition))
        elif condition.field in _PROCESS_FIELDS:
            on_process.append(condition)
        else:
            found.append(query_sql.clause(condition, fields[condition.field]))
    if on_process:
        found.append(_of_process(on_process))
    i, t = instances, human_tasks
    document = sa.select(i.c.state).where(i.c.id == t.c.instance_id).scalar_subquery()
    for v in query.variables.get("process", ()):
        compares, negated = _compares(v.test)
        path = ("variables", v.name)
        passed = _any(compare_at(dialect, document, path, c) for c in compares)
        found.append(sa.not_(passed) if negated else passed)
    for v in query.variables.get("local", ()):
        compares, negated = _compares(v.test)
        passed = _local_variable(dialect, v.name, compares)
        found.append(sa.not_(passed) if negated else passed)
    return found


def _compares(test: Condition) -> tuple[list[ValueCompare], bool]:
    """A variable test as JSON comparisons of which one must hold (or none, negated)."""
    op, value = test.op, test.value
    if op is Op.EXISTS:
        return [ValueCompare("exists")], not value
    if op in (Op.IN, Op.NOT_IN):
        return [ValueCompare("eq", v) for v in value], op is Op.NOT_IN
    if op is Op.LIKE:
        return [ValueCompare("like", query_sql.like_pattern(value))], False
    return [ValueCompare("ne" if op is Op.NEQ else op.value, value)], False


def _any(clauses: Iterable[sa.ColumnElement[bool]]) -> sa.ColumnElement[bool]:
    found = list(clauses)
    return sa.or_(*found) if found else sa.false()


def _local_variable(
    dialect: str, name: str, compares: Sequence[ValueCompare]
) -> sa.ColumnElement[bool]:
    """The task's own input `name` passes one of `compares`: read from its activity in the
    instance state (`activities` is a list there, so the activity is found by its id)."""
    t, i = human_tasks, instances
    if dialect == "postgresql":
        listed = sa.func.jsonb_extract_path(sa.cast(i.c.state, JSONB), "activities")
        each = sa.func.jsonb_array_elements(listed).table_valued("value").alias("a")
        same_id = sa.func.jsonb_extract_path_text(each.c.value, "id") == t.c.id
    else:
        each = sa.func.json_each(i.c.state, "$.activities").table_valued("value").alias("a")
        same_id = sa.func.json_extract(each.c.value, "$.id") == t.c.id
    path = ("input", name)
    passed = _any(compare_at(dialect, each.c.value, path, c) for c in compares)
    return (
        sa.exists()
        .select_from(i.join(each, sa.true()))
        .where(i.c.id == t.c.instance_id, same_id, passed)
    )


@dataclass(frozen=True)
class ProcessRef:
    """The deployed BPMN process version a task's instance runs."""

    key: int
    process_id: str
    version: int
    name: str | None = None  # the BPMN process's `name`
    root_key: str | None = None  # the top of the instance's call-activity chain


def process_refs(conn: Connection, instance_ids: Sequence[str]) -> dict[str, ProcessRef]:
    """The BPMN process of each instance (instances of Conductor workflows are left out)."""
    if not instance_ids:
        return {}
    i, p, d = instances, bpmn_processes, process_defs
    rows = conn.execute(
        sa.select(
            i.c.id,
            p.c.key,
            p.c.process_id,
            p.c.version,
            d.c.compiled["name"].as_string(),
            i.c.root_id,
        )
        .join(p, sa.and_(p.c.process_id == i.c.def_name, p.c.version == i.c.def_version))
        .outerjoin(d, sa.and_(d.c.name == p.c.process_id, d.c.version == p.c.version))
        .where(i.c.id.in_(list(dict.fromkeys(instance_ids))))
    )
    return {
        r[0]: ProcessRef(
            int(r[1]), r[2], int(r[3]), r[4] if isinstance(r[4], str) else None, r[5] or r[0]
        )
        for r in rows
    }


def open_in_family(conn: Connection, root_id: str) -> list[HumanTaskRow]:
    """The open tasks of every instance in a call-activity family (`root_id` and the
    instances it called, however deep), oldest first."""
    t, i = human_tasks, instances
    family = sa.select(i.c.id).where(sa.or_(i.c.id == root_id, i.c.root_id == root_id))
    rows = conn.execute(
        sa.select(t)
        .where(t.c.instance_id.in_(family), t.c.state.in_(list(OPEN_STATES)))
        .order_by(t.c.created_at, t.c.id)
    ).mappings()
    return [_row(dict(r)) for r in rows]


def definitions_of(conn: Connection, instance_ids: Sequence[str]) -> dict[str, tuple[str, int]]:
    """(definition name, version) of each instance."""
    if not instance_ids:
        return {}
    i = instances
    rows = conn.execute(
        sa.select(i.c.id, i.c.def_name, i.c.def_version).where(
            i.c.id.in_(list(dict.fromkeys(instance_ids)))
        )
    )
    return {r[0]: (r[1], int(r[2])) for r in rows}


def set_attributes(conn: Connection, task_id: str, values: dict[str, Any]) -> None:
    """Set the Camunda attribute columns (`due_at`, `follow_up_at`, `priority`) of a task
    whose row the caller holds (saved in the same transaction)."""
    allowed = {"due_at", "follow_up_at", "priority"}
    if set(values) - allowed:
        raise ValueError(f"not an attribute column: {sorted(set(values) - allowed)}")
    if values:
        conn.execute(human_tasks.update().where(human_tasks.c.id == task_id).values(**values))


def display_names(conn: Connection, where: SearchFilter) -> list[str]:
    rows = search(conn, where, start=0, size=10_000, cap=1).items  # the count is not used
    return sorted({r.display_name for r in rows if r.display_name})


_b = sa.bindparam
_INSERT = Prepared(human_tasks.insert())
_LOAD = Prepared(sa.select(human_tasks).where(human_tasks.c.id == _b("id")))
_SAVE = Prepared(
    human_tasks.update()
    .where(human_tasks.c.id == _b("b_id"), human_tasks.c.revision == _b("b_revision"))
    .values(
        state=_b("state"),
        assignee=_b("assignee"),
        claimant=_b("claimant"),
        document=_b("document"),
        output=_b("output"),
        revision=_b("revision"),
        updated_at=_b("updated_at"),
        completed_at=sa.func.coalesce(human_tasks.c.completed_at, _b("completed_at")),
    )
)
_CLEAR_CANDIDATES = Prepared(
    human_task_candidates.delete().where(human_task_candidates.c.task_id == _b("task_id"))
)
_INSERT_CANDIDATE = Prepared(human_task_candidates.insert())
_TOUCH_CANDIDATES = Prepared(
    human_task_candidates.update()
    .where(human_task_candidates.c.task_id == _b("b_task_id"))
    .values(updated_at=_b("updated_at"))
)
_CLOSE_CANDIDATES = Prepared(
    human_task_candidates.update()
    .where(human_task_candidates.c.task_id == _b("b_task_id"))
    .values(
        kind=sa.literal(CLOSED_PREFIX) + human_task_candidates.c.kind, updated_at=_b("updated_at")
    )
)
# PostgreSQL: see `load_locked`
_LOCK_AND_LOAD = Prepared(
    sa.select(human_tasks, *(column.label(f"i_{column.name}") for column in INSTANCE_COLUMNS))
    .select_from(instances.join(human_tasks, human_tasks.c.instance_id == instances.c.id))
    .where(human_tasks.c.id == _b("id"))
    .with_for_update(of=[instances, human_tasks])
)

"""Searching human tasks (`POST /api/human/tasks/search`).

INBOX (the default; the JS SDK never sends `searchType`) finds what the caller may act on:
tasks offered to them or their groups, open to anyone, claimed by them, or owned by them (the
starter of their process). ADMIN finds everything, for admins only.

`taskInputQuery` / `taskOutputQuery` take `FIELD = VALUE`, `FIELD IN (a, b)`, joined with AND
and OR (AND binds tighter), with `*` as a wildcard in string values. FIELD is a JSON path
from the root of the task's input/output (`meta.approved`, `items[0].sku`), VALUE is compared
as its JSON type (`true`, `250`, `null`, `'quoted text'`; a bare word is text).
`fullTextQuery` takes words joined the same way, matched anywhere in the task's display name,
input and output. BPMN tasks can also
be filtered by `dueDateFrom`/`dueDateTo`, `followUpDateFrom`/`followUpDateTo` (epoch ms),
`priorityMin`/`priorityMax` and `formKeys`.
"""

from __future__ import annotations

import json
import math
import re
from typing import Any

from baton.model import human_task as model
from baton.model.actor_text import audit_text
from baton.model.errors import FieldError, InvalidInput
from baton.model.human_task import HumanTask
from baton.model.identity import Caller, CallerKind
from baton.model.query import Page
from baton.services import authz
from baton.services.context import ServiceContext
from baton.store import human_tasks as store
from baton.store.human_tasks import HumanTaskRow, SearchFilter
from baton.store.json_fields import FieldQuery, FieldTest, JsonScalar

DEFAULT_SIZE = 15
MAX_SIZE = 1000
MAX_VALUES = 1000  # values in one list filter (an SQL `IN`)
MAX_TERMS = 100  # terms in one query (`taskInputQuery` values, `fullTextQuery` words)
STATES = frozenset(s.value for s in model.HumanTaskState)
USER_TYPES = frozenset(t.value for t in model.UserType)


def search(
    ctx: ServiceContext, caller: Caller, body: dict[str, Any]
) -> tuple[Page[tuple[HumanTaskRow, HumanTask]], int]:
    """(the page of tasks, the page size asked for)."""
    where, start, size = parse(caller, body)
    with ctx.db.read() as conn:
        found = store.search(conn, where, start=start, size=size, cap=ctx.settings.search_count_cap)
    tasks = [(r, model.from_dict(r.document)) for r in found.items]
    return Page(tasks, found.total, start, found.capped), size


def display_names(ctx: ServiceContext, caller: Caller, search_type: str) -> list[str]:
    where, _start, _size = parse(caller, {"searchType": search_type})
    with ctx.db.read() as conn:
        return store.display_names(conn, where)


def parse(caller: Caller, body: dict[str, Any]) -> tuple[SearchFilter, int, int]:
    errors: list[FieldError] = []
    search_type = body.get("searchType") or "INBOX"
    where = SearchFilter()
    if search_type == "ADMIN":
        authz.require_admin(caller, "searchType ADMIN is for admins; use INBOX")
    elif search_type == "INBOX":
        inbox(caller, where)
    else:
        errors.append(FieldError("searchType", "must be INBOX or ADMIN"))
    start = _int(body, "start", 0, 0, 10**9, errors)
    size = _int(body, "size", DEFAULT_SIZE, 1, MAX_SIZE, errors)
    where.states = _strings(body, "states", errors)
    for bad in sorted(set(where.states) - STATES):
        errors.append(FieldError("states", f"unknown state {bad!r}"))
    where.assignees = [
        (user_type, _like(user)) for user_type, user in _users(body, "assignees", errors)
    ]
    where.claimants = [
        f"{user_type}:{_like(user)}" for user_type, user in _users(body, "claimants", errors)
    ]
    where.definition_names = _strings(body, "definitionNames", errors)
    where.display_names = _strings(body, "displayNames", errors)
    where.ref_names = _strings(body, "taskRefNames", errors)
    where.workflow_ids = _strings(body, "workflowIds", errors)
    where.workflow_names = _strings(body, "workflowNames", errors)
    where.input_query = _field_query(body, "taskInputQuery", errors)
    where.output_query = _field_query(body, "taskOutputQuery", errors)
    where.text_query = _text_query(body, errors)
    where.due_from = _optional_int(body, "dueDateFrom", errors)
    where.due_to = _optional_int(body, "dueDateTo", errors)
    where.follow_up_from = _optional_int(body, "followUpDateFrom", errors)
    where.follow_up_to = _optional_int(body, "followUpDateTo", errors)
    where.priority_min = _optional_int(body, "priorityMin", errors)
    where.priority_max = _optional_int(body, "priorityMax", errors)
    where.form_keys = _strings(body, "formKeys", errors)
    where.updated_from = _optional_int(body, "updateStartTime", errors)
    where.updated_to = _optional_int(body, "updateEndTime", errors)
    if errors:
        raise InvalidInput(f"invalid search: {errors[0].path}: {errors[0].message}", errors=errors)
    return where, start, size


def inbox(caller: Caller, where: SearchFilter) -> None:
    """Limit `where` to the tasks offered to the caller or their groups, claimed by them, or
    owned by them (what INBOX finds; the Camunda search adds definition grants)."""
    if caller.kind is CallerKind.USER:
        me = model.Principal(model.UserType.CONDUCTOR_USER, caller.id)
        where.inbox_candidates = [(me.user_type.value, me.user)] + [
            (model.UserType.CONDUCTOR_GROUP.value, g) for g in sorted(caller.groups)
        ]
        where.inbox_claimant = str(me)
    else:
        where.inbox_candidates = []
    where.inbox_owner = audit_text(caller.actor)


def _int(
    body: dict[str, Any], key: str, default: int, low: int, high: int, errors: list[FieldError]
) -> int:
    value = body.get(key, default)
    if value is None:
        return default
    if not isinstance(value, int) or isinstance(value, bool) or not low <= value <= high:
        errors.append(FieldError(key, f"must be a whole number from {low} to {high}"))
        return default
    return value


def _optional_int(body: dict[str, Any], key: str, errors: list[FieldError]) -> int | None:
    value = body.get(key)
    if value is None:
        return None
    if not isinstance(value, int) or isinstance(value, bool):
        errors.append(FieldError(key, "must be epoch milliseconds"))
        return None
    return value


def _strings(body: dict[str, Any], key: str, errors: list[FieldError]) -> list[str]:
    value = body.get(key) or []
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        errors.append(FieldError(key, "must be a list of strings"))
        return []
    if len(value) > MAX_VALUES:
        errors.append(FieldError(key, f"at most {MAX_VALUES} values"))
        return []
    return value


def _users(body: dict[str, Any], key: str, errors: list[FieldError]) -> list[tuple[str, str]]:
    value = body.get(key) or []
    found: list[tuple[str, str]] = []
    if not isinstance(value, list):
        errors.append(FieldError(key, "must be a list of {user, userType}"))
        return found
    if len(value) > MAX_TERMS:
        errors.append(FieldError(key, f"at most {MAX_TERMS} users"))
        return found
    for i, item in enumerate(value):
        if not isinstance(item, dict) or not isinstance(item.get("user"), str):
            errors.append(FieldError(f"{key}[{i}]", "must be {user, userType}"))
            continue
        user_type = item.get("userType") or "CONDUCTOR_USER"
        if user_type not in USER_TYPES:
            errors.append(FieldError(f"{key}[{i}].userType", f"unknown userType {user_type!r}"))
            continue
        found.append((user_type, item["user"]))
    return found


def _like(value: str) -> str:
    """A search value with `*` wildcards as a LIKE pattern (escape char `\\`)."""
    escaped = value.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return escaped.replace("*", "%")


_CLAUSE = re.compile(r"^\s*(\S+?)\s*(?:(=)\s*(.+?)|(IN)\s*\((.*)\))\s*$", re.IGNORECASE | re.DOTALL)
_NAME = r"[A-Za-z_][\w-]*"
_SEGMENT = re.compile(rf"({_NAME})((?:\[\d+\])*)")
_INDEX = re.compile(r"\[(\d+)\]")
_NUMBER = re.compile(r"-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?")
_INT64 = 2**63
_PATH_HELP = "use names joined by dots, with [n] for an array item: meta.approved, items[0].sku"


def _field_query(body: dict[str, Any], key: str, errors: list[FieldError]) -> FieldQuery | None:
    """`a.b = 1 AND c IN ('x', y*) OR d = null`: OR of AND of IN-lists of path tests."""
    query = body.get(key)
    if not query:
        return None
    if not isinstance(query, str) or "\x00" in query:
        errors.append(FieldError(key, "must be a string without NUL characters"))
        return None
    alternatives = []
    count = 0
    for part in re.split(r"\s+OR\s+", query, flags=re.IGNORECASE):
        terms = []
        for clause in re.split(r"\s+AND\s+", part, flags=re.IGNORECASE):
            match = _CLAUSE.match(clause)
            if not match:
                errors.append(
                    FieldError(
                        key, f"cannot read {clause.strip()!r}: use FIELD = VALUE or FIELD IN (a, b)"
                    )
                )
                return None
            path = _path(match.group(1))
            if path is None:
                errors.append(
                    FieldError(key, f"{match.group(1)!r} is not a field path: {_PATH_HELP}")
                )
                return None
            values = [match.group(3)] if match.group(2) else match.group(5).split(",")
            count += len(values)
            if count > MAX_TERMS:
                errors.append(FieldError(key, f"at most {MAX_TERMS} values in all"))
                return None
            tests = [_test(path, v.strip()) for v in values]
            if any(t is None for t in tests):
                errors.append(FieldError(key, f"a number in {clause.strip()!r} is out of range"))
                return None
            terms.append([t for t in tests if t is not None])
        alternatives.append(terms)
    return alternatives


def _path(text: str) -> tuple[str | int, ...] | None:
    """`meta.items[0].sku` as ("meta", "items", 0, "sku"); None when malformed."""
    path: list[str | int] = []
    for segment in text.split("."):
        match = _SEGMENT.fullmatch(segment)
        if not match:
            return None
        path.append(match.group(1))
        path.extend(int(i) for i in _INDEX.findall(match.group(2)))
    return tuple(path)


def _test(path: tuple[str | int, ...], raw: str) -> FieldTest | None:
    """A quoted value is a string; bare `true`, `false`, `null` and numbers are those JSON
    values; any other bare word is a string. `*` in a string is a wildcard. None for a
    number no database column holds (beyond 64-bit integers or doubles)."""
    if len(raw) >= 2 and raw[0] == raw[-1] and raw[0] in "'\"":
        text = raw[1:-1]
        return FieldTest(path, text, pattern="*" in text)
    literal: JsonScalar
    if raw in ("true", "false", "null"):
        literal = json.loads(raw)
    elif _NUMBER.fullmatch(raw):
        number: int | float = json.loads(raw)
        if (isinstance(number, int) and abs(number) >= _INT64) or not math.isfinite(number):
            return None
        literal = number
    else:
        return FieldTest(path, raw, pattern="*" in raw)
    return FieldTest(path, literal)


def _text_query(body: dict[str, Any], errors: list[FieldError]) -> list[list[str]] | None:
    """Words joined by AND/OR (AND binds tighter), each a lower-cased LIKE pattern."""
    query = body.get("fullTextQuery")
    if not query:
        return None
    if not isinstance(query, str) or "\x00" in query:
        errors.append(FieldError("fullTextQuery", "must be a string without NUL characters"))
        return None
    alternatives = []
    count = 0
    for part in re.split(r"\s+OR\s+", query.strip(), flags=re.IGNORECASE):
        words = [w for w in re.split(r"\s+AND\s+|\s+", part, flags=re.IGNORECASE) if w]
        count += len(words)
        if count > MAX_TERMS:
            errors.append(FieldError("fullTextQuery", f"at most {MAX_TERMS} words"))
            return None
        alternatives.append([f"%{_like(w.lower())}%" for w in words])
    return alternatives

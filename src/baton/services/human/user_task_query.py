"""`POST /v2/user-tasks/search` bodies (`{filter, sort, page}`) as a human-task search.

A filter field is a literal (equality) or an object of operators: strings take `$eq $neq
$exists $in $notIn $like` (`*` any run, `?` one character, `\\` escapes), numbers, dates
and keys also `$gt $gte $lt $lte` (keys: not those). `processInstanceVariables` and
`localVariables` are `[{name, value}]`, value the variable's JSON text or an object of string
operators whose operands are JSON texts too (`$like` matches a string variable; `$gt` and
friends compare numbers with numbers, strings with strings). Sort: `[{field, order}]`,
order ASC/DESC in any case. Page: `{from, limit}`, or a cursor from a previous answer
(`{after: endCursor}` / `{before: startCursor}`). Everything wrong is one 400.
"""

from __future__ import annotations

import base64
import binascii
import fnmatch
import json
import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from baton.clock import epoch_ms
from baton.model.errors import FieldError, InvalidInput
from baton.services.tenants import DEFAULT_TENANT as TENANT
from baton.store.human_tasks import ColumnTest, SearchFilter, VariableTest
from baton.store.json_fields import ValueCompare

DEFAULT_LIMIT = 100
MAX_LIMIT = 1000
MAX_OFFSET = 10_000_000

# Camunda user-task states → human-task states
STATES: Mapping[str, tuple[str, ...]] = {
    "CREATING": (),
    "CREATED": ("PENDING", "ASSIGNED", "IN_PROGRESS"),
    "ASSIGNING": (),
    "UPDATING": (),
    "COMPLETING": (),
    "COMPLETED": ("COMPLETED",),
    "CANCELING": (),
    "CANCELED": ("DELETED", "TIMED_OUT"),
    "FAILED": (),
}
SORT = {
    "creationDate": "created_at",
    "completionDate": "completed_at",
    "followUpDate": "follow_up_at",
    "dueDate": "due_at",
    "priority": "priority",
    "name": "display_name",
}
_STRING_OPS = frozenset({"eq", "neq", "exists", "in", "notIn", "like"})
_NUMBER_OPS = frozenset({"eq", "neq", "exists", "in", "gt", "gte", "lt", "lte"})
_KEY_OPS = frozenset({"eq", "neq", "exists", "in", "notIn"})
_NEVER = "__never__"  # a value no task has: a filter nothing can pass


class _Parse:
    def __init__(self) -> None:
        self.errors: list[FieldError] = []

    def error(self, path: str, message: str) -> None:
        self.errors.append(FieldError(path, message))


def parse(body: Any) -> tuple[SearchFilter, int, int]:
    """(filter without visibility, offset, limit)."""
    p = _Parse()
    if body is None:
        body = {}
    if not isinstance(body, dict):
        raise InvalidInput("a search request is a JSON object {filter, sort, page}")
    for extra in sorted(set(body) - {"filter", "sort", "page"}):
        p.error(extra, "unknown property: send filter, sort and page")
    where = SearchFilter()
    _filter(body.get("filter"), where, p)
    where.order = _sort(body.get("sort"), p) or [("created_at", False)]
    start, size = _page(body.get("page"), p)
    if p.errors:
        summary = "; ".join(f"{e.path}: {e.message}" for e in p.errors[:5])
        raise InvalidInput(f"invalid user task search: {summary}", errors=p.errors)
    return where, start, size


# ---------------------------------------------------------------- filter


def _filter(raw: Any, where: SearchFilter, p: _Parse) -> None:
    if raw is None:
        return
    if not isinstance(raw, dict):
        p.error("filter", "must be an object")
        return
    columns: list[tuple[str, ColumnTest]] = []
    candidates: list[tuple[bool, ColumnTest]] = []
    processes: list[tuple[str, ColumnTest]] = []
    variables: list[VariableTest] = []
    for name, value in raw.items():
        at = f"filter.{name}"
        if value is None:
            continue
        if name == "state":
            where.states = _states(value, at, p)
        elif name in _COLUMNS:
            column, kind = _COLUMNS[name]
            columns += [(column, t) for t in _tests(value, kind, at, p)]
        elif name in ("candidateUser", "candidateGroup"):
            groups = name == "candidateGroup"
            candidates += [(groups, t) for t in _tests(value, _string, at, p)]
        elif name == "processDefinitionId":
            processes += [("process_id", t) for t in _tests(value, _string, at, p)]
        elif name == "processDefinitionKey":
            processes += [("key", t) for t in _tests(value, _key_int, at, p)]
        elif name == "tenantId":
            if not all(_tenant_passes(t) for t in _tests(value, _string, at, p)):
                columns.append(("id", ColumnTest("eq", _NEVER)))
        elif name in ("processInstanceVariables", "localVariables"):
            variables += _variables(value, name == "localVariables", at, p)
        elif name == "tags":
            if not isinstance(value, list) or not all(isinstance(t, str) for t in value):
                p.error(at, "must be a list of tags")
            elif value:  # no task has tags
                columns.append(("id", ColumnTest("eq", _NEVER)))
        else:
            known = ", ".join(sorted([*_COLUMNS, *_OTHER_FILTERS]))
            p.error(at, f"unknown or unsupported filter; known: {known}")
    where.column_tests = columns
    where.candidate_tests = candidates
    where.process_tests = processes
    where.variable_tests = variables


def _tenant_passes(test: ColumnTest) -> bool:
    if test.op == "eq":
        return bool(test.value == TENANT)
    if test.op == "in":
        return TENANT in test.value
    if test.op == "like":
        return True
    return test.op == "exists" and bool(test.value)


def _states(value: Any, at: str, p: _Parse) -> list[str]:
    tests = _tests(value, _state, at, p)
    chosen = set(STATES)
    for t in tests:
        if t.op == "eq":
            chosen &= {t.value}
        elif t.op == "ne":
            chosen -= {t.value}
        elif t.op == "in":
            chosen &= set(t.value)
        elif t.op == "notIn":
            chosen -= set(t.value)
        elif t.op == "like":
            chosen &= {s for s in STATES if _matches_like(t.value, s)}
        elif t.op == "exists" and not t.value:
            chosen = set()
    ours = sorted({state for camunda in chosen for state in STATES[camunda]})
    return ours or [_NEVER]


def _matches_like(pattern: str, text: str) -> bool:
    return fnmatch.fnmatchcase(text, pattern.replace("%", "*").replace("_", "?"))


Converter = Callable[[Any], Any]


def _string(raw: Any) -> Any:
    if not isinstance(raw, str):
        raise ValueError("must be a string")
    return raw


def _state(raw: Any) -> Any:
    if raw not in STATES:
        raise ValueError("must be one of " + ", ".join(STATES))
    return raw


def _key_text(raw: Any) -> Any:
    if isinstance(raw, int) and not isinstance(raw, bool):
        return str(raw)
    if not isinstance(raw, str) or not raw.isdigit() or len(raw) > 19:
        raise ValueError("must be a key: a string of digits")
    return raw


def _key_int(raw: Any) -> Any:
    value = int(_key_text(raw))
    if value >= 2**63:
        raise ValueError("is too large for a key")
    return value


def _integer(raw: Any) -> Any:
    if not isinstance(raw, int) or isinstance(raw, bool) or abs(raw) >= 2**63:
        raise ValueError("must be a whole number")
    return raw


def _date(raw: Any) -> Any:
    if not isinstance(raw, str):
        raise ValueError("must be an ISO 8601 date-time")
    try:
        moment = datetime.fromisoformat(raw.replace("Z", "+00:00"))
    except ValueError:
        raise ValueError("must be an ISO 8601 date-time, e.g. 2025-12-31T17:00:00Z") from None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return epoch_ms(moment)


_OPS: Mapping[Converter, frozenset[str]] = {
    _string: _STRING_OPS,
    _state: _STRING_OPS,
    _key_text: _KEY_OPS,
    _key_int: _KEY_OPS,
    _integer: _NUMBER_OPS,
    _date: _NUMBER_OPS,
}
_COLUMNS: Mapping[str, tuple[str, Converter]] = {
    "assignee": ("claimant_user", _string),
    "priority": ("priority", _integer),
    "elementId": ("ref_name", _string),
    "name": ("display_name", _string),
    "processInstanceKey": ("instance_id", _key_text),
    "elementInstanceKey": ("id", _key_text),
    "userTaskKey": ("id", _key_text),
    "creationDate": ("created_at", _date),
    "completionDate": ("completed_at", _date),
    "dueDate": ("due_at", _date),
    "followUpDate": ("follow_up_at", _date),
}
_OTHER_FILTERS = (
    "state",
    "candidateUser",
    "candidateGroup",
    "processDefinitionId",
    "processDefinitionKey",
    "tenantId",
    "processInstanceVariables",
    "localVariables",
    "tags",
)


def _tests(value: Any, convert: Converter, at: str, p: _Parse) -> list[ColumnTest]:
    """A literal or an operator object as column tests (`$neq` → `ne`)."""
    if not isinstance(value, dict):
        return _one("eq", value, convert, at, p)
    if not value:
        p.error(at, "an operator object needs at least one operator")
    allowed = _OPS[convert]
    found: list[ColumnTest] = []
    for key, operand in value.items():
        op = key[1:] if isinstance(key, str) and key.startswith("$") else None
        if op not in allowed:
            names = ", ".join(f"${o}" for o in sorted(allowed))
            p.error(f"{at}.{key}", f"unknown operator; use one of {names}")
            continue
        found += _one(op, operand, convert, f"{at}.{key}", p)
    return found


def _one(op: str, operand: Any, convert: Converter, at: str, p: _Parse) -> list[ColumnTest]:
    try:
        if op == "exists":
            if not isinstance(operand, bool):
                raise ValueError("must be true or false")
            return [ColumnTest("exists", operand)]
        if op in ("in", "notIn"):
            if not isinstance(operand, list) or not operand:
                raise ValueError("must be a non-empty list")
            return [ColumnTest(op, [convert(v) for v in operand])]
        if op == "like":
            return [ColumnTest("like", _like(convert(operand)))]
        return [ColumnTest("ne" if op == "neq" else op, convert(operand))]
    except ValueError as exc:
        p.error(at, str(exc))
        return []


def _like(pattern: str) -> str:
    """A Camunda pattern (`*`, `?`, `\\` escapes) as a LIKE pattern escaped with `\\`."""
    out: list[str] = []
    escaped = False
    for char in pattern:
        if escaped:
            out.append("\\" + char if char in "%_\\" else char)
            escaped = False
        elif char == "\\":
            escaped = True
        elif char == "*":
            out.append("%")
        elif char == "?":
            out.append("_")
        elif char in "%_":
            out.append("\\" + char)
        else:
            out.append(char)
    if escaped:
        out.append("\\\\")
    return "".join(out)


# ---------------------------------------------------------------- variables


def _variables(value: Any, local: bool, at: str, p: _Parse) -> list[VariableTest]:
    if not isinstance(value, list):
        p.error(at, "must be a list of {name, value}")
        return []
    found: list[VariableTest] = []
    for i, item in enumerate(value):
        here = f"{at}[{i}]"
        if not isinstance(item, dict) or not isinstance(item.get("name"), str):
            p.error(here, "must be an object {name, value}")
            continue
        test = _variable(local, item["name"], item.get("value"), here, p)
        if test is not None:
            found.append(test)
    return found


def _json_text(raw: Any) -> Any:
    """A variable value as sent: JSON text (a bare word that is not JSON: that string)."""
    if not isinstance(raw, str):
        raise ValueError('must be a variable value as JSON text, e.g. "\\"ann\\"" or "5"')
    try:
        return json.loads(raw)
    except ValueError:
        return raw


def _variable(local: bool, name: str, value: Any, at: str, p: _Parse) -> VariableTest | None:
    if not isinstance(value, dict):
        try:
            return VariableTest(local, name, (ValueCompare("eq", _json_text(value)),))
        except ValueError as exc:
            p.error(f"{at}.value", str(exc))
            return None
    if len(value) != 1:
        p.error(f"{at}.value", "use one operator per variable (repeat the variable for more)")
        return None
    ((key, operand),) = value.items()
    op = key[1:] if isinstance(key, str) and key.startswith("$") else ""
    here = f"{at}.value.{key}"
    try:
        if op == "exists":
            if not isinstance(operand, bool):
                raise ValueError("must be true or false")
            return VariableTest(local, name, (ValueCompare("exists"),), negated=not operand)
        if op in ("in", "notIn"):
            if not isinstance(operand, list) or not operand:
                raise ValueError("must be a non-empty list of JSON texts")
            compares = tuple(ValueCompare("eq", _json_text(v)) for v in operand)
            return VariableTest(local, name, compares, negated=op == "notIn")
        if op == "like":
            pattern = _string(operand)
            if len(pattern) >= 2 and pattern[0] == pattern[-1] == '"':
                pattern = pattern[1:-1]  # a pattern written as JSON text
            return VariableTest(local, name, (ValueCompare("like", _like(pattern)),))
        if op in ("eq", "neq"):
            compare = ValueCompare("eq" if op == "eq" else "ne", _json_text(operand))
            return VariableTest(local, name, (compare,))
        if op in ("gt", "gte", "lt", "lte"):
            bound = _json_text(operand)
            if isinstance(bound, bool) or not isinstance(bound, int | float | str):
                raise ValueError("compares with a number or a string")
            return VariableTest(local, name, (ValueCompare(op, bound),))
    except ValueError as exc:
        p.error(here, str(exc))
        return None
    p.error(here, "unknown operator; use $eq $neq $exists $in $notIn $like $gt $gte $lt $lte")
    return None


# ---------------------------------------------------------------- sort and page


def _sort(raw: Any, p: _Parse) -> list[tuple[str, bool]]:
    if raw is None:
        return []
    if not isinstance(raw, list):
        p.error("sort", "must be a list of {field, order}")
        return []
    found: list[tuple[str, bool]] = []
    for i, item in enumerate(raw):
        at = f"sort[{i}]"
        if not isinstance(item, dict) or item.get("field") not in SORT:
            p.error(f"{at}.field", "must be one of " + ", ".join(SORT))
            continue
        order = item.get("order") or "ASC"
        if not isinstance(order, str) or order.upper() not in ("ASC", "DESC"):
            p.error(f"{at}.order", "must be ASC or DESC")
            continue
        found.append((SORT[item["field"]], order.upper() == "DESC"))
    return found


def encode_cursor(position: int) -> str:
    """An opaque cursor: the position of an item among all matches."""
    return base64.b64encode(json.dumps({"p": position}).encode()).decode()


def _decode_cursor(raw: Any) -> int | None:
    if not isinstance(raw, str):
        return None
    try:
        value = json.loads(base64.b64decode(raw, validate=True))
    except (binascii.Error, ValueError):
        return None
    position = value.get("p") if isinstance(value, dict) else None
    if isinstance(position, bool) or not isinstance(position, int):
        return None
    return position if 0 <= position <= MAX_OFFSET else None


def _page(raw: Any, p: _Parse) -> tuple[int, int]:
    if raw is None:
        return 0, DEFAULT_LIMIT
    if not isinstance(raw, dict):
        p.error("page", "must be an object")
        return 0, DEFAULT_LIMIT
    limit = raw.get("limit", DEFAULT_LIMIT)
    if not isinstance(limit, int) or isinstance(limit, bool) or not 1 <= limit <= MAX_LIMIT:
        p.error("page.limit", f"must be a whole number from 1 to {MAX_LIMIT}")
        limit = DEFAULT_LIMIT
    given = [k for k in ("from", "after", "before") if raw.get(k) is not None]
    if len(given) > 1:
        p.error("page", "use one of from, after and before")
        return 0, limit
    if "after" in given or "before" in given:
        key = given[0]
        position = _decode_cursor(raw[key])
        if position is None:
            p.error(f"page.{key}", "is not a cursor this server gave out")
            return 0, limit
        if key == "after":
            return position + 1, limit
        return max(0, position - limit), min(limit, position)
    start = raw.get("from", 0)
    if not isinstance(start, int) or isinstance(start, bool) or not 0 <= start <= MAX_OFFSET:
        p.error("page.from", f"must be a whole number from 0 to {MAX_OFFSET}")
        return 0, limit
    return start, limit


# ---------------------------------------------------------------- small lists in memory


@dataclass(frozen=True)
class ListQuery:
    """A search over a short list held in memory (a task's variables or audit log), by the
    items' own field names."""

    tests: tuple[tuple[str, ColumnTest], ...]
    order: tuple[tuple[str, bool], ...]
    start: int
    size: int


def parse_list(body: Any, filters: Sequence[str], sorts: Sequence[str]) -> ListQuery:
    """`{filter, sort, page}` whose filter fields are strings (literal or operators)."""
    p = _Parse()
    if body is None:
        body = {}
    if not isinstance(body, dict):
        raise InvalidInput("a search request is a JSON object {filter, sort, page}")
    for extra in sorted(set(body) - {"filter", "sort", "page"}):
        p.error(extra, "unknown property: send filter, sort and page")
    tests: list[tuple[str, ColumnTest]] = []
    raw = body.get("filter")
    if raw is not None and not isinstance(raw, dict):
        p.error("filter", "must be an object")
    for name, value in (raw or {}).items() if isinstance(raw, dict) else ():
        if name not in filters:
            p.error(f"filter.{name}", "unknown filter; known: " + ", ".join(filters))
        elif value is not None:
            tests += [(name, t) for t in _tests(value, _string, f"filter.{name}", p)]
    order: list[tuple[str, bool]] = []
    raw_sort = body.get("sort")
    if raw_sort is not None and not isinstance(raw_sort, list):
        p.error("sort", "must be a list of {field, order}")
    for i, item in enumerate(raw_sort if isinstance(raw_sort, list) else []):
        field = item.get("field") if isinstance(item, dict) else None
        direction = (item.get("order") or "ASC") if isinstance(item, dict) else None
        if field not in sorts:
            p.error(f"sort[{i}].field", "must be one of " + ", ".join(sorts))
        elif not isinstance(direction, str) or direction.upper() not in ("ASC", "DESC"):
            p.error(f"sort[{i}].order", "must be ASC or DESC")
        else:
            order.append((str(field), direction.upper() == "DESC"))
    start, size = _page(body.get("page"), p)
    if p.errors:
        summary = "; ".join(f"{e.path}: {e.message}" for e in p.errors[:5])
        raise InvalidInput(f"invalid search: {summary}", errors=p.errors)
    return ListQuery(tuple(tests), tuple(order), start, size)


def passes(test: ColumnTest, value: Any) -> bool:
    op, want = test.op, test.value
    if op == "exists":
        return (value is not None) == bool(want)
    if op == "eq":
        return bool(value == want)
    if op == "ne":
        return bool(value != want)
    if op == "in":
        return value in want
    if op == "notIn":
        return value not in want
    if op == "like" and isinstance(value, str):
        return re.fullmatch(_like_regex(want), value, re.DOTALL) is not None
    return False


def _like_regex(pattern: str) -> str:
    """A LIKE pattern (escape `\\`) as a regular expression."""
    out: list[str] = []
    escaped = False
    for char in pattern:
        if escaped:
            out.append(re.escape(char))
            escaped = False
        elif char == "\\":
            escaped = True
        elif char == "%":
            out.append(".*")
        elif char == "_":
            out.append(".")
        else:
            out.append(re.escape(char))
    return "".join(out)


def select(
    items: Sequence[Mapping[str, Any]], query: ListQuery
) -> tuple[int, list[Mapping[str, Any]]]:
    """(how many pass the filter, the page of them, sorted)."""
    kept = [i for i in items if all(passes(t, i.get(name)) for name, t in query.tests)]
    for name, descending in reversed(query.order):
        kept.sort(key=lambda i: (i.get(name) is None, str(i.get(name) or "")), reverse=descending)
    return len(kept), kept[query.start : query.start + query.size]

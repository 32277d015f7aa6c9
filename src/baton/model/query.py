"""A search as the services see it: conditions on named fields, a sort, a page.

API adapters parse their wire format into a `Query` (`api/camunda/search.py` for `/v2`);
`store/query_sql.py` turns one into SQL, and `matches` evaluates a condition in memory for
values that live inside JSON documents. Field names are the resource's domain names, chosen
by the adapter's field table; values are already typed (keys as digit strings, dates as
epoch ms)."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any, Generic, TypeVar

T = TypeVar("T")


class Op(StrEnum):
    EQ = "eq"
    NEQ = "neq"
    EXISTS = "exists"
    IN = "in"
    NOT_IN = "notIn"
    LIKE = "like"
    GT = "gt"
    GTE = "gte"
    LT = "lt"
    LTE = "lte"


@dataclass(frozen=True)
class Condition:
    """`field op value`. IN/NOT_IN take a tuple, EXISTS a bool, LIKE a pattern with `*`
    (any run) and `?` (one character), backslash escaping either."""

    field: str
    op: Op
    value: Any


NOWHERE = ""  # the field of `NEVER`, a condition no row passes


@dataclass(frozen=True)
class VariableCondition:
    """A variable named `name` whose JSON value passes `test` (a condition whose field is
    `value`), compared as JSON (`json_matches`): EQ/NEQ/IN/NOT_IN take parsed JSON values,
    GT..LTE a number or a string, LIKE a pattern on string values."""

    name: str
    test: Condition


NEVER = Condition(NOWHERE, Op.IN, ())  # e.g. a tenant other than the one there is


@dataclass(frozen=True)
class SortKey:
    field: str
    descending: bool = False


@dataclass(frozen=True)
class PageRequest:
    """Rows `offset .. offset+limit`. Cursors from the wire are decoded to offsets."""

    offset: int = 0
    limit: int = 100


@dataclass(frozen=True)
class Query:
    conditions: tuple[Condition, ...] = ()
    variables: dict[str, tuple[VariableCondition, ...]] = field(default_factory=dict)
    sort: tuple[SortKey, ...] = ()
    page: PageRequest = PageRequest()

    def on(self, name: str) -> tuple[Condition, ...]:
        """The conditions on one field."""
        return tuple(c for c in self.conditions if c.field == name)


@dataclass(frozen=True)
class Page(Generic[T]):
    """One page of a search: `offset` is the position of `items[0]` among all `total`.
    `capped`: counting stopped at the search count cap, so `total` is a lower bound (there
    are more); the pages past it are still there."""

    items: list[T]
    total: int
    offset: int
    capped: bool = False


def like_regex(pattern: str) -> re.Pattern[str]:
    """A `*`/`?` pattern as an anchored regular expression."""
    out: list[str] = []
    escaped = False
    for char in pattern:
        if escaped:
            out.append(re.escape(char))
            escaped = False
        elif char == "\\":
            escaped = True
        elif char == "*":
            out.append(".*")
        elif char == "?":
            out.append(".")
        else:
            out.append(re.escape(char))
    if escaped:
        out.append(re.escape("\\"))
    return re.compile("".join(out), re.DOTALL)


def matches(condition: Condition, actual: Any, *, present: bool = True) -> bool:
    """Does a value pass the condition? `present` is False when the field is missing
    (only EXISTS false and NEQ/NOT_IN pass then)."""
    op, want = condition.op, condition.value
    if op is Op.EXISTS:
        return present and actual is not None if want else not present or actual is None
    if not present or actual is None:
        return op in (Op.NEQ, Op.NOT_IN)
    if op is Op.EQ:
        return bool(actual == want)
    if op is Op.NEQ:
        return bool(actual != want)
    if op is Op.IN:
        return actual in want
    if op is Op.NOT_IN:
        return actual not in want
    if op is Op.LIKE:
        return isinstance(actual, str) and like_regex(want).fullmatch(actual) is not None
    try:
        if op is Op.GT:
            return bool(actual > want)
        if op is Op.GTE:
            return bool(actual >= want)
        if op is Op.LT:
            return bool(actual < want)
        return bool(actual <= want)
    except TypeError:
        return False


def _json_type(value: Any) -> str:
    if isinstance(value, bool):
        return "bool"
    if isinstance(value, int | float):
        return "number"
    return type(value).__name__


def _json_equal(actual: Any, want: Any) -> bool:
    """Equal as JSON values: same type (true is not 1, "5" is not 5), then same value."""
    return _json_type(actual) == _json_type(want) and bool(actual == want)


def json_matches(condition: Condition, actual: Any, *, present: bool) -> bool:
    """Does a variable's JSON value pass a `VariableCondition.test`? NEQ passes only a
    present variable; NOT_IN also a missing one; GT..LTE compare numbers with numbers and
    strings with strings."""
    op, want = condition.op, condition.value
    if op is Op.EXISTS:
        return present is bool(want)
    if op is Op.NOT_IN:
        return not present or not any(_json_equal(actual, w) for w in want)
    if not present:
        return False
    if op is Op.EQ:
        return _json_equal(actual, want)
    if op is Op.NEQ:
        return not _json_equal(actual, want)
    if op is Op.IN:
        return any(_json_equal(actual, w) for w in want)
    if op is Op.LIKE:
        return isinstance(actual, str) and like_regex(want).fullmatch(actual) is not None
    if _json_type(actual) != _json_type(want) or _json_type(want) not in ("number", "str"):
        return False
    return matches(condition, actual)


def select_page(
    items: list[T], query: Query, value: Callable[[T, str], tuple[bool, Any]]
) -> Page[T]:
    """Filter, sort and page `items` in memory; `value(item, field)` is (present, value).
    For small sets (deployed definitions) and for what SQL cannot see (JSON documents)."""
    kept = [
        item for item in items if all(_passes(c, value(item, c.field)) for c in query.conditions)
    ]
    for key in reversed(query.sort):
        kept.sort(key=_by(value, key.field), reverse=key.descending)
        kept.sort(key=_missing(value, key.field))  # missing values last in either direction
    start, limit = query.page.offset, query.page.limit
    return Page(kept[start : start + limit], len(kept), start)


def _passes(condition: Condition, found: tuple[bool, Any]) -> bool:
    present, actual = found
    return matches(condition, actual, present=present)


def _sortable(value: Any) -> tuple[int, Any]:
    if value is None:
        return (0, 0)
    if isinstance(value, bool | int | float):
        return (1, value)
    return (2, str(value))


def _by(value: Callable[[T, str], tuple[bool, Any]], name: str) -> Callable[[T], tuple[int, Any]]:
    return lambda item: _sortable(value(item, name)[1])


def _missing(value: Callable[[T, str], tuple[bool, Any]], name: str) -> Callable[[T], bool]:
    return lambda item: value(item, name)[1] is None

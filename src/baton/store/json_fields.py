"""Matching a field of a JSON text column by its path, in SQL, on SQLite and PostgreSQL.

A test compares the JSON found at a path with a value of the same JSON type: `true` is
not `"true"`, `250` is not `"250"`, and `null` matches a field present with the value null,
never a missing one. Strings may hold `*` wildcards (case-sensitive on both databases).
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import sqlalchemy as sa
from sqlalchemy.dialects.postgresql import JSONB

JsonScalar = str | int | float | bool | None


@dataclass(frozen=True)
class FieldTest:
    """The JSON at `path` (object keys; ints index arrays) equals `value`; with `pattern`,
    `value` is a string whose `*` stand for any run of characters."""

    path: tuple[str | int, ...]
    value: JsonScalar
    pattern: bool = False


# Alternatives (OR) of terms (AND), each term a list of tests of which one must hold (IN).
FieldQuery = Sequence[Sequence[Sequence[FieldTest]]]


def field_query(dialect: str, column: Any, query: FieldQuery) -> sa.ColumnElement[bool]:
    test = _postgres_test if dialect == "postgresql" else _sqlite_test
    return sa.or_(
        *(
            sa.and_(*(sa.or_(*(test(column, t) for t in one_of)) for one_of in terms))
            for terms in query
        )
    )


def _sqlite_test(column: Any, test: FieldTest) -> sa.ColumnElement[bool]:
    path = "$" + "".join(f"[{p}]" if isinstance(p, int) else f'."{p}"' for p in test.path)
    kind = sa.func.json_type(column, path)
    found = sa.func.json_extract(column, path)
    value = test.value
    if value is None:
        return kind == "null"
    if isinstance(value, bool):
        return kind == ("true" if value else "false")
    if isinstance(value, int | float):
        return sa.and_(kind.in_(("integer", "real")), found == value)
    if test.pattern:  # GLOB: case-sensitive like PostgreSQL's LIKE
        return sa.and_(kind == "text", found.op("GLOB")(_glob(value)))
    return sa.and_(kind == "text", found == value)


def _postgres_test(column: Any, test: FieldTest) -> sa.ColumnElement[bool]:
    document = sa.cast(column, JSONB)
    path = [str(p) for p in test.path]
    found = sa.func.jsonb_extract_path(document, *path)
    if test.pattern and isinstance(test.value, str):
        return sa.and_(
            sa.func.jsonb_typeof(found) == "string",
            sa.func.jsonb_extract_path_text(document, *path).like(_like(test.value), escape="\\"),
        )
    # jsonb equality compares type and value (250 = 250.0, "250" ≠ 250)
    return found == sa.cast(sa.literal(json.dumps(test.value), sa.Text), JSONB)


def _glob(value: str) -> str:
    return "".join("*" if c == "*" else f"[{c}]" if c in "?[" else c for c in value)


def _like(value: str) -> str:
    escaped = value.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return escaped.replace("*", "%")


# ---------------------------------------------------------------- compared values (Camunda)

PathPart = str | int | sa.ColumnElement[Any]


@dataclass(frozen=True)
class ValueCompare:
    """The JSON at a path compared with `value`, by `op`: `eq`/`ne` (JSON type and value,
    `ne` only where the field exists), `gt`/`gte`/`lt`/`lte` (numbers with numbers, strings
    with strings), `exists` (the field is present, whatever its value; `value` is ignored)
    and `like` (a string value against `value`, a LIKE pattern with `\\` as escape)."""

    op: str
    value: Any = None


_ORDER = {"gt": ">", "gte": ">=", "lt": "<", "lte": "<="}


def compare_at(
    dialect: str, document: Any, path: tuple[PathPart, ...], compare: ValueCompare
) -> sa.ColumnElement[bool]:
    """`compare` of the JSON found in text column (or expression) `document` at `path`;
    path parts may be SQL expressions (a key taken from another column)."""
    found: sa.ColumnElement[bool] = (
        _postgres_compare(document, path, compare)
        if dialect == "postgresql"
        else _sqlite_compare(document, path, compare)
    )
    return found


def _sqlite_path(path: tuple[PathPart, ...]) -> Any:
    parts: list[Any] = ["$"]
    for p in path:
        if isinstance(p, int):
            parts.append(f"[{p}]")
        elif isinstance(p, str):
            parts.append(f'."{p}"')
        else:
            parts.extend(['."', p, '"'])
    if all(isinstance(p, str) for p in parts):
        return "".join(parts)
    expr: Any = sa.literal(parts[0])
    for p in parts[1:]:
        expr = expr + (sa.literal(p) if isinstance(p, str) else p)
    return expr


def _sqlite_compare(document: Any, path: tuple[PathPart, ...], c: ValueCompare) -> Any:
    at = _sqlite_path(path)
    kind = sa.func.json_type(document, at)
    found = sa.func.json_extract(document, at)
    value = c.value
    if c.op == "exists":
        return kind.is_not(None)
    if c.op == "like":
        return sa.and_(kind == "text", found.like(value, escape="\\"))
    if c.op in ("eq", "ne"):
        if value is None:
            same: Any = kind == "null"
        elif isinstance(value, bool):
            same = kind == ("true" if value else "false")
        elif isinstance(value, int | float):
            same = sa.and_(kind.in_(("integer", "real")), found == value)
        elif isinstance(value, str):
            same = sa.and_(kind == "text", found == value)
        else:
            text = json.dumps(value, separators=(",", ":"), ensure_ascii=False)
            same = sa.and_(kind.in_(("object", "array")), found == sa.func.json(text))
        return same if c.op == "eq" else sa.and_(kind.is_not(None), sa.not_(same))
    operator = _ORDER[c.op]
    kinds = ("integer", "real") if isinstance(value, int | float) else ("text",)
    return sa.and_(kind.in_(kinds), found.op(operator)(value))


def _postgres_compare(document: Any, path: tuple[PathPart, ...], c: ValueCompare) -> Any:
    doc = sa.cast(document, JSONB)
    parts = [p if isinstance(p, sa.ColumnElement) else str(p) for p in path]
    found = sa.func.jsonb_extract_path(doc, *parts)
    kind = sa.func.jsonb_typeof(found)
    if c.op == "exists":
        return found.is_not(None)
    if c.op == "like":
        text = sa.func.jsonb_extract_path_text(doc, *parts)
        return sa.and_(kind == "string", text.like(c.value, escape="\\"))
    wanted = sa.cast(sa.literal(json.dumps(c.value), sa.Text), JSONB)
    if c.op == "eq":
        return found == wanted
    if c.op == "ne":
        return sa.and_(found.is_not(None), found != wanted)
    expected = "number" if isinstance(c.value, int | float) else "string"
    return sa.and_(kind == expected, found.op(_ORDER[c.op])(wanted))

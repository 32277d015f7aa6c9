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

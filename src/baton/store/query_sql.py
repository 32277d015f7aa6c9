"""A `model.query.Query` as SQL: conditions on mapped columns, the sort, the page.

A resource's store module maps each domain field name to a column expression (and, for
fields kept in another form, a converter of the query's value); conditions on fields it does
not map are left for the caller to evaluate in memory."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any, cast

import sqlalchemy as sa
from sqlalchemy.sql.elements import ColumnElement

from baton.model.query import NOWHERE, Condition, Op, Page, Query


@dataclass(frozen=True)
class Column:
    expr: ColumnElement[Any]
    convert: Callable[[Any], Any] = lambda value: value


Columns = Mapping[str, Column]


def like_pattern(pattern: str) -> str:
    """A `*`/`?` pattern as SQL LIKE (escape `\\`)."""
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
    if escaped:  # a trailing backslash stands for itself (as in `like_regex`)
        out.append("\\\\")
    return "".join(out)


def clause(condition: Condition, column: Column) -> ColumnElement[bool]:
    expr, value = column.expr, condition.value
    op = condition.op
    if op is Op.EXISTS:
        return expr.is_not(None) if value else expr.is_(None)
    if op is Op.IN:
        return expr.in_([column.convert(v) for v in value])
    if op is Op.NOT_IN:
        return sa.or_(expr.is_(None), expr.not_in([column.convert(v) for v in value]))
    if op is Op.LIKE:
        return expr.like(like_pattern(value), escape="\\")
    converted = column.convert(value)
    if op is Op.NEQ:
        return sa.or_(expr.is_(None), expr != converted)
    compare: dict[Op, Callable[[Any, Any], Any]] = {
        Op.EQ: lambda a, b: a == b,
        Op.GT: lambda a, b: a > b,
        Op.GTE: lambda a, b: a >= b,
        Op.LT: lambda a, b: a < b,
        Op.LTE: lambda a, b: a <= b,
    }
    return cast("ColumnElement[bool]", compare[op](expr, converted))


def where(query: Query, columns: Columns) -> tuple[list[ColumnElement[bool]], list[Condition]]:
    """(SQL clauses for the mapped conditions, the conditions left over)."""
    clauses: list[ColumnElement[bool]] = []
    rest: list[Condition] = []
    for condition in query.conditions:
        column = columns.get(condition.field)
        if condition.field == NOWHERE:
            clauses.append(sa.false())
        elif column is None:
            rest.append(condition)
        else:
            clauses.append(clause(condition, column))
    return clauses, rest


def order_by(query: Query, columns: Columns, *tiebreak: ColumnElement[Any]) -> list[Any]:
    """The query's sort on mapped columns (nulls last ascending, as Camunda shows them),
    then `tiebreak` so pages never overlap."""
    found: list[Any] = []
    for key in query.sort:
        column = columns.get(key.field)
        if column is None:
            continue
        expr = column.expr
        found.append(expr.is_(None))
        found.append(expr.desc() if key.descending else expr.asc())
    return [*found, *tiebreak]


def paged(select: sa.Select[Any], query: Query) -> sa.Select[Any]:
    return select.offset(query.page.offset).limit(query.page.limit)


def count(conn: Any, select: sa.Select[Any]) -> int:
    return int(conn.execute(sa.select(sa.func.count()).select_from(select.subquery())).scalar_one())


def capped(counted: int, cap: int) -> tuple[int, bool]:
    """(total, capped) from a count of at most `cap` + 1 rows: more than `cap` reads as
    `cap`, flagged."""
    return (cap, True) if counted > cap else (counted, False)


def capped_count(conn: Any, select: sa.Select[Any], cap: int) -> tuple[int, bool]:
    """How many rows `select` gives, reading at most `cap` + 1 of them (see `capped`)."""
    limited = select.limit(cap + 1).subquery()
    counted = conn.execute(sa.select(sa.func.count()).select_from(limited)).scalar_one()
    return capped(int(counted), cap)


def search(
    conn: Any,
    select: sa.Select[Any],
    columns: Columns,
    query: Query,
    *tiebreak: ColumnElement[Any],
) -> Page[dict[str, Any]]:
    """One page of `select`'s rows passing all the query's conditions (each on a mapped
    column: the adapter declares only fields the store maps), sorted, and how many in all."""
    clauses, rest = where(query, columns)
    if rest:
        raise ValueError(f"no column for {sorted({c.field for c in rest})}")
    filtered = select.where(*clauses)
    ordered = filtered.order_by(*order_by(query, columns, *tiebreak))
    rows = [dict(r) for r in conn.execute(paged(ordered, query)).mappings()]
    return Page(rows, count(conn, filtered), query.page.offset)

"""`SearchQuery` to SQL over a table's searchable fields (field name → column)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection
from sqlalchemy.sql import ColumnElement, Select

from baton.model.search import Condition, Op, SearchPage, SearchQuery

Columns = Mapping[str, ColumnElement[Any]]


def run(
    conn: Connection,
    select: Select[Any],
    columns: Columns,
    query: SearchQuery,
    *,
    owner_column: ColumnElement[Any],
    tiebreak: ColumnElement[Any],
) -> SearchPage:
    """Rows of `select` matching `query`, sorted and paged, and how many match in all."""
    where = [_condition(columns, c) for c in query.conditions]
    if query.owner is not None:
        where.append(owner_column == query.owner)
    filtered = select.where(*where)
    total = conn.execute(sa.select(sa.func.count()).select_from(filtered.subquery())).scalar()
    order = [
        columns[name].desc() if descending else columns[name].asc()
        for name, descending in query.sort
    ]
    rows = conn.execute(
        filtered.order_by(*order, tiebreak).offset(query.offset).limit(query.limit)
    ).mappings()
    return SearchPage([dict(r) for r in rows], int(total or 0))


def _condition(columns: Columns, condition: Condition) -> ColumnElement[bool]:
    column = columns[condition.field]
    value = condition.value
    op = condition.op
    if op is Op.EQ:
        return column.is_(None) if value is None else column == value
    if op is Op.NEQ:
        return column.is_not(None) if value is None else sa.or_(column != value, column.is_(None))
    if op is Op.IN:
        return column.in_(list(value))
    if op is Op.NOT_IN:
        return sa.or_(column.not_in(list(value)), column.is_(None))
    if op is Op.EXISTS:
        return column.is_not(None) if value else column.is_(None)
    if op is Op.LIKE:
        return column.like(_like(str(value)), escape="\\")
    compared: ColumnElement[bool]
    if op is Op.GT:
        compared = column > value
    elif op is Op.GTE:
        compared = column >= value
    elif op is Op.LT:
        compared = column < value
    else:
        compared = column <= value
    return compared


def _like(pattern: str) -> str:
    escaped = pattern.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return escaped.replace("*", "%").replace("?", "_")

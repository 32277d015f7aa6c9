"""`store/query_sql.py`: a parsed search as SQL (conditions, sort with nulls last, paging)."""

from __future__ import annotations

import sqlalchemy as sa

from baton.model.query import Condition, Op, PageRequest, Query, SortKey
from baton.store.query_sql import Column, count, order_by, paged, where

meta = sa.MetaData()
rows = sa.Table(
    "rows",
    meta,
    sa.Column("key", sa.BigInteger, primary_key=True),
    sa.Column("name", sa.Text, nullable=True),
    sa.Column("at", sa.BigInteger, nullable=True),
)
COLUMNS = {
    "key": Column(rows.c.key, int),
    "name": Column(rows.c.name),
    "at": Column(rows.c.at),
}


def _run(query: Query) -> tuple[int, list[int], list[Condition]]:
    engine = sa.create_engine("sqlite://")
    meta.create_all(engine)
    with engine.begin() as conn:
        conn.execute(
            rows.insert(),
            [
                {"key": 1, "name": "a_1", "at": 30},
                {"key": 2, "name": "ab", "at": None},
                {"key": 3, "name": None, "at": 10},
                {"key": 4, "name": "abc", "at": 20},
            ],
        )
        clauses, rest = where(query, COLUMNS)
        select = sa.select(rows.c.key).where(*clauses)
        total = count(conn, select)
        ordered = paged(select.order_by(*order_by(query, COLUMNS, rows.c.key)), query)
        return total, [r.key for r in conn.execute(ordered)], rest


def test_like_wildcards_escape_sql_ones_and_neq_keeps_nulls() -> None:
    assert _run(Query(conditions=(Condition("name", Op.LIKE, "a?"),)))[1] == [2]
    assert _run(Query(conditions=(Condition("name", Op.LIKE, "a_*"),)))[1] == [1]
    assert _run(Query(conditions=(Condition("name", Op.NEQ, "ab"),)))[1] == [1, 3, 4]
    assert _run(Query(conditions=(Condition("key", Op.IN, ("2", "4")),)))[1] == [2, 4]


def test_sort_puts_nulls_last_and_pages_with_a_total() -> None:
    query = Query(sort=(SortKey("at"),), page=PageRequest(1, 2))
    total, keys, _ = _run(query)
    assert (total, keys) == (4, [4, 1])
    query = Query(sort=(SortKey("at", descending=True),))
    assert _run(query)[1] == [1, 4, 3, 2]


def test_unmapped_conditions_are_left_for_the_caller() -> None:
    odd = Condition("color", Op.EQ, "red")
    total, _keys, rest = _run(Query(conditions=(Condition("at", Op.GTE, 20), odd)))
    assert total == 2 and rest == [odd]

"""Statements compiled once per dialect and run straight on the DB-API cursor.

Building a Core statement costs ~150 µs a call and SQLAlchemy's execution path another ~50;
the hot paths (start, claim, complete) run a handful of statements each, so they use these
instead: the SQL text is made once from the same Core table definitions, runs in the
connection's current transaction, and values are bound as given (callers pass JSON already
encoded).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy.engine import Connection
from sqlalchemy.sql import ClauseElement


@dataclass(frozen=True)
class _Compiled:
    sql: str
    order: tuple[str, ...] | None  # bind names in order, for positional paramstyles
    defaults: dict[str, Any]  # values fixed in the statement (literals, LIMIT)


@dataclass(frozen=True)
class Fetched:
    columns: tuple[str, ...]
    rows: list[tuple[Any, ...]]
    rowcount: int

    def first(self) -> dict[str, Any] | None:
        return dict(zip(self.columns, self.rows[0], strict=True)) if self.rows else None

    def scalar(self) -> Any:
        return self.rows[0][0] if self.rows else None


class Prepared:
    def __init__(self, statement: ClauseElement) -> None:
        self._statement = statement
        self._by_dialect: dict[str, _Compiled] = {}

    def _compiled(self, conn: Connection) -> _Compiled:
        dialect = conn.dialect
        found = self._by_dialect.get(dialect.name)
        if found is None:
            compiled = self._statement.compile(dialect=dialect)
            order = getattr(compiled, "positiontup", None) if dialect.positional else None
            found = _Compiled(compiled.string, tuple(order) if order else None, compiled.params)
            self._by_dialect[dialect.name] = found  # same value from any thread
        return found

    @staticmethod
    def _bind(compiled: _Compiled, params: dict[str, Any]) -> Any:
        if compiled.order is None:
            return {**compiled.defaults, **params}
        defaults = compiled.defaults
        return tuple(params[n] if n in params else defaults[n] for n in compiled.order)

    def run(self, conn: Connection, **params: Any) -> Fetched:
        compiled = self._compiled(conn)
        cursor = conn.connection.dbapi_connection.cursor()  # type: ignore[union-attr]
        try:
            cursor.execute(compiled.sql, self._bind(compiled, params))
            if cursor.description is None:
                return Fetched((), [], cursor.rowcount)
            columns = tuple(d[0] for d in cursor.description)
            return Fetched(columns, list(cursor.fetchall()), cursor.rowcount)
        finally:
            cursor.close()

    def run_many(self, conn: Connection, rows: list[dict[str, Any]]) -> None:
        if rows:
            compiled = self._compiled(conn)
            cursor = conn.connection.dbapi_connection.cursor()  # type: ignore[union-attr]
            try:
                cursor.executemany(compiled.sql, [self._bind(compiled, row) for row in rows])
            finally:
                cursor.close()

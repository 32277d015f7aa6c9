"""Runtime history rows: element instances and variables by scope (with their history).

`HistoryBatch` collects what one command changed and writes it at the end of the command:
one multi-row INSERT for the element instances it started (an element that also ended in the
same command is inserted ended), one UPDATE per element that was already there and ended, one
upsert per variable changed and one history row per change. Nothing is read.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

import sqlalchemy as sa
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.engine import Connection

from baton.ids import new_key
from baton.model.query import Page, Query
from baton.store import query_sql
from baton.store.prepared import Prepared
from baton.store.query_sql import Column
from baton.store.schema import (
    bpmn_processes,
    element_instances,
    instances,
    variable_history,
    variables,
)

_dumps = json.JSONEncoder(separators=(",", ":"), ensure_ascii=False).encode

ACTIVE = "ACTIVE"
COMPLETED = "COMPLETED"
TERMINATED = "TERMINATED"


@dataclass
class HistoryBatch:
    instance_id: str
    def_name: str
    def_version: int
    now: int
    _new: dict[int, dict[str, Any]] = field(default_factory=dict)
    _updates: list[tuple[str, dict[str, Any]]] = field(default_factory=list)
    _values: dict[tuple[int, str], str] = field(default_factory=dict)
    _history: list[dict[str, Any]] = field(default_factory=list)
    _end_all: str | None = None

    def start(
        self,
        key: int,
        element_id: str,
        name: str,
        kind: str,
        scope_key: int | None,
        *,
        ended: str | None = None,
    ) -> None:
        self._new[key] = {
            "key": key,
            "instance_id": self.instance_id,
            "def_name": self.def_name,
            "def_version": self.def_version,
            "element_id": element_id,
            "element_name": name,
            "kind": kind,
            "state": ended or ACTIVE,
            "scope_key": scope_key,
            "incident_key": None,
            "start_at": self.now,
            "end_at": self.now if ended else None,
        }

    def end(self, key: int, state: str) -> None:
        self._set(key, "end", {"state": state, "end_at": self.now})

    def incident(self, key: int, incident_key: int) -> None:
        """The element waits with an incident (ACTIVE again if it had ended)."""
        self._set(key, "incident", {"state": ACTIVE, "end_at": None, "incident_key": incident_key})

    def incident_resolved(self, key: int, incident_key: int) -> None:
        new = self._new.get(key)
        if new is not None:
            if new["incident_key"] == incident_key:
                new["incident_key"] = None
            return
        self._updates.append(("resolved", {"b_key": key, "b_incident": incident_key}))

    def end_instance(self, state: str) -> None:
        """The instance ended: every element still active ends with it."""
        self._end_all = state

    def set_variables(self, scope_key: int, values: Mapping[str, Any]) -> None:
        for name, value in values.items():
            text = _dumps(value)
            self._values[(scope_key, name)] = text
            self._history.append(
                {
                    "instance_id": self.instance_id,
                    "scope_key": scope_key,
                    "name": name,
                    "value": text,
                    "at": self.now,
                }
            )

    def _set(self, key: int, kind: str, values: dict[str, Any]) -> None:
        new = self._new.get(key)
        if new is not None:
            new.update(values)
        else:
            self._updates.append((kind, {"b_key": key, **values}))

    def write(self, conn: Connection) -> None:
        if self._new:
            _INSERT_ELEMENT.run_many(conn, list(self._new.values()))
        for kind, params in self._updates:
            _UPDATES[kind].run(conn, **params)
        if self._end_all is not None:
            _END_ALL.run(conn, b_instance=self.instance_id, state=self._end_all, end_at=self.now)
        if self._values:
            rows = [
                {
                    "key": new_key(),
                    "instance_id": self.instance_id,
                    "scope_key": scope,
                    "name": name,
                    "value": value,
                    "updated_at": self.now,
                }
                for (scope, name), value in self._values.items()
            ]
            _upsert(conn).run_many(conn, rows)
            _INSERT_HISTORY.run_many(conn, self._history)


# ---------------------------------------------------------------- reads


def variable_changes(conn: Connection, scope_key: int, name: str) -> list[dict[str, Any]]:
    """A variable's values, oldest first."""
    rows = conn.execute(
        sa.select(variable_history.c.value, variable_history.c.at)
        .where(variable_history.c.scope_key == scope_key, variable_history.c.name == name)
        .order_by(variable_history.c.id)
    ).mappings()
    return [dict(r) for r in rows]


# ---------------------------------------------------------------- statements

_b = sa.bindparam
_INSERT_ELEMENT = Prepared(element_instances.insert())
_UPDATES = {
    "end": Prepared(
        element_instances.update()
        .where(element_instances.c.key == _b("b_key"))
        .values(state=_b("state"), end_at=_b("end_at"))
    ),
    "incident": Prepared(
        element_instances.update()
        .where(element_instances.c.key == _b("b_key"))
        .values(state=_b("state"), end_at=_b("end_at"), incident_key=_b("incident_key"))
    ),
    "resolved": Prepared(
        element_instances.update()
        .where(
            element_instances.c.key == _b("b_key"),
            element_instances.c.incident_key == _b("b_incident"),
        )
        .values(incident_key=None)
    ),
}
_END_ALL = Prepared(
    element_instances.update()
    .where(
        element_instances.c.instance_id == _b("b_instance"),
        element_instances.c.state == ACTIVE,
    )
    .values(state=_b("state"), end_at=_b("end_at"))
)
_INSERT_HISTORY = Prepared(
    variable_history.insert().values(
        instance_id=_b("instance_id"),
        scope_key=_b("scope_key"),
        name=_b("name"),
        value=_b("value"),
        at=_b("at"),
    )
)


def _upsert_statement(insert: Any) -> Prepared:
    statement = insert(variables)
    return Prepared(
        statement.on_conflict_do_update(
            index_elements=[variables.c.scope_key, variables.c.name],
            set_={"value": statement.excluded.value, "updated_at": statement.excluded.updated_at},
        )
    )


_UPSERTS = {
    "postgresql": _upsert_statement(postgresql.insert),
    "sqlite": _upsert_statement(sqlite.insert),
}


def _upsert(conn: Connection) -> Prepared:
    return _UPSERTS[conn.dialect.name]


# ---------------------------------------------------------------- searches


def _process_join(table: sa.Table, def_name: Any, def_version: Any) -> Any:
    return table.join(instances, instances.c.id == table.c.instance_id).outerjoin(
        bpmn_processes,
        sa.and_(bpmn_processes.c.process_id == def_name, bpmn_processes.c.version == def_version),
    )


_ELEMENTS = sa.select(
    element_instances,
    instances.c.created_by,
    instances.c.root_id,
    bpmn_processes.c.key.label("process_key"),
).select_from(
    _process_join(element_instances, element_instances.c.def_name, element_instances.c.def_version)
)
ELEMENT_FIELDS: dict[str, Column] = {
    "key": Column(element_instances.c.key, int),
    "instance_id": Column(element_instances.c.instance_id),
    "def_name": Column(element_instances.c.def_name),
    "process_key": Column(bpmn_processes.c.key, int),
    "element_id": Column(element_instances.c.element_id),
    "element_name": Column(element_instances.c.element_name),
    "kind": Column(element_instances.c.kind),
    "state": Column(element_instances.c.state),
    "scope_key": Column(element_instances.c.scope_key, int),
    "incident_key": Column(element_instances.c.incident_key, int),
    "has_incident": Column(element_instances.c.incident_key.is_not(None)),
    "start_at": Column(element_instances.c.start_at),
    "end_at": Column(element_instances.c.end_at),
}

_VARIABLES = sa.select(
    variables,
    instances.c.def_name,
    instances.c.created_by,
    instances.c.root_id,
    bpmn_processes.c.key.label("process_key"),
).select_from(_process_join(variables, instances.c.def_name, instances.c.def_version))
VARIABLE_FIELDS: dict[str, Column] = {
    "key": Column(variables.c.key, int),
    "instance_id": Column(variables.c.instance_id),
    "scope_key": Column(variables.c.scope_key, int),
    "name": Column(variables.c.name),
    "value": Column(variables.c.value),
    "truncated": Column(sa.false()),  # values are kept whole
}


def search_elements(conn: Connection, query: Query, *, owner: str | None) -> Page[dict[str, Any]]:
    select = _ELEMENTS if owner is None else _ELEMENTS.where(instances.c.created_by == owner)
    return query_sql.search(conn, select, ELEMENT_FIELDS, query, element_instances.c.key)


def search_variables(conn: Connection, query: Query, *, owner: str | None) -> Page[dict[str, Any]]:
    select = _VARIABLES if owner is None else _VARIABLES.where(instances.c.created_by == owner)
    return query_sql.search(conn, select, VARIABLE_FIELDS, query, variables.c.key)


def element_instance(conn: Connection, key: int) -> dict[str, Any] | None:
    row = conn.execute(_ELEMENTS.where(element_instances.c.key == key)).mappings().first()
    return dict(row) if row is not None else None


def variable(conn: Connection, key: int) -> dict[str, Any] | None:
    row = conn.execute(_VARIABLES.where(variables.c.key == key)).mappings().first()
    return dict(row) if row is not None else None

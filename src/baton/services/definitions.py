"""Compiled process definitions, cached per process by (name, version, updated_at).

The instance row records the `updated_at` ("stamp") of the definition it runs, so the hot
path (complete a task, fire a timer) finds the compiled model without a query.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator, Mapping
from typing import Any

from sqlalchemy.engine import Connection

from baton.model.errors import NotFound
from baton.model.process import EMBEDDED_SEPARATOR, ProcessDefinition
from baton.model.task_def import TaskDef
from baton.notation.conductor.task_defs import parse_task_def
from baton.store import definitions as store

MAX_CACHED = 1000


class DefinitionCache:
    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._compiled: dict[tuple[str, int, int], ProcessDefinition] = {}

    def get(
        self, conn: Connection, name: str, version: int | None, stamp: int | None = None
    ) -> tuple[ProcessDefinition, int]:
        """The compiled definition and its stamp. With a known `stamp` a cache hit costs no
        query; otherwise (or after the definition changed) the row is read. An embedded
        definition (`<root>::<node>...`) is found inside its root's, with the root's stamp."""
        if EMBEDDED_SEPARATOR in name:
            root, *path = name.split(EMBEDDED_SEPARATOR)
            outer, outer_stamp = self.get(conn, root, version, stamp)
            embedded = outer.embedded_at(path)
            if embedded is None:
                raise NotFound(f"No such workflow definition: {name} version {outer.version}")
            return embedded, outer_stamp
        if version is not None and stamp is not None:
            with self._lock:
                found = self._compiled.get((name, version, stamp))
            if found is not None:
                return found, stamp
        found_stamp = store.process_def_stamp(conn, name, version)
        if found_stamp is None:
            which = f"{name} version {version}" if version is not None else name
            raise NotFound(f"No such workflow definition: {which}")
        key = (name, found_stamp[0], found_stamp[1])
        with self._lock:
            found = self._compiled.get(key)
        if found is None:
            row = store.get_process_def(conn, name, found_stamp[0])
            if row is None:
                raise NotFound(f"No such workflow definition: {name} version {found_stamp[0]}")
            key = (name, int(row["version"]), int(row["updated_at"]))
            found = ProcessDefinition.from_dict(row["compiled"])
            with self._lock:
                if len(self._compiled) >= MAX_CACHED:
                    self._compiled.clear()
                self._compiled[key] = found
        return found, key[2]

    def forget(self, name: str) -> None:
        with self._lock:
            for key in [k for k in self._compiled if k[0] == name]:
                del self._compiled[key]


class LazyTaskDefs(Mapping[str, TaskDef]):
    """Task definitions read from the database only when the engine asks for one."""

    def __init__(self, conn: Connection) -> None:
        self._conn = conn
        self._seen: dict[str, TaskDef | None] = {}

    def __getitem__(self, name: str) -> TaskDef:
        if name not in self._seen:
            raw = store.get_task_def(self._conn, name)
            self._seen[name] = parse_task_def(raw) if raw is not None else None
        found = self._seen[name]
        if found is None:
            raise KeyError(name)
        return found

    def __iter__(self) -> Iterator[str]:
        return iter(name for name, found in self._seen.items() if found is not None)

    def __len__(self) -> int:
        return sum(1 for found in self._seen.values() if found is not None)


def task_def_json(raw: Mapping[str, Any]) -> dict[str, Any]:
    """A stored TaskDef as Conductor shows it, Conductor's defaults filled in."""
    parsed = parse_task_def(raw)
    return {
        "retryCount": parsed.retry_count,
        "retryLogic": parsed.retry_logic.value,
        "retryDelaySeconds": parsed.retry_delay_seconds,
        "timeoutSeconds": parsed.timeout_seconds,
        "timeoutPolicy": parsed.timeout_policy.value,
        "responseTimeoutSeconds": parsed.response_timeout_seconds,
        "backoffScaleFactor": parsed.backoff_scale_factor,
        "inputKeys": [],
        "outputKeys": [],
        **raw,
    }

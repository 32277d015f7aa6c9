"""Context built-ins: get value, get entries, context put, context merge, context."""

from __future__ import annotations

from typing import Any

from baton.expr.feel.functions.common import list_of, string
from baton.expr.feel.functions.registry import builtin
from baton.expr.feel.runtime import Run
from baton.expr.feel.values import to_feel


def _context(value: Any) -> dict[str, Any] | None:
    value = to_feel(value)
    return value if type(value) is dict else None


def _keys(value: Any) -> list[str] | None:
    """A key or a non-empty list of keys (a path into nested contexts)."""
    if type(value) is str:
        return [value]
    keys = list_of(value)
    if not keys or any(type(k) is not str for k in keys):
        return None
    return keys


@builtin("get value", "context", "key")
def get_value(run: Run, context: Any, key: Any) -> Any:
    keys = _keys(key)
    current: Any = _context(context)
    if keys is None or current is None:
        return None
    for name in keys:
        current = _context(current)
        if current is None:
            return None
        current = to_feel(current.get(name))
    return current


@builtin("get entries", "context")
def get_entries(run: Run, context: Any) -> list[dict[str, Any]] | None:
    ctx = _context(context)
    if ctx is None:
        return None
    run.check_list(len(ctx))
    return [{"key": key, "value": to_feel(value)} for key, value in ctx.items()]


def _put(ctx: dict[str, Any], keys: list[str], value: Any) -> dict[str, Any] | None:
    result = dict(ctx)
    if len(keys) == 1:
        result[keys[0]] = value
        return result
    inner = _context(result.get(keys[0]))
    nested = _put(inner if inner is not None else {}, keys[1:], value)
    if nested is None:
        return None
    result[keys[0]] = nested
    return result


@builtin("context put", "context", "key", "value")
def context_put(run: Run, context: Any, key: Any, value: Any) -> dict[str, Any] | None:
    ctx, keys = _context(context), _keys(key)
    if ctx is None or keys is None:
        return None
    run.charge(len(ctx) // 16 + len(keys))
    return _put(ctx, keys, to_feel(value))


@builtin("context merge", "contexts")
def context_merge(run: Run, contexts: Any) -> dict[str, Any] | None:
    items = list_of(contexts)
    if items is None:
        return None
    result: dict[str, Any] = {}
    for item in items:
        ctx = _context(item)
        if ctx is None:
            return None
        run.charge(len(ctx) // 16 + 1)
        result.update(ctx)
    return result


@builtin("context", "entries")
def context(run: Run, entries: Any) -> dict[str, Any] | None:
    items = list_of(entries)
    if items is None:
        return None
    result: dict[str, Any] = {}
    for item in items:
        entry = _context(item)
        if entry is None or string(entry.get("key")) is None or "value" not in entry:
            return None
        result[entry["key"]] = to_feel(entry["value"])
    return result

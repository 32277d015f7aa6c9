"""One check for every JSON value Baton accepts or stores, and for text that becomes an id.

The same function and limits run at the HTTP door (every JSON body) and in the services where
values enter from elsewhere (CLI start, BPMN variables), so what one path accepts the other
can store and read back: no NUL (PostgreSQL text refuses it), no lone surrogates (not UTF-8),
integers within int64 (what the databases bind), finite numbers, bounded nesting.
"""

from __future__ import annotations

import math
import re
from typing import Any

from baton.model.errors import FieldError, InvalidInput

DEFAULT_MAX_DEPTH = 64
INT64_MIN = -(2**63)
INT64_MAX = 2**63 - 1

_BAD_CHAR = re.compile("[\x00\ud800-\udfff]")


def text_problem(value: str) -> str | None:
    """What is wrong with `value` as stored text, or None."""
    bad = _BAD_CHAR.search(value)
    if bad is None:
        return None
    if bad.group() == "\x00":
        return "contains a NUL character (\\u0000)"
    return f"contains a lone surrogate (\\u{ord(bad.group()):04x})"


def check_text(value: str, where: str) -> None:
    """Refuse text that no database can store (a path id, a query value, a credential)."""
    problem = text_problem(value)
    if problem is not None:
        raise InvalidInput(f"{where} {problem}", errors=[FieldError(where, problem)])


def check_int64(value: int, where: str) -> None:
    if not INT64_MIN <= value <= INT64_MAX:
        message = "is outside the 64-bit integer range"
        raise InvalidInput(f"{where} {message}", errors=[FieldError(where, message)])


def check_json(value: Any, *, max_depth: int = DEFAULT_MAX_DEPTH, where: str = "body") -> None:
    """Raise `InvalidInput` naming the first bad place in `value` (a parsed JSON value).

    Walks with an explicit stack, so no input can exhaust Python's recursion limit; a place's
    path is a linked (parent, key) pair, spelled out only when it is refused."""
    stack: list[tuple[Any, int, _Path]] = [(value, 0, None)]
    while stack:
        item, depth, path = stack.pop()
        problem: str | None = None
        if isinstance(item, str):
            problem = text_problem(item)
        elif isinstance(item, bool) or item is None:
            continue
        elif isinstance(item, int):
            if not INT64_MIN <= item <= INT64_MAX:
                problem = "is an integer outside the 64-bit range"
        elif isinstance(item, float):
            if not math.isfinite(item):
                problem = "is not a finite number"
        elif isinstance(item, dict):
            if depth >= max_depth:
                problem = f"is nested too deeply (more than {max_depth} levels)"
            else:
                for key, child in item.items():
                    key_problem = text_problem(key) if isinstance(key, str) else None
                    if key_problem is not None:
                        _refuse(where, path, f"has a key that {key_problem}")
                    stack.append((child, depth + 1, (path, key)))
        elif isinstance(item, list):
            if depth >= max_depth:
                problem = f"is nested too deeply (more than {max_depth} levels)"
            else:
                stack.extend((child, depth + 1, (path, i)) for i, child in enumerate(item))
        if problem is not None:
            _refuse(where, path, problem)


_Path = tuple[Any, str | int] | None


def _refuse(where: str, path: _Path, problem: str) -> None:
    parts: list[str] = []
    while path is not None:
        path, key = path
        parts.append(f"[{key}]" if isinstance(key, int) else f".{key}")
    shown = where + "".join(reversed(parts))
    if len(shown) > 200:
        shown = shown[:200] + "..."
    raise InvalidInput(f"{shown} {problem}", errors=[FieldError(shown, problem)])

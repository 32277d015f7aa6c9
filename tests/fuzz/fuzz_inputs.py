"""Names the input classes whose 5xx another change fixes (NUL bytes, lone surrogates, int64
overflow, deep nesting, long IN lists, huge headers, deep BPMN), so the fuzz report can tell a
known class from a new finding."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

INT64_MAX = 2**63 - 1
DEEP = 64  # nesting levels counted as "too deep"
LONG_LIST = 500  # items counted as "too many IN values"
BIG_HEADER = 8 * 1024


def _leaves(value: Any, depth: int = 0) -> Iterator[tuple[Any, int]]:
    """Every scalar in `value` with its nesting depth (dict keys count as scalars too)."""
    if isinstance(value, dict):
        for key, item in value.items():
            yield key, depth + 1
            yield from _leaves(item, depth + 1)
    elif isinstance(value, list | tuple):
        yield value, depth  # the list itself, for its length
        for item in value:
            yield from _leaves(item, depth + 1)
    else:
        yield value, depth


def _is_big_int(value: Any) -> bool:
    if isinstance(value, bool):
        return False
    if isinstance(value, int):
        return abs(value) > INT64_MAX
    if isinstance(value, float):
        return value != value or abs(value) > INT64_MAX  # NaN or out of range
    if isinstance(value, str):
        digits = value.strip().lstrip("+-")
        return digits.isdigit() and len(digits) >= 19 and abs(int(digits)) > INT64_MAX
    return False


def _text(value: Any) -> str | None:
    if isinstance(value, str):
        return value
    if isinstance(value, bytes):
        return value.decode("latin-1")
    return None


def known_classes(parts: dict[str, Any]) -> list[str]:
    """The known input classes present in a request's parts (path, query, headers, body)."""
    found: set[str] = set()
    for name, part in parts.items():
        for leaf, depth in _leaves(part):
            if depth > DEEP:
                found.add("too-deep nesting")
            if isinstance(leaf, list | tuple) and len(leaf) > LONG_LIST:
                found.add("too many IN values")
            if _is_big_int(leaf):
                found.add("int64 overflow")
            text = _text(leaf)
            if text is None:
                continue
            if "\x00" in text:
                found.add("NUL byte")
            if any(0xD800 <= ord(char) <= 0xDFFF for char in text):
                found.add("lone surrogate")
            if name == "headers" and len(text) > BIG_HEADER:
                found.add("header size")
            if "<" in text and text.count("<") > DEEP:
                found.add("BPMN depth")
    return sorted(found)

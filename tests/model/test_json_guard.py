"""The one JSON check: what it refuses, where it says the problem is, and that no input
(however deep or wide) makes it recurse."""

from __future__ import annotations

from typing import Any

import pytest

from baton.model.errors import InvalidInput
from baton.model.json_guard import INT64_MAX, INT64_MIN, check_json, check_text


def _nested(depth: int) -> Any:
    value: Any = 1
    for _ in range(depth):
        value = [value]
    return value


@pytest.mark.parametrize(
    ("value", "path", "problem"),
    [
        ({"a": "x\x00"}, "body.a", "NUL"),
        ({"a": ["ok", "\ud800"]}, "body.a[1]", "surrogate"),
        ({"k\x00": 1}, "body", "key"),
        ({"n": INT64_MAX + 1}, "body.n", "64-bit"),
        ({"n": INT64_MIN - 1}, "body.n", "64-bit"),
        ({"f": float("nan")}, "body.f", "finite"),
        ({"f": float("inf")}, "body.f", "finite"),
    ],
)
def test_refuses_what_no_database_stores(value: Any, path: str, problem: str) -> None:
    with pytest.raises(InvalidInput) as info:
        check_json(value)
    assert info.value.errors[0].path == path
    assert problem in info.value.message


def test_accepts_ordinary_json_at_the_limits() -> None:
    check_json({"a": [INT64_MAX, INT64_MIN, 1.5, True, None, "é 😀"], "b": _nested(60)})
    check_json(_nested(63), max_depth=64)


def test_depth_is_limited_without_recursion() -> None:
    with pytest.raises(InvalidInput) as info:
        check_json(_nested(100_000), max_depth=64)
    assert "nested too deeply (more than 64 levels)" in info.value.message


def test_text_with_nul_or_surrogates_is_refused() -> None:
    check_text("plain id", "id")
    for bad in ("a\x00b", "\udc80"):
        with pytest.raises(InvalidInput):
            check_text(bad, "id")

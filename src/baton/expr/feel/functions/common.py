"""Argument coercions shared by the built-in functions. Each returns None for a wrong type."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from baton.expr.feel.values import to_feel

NOT_GIVEN: Any = object()


def number(value: Any) -> Decimal | None:
    value = to_feel(value)
    return value if type(value) is Decimal else None


def integer(value: Any) -> int | None:
    """A FEEL number that is a whole number, as int (None for 1.5, "1", null)."""
    num = number(value)
    if num is None or not num.is_finite() or num != num.to_integral_value():
        return None
    return int(num)


def string(value: Any) -> str | None:
    return value if type(value) is str else None


def list_of(value: Any) -> list[Any] | None:
    """A list argument with its elements normalised.

    FEEL converts a single value where a list is expected into a singleton list
    (`count(5)` = 1); null stays null.
    """
    if type(value) is not list:
        return None if value is None else [to_feel(value)]
    return [to_feel(item) for item in value]


def items(args: tuple[Any, ...]) -> list[Any] | None:
    """The values of a `f(list)` / `f(a, b, c)` function (min, max, sum, ...)."""
    if len(args) == 1:
        if type(args[0]) is list:
            return [to_feel(item) for item in args[0]]
        return [to_feel(args[0])] if args[0] is not None else None
    return [to_feel(item) for item in args]

"""FEEL value types and their Python representations.

| FEEL type                  | Python                                             |
|----------------------------|----------------------------------------------------|
| number                     | `decimal.Decimal` (int/float inputs are accepted)  |
| string, boolean, null      | `str`, `bool`, `None`                              |
| list, context              | `list`, `dict[str, Any]`                           |
| date                       | `datetime.date`                                    |
| time                       | `datetime.time` (with or without tzinfo)           |
| date and time              | `datetime.datetime` (aware, or naive = local)      |
| days and time duration     | `datetime.timedelta`                               |
| years and months duration  | `YearsMonthsDuration`                              |
| range                      | `Range`                                            |
| function                   | `FeelFunction`                                     |
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from decimal import ROUND_HALF_EVEN, Context, Decimal, DivisionByZero, InvalidOperation, Overflow
from typing import Any

NUMBER_CONTEXT = Context(
    prec=34,
    rounding=ROUND_HALF_EVEN,
    Emax=6144,
    Emin=-6143,
    traps=[InvalidOperation, DivisionByZero, Overflow],
)
"""IEEE 754 decimal128, the number model FEEL prescribes (34 significant digits)."""


@dataclass(frozen=True, order=True)
class YearsMonthsDuration:
    """A years and months duration (`P1Y2M`), kept as a whole number of months."""

    months: int

    @property
    def years_part(self) -> int:
        return int(math.copysign(abs(self.months) // 12, self.months)) if self.months else 0

    @property
    def months_part(self) -> int:
        return int(math.copysign(abs(self.months) % 12, self.months)) if self.months else 0


@dataclass(frozen=True)
class Range:
    """A FEEL range (`[1..10)`); either end may be None (unbounded, from a unary test)."""

    start: Any
    end: Any
    start_included: bool = True
    end_included: bool = True


@dataclass(frozen=True, eq=False)
class FeelFunction:
    """A function defined in FEEL (`function(a, b) a + b`), closed over its defining scope.

    `body` is the compiled body, called with a scope that binds the parameters; `scope` is the
    `runtime.Scope` the definition was evaluated in.
    """

    params: tuple[str, ...]
    body: Callable[[Any], Any]
    scope: Any


_PLAIN_TYPES = frozenset(
    {
        Decimal,
        str,
        bool,
        type(None),
        list,
        dict,
        date,
        datetime,
        time,
        timedelta,
        YearsMonthsDuration,
        Range,
        FeelFunction,
    }
)


def to_feel(value: Any) -> Any:
    """The FEEL value for a Python value coming from outside (variables, JSON).

    Shallow: ints and floats become Decimal, tuples lists, other mappings dicts; containers
    are converted element by element when FEEL reads them. Types FEEL does not know (any other
    Python object) become null, so an expression can never reach their attributes.
    """
    kind = type(value)
    if kind in _PLAIN_TYPES:
        return value
    if kind is int:
        return Decimal(value)
    if kind is float:
        return Decimal(repr(value)) if math.isfinite(value) else None
    if isinstance(value, bool):
        return bool(value)
    if isinstance(value, int):
        return Decimal(int(value))
    if isinstance(value, str):
        return str(value)
    if isinstance(value, tuple | list):
        return list(value)
    if isinstance(value, Mapping):
        return {str(k): v for k, v in value.items()}
    if isinstance(value, date | time | timedelta | Decimal):
        return value
    if isinstance(value, FeelFunction):
        return value
    return None


def type_name(value: Any) -> str:
    """The FEEL type name of a (normalised) value, as `instance of` spells it."""
    if value is None:
        return "Null"
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, Decimal):
        return "number"
    if isinstance(value, str):
        return "string"
    if isinstance(value, datetime):
        return "date and time"
    if isinstance(value, date):
        return "date"
    if isinstance(value, time):
        return "time"
    if isinstance(value, timedelta):
        return "days and time duration"
    if isinstance(value, YearsMonthsDuration):
        return "years and months duration"
    if isinstance(value, list):
        return "list"
    if isinstance(value, dict):
        return "context"
    if isinstance(value, Range):
        return "range"
    return "function"

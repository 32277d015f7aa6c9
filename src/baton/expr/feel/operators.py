"""FEEL operators on values: equality, ordering, arithmetic, paths and unary tests.

Each function takes normalised FEEL values and returns None where FEEL defines the result as
null (an operand is null, the types do not fit, the result is not representable).
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from decimal import Decimal
from typing import Any

from baton.expr.feel.runtime import Run
from baton.expr.feel.temporal import add_months, time_offset, timezone_name
from baton.expr.feel.values import (
    NUMBER_CONTEXT,
    FeelFunction,
    Range,
    YearsMonthsDuration,
    to_feel,
)

_ctx = NUMBER_CONTEXT
_SIMPLE = (Decimal, str)
_ANCHOR = date(2000, 1, 1)


# ---------------------------------------------------------------------------- equality / order


def equals(a: Any, b: Any) -> bool | None:
    """FEEL `=`: null equals only null; values of different types are not comparable (null)."""
    if a is None or b is None:
        return a is None and b is None
    ta = type(a)
    if ta is type(b) and ta in _SIMPLE:
        return bool(a == b)
    a, b = to_feel(a), to_feel(b)
    ta, tb = type(a), type(b)
    if ta is not tb:
        return None
    if ta is datetime and (a.tzinfo is None) != (b.tzinfo is None):
        return None
    if ta is list:
        if len(a) != len(b):
            return False
        for x, y in zip(a, b, strict=True):
            same = equals(x, y)
            if same is not True:
                return same
        return True
    if ta is dict:
        if a.keys() != b.keys():
            return False
        for key, x in a.items():
            same = equals(x, b[key])
            if same is not True:
                return same
        return True
    if ta is Range:
        return (
            a.start_included == b.start_included
            and a.end_included == b.end_included
            and equals(a.start, b.start) is True
            and equals(a.end, b.end) is True
        )
    if ta is FeelFunction:
        return a is b
    return bool(a == b)


_ORDERED = (Decimal, str, date, datetime, time, timedelta, YearsMonthsDuration)


def compare(a: Any, b: Any) -> int | None:
    """-1, 0 or 1 for values FEEL can order; None for null or incomparable operands."""
    if a is None or b is None:
        return None
    a, b = to_feel(a), to_feel(b)
    ta = type(a)
    if ta is not type(b) or ta not in _ORDERED:
        return None
    if ta is datetime and (a.tzinfo is None) != (b.tzinfo is None):
        return None
    if ta is time:
        if (time_offset(a) is None) != (time_offset(b) is None):
            return None
        a, b = _time_key(a), _time_key(b)
    try:
        return -1 if a < b else (1 if a > b else 0)
    except TypeError:
        return None


def _time_key(value: time) -> Any:
    offset = time_offset(value)
    base = datetime.combine(_ANCHOR, value.replace(tzinfo=None))
    return base - offset if offset is not None else base


def compare_op(op: str, a: Any, b: Any) -> bool | None:
    """Apply a comparison operator (`=`, `!=`, `<`, `<=`, `>`, `>=`)."""
    if op == "=":
        return equals(a, b)
    if op == "!=":
        same = equals(a, b)
        return None if same is None else not same
    order = compare(a, b)
    if order is None:
        return None
    if op == "<":
        return order < 0
    if op == "<=":
        return order <= 0
    if op == ">":
        return order > 0
    return order >= 0


# ---------------------------------------------------------------------------------- arithmetic


def _shift(value: Any, delta: Any, sign: int) -> Any:
    """A date, date and time or time moved by a duration."""
    if type(delta) is YearsMonthsDuration:
        if isinstance(value, date):
            return add_months(value, sign * delta.months)
        return None
    if type(value) is datetime:
        return value + delta if sign > 0 else value - delta
    if type(value) is date:
        moved = datetime.combine(value, time()) + (delta if sign > 0 else -delta)
        return moved.date()
    if type(value) is time:
        moved = datetime.combine(_ANCHOR, value.replace(tzinfo=None))
        moved += delta if sign > 0 else -delta
        return moved.time().replace(tzinfo=value.tzinfo)
    return None


_TEMPORAL = (date, datetime, time)
_DURATIONS = (timedelta, YearsMonthsDuration)


def add(run: Run, a: Any, b: Any) -> Any:
    if a is None or b is None:
        return None
    a, b = to_feel(a), to_feel(b)
    ta, tb = type(a), type(b)
    try:
        if ta is Decimal and tb is Decimal:
            return _ctx.add(a, b)
        if ta is str and tb is str:
            if len(a) + len(b) > 0:
                run.check_string_length(len(a) + len(b))
            return a + b
        if ta is tb and ta in _DURATIONS:
            if ta is YearsMonthsDuration:
                return YearsMonthsDuration(a.months + b.months)
            return a + b
        if ta in _TEMPORAL and tb in _DURATIONS:
            return _shift(a, b, 1)
        if ta in _DURATIONS and tb in _TEMPORAL:
            return _shift(b, a, 1)
    except (ArithmeticError, OverflowError, ValueError):
        return None
    return None


def subtract(run: Run, a: Any, b: Any) -> Any:
    if a is None or b is None:
        return None
    a, b = to_feel(a), to_feel(b)
    ta, tb = type(a), type(b)
    try:
        if ta is Decimal and tb is Decimal:
            return _ctx.subtract(a, b)
        if ta is tb:
            if ta is YearsMonthsDuration:
                return YearsMonthsDuration(a.months - b.months)
            if ta is timedelta or ta is date:
                return a - b
            if ta is datetime:
                if (a.tzinfo is None) != (b.tzinfo is None):
                    return None
                return a - b
            if ta is time:
                if (time_offset(a) is None) != (time_offset(b) is None):
                    return None
                return _time_key(a) - _time_key(b)
            return None
        if ta in _TEMPORAL and tb in _DURATIONS:
            return _shift(a, b, -1)
    except (ArithmeticError, OverflowError, ValueError):
        return None
    return None


def multiply(run: Run, a: Any, b: Any) -> Any:
    if a is None or b is None:
        return None
    a, b = to_feel(a), to_feel(b)
    ta, tb = type(a), type(b)
    try:
        if ta is Decimal and tb is Decimal:
            return _ctx.multiply(a, b)
        if tb is Decimal and ta in _DURATIONS:
            return _scale_duration(a, b)
        if ta is Decimal and tb in _DURATIONS:
            return _scale_duration(b, a)
    except (ArithmeticError, OverflowError, ValueError):
        return None
    return None


def _scale_duration(duration: Any, factor: Decimal) -> Any:
    if type(duration) is YearsMonthsDuration:
        return YearsMonthsDuration(int(_ctx.multiply(Decimal(duration.months), factor)))
    micro = Decimal(duration // timedelta(microseconds=1))
    return timedelta(microseconds=int(_ctx.multiply(micro, factor)))


def divide(run: Run, a: Any, b: Any) -> Any:
    if a is None or b is None:
        return None
    a, b = to_feel(a), to_feel(b)
    ta, tb = type(a), type(b)
    try:
        if ta is Decimal and tb is Decimal:
            return None if not b else _ctx.divide(a, b)
        if ta is timedelta and tb is timedelta:
            return None if not b else _ctx.divide(_micros(a), _micros(b))
        if ta is YearsMonthsDuration and tb is YearsMonthsDuration:
            return None if not b.months else _ctx.divide(Decimal(a.months), Decimal(b.months))
        if ta in _DURATIONS and tb is Decimal:
            return None if not b else _scale_duration(a, _ctx.divide(Decimal(1), b))
    except (ArithmeticError, OverflowError, ValueError):
        return None
    return None


def _micros(value: timedelta) -> Decimal:
    return Decimal(value // timedelta(microseconds=1))


def power(run: Run, a: Any, b: Any) -> Any:
    if a is None or b is None:
        return None
    a, b = to_feel(a), to_feel(b)
    if type(a) is not Decimal or type(b) is not Decimal:
        return None
    try:
        return _ctx.power(a, b)
    except (ArithmeticError, OverflowError, ValueError):
        return None


def negate(value: Any) -> Any:
    value = to_feel(value)
    kind = type(value)
    if kind is Decimal:
        return _ctx.minus(value)
    if kind is timedelta:
        return -value
    if kind is YearsMonthsDuration:
        return YearsMonthsDuration(-value.months)
    return None


# ----------------------------------------------------------------------------------- paths


def _int(value: int) -> Decimal:
    return Decimal(value)


def _duration_parts(value: timedelta) -> tuple[int, int, int, int, int]:
    micro = value // timedelta(microseconds=1)
    sign = -1 if micro < 0 else 1
    seconds, micro = divmod(abs(micro), 1_000_000)
    days, seconds = divmod(seconds, 86_400)
    hours, seconds = divmod(seconds, 3600)
    minutes, seconds = divmod(seconds, 60)
    return sign, days, hours, minutes, seconds


def _component(value: Any, key: str) -> Any:
    if isinstance(value, date):
        if key == "year":
            return _int(value.year)
        if key == "month":
            return _int(value.month)
        if key == "day":
            return _int(value.day)
        if key == "weekday":
            return _int(value.isoweekday())
        if not isinstance(value, datetime):
            return None
    if isinstance(value, datetime | time):
        if key == "hour":
            return _int(value.hour)
        if key == "minute":
            return _int(value.minute)
        if key == "second":
            return _int(value.second)
        if key in ("time offset", "offset"):
            return time_offset(value)
        if key == "timezone":
            return timezone_name(value)
        return None
    if isinstance(value, timedelta):
        sign, days, hours, minutes, seconds = _duration_parts(value)
        parts = {"days": days, "hours": hours, "minutes": minutes, "seconds": seconds}
        return _int(sign * parts[key]) if key in parts else None
    if isinstance(value, YearsMonthsDuration):
        if key == "years":
            return _int(value.years_part)
        if key == "months":
            return _int(value.months_part)
        return None
    if isinstance(value, Range):
        ends = {
            "start": value.start,
            "end": value.end,
            "start included": value.start_included,
            "end included": value.end_included,
        }
        return ends.get(key)
    return None


def member(run: Run, value: Any, key: str) -> Any:
    """`value.key`: a context entry, a component of a temporal value, or mapped over a list."""
    kind = type(value)
    if kind is dict:
        return to_feel(value.get(key))
    if value is None:
        return None
    if kind is list:
        run.check_list(len(value))
        return [member(run, to_feel(item), key) for item in value]
    value = to_feel(value)
    if type(value) is dict:
        return to_feel(value.get(key))
    return _component(value, key)


# ------------------------------------------------------------------------------ unary tests


def in_range(value: Any, rng: Range) -> bool | None:
    if value is None:
        return None
    if rng.start is not None:
        order = compare(value, rng.start)
        if order is None:
            return None
        if order < 0 or (order == 0 and not rng.start_included):
            return False
    if rng.end is not None:
        order = compare(value, rng.end)
        if order is None:
            return None
        if order > 0 or (order == 0 and not rng.end_included):
            return False
    return True


def matches_value(value: Any, test: Any) -> bool | None:
    """`value in test` where the test is an expression: a range, a list of candidates, a value."""
    if type(test) is Range:
        return in_range(value, test)
    if type(test) is list:
        if type(value) is list and equals(value, test) is True:
            return True
        return any(equals(value, to_feel(candidate)) is True for candidate in test)
    return equals(value, test)

"""Numeric built-ins: rounding, abs, modulo, sqrt, log, exp, odd, even."""

from __future__ import annotations

from datetime import timedelta
from decimal import (
    ROUND_CEILING,
    ROUND_DOWN,
    ROUND_FLOOR,
    ROUND_HALF_DOWN,
    ROUND_HALF_EVEN,
    ROUND_HALF_UP,
    ROUND_UP,
    Decimal,
)
from typing import Any

from baton.expr.feel.functions.common import integer, number
from baton.expr.feel.functions.registry import builtin
from baton.expr.feel.runtime import Run
from baton.expr.feel.values import NUMBER_CONTEXT, YearsMonthsDuration, to_feel

_ctx = NUMBER_CONTEXT
_MAX_SCALE = 6176
_ZERO = Decimal(0)


def _round(value: Any, scale: Any, mode: str) -> Decimal | None:
    num, places = number(value), integer(scale)
    if num is None or places is None or not -6111 <= places <= _MAX_SCALE:
        return None
    return num.quantize(Decimal(1).scaleb(-places), rounding=mode, context=_ctx)


@builtin("decimal", "n", "scale")
def decimal_(run: Run, n: Any, scale: Any) -> Decimal | None:
    return _round(n, scale, ROUND_HALF_EVEN)


@builtin("floor", "n", "scale?")
def floor(run: Run, n: Any, scale: Any = _ZERO) -> Decimal | None:
    return _round(n, scale, ROUND_FLOOR)


@builtin("ceiling", "n", "scale?")
def ceiling(run: Run, n: Any, scale: Any = _ZERO) -> Decimal | None:
    return _round(n, scale, ROUND_CEILING)


@builtin("round up", "n", "scale?")
def round_up(run: Run, n: Any, scale: Any = _ZERO) -> Decimal | None:
    return _round(n, scale, ROUND_UP)


@builtin("round down", "n", "scale?")
def round_down(run: Run, n: Any, scale: Any = _ZERO) -> Decimal | None:
    return _round(n, scale, ROUND_DOWN)


@builtin("round half up", "n", "scale?")
def round_half_up(run: Run, n: Any, scale: Any = _ZERO) -> Decimal | None:
    return _round(n, scale, ROUND_HALF_UP)


@builtin("round half down", "n", "scale?")
def round_half_down(run: Run, n: Any, scale: Any = _ZERO) -> Decimal | None:
    return _round(n, scale, ROUND_HALF_DOWN)


@builtin("abs", "n")
def abs_(run: Run, n: Any) -> Any:
    value = to_feel(n)
    if type(value) is Decimal:
        return _ctx.abs(value)
    if type(value) is timedelta:
        return abs(value)
    if type(value) is YearsMonthsDuration:
        return YearsMonthsDuration(abs(value.months))
    return None


@builtin("modulo", "dividend", "divisor")
def modulo(run: Run, dividend: Any, divisor: Any) -> Decimal | None:
    a, b = number(dividend), number(divisor)
    if a is None or b is None or not b:
        return None
    quotient = _ctx.divide(a, b).to_integral_value(rounding=ROUND_FLOOR)
    return _ctx.subtract(a, _ctx.multiply(b, quotient))


@builtin("sqrt", "number")
def sqrt(run: Run, value: Any) -> Decimal | None:
    num = number(value)
    if num is None or num < 0:
        return None
    return _ctx.sqrt(num)


@builtin("log", "number")
def log(run: Run, value: Any) -> Decimal | None:
    num = number(value)
    if num is None or num <= 0:
        return None
    return _ctx.ln(num)


@builtin("exp", "number")
def exp(run: Run, value: Any) -> Decimal | None:
    num = number(value)
    return None if num is None else _ctx.exp(num)


@builtin("odd", "number")
def odd(run: Run, value: Any) -> bool | None:
    whole = integer(value)
    return None if whole is None else whole % 2 == 1


@builtin("even", "number")
def even(run: Run, value: Any) -> bool | None:
    whole = integer(value)
    return None if whole is None else whole % 2 == 0

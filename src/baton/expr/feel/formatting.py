"""Text forms of FEEL values: what `string(x)` returns and how values appear in messages."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from decimal import Decimal
from typing import Any

from baton.expr.feel.runtime import Run
from baton.expr.feel.temporal import (
    format_date,
    format_date_time,
    format_days_time,
    format_time,
    format_years_months,
)
from baton.expr.feel.values import NUMBER_CONTEXT, Range, YearsMonthsDuration, to_feel


def format_number(value: Decimal) -> str:
    """Plain notation without trailing zeros: 1.10 → "1.1", 1E+2 → "100", -0 → "0"."""
    if not value:
        return "0"
    return format(value.normalize(NUMBER_CONTEXT), "f")


def to_text(value: Any, run: Run | None = None) -> str | None:
    """FEEL `string(value)`: strings as they are, other values in their literal-like form."""
    value = to_feel(value)
    if value is None:
        return None
    if type(value) is str:
        return value
    parts: list[str] = []
    budget = [0]
    _write(value, parts, budget, run, top=True)
    return "".join(parts)


def _write(value: Any, out: list[str], budget: list[int], run: Run | None, top: bool) -> None:
    value = to_feel(value)
    kind = type(value)
    if kind is list:
        out.append("[")
        for index, item in enumerate(value):
            if index:
                out.append(", ")
            _write(item, out, budget, run, top=False)
        out.append("]")
    elif kind is dict:
        out.append("{")
        for index, (key, item) in enumerate(value.items()):
            if index:
                out.append(", ")
            out.append(f"{key}: ")
            _write(item, out, budget, run, top=False)
        out.append("}")
    else:
        text = scalar_text(value)
        out.append(text if top or kind is not str else '"' + text.replace('"', '\\"') + '"')
    budget[0] += len(out[-1])
    if run is not None and len(out) % 256 == 0:
        run.check_string_length(budget[0])


def scalar_text(value: Any) -> str:
    if value is None:
        return "null"
    if value is True:
        return "true"
    if value is False:
        return "false"
    if isinstance(value, Decimal):
        return format_number(value)
    if isinstance(value, str):
        return value
    if isinstance(value, datetime):
        return format_date_time(value)
    if isinstance(value, date):
        return format_date(value)
    if isinstance(value, time):
        return format_time(value)
    if isinstance(value, timedelta):
        return format_days_time(value)
    if isinstance(value, YearsMonthsDuration):
        return format_years_months(value)
    if isinstance(value, Range):
        start = "[" if value.start_included else "("
        end = "]" if value.end_included else ")"
        return f"{start}{_end(value.start)}..{_end(value.end)}{end}"
    return "function"


def _end(value: Any) -> str:
    if value is None:
        return ""
    text = scalar_text(value)
    return f'"{text}"' if isinstance(value, str) else text

"""FEEL values ⇄ JSON-able Python values."""

from __future__ import annotations

import math
from datetime import UTC, date, datetime, time, timedelta, timezone
from decimal import Decimal
from typing import Any
from zoneinfo import ZoneInfo

from baton.expr.feel.formatting import scalar_text
from baton.expr.feel.values import FeelFunction, Range, YearsMonthsDuration


def to_json(value: Any) -> Any:
    """A JSON-able form of a FEEL value.

    Numbers become int when whole, else float; dates, times and durations ISO 8601 strings
    (`2024-01-01T10:00:00Z`, `P2D`, `P1Y2M`; a date-time in a named zone gets the offset in
    force); ranges their FEEL text; functions null.
    """
    kind = type(value)
    if value is None or kind is bool or kind is str:
        return value
    if kind is Decimal:
        if not value.is_finite():
            return None
        if value == value.to_integral_value():
            return int(value)
        return float(value)
    if kind is int:
        return value
    if kind is float:
        return value if math.isfinite(value) else None
    if kind is list or kind is tuple:
        return [to_json(item) for item in value]
    if kind is dict:
        return {str(key): to_json(item) for key, item in value.items()}
    if isinstance(value, datetime) and isinstance(value.tzinfo, ZoneInfo):
        # ISO 8601 has no zone ids: give the offset in force (FEEL's string() keeps the id).
        offset = value.utcoffset()
        fixed = UTC if not offset else timezone(offset)
        return scalar_text(value.replace(tzinfo=fixed))
    if isinstance(value, date | time | timedelta | YearsMonthsDuration | Range):
        return scalar_text(value)
    if isinstance(value, FeelFunction):
        return None
    if isinstance(value, bool):
        return bool(value)
    if isinstance(value, str):
        return str(value)
    if isinstance(value, int | float | Decimal):
        return to_json(Decimal(value) if isinstance(value, int) else value)
    return None


def from_json(value: Any) -> Any:
    """FEEL values for decoded JSON: numbers become Decimal (recursively); the rest stays."""
    kind = type(value)
    if kind is bool or value is None or kind is str:
        return value
    if kind is int:
        return Decimal(value)
    if kind is float:
        return Decimal(repr(value)) if math.isfinite(value) else None
    if kind is list:
        return [from_json(item) for item in value]
    if kind is dict:
        return {str(key): from_json(item) for key, item in value.items()}
    return value

"""Conversion and construction built-ins: string, number, date, time, durations, clock."""

from __future__ import annotations

import calendar
import re
from datetime import date, datetime, time, timedelta, timezone
from decimal import Decimal, InvalidOperation
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from baton.expr.feel.formatting import to_text
from baton.expr.feel.functions.common import NOT_GIVEN, integer, number, string
from baton.expr.feel.functions.registry import builtin
from baton.expr.feel.runtime import Run
from baton.expr.feel.temporal import (
    months_between,
    parse_date,
    parse_date_time,
    parse_duration,
    parse_time,
)
from baton.expr.feel.values import YearsMonthsDuration, to_feel

_NUMBER_TEXT = re.compile(r"[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d{1,4})?\Z")
_WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
_MONTHS = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)


@builtin("string", "from")
def string_(run: Run, value: Any) -> str | None:
    text = to_text(value, run)
    return None if text is None else run.check_string(text)


@builtin("number", "from", "grouping separator?", "decimal separator?")
def number_(
    run: Run, value: Any, grouping: Any = NOT_GIVEN, decimal_sep: Any = NOT_GIVEN
) -> Decimal | None:
    value = to_feel(value)
    if type(value) is Decimal:
        return value
    text = string(value)
    if text is None:
        return None
    if grouping is not NOT_GIVEN and grouping is not None:
        if grouping not in (" ", ",", "."):
            return None
        text = text.replace(grouping, "")
    if decimal_sep is not NOT_GIVEN and decimal_sep is not None:
        if decimal_sep not in (",", ".") or decimal_sep == grouping:
            return None
        text = text.replace(decimal_sep, ".")
    text = text.strip()
    if not _NUMBER_TEXT.match(text):
        return None
    try:
        return Decimal(text)
    except InvalidOperation:
        return None


@builtin("date", "from")
def date_(run: Run, value: Any) -> date | None:
    if type(value) is str:
        return parse_date(value)
    if type(value) is datetime:
        return value.date()
    if type(value) is date:
        return value
    return None


@builtin("date", "year", "month", "day")
def date_parts(run: Run, year: Any, month: Any, day: Any) -> date | None:
    y, m, d = integer(year), integer(month), integer(day)
    if y is None or m is None or d is None:
        return None
    return date(y, m, d)


@builtin("time", "from")
def time_(run: Run, value: Any) -> time | None:
    if type(value) is str:
        return parse_time(value)
    if type(value) is datetime:
        return value.timetz()
    if type(value) is time:
        return value
    if type(value) is date:
        return time()
    return None


@builtin("time", "hour", "minute", "second", "offset?")
def time_parts(
    run: Run, hour: Any, minute: Any, second: Any, offset: Any = NOT_GIVEN
) -> time | None:
    h, m, s = integer(hour), integer(minute), number(second)
    if h is None or m is None or s is None or s < 0:
        return None
    micro = int((s % 1) * 1_000_000)
    zone = None
    if offset is not NOT_GIVEN and offset is not None:
        if type(offset) is not timedelta:
            return None
        zone = timezone(offset)
    return time(h, m, int(s), micro, tzinfo=zone)


@builtin("date and time", "from")
def date_and_time(run: Run, value: Any) -> datetime | None:
    if type(value) is str:
        return parse_date_time(value)
    if type(value) is datetime:
        return value
    if type(value) is date:
        return datetime(value.year, value.month, value.day)
    return None


@builtin("date and time", "date", "time")
def date_and_time_parts(run: Run, day: Any, clock: Any) -> datetime | None:
    if not isinstance(day, date):
        return None
    if type(clock) is str:
        try:
            zone = ZoneInfo(clock)
        except (ZoneInfoNotFoundError, ValueError):
            return None
        if type(day) is not datetime or day.tzinfo is None:
            return None
        return day.astimezone(zone)
    if type(clock) is not time:
        return None
    return datetime.combine(day.date() if isinstance(day, datetime) else day, clock)


@builtin("duration", "from")
def duration(run: Run, value: Any) -> timedelta | YearsMonthsDuration | None:
    text = string(value)
    return None if text is None else parse_duration(text)


@builtin("years and months duration", "from", "to")
def years_and_months_duration(run: Run, start: Any, end: Any) -> YearsMonthsDuration | None:
    if not isinstance(start, date) or not isinstance(end, date):
        return None
    if (
        isinstance(start, datetime)
        and isinstance(end, datetime)
        and (start.tzinfo is None) != (end.tzinfo is None)
    ):
        return None
    return YearsMonthsDuration(months_between(start, end))


@builtin("now")
def now(run: Run) -> datetime:
    return run.now()


@builtin("today")
def today(run: Run) -> date:
    return run.now().date()


def _date_of(value: Any) -> date | None:
    return value if isinstance(value, date) else None


@builtin("day of week", "date")
def day_of_week(run: Run, value: Any) -> str | None:
    day = _date_of(value)
    return None if day is None else _WEEKDAYS[day.weekday()]


@builtin("day of year", "date")
def day_of_year(run: Run, value: Any) -> Decimal | None:
    day = _date_of(value)
    return None if day is None else Decimal(day.timetuple().tm_yday)


@builtin("week of year", "date")
def week_of_year(run: Run, value: Any) -> Decimal | None:
    day = _date_of(value)
    return None if day is None else Decimal(day.isocalendar()[1])


@builtin("month of year", "date")
def month_of_year(run: Run, value: Any) -> str | None:
    day = _date_of(value)
    return None if day is None else _MONTHS[day.month - 1]


@builtin("last day of month", "date")
def last_day_of_month(run: Run, value: Any) -> Decimal | None:
    day = _date_of(value)
    return None if day is None else Decimal(calendar.monthrange(day.year, day.month)[1])

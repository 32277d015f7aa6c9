"""Parsing, formatting and calendar arithmetic of FEEL dates, times and durations.

Every parser returns None for text it does not accept: FEEL turns bad input into null.
"""

from __future__ import annotations

import calendar
import re
from datetime import UTC, date, datetime, time, timedelta, timezone, tzinfo
from decimal import Decimal
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from baton.expr.feel.values import YearsMonthsDuration

_DATE = r"(?P<year>-?\d{4,9})-(?P<month>\d{2})-(?P<day>\d{2})"
_TIME = (
    r"(?P<hour>\d{2}):(?P<minute>\d{2})(?::(?P<second>\d{2})(?:\.(?P<fraction>\d{1,9}))?)?"
    r"(?P<zone>Z|[+-]\d{2}:\d{2}(?::\d{2})?|@[A-Za-z][A-Za-z0-9_/+\-]*)?"
)
_DATE_RE = re.compile(_DATE + r"\Z")
_TIME_RE = re.compile(_TIME + r"\Z")
_DATE_TIME_RE = re.compile(_DATE + r"(?:T" + _TIME + r")?\Z")
_DURATION_RE = re.compile(
    r"(?P<sign>-)?P(?:(?P<years>\d+)Y)?(?:(?P<months>\d+)M)?(?:(?P<weeks>\d+)W)?"
    r"(?:(?P<days>\d+)D)?(?:T(?:(?P<hours>\d+)H)?(?:(?P<minutes>\d+)M)?"
    r"(?:(?P<seconds>\d+(?:\.\d{1,9})?)S)?)?\Z"
)


def _zone(text: str | None) -> tzinfo | None:
    if text is None:
        return None
    if text == "Z":
        return UTC
    if text.startswith("@"):
        try:
            return ZoneInfo(text[1:])
        except (ZoneInfoNotFoundError, ValueError):
            raise ValueError(f"unknown time zone {text[1:]!r}") from None
    sign = -1 if text[0] == "-" else 1
    parts = [int(p) for p in text[1:].split(":")]
    offset = timedelta(hours=parts[0], minutes=parts[1], seconds=parts[2] if len(parts) > 2 else 0)
    if offset > timedelta(hours=18):
        raise ValueError("offset out of range")
    return UTC if not offset else timezone(sign * offset)


def _time_of(match: re.Match[str]) -> time:
    fraction = match["fraction"] or ""
    micro = int((fraction + "000000")[:6]) if fraction else 0
    return time(
        int(match["hour"]),
        int(match["minute"]),
        int(match["second"] or 0),
        micro,
        tzinfo=_zone(match["zone"]),
    )


def parse_date(text: str) -> date | None:
    match = _DATE_RE.match(text)
    if match is None:
        return None
    try:
        return date(int(match["year"]), int(match["month"]), int(match["day"]))
    except ValueError:
        return None


def parse_time(text: str) -> time | None:
    match = _TIME_RE.match(text)
    if match is None:
        return None
    try:
        return _time_of(match)
    except ValueError:
        return None


def parse_date_time(text: str) -> datetime | None:
    """`2024-01-01T10:00:00`, with `Z`, an offset or `@Zone/Id`; a bare date means midnight."""
    match = _DATE_TIME_RE.match(text)
    if match is None:
        return None
    try:
        day = date(int(match["year"]), int(match["month"]), int(match["day"]))
        clock = _time_of(match) if match["hour"] is not None else time()
    except ValueError:
        return None
    return datetime.combine(day, clock.replace(tzinfo=None), tzinfo=clock.tzinfo)


def parse_temporal(text: str) -> date | time | datetime | timedelta | YearsMonthsDuration | None:
    """The value of an `@"…"` literal: a date, time, date and time or duration."""
    if text.startswith(("P", "-P")):
        return parse_duration(text)
    if "T" in text:
        return parse_date_time(text)
    if ":" in text:
        return parse_time(text)
    return parse_date(text)


def parse_duration(text: str) -> timedelta | YearsMonthsDuration | None:
    """An ISO 8601 duration: `P1Y2M` is a years and months duration, `P2DT3H` a days and time one.

    A duration mixing both (`P1Y2D`) is not a FEEL value and gives None.
    """
    match = _DURATION_RE.match(text)
    if match is None or text.endswith(("P", "T")):
        return None
    negative = match["sign"] is not None
    years, months = match["years"], match["months"]
    day_parts = [match[g] for g in ("weeks", "days", "hours", "minutes", "seconds")]
    if years is not None or months is not None:
        if any(p is not None for p in day_parts):
            return None
        total = int(years or 0) * 12 + int(months or 0)
        return YearsMonthsDuration(-total if negative else total)
    weeks, days, hours, minutes, seconds = (p or "0" for p in day_parts)
    try:
        sec = Decimal(seconds)
        delta = timedelta(
            weeks=int(weeks),
            days=int(days),
            hours=int(hours),
            minutes=int(minutes),
            seconds=int(sec),
            microseconds=int((sec % 1) * 1_000_000),
        )
    except OverflowError:
        return None
    return -delta if negative else delta


def _fraction(micro: int) -> str:
    return f".{micro:06d}".rstrip("0") if micro else ""


def _zone_text(value: time | datetime) -> str:
    zone = value.tzinfo
    if zone is None:
        return ""
    if isinstance(zone, ZoneInfo):
        return "@" + zone.key
    offset = value.utcoffset()
    if offset is None:
        return ""
    if not offset:
        return "Z"
    sign = "-" if offset < timedelta(0) else "+"
    seconds = int(abs(offset).total_seconds())
    text = f"{sign}{seconds // 3600:02d}:{seconds % 3600 // 60:02d}"
    return text + (f":{seconds % 60:02d}" if seconds % 60 else "")


def format_date(value: date) -> str:
    return f"{value.year:04d}-{value.month:02d}-{value.day:02d}"


def format_time(value: time) -> str:
    clock = f"{value.hour:02d}:{value.minute:02d}:{value.second:02d}"
    return clock + _fraction(value.microsecond) + _zone_text(value)


def format_date_time(value: datetime) -> str:
    clock = f"{value.hour:02d}:{value.minute:02d}:{value.second:02d}"
    return format_date(value) + "T" + clock + _fraction(value.microsecond) + _zone_text(value)


def format_days_time(value: timedelta) -> str:
    micro_total = (value.days * 86_400 + value.seconds) * 1_000_000 + value.microseconds
    sign = "-" if micro_total < 0 else ""
    micro_total = abs(micro_total)
    seconds, micro = divmod(micro_total, 1_000_000)
    days, seconds = divmod(seconds, 86_400)
    hours, seconds = divmod(seconds, 3600)
    minutes, seconds = divmod(seconds, 60)
    text = f"{sign}P"
    if days:
        text += f"{days}D"
    if hours or minutes or seconds or micro or not days:
        text += "T"
        if hours:
            text += f"{hours}H"
        if minutes:
            text += f"{minutes}M"
        if seconds or micro or not (hours or minutes):
            text += f"{seconds}{_fraction(micro)}S"
    return text


def format_years_months(value: YearsMonthsDuration) -> str:
    months = abs(value.months)
    sign = "-" if value.months < 0 else ""
    years, months = divmod(months, 12)
    if not years:
        return f"{sign}P{months}M"
    return f"{sign}P{years}Y" + (f"{months}M" if months else "")


def add_months(value: date, months: int) -> date:
    """`value` moved by whole months; the day is clamped to the month's end (Jan 31 + 1M = Feb 28).

    Works for `datetime` too (a subclass of date) and keeps its time and zone.
    """
    index = value.year * 12 + value.month - 1 + months
    year, month = divmod(index, 12)
    day = min(value.day, calendar.monthrange(year, month + 1)[1])
    return value.replace(year=year, month=month + 1, day=day)


def months_between(start: date, end: date) -> int:
    """Whole months from `start` to `end`, truncated toward zero (Java `Period.between`)."""
    months = (end.year - start.year) * 12 + end.month - start.month
    if months > 0 and (end.day, _clock(end)) < (start.day, _clock(start)):
        months -= 1
    elif months < 0 and (end.day, _clock(end)) > (start.day, _clock(start)):
        months += 1
    return months


def _clock(value: date) -> time:
    return value.time().replace(tzinfo=None) if isinstance(value, datetime) else time()


def time_offset(value: time | datetime) -> timedelta | None:
    if isinstance(value, datetime):
        return value.utcoffset()
    if value.tzinfo is None:
        return None
    if isinstance(value.tzinfo, ZoneInfo):
        return value.tzinfo.utcoffset(datetime(2000, 1, 1))
    return value.utcoffset()


def timezone_name(value: time | datetime) -> str | None:
    zone = value.tzinfo
    if zone is None:
        return None
    if isinstance(zone, ZoneInfo):
        return zone.key
    return _zone_text(value)

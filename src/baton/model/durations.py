"""Parse timer durations and dates written by people (Conductor WAIT, BPMN timers)."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta, tzinfo

from baton.expr import safe_regex

_CONDUCTOR_DURATION = safe_regex.compile(
    r"(?i)\s*(?:(\d+)\s*(?:days?|d))?"
    r"\s*(?:(\d+)\s*(?:hours?|hrs?|h))?"
    r"\s*(?:(\d+)\s*(?:minutes?|mins?|m))?"
    r"\s*(?:(\d+)\s*(?:seconds?|secs?|s))?\s*",
    "ecma",
)
"""On RE2: its adjacent `\\s*` would backtrack polynomially in Python's `re` on a long run of
spaces in a duration from workflow input."""
_ISO_DURATION = re.compile(
    r"P(?:(\d+(?:\.\d+)?)W)?(?:(\d+(?:\.\d+)?)D)?"
    r"(?:T(?:(\d+(?:\.\d+)?)H)?(?:(\d+(?:\.\d+)?)M)?(?:(\d+(?:\.\d+)?)S)?)?",
    re.IGNORECASE,
)
_ZONE_SUFFIX = re.compile(r"^(.*\d)\s+([A-Za-z][A-Za-z0-9_/+\-]*)$")
_FIXED_ZONES = {"UTC": 0, "GMT": 0, "Z": 0}


def parse_duration(value: object) -> timedelta:
    """ "10m20s", "2 days", "1h 5m", ISO "PT10M"/"P1DT2H", or a number of seconds."""
    if isinstance(value, bool):
        raise ValueError(f"Not a valid duration: {value!r}")
    if isinstance(value, int | float):
        if value < 0:
            raise ValueError(f"Not a valid duration: {value!r}")
        return timedelta(seconds=value)
    if not isinstance(value, str):
        raise ValueError(f"Not a valid duration: {value!r}")
    text = value.strip()
    if not text:
        raise ValueError("Not a valid duration: empty text")
    if text.isdigit():
        return timedelta(seconds=int(text))
    if text[0] in "Pp":
        iso = _ISO_DURATION.fullmatch(text)
        if iso and any(iso.groups()) and not text.upper().endswith("T"):
            weeks, days, hours, minutes, seconds = (float(g) if g else 0.0 for g in iso.groups())
            return timedelta(weeks=weeks, days=days, hours=hours, minutes=minutes, seconds=seconds)
        raise ValueError(f"Not a valid duration: {value!r}")
    match = _CONDUCTOR_DURATION.fullmatch(text)
    parts = [match.group(i) for i in range(1, 5)] if match is not None else []
    if not any(parts):
        raise ValueError(f"Not a valid duration: {value!r}")
    days, hours, minutes, seconds = (int(g) if g else 0 for g in parts)
    return timedelta(days=days, hours=hours, minutes=minutes, seconds=seconds)


def parse_date(value: object) -> datetime:
    """An instant: ISO-8601, "yyyy-MM-dd HH:mm[:ss] [zone]" or "yyyy-MM-dd"; naive means UTC.

    Zones may be UTC/GMT/Z, an offset like +02:00, or an IANA name ("Europe/Berlin").
    """
    if not isinstance(value, str) or not value.strip():
        raise ValueError(f"Not a valid date: {value!r}")
    text = value.strip()
    zone = None
    suffix = _ZONE_SUFFIX.match(text)
    if suffix is not None:
        text, zone = suffix.group(1), suffix.group(2)
    try:
        parsed = datetime.fromisoformat(text.replace(" ", "T", 1) if " " in text else text)
    except ValueError as exc:
        raise ValueError(f"Not a valid date: {value!r}") from exc
    if zone is not None:
        if parsed.tzinfo is not None:
            raise ValueError(f"Not a valid date: {value!r}")
        parsed = parsed.replace(tzinfo=_zone(zone, value))
    elif parsed.tzinfo is None:
        parsed = parsed.replace(tzinfo=UTC)
    return parsed.astimezone(UTC)


def _zone(name: str, original: str) -> tzinfo:
    upper = name.upper()
    if upper in _FIXED_ZONES:
        return UTC
    try:
        from zoneinfo import ZoneInfo

        return ZoneInfo(name)
    except Exception as exc:  # ZoneInfoNotFoundError, ValueError for malformed keys
        raise ValueError(f"Not a valid date: {original!r} (unknown zone {name!r})") from exc

"""Timer cycles (BPMN `timeCycle`): ISO-8601 repeating intervals and cron expressions.

- `R3/PT10M`: three times, every ten minutes from when the timer is armed; `R/PT1H`: every
  hour for ever; `R5/2026-01-01T09:00:00Z/P1D`: five times, daily from that instant (the
  first firing is the first of start + k * interval not before the arming time).
- cron (Camunda 8 uses Spring's): six fields `second minute hour day-of-month month
  day-of-week` (five fields mean second 0), with `*`, `?`, lists, ranges, steps, month and
  day names, and the macros `@yearly`, `@monthly`, `@weekly`, `@daily`, `@hourly`. Cron
  cycles repeat for ever and are read in UTC.

`Cycle.due(fired, armed, previous)` is when firing number `fired` (0-based) is due, None when
the cycle is over. Pure: no clock, no I/O.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from baton.model.durations import parse_date, parse_duration

_MACROS = {
    "@yearly": "0 0 0 1 1 *",
    "@annually": "0 0 0 1 1 *",
    "@monthly": "0 0 0 1 * *",
    "@weekly": "0 0 0 * * 0",
    "@daily": "0 0 0 * * *",
    "@midnight": "0 0 0 * * *",
    "@hourly": "0 0 * * * *",
}
_MONTHS = ["JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC"]
_DAYS = ["SUN", "MON", "TUE", "WED", "THU", "FRI", "SAT"]
# (low, high, names) per field: second, minute, hour, day of month, month, day of week
_FIELDS = (
    (0, 59, None),
    (0, 59, None),
    (0, 23, None),
    (1, 31, None),
    (1, 12, _MONTHS),
    (0, 7, _DAYS),
)
_SEARCH_DAYS = 366 * 5  # a cron that matches no day in five years never fires


@dataclass(frozen=True, slots=True)
class Cron:
    seconds: frozenset[int]
    minutes: frozenset[int]
    hours: frozenset[int]
    days: frozenset[int]
    months: frozenset[int]
    weekdays: frozenset[int]  # 0 = Sunday
    any_day: bool  # day of month is `*`/`?`
    any_weekday: bool

    def after(self, moment: datetime) -> datetime | None:
        """The first matching instant strictly after `moment` (UTC, whole seconds)."""
        start = moment.astimezone(UTC).replace(microsecond=0) + timedelta(seconds=1)
        day = start.replace(hour=0, minute=0, second=0)
        for _ in range(_SEARCH_DAYS):
            if self._day_matches(day):
                found = self._in_day(day, start)
                if found is not None:
                    return found
            day += timedelta(days=1)
        return None

    def _day_matches(self, day: datetime) -> bool:
        if day.month not in self.months:
            return False
        by_day = day.day in self.days
        by_weekday = (day.isoweekday() % 7) in self.weekdays
        if self.any_day and self.any_weekday:
            return True
        if self.any_day:
            return by_weekday
        if self.any_weekday:
            return by_day
        return by_day or by_weekday  # both restricted: either matches (cron's rule)

    def _in_day(self, day: datetime, start: datetime) -> datetime | None:
        for hour in sorted(self.hours):
            for minute in sorted(self.minutes):
                for second in sorted(self.seconds):
                    candidate = day.replace(hour=hour, minute=minute, second=second)
                    if candidate >= start:
                        return candidate
        return None


@dataclass(frozen=True, slots=True)
class Cycle:
    repetitions: int | None = None  # None: for ever
    interval: timedelta | None = None
    start: datetime | None = None
    cron: Cron | None = None

    def due(self, fired: int, armed: datetime, previous: datetime | None) -> datetime | None:
        """When firing `fired` (0 = the first) is due: the cycle was armed at `armed`, the
        firing before was due at `previous`. None: no more firings."""
        if self.repetitions is not None and fired >= self.repetitions:
            return None
        if self.cron is not None:
            return self.cron.after(previous or armed)
        assert self.interval is not None
        if previous is not None:
            return previous + self.interval
        if self.start is None:
            return armed + self.interval
        due = self.start
        if due < armed:
            steps = -(-(armed - due) // self.interval)  # ceil
            due += self.interval * steps
        return due


def parse_cycle(text: str) -> Cycle:
    """A `timeCycle` value; ValueError saying what is wrong."""
    value = text.strip()
    if not value:
        raise ValueError("empty time cycle")
    if value[0] in "Rr" and "/" in value:
        return _repeating(value)
    return Cycle(cron=parse_cron(value))


def _repeating(value: str) -> Cycle:
    parts = value.split("/")
    count = parts[0][1:]
    if count and not count.isdigit():
        raise ValueError(f"{value!r}: the repetitions after R must be a number")
    repetitions = int(count) if count else None
    if len(parts) == 2:
        interval, start = _interval(value, parts[1]), None
    elif len(parts) == 3:
        start_text, interval_text = parts[1], parts[2]
        if start_text[:1] in "Pp":  # R/PT1H/<end>: Baton reads no end date
            raise ValueError(f"{value!r}: a repeating interval with an end date is not supported")
        start, interval = parse_date(start_text), _interval(value, interval_text)
    else:
        raise ValueError(f"{value!r} is not R[n]/[start/]duration")
    return Cycle(repetitions, interval, start)


def _interval(whole: str, text: str) -> timedelta:
    if text[:1] not in "Pp":
        raise ValueError(f"{whole!r}: {text!r} is not an ISO-8601 duration")
    interval = parse_duration(text)
    if interval <= timedelta(0):
        raise ValueError(f"{whole!r}: the interval must be longer than zero")
    return interval


def parse_cron(text: str) -> Cron:
    value = _MACROS.get(text.strip().lower(), text.strip())
    fields = value.split()
    if len(fields) == 5:
        fields = ["0", *fields]
    if len(fields) != 6:
        raise ValueError(
            f"{text!r} is neither a repeating interval (R3/PT10M) nor a cron expression "
            "(second minute hour day-of-month month day-of-week)"
        )
    sets = [_field(text, raw, *spec) for raw, spec in zip(fields, _FIELDS, strict=True)]
    weekdays = frozenset(d % 7 for d in sets[5])
    return Cron(
        frozenset(sets[0]),
        frozenset(sets[1]),
        frozenset(sets[2]),
        frozenset(sets[3]),
        frozenset(sets[4]),
        weekdays,
        fields[3] in ("*", "?"),
        fields[5] in ("*", "?"),
    )


def _field(text: str, raw: str, low: int, high: int, names: list[str] | None) -> set[int]:
    values: set[int] = set()
    for part in raw.split(","):
        step = 1
        if "/" in part:
            part, step_text = part.split("/", 1)
            if not step_text.isdigit() or int(step_text) == 0:
                raise ValueError(f"{text!r}: bad step in {raw!r}")
            step = int(step_text)
        if part in ("*", "?"):
            first, last = low, high
        elif "-" in part:
            a, b = part.split("-", 1)
            first, last = _number(text, a, low, high, names), _number(text, b, low, high, names)
        else:
            first = _number(text, part, low, high, names)
            last = high if step > 1 else first
        if first > last:
            raise ValueError(f"{text!r}: the range {part!r} runs backwards")
        values.update(range(first, last + 1, step))
    return values


def _number(text: str, raw: str, low: int, high: int, names: list[str] | None) -> int:
    upper = raw.upper()
    if names is not None and upper in names:
        return names.index(upper) + (1 if low == 1 else 0)
    if not raw.isdigit() or not low <= int(raw) <= high:
        raise ValueError(f"{text!r}: {raw!r} is not a value from {low} to {high}")
    return int(raw)

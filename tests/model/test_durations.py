from datetime import UTC, datetime, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from baton.model.durations import parse_date, parse_duration


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("10m20s", timedelta(minutes=10, seconds=20)),
        ("2 days", timedelta(days=2)),
        ("30s", timedelta(seconds=30)),
        ("1h 5m", timedelta(hours=1, minutes=5)),
        ("3 hours 2 mins", timedelta(hours=3, minutes=2)),
        ("1d2h3m4s", timedelta(days=1, hours=2, minutes=3, seconds=4)),
        ("PT10M", timedelta(minutes=10)),
        ("P1DT2H", timedelta(days=1, hours=2)),
        ("P2W", timedelta(weeks=2)),
        ("PT0.5S", timedelta(seconds=0.5)),
        ("90", timedelta(seconds=90)),
        (45, timedelta(seconds=45)),
    ],
)
def test_durations_in_conductor_and_iso_forms(text, expected):
    assert parse_duration(text) == expected


@pytest.mark.parametrize("text", ["", "soon", "P", "PT", "10x", "-5", None, True, -1, "m10"])
def test_unreadable_durations_are_refused(text):
    with pytest.raises(ValueError):
        parse_duration(text)


def test_a_long_run_of_spaces_is_refused_not_backtracked() -> None:
    # Adjacent `\s*` in the duration pattern: hours of backtracking for Python's `re`.
    with pytest.raises(ValueError, match="Not a valid duration"):
        parse_duration("1d" + " " * 5_000 + "x")
    assert parse_duration("1d" + " " * 5_000 + "2h") == timedelta(days=1, hours=2)


@given(d=st.integers(0, 99), h=st.integers(0, 99), m=st.integers(0, 99), s=st.integers(0, 99))
def test_conductor_duration_parts_add_up(d, h, m, s):
    text = f"{d}d {h}h {m}m {s}s"
    assert parse_duration(text) == timedelta(days=d, hours=h, minutes=m, seconds=s)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2026-03-01 10:30 UTC", datetime(2026, 3, 1, 10, 30, tzinfo=UTC)),
        ("2026-03-01 10:30", datetime(2026, 3, 1, 10, 30, tzinfo=UTC)),
        ("2026-03-01", datetime(2026, 3, 1, tzinfo=UTC)),
        ("2026-03-01T10:30:00+02:00", datetime(2026, 3, 1, 8, 30, tzinfo=UTC)),
        ("2026-07-01 12:00 Europe/Berlin", datetime(2026, 7, 1, 10, 0, tzinfo=UTC)),
    ],
)
def test_dates_in_conductor_and_iso_forms(text, expected):
    assert parse_date(text) == expected


@pytest.mark.parametrize("text", ["", "tomorrow", "2026-13-01", "2026-01-01 10:00 Nowhere/Zone", 5])
def test_unreadable_dates_are_refused(text):
    with pytest.raises(ValueError):
        parse_date(text)

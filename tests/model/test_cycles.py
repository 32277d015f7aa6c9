"""Parsing and stepping timer cycles (ISO repeating intervals and cron)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from baton.model.cycles import parse_cycle

NOW = datetime(2026, 1, 1, 10, 0, 7, tzinfo=UTC)  # a Thursday


def _firings(text: str, count: int) -> list[datetime | None]:
    cycle = parse_cycle(text)
    out: list[datetime | None] = []
    previous = None
    for fired in range(count):
        due = cycle.due(fired, NOW, previous)
        out.append(due)
        if due is None:
            break
        previous = due
    return out


def test_repeating_interval_counts_its_repetitions() -> None:
    assert _firings("R3/PT10M", 5) == [
        NOW + timedelta(minutes=10),
        NOW + timedelta(minutes=20),
        NOW + timedelta(minutes=30),
        None,
    ]


def test_repeating_for_ever() -> None:
    assert _firings("R/PT1H", 100)[-1] == NOW + timedelta(hours=100)


def test_repeating_from_a_start_date_skips_to_the_first_not_before_now() -> None:
    start = datetime(2026, 1, 1, 9, 0, tzinfo=UTC)
    assert _firings("R2/2026-01-01T09:00:00Z/PT30M", 3) == [
        start + timedelta(minutes=90),
        start + timedelta(minutes=120),
        None,
    ]


@pytest.mark.parametrize(
    ("text", "first", "second"),
    [
        (
            "0 0 9 * * MON-FRI",
            datetime(2026, 1, 2, 9, tzinfo=UTC),
            datetime(2026, 1, 5, 9, tzinfo=UTC),
        ),
        (
            "0 */15 * * * ?",
            datetime(2026, 1, 1, 10, 15, tzinfo=UTC),
            datetime(2026, 1, 1, 10, 30, tzinfo=UTC),
        ),
        ("@daily", datetime(2026, 1, 2, tzinfo=UTC), datetime(2026, 1, 3, tzinfo=UTC)),
        (
            "30 * * * *",
            datetime(2026, 1, 1, 10, 30, tzinfo=UTC),
            datetime(2026, 1, 1, 11, 30, tzinfo=UTC),
        ),
        ("0 0 0 1 JAN,JUL *", datetime(2026, 7, 1, tzinfo=UTC), datetime(2027, 1, 1, tzinfo=UTC)),
    ],
)
def test_cron(text: str, first: datetime, second: datetime) -> None:
    assert _firings(text, 2) == [first, second]


@pytest.mark.parametrize(
    "text",
    [
        "",
        "R3/10M",
        "Rx/PT1M",
        "R/PT0S",
        "0 0 25 * * *",
        "1 2 3",
        "0 0 9 * * FUNDAY",
        "R/PT1H/2026-01-01",
    ],
)
def test_bad_cycles_say_what_is_wrong(text: str) -> None:
    with pytest.raises(ValueError):
        parse_cycle(text)

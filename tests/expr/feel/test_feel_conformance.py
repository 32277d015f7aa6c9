"""Conformance cases (feel_cases.py) evaluated by Baton's FEEL engine."""

from __future__ import annotations

import json

import pytest
from feel_cases import CASES, NOW, Case

from baton.expr.feel import FeelError, compile, from_json, to_json
from baton.expr.feel.values import type_name


def _id(index: int, case: Case) -> str:
    return f"{index:03d}:{case.expr[:50]}"


@pytest.mark.parametrize("case", CASES, ids=[_id(i, c) for i, c in enumerate(CASES)])
def test_case(case: Case) -> None:
    if case.error:
        with pytest.raises(FeelError):
            compile(case.expr).evaluate(case.vars, NOW)
        return
    result = compile(case.expr).evaluate(case.vars, NOW)
    assert to_json(result) == case.expected
    if case.type is not None:
        assert type_name(result) == case.type
    # Variables decoded by `from_json` (Decimal numbers) give the same result as plain JSON.
    again = compile(case.expr).evaluate(from_json(case.vars), NOW)
    if "uuid()" not in case.expr:
        assert to_json(again) == to_json(result)


def test_there_are_enough_cases() -> None:
    assert len(CASES) >= 400


def test_expected_values_are_json() -> None:
    for case in CASES:
        json.dumps({"expr": case.expr, "vars": case.vars, "expected": case.expected})

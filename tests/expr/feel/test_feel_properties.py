"""Property tests: arithmetic agrees with Decimal, round trips hold, nothing but FeelError."""

from __future__ import annotations

import contextlib
import json
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from baton.expr.feel import FeelError, compile, from_json, to_json
from baton.expr.feel.temporal import (
    format_date,
    format_days_time,
    parse_date,
    parse_duration,
)
from baton.expr.feel.values import NUMBER_CONTEXT

FAST = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])

numbers = st.decimals(
    min_value=Decimal("-1e12"), max_value=Decimal("1e12"), places=4, allow_nan=False
)


def feel_literal(value: Decimal) -> str:
    text = format(value, "f")
    return f"({text})" if text.startswith("-") else text


@FAST
@given(numbers, numbers)
def test_arithmetic_agrees_with_decimal(a: Decimal, b: Decimal) -> None:
    ctx = NUMBER_CONTEXT
    variables = {"a": a, "b": b}
    assert compile("a + b").evaluate(variables) == ctx.add(a, b)
    assert compile("a - b").evaluate(variables) == ctx.subtract(a, b)
    assert compile("a * b").evaluate(variables) == ctx.multiply(a, b)
    quotient = compile("a / b").evaluate(variables)
    assert quotient == (ctx.divide(a, b) if b else None)
    literal = compile(f"{feel_literal(a)} + {feel_literal(b)} * 2").evaluate({})
    assert literal == ctx.add(a, ctx.multiply(b, 2))


@FAST
@given(numbers, numbers)
def test_comparisons_agree_with_python(a: Decimal, b: Decimal) -> None:
    variables = {"a": a, "b": b}
    assert compile("a < b").evaluate(variables) is (a < b)
    assert compile("a >= b").evaluate(variables) is (a >= b)
    assert compile("a = b").evaluate(variables) is (a == b)
    assert compile("a between b and b + 1").evaluate(variables) is (b <= a <= b + 1)
    assert compile("max(a, b) >= min(a, b)").evaluate(variables) is True


@FAST
@given(st.integers(-(10**15), 10**15), st.floats(-1e9, 1e9, allow_nan=False))
def test_ints_and_floats_are_numbers(i: int, f: float) -> None:
    assert compile("i + f").evaluate({"i": i, "f": f}) == NUMBER_CONTEXT.add(
        Decimal(i), Decimal(repr(f))
    )


@FAST
@given(st.text(max_size=40), st.text(max_size=40))
def test_strings(a: str, b: str) -> None:
    variables = {"a": a, "b": b}
    assert compile("a + b").evaluate(variables) == a + b
    assert compile("string length(a + b)").evaluate(variables) == len(a) + len(b)
    assert compile("contains(a + b, b)").evaluate(variables) is True
    assert compile("starts with(a + b, a)").evaluate(variables) is True
    assert compile("upper case(a)").evaluate(variables) == a.upper()
    literal = '"' + a.replace("\\", "\\\\").replace('"', '\\"') + '"'
    assert compile(literal).evaluate({}) == a


@FAST
@given(st.lists(st.integers(-1000, 1000), max_size=30))
def test_list_functions(values: list[int]) -> None:
    variables = {"l": values}
    assert compile("count(l)").evaluate(variables) == len(values)
    assert to_json(compile("reverse(reverse(l))").evaluate(variables)) == values
    assert to_json(compile("sort(l)").evaluate(variables)) == sorted(values)
    assert to_json(compile("l[item > 0]").evaluate(variables)) == [v for v in values if v > 0]
    assert to_json(compile("for x in l return x * 2").evaluate(variables)) == [
        v * 2 for v in values
    ]
    expected_sum = sum(values) if values else None
    assert to_json(compile("sum(l)").evaluate(variables)) == expected_sum
    distinct = list(dict.fromkeys(values))
    assert to_json(compile("distinct values(l)").evaluate(variables)) == distinct
    if values:
        assert to_json(compile("l[-1]").evaluate(variables)) == values[-1]
        assert compile("list contains(l, l[1])").evaluate(variables) is True


json_values = st.recursive(
    st.none()
    | st.booleans()
    | st.integers(-(10**12), 10**12)
    | st.floats(-1e12, 1e12, allow_nan=False)
    | st.text(max_size=10),
    lambda children: (
        st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=5), children, max_size=4)
    ),
    max_leaves=15,
)


@FAST
@given(json_values)
def test_json_round_trip(value: Any) -> None:
    feel = from_json(value)
    back = to_json(feel)
    assert json.loads(json.dumps(back)) == back
    assert back == value or _floats_close(back, value)
    assert to_json(compile("x").evaluate({"x": value})) == back


def _floats_close(a: Any, b: Any) -> bool:
    if isinstance(a, list) and isinstance(b, list):
        return len(a) == len(b) and all(_floats_close(x, y) for x, y in zip(a, b, strict=True))
    if isinstance(a, dict) and isinstance(b, dict):
        return a.keys() == b.keys() and all(_floats_close(a[k], b[k]) for k in a)
    return bool(a == b)


@FAST
@given(st.timedeltas(min_value=-timedelta(days=10**6), max_value=timedelta(days=10**6)))
def test_duration_text_round_trip(value: timedelta) -> None:
    text = format_days_time(value)
    assert parse_duration(text) == value
    assert compile(f'duration("{text}")').evaluate({}) == value


@FAST
@given(st.dates())
def test_date_text_round_trip(value: date) -> None:
    assert parse_date(format_date(value)) == value


FEEL_ALPHABET = st.sampled_from(
    [
        *"abxyz019 .,:;()[]{}<>=!+-*/\"'`@?#\\\n",
        "if",
        "then",
        "else",
        "for",
        "in",
        "return",
        "some",
        "every",
        "satisfies",
        "and",
        "or",
        "between",
        "instance of",
        "function",
        "null",
        "true",
        "..",
        "**",
        "date and time",
        "string length(",
        "not(",
        "item",
    ]
)


@settings(max_examples=400, deadline=None)
@given(st.lists(FEEL_ALPHABET, max_size=25).map("".join) | st.text(max_size=40))
def test_compile_raises_only_feel_error(text: str) -> None:
    try:
        expression = compile(text)
    except FeelError:
        return
    with contextlib.suppress(FeelError):
        expression.evaluate({"a": 1, "b": "s", "x": [1, {"y": 2}], "z": None})


leaf = st.sampled_from(
    [
        "1",
        "2.5",
        "-3",
        '"s"',
        '""',
        "true",
        "false",
        "null",
        "a",
        "b",
        "l",
        "c",
        "c.k",
        '@"2024-01-01"',
        '@"P1D"',
        '@"10:00:00"',
        '@"P1Y"',
        "[]",
        "{}",
        "item",
    ]
)
FUNCTIONS = [
    "count",
    "sum",
    "string",
    "not",
    "abs",
    "reverse",
    "string length",
    "upper case",
    "date",
    "duration",
    "min",
    "max",
    "is empty",
    "flatten",
    "floor",
    "is defined",
    "mean",
    "distinct values",
    "sort",
    "get entries",
    "number",
    "trim",
    "split",
]


def _combine(children: st.SearchStrategy[str]) -> st.SearchStrategy[str]:
    binary = st.tuples(
        children,
        st.sampled_from(["+", "-", "*", "/", "**", "=", "!=", "<", ">=", "and", "or", "in"]),
        children,
    ).map(lambda t: f"({t[0]} {t[1]} {t[2]})")
    return st.one_of(
        binary,
        st.tuples(children, children, children).map(
            lambda t: f"(if {t[0]} then {t[1]} else {t[2]})"
        ),
        st.tuples(children, children).map(lambda t: f"(for item in {t[0]} return {t[1]})"),
        st.tuples(children, children).map(lambda t: f"(some item in {t[0]} satisfies {t[1]})"),
        st.tuples(children, children).map(lambda t: f"({t[0]})[{t[1]}]"),
        st.tuples(children, children).map(lambda t: f"[{t[0]}, {t[1]}]"),
        st.tuples(children, children).map(lambda t: f"{{k: {t[0]}, m: {t[1]}}}"),
        st.tuples(st.sampled_from(FUNCTIONS), children).map(lambda t: f"{t[0]}({t[1]})"),
        st.tuples(children, children, children).map(
            lambda t: f"({t[0]} between {t[1]} and {t[2]})"
        ),
        children.map(lambda c: f"({c}).k"),
        children.map(lambda c: f"-({c})"),
    )


expressions = st.recursive(leaf, _combine, max_leaves=12)


@settings(max_examples=300, deadline=None)
@given(expressions)
def test_generated_expressions_evaluate_without_crashing(text: str) -> None:
    expression = compile(text)
    variables = {"a": 1, "b": "text", "l": [3, 1, 2], "c": {"k": [1, "x"]}}
    try:
        result = expression.evaluate(variables)
    except FeelError:
        return
    json.dumps(to_json(result))

"""The public API: compile (cached), evaluate, zeebe attribute values, JSON, errors."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta, timezone
from decimal import Decimal

import pytest

from baton.expr.feel import (
    Expression,
    FeelError,
    YearsMonthsDuration,
    compile,
    compile_value,
    evaluate_value,
    from_json,
    to_json,
)

NOW = datetime(2026, 1, 1, 9, 0, tzinfo=UTC)


def test_compile_returns_a_cached_expression() -> None:
    first = compile("a + 1")
    assert isinstance(first, Expression)
    assert compile("a + 1") is first
    assert first.text == "a + 1"
    assert "a + 1" in repr(first)


def test_evaluate_accepts_plain_ints_floats_and_decimals() -> None:
    expression = compile("a + b")
    assert expression.evaluate({"a": 1, "b": 2.5}) == Decimal("3.5")
    assert expression.evaluate({"a": Decimal("1"), "b": Decimal("2")}) == 3
    assert compile("a > 1").evaluate({"a": True}) is None  # a boolean is not a number


def test_missing_variables_are_null_and_mappings_are_contexts() -> None:
    assert compile("x").evaluate({}) is None
    assert compile("x.y").evaluate({"x": {"y": (1, 2)}}) == [1, 2]


def test_python_objects_are_opaque() -> None:
    class Secret:
        password = "hunter2"

    assert compile("s.password").evaluate({"s": Secret()}) is None
    assert compile("s").evaluate({"s": Secret()}) is None
    assert compile("s.__class__").evaluate({"s": "text"}) is None


def test_now_uses_the_injected_clock() -> None:
    assert compile("now()").evaluate({}, NOW) == NOW
    assert compile("today()").evaluate({}, NOW) == date(2026, 1, 1)
    naive = datetime(2026, 1, 1, 9, 0)
    assert compile("now()").evaluate({}, naive) == NOW
    real = compile("now()").evaluate({})
    assert real.tzinfo is not None
    assert abs(real - datetime.now(UTC)) < timedelta(minutes=1)


def test_now_is_read_once_per_evaluation() -> None:
    assert compile("now() = now()").evaluate({}) is True


def test_evaluate_value_static_and_feel() -> None:
    assert evaluate_value("alice", {}) == "alice"
    assert evaluate_value("= request.owner", {"request": {"owner": "bob"}}) == "bob"
    assert evaluate_value("=owner", {"owner": "bob"}) == "bob"
    assert evaluate_value("  = 1 + 1", {}) == 2
    assert evaluate_value('= now() + duration("P2D")', {}, NOW) == NOW + timedelta(days=2)
    assert evaluate_value("2025-12-31T17:00:00Z", {}) == "2025-12-31T17:00:00Z"


def test_evaluate_value_as_list() -> None:
    assert evaluate_value("sales, ops", {}, as_list=True) == ["sales", "ops"]
    assert evaluate_value(" a ,, b , ", {}, as_list=True) == ["a", "b"]
    assert evaluate_value("", {}, as_list=True) == []
    assert evaluate_value("= group", {"group": "sales"}, as_list=True) == ["sales"]
    assert evaluate_value("= groups", {"groups": ["a", "b"]}, as_list=True) == ["a", "b"]
    assert evaluate_value("= remove(reviewers, 1)", {"reviewers": ["a", "b"]}, as_list=True) == [
        "b"
    ]


def test_compile_value() -> None:
    assert compile_value("static") is None
    expression = compile_value("= a > 1")
    assert expression is not None
    assert expression.evaluate({"a": 2}) is True


def test_parse_errors_name_the_position_in_the_attribute() -> None:
    with pytest.raises(FeelError) as caught:
        compile_value("= a + )")
    error = caught.value
    assert error.expression == "= a + )"
    assert error.position == (1, 7)
    assert str(error) == "unexpected token ')' at column 7 in `= a + )`"


def test_parse_errors_from_compile() -> None:
    with pytest.raises(FeelError) as caught:
        compile("if a then b")
    assert caught.value.position is not None
    assert "unexpected end of expression" in str(caught.value)
    with pytest.raises(FeelError, match="line 2, column 1"):
        compile("a +\n)")
    with pytest.raises(FeelError, match="unterminated string"):
        compile('"abc')
    with pytest.raises(FeelError, match=r"expected .*'then'"):
        compile("if a 1 else 2")


def test_unknown_function_and_arity_errors_raise_at_evaluation() -> None:
    expression = compile("foo(1)")  # compiles: a function may come from a context
    with pytest.raises(FeelError, match="unknown function 'foo'") as caught:
        expression.evaluate({})
    assert caught.value.position == (1, 1)
    with pytest.raises(FeelError, match=r"cannot be called with 3 argument\(s\)"):
        compile("count([1], 2, 3)").evaluate({})
    with pytest.raises(FeelError, match="unknown function 'foo'") as caught:
        evaluate_value("= 1 + foo()", {})
    assert caught.value.position == (1, 7)
    assert caught.value.expression == "= 1 + foo()"


def test_type_mismatches_are_null_not_errors() -> None:
    for text in ('1 + "a"', "upper case(1)", "date(5)", '"a" < 1', "-[1]"):
        assert compile(text).evaluate({}) is None, text


def test_to_json() -> None:
    assert to_json(Decimal("3")) == 3
    assert isinstance(to_json(Decimal("3.0")), int)
    assert to_json(Decimal("2.5")) == 2.5
    assert to_json(datetime(2024, 1, 1, 10, tzinfo=UTC)) == "2024-01-01T10:00:00Z"
    berlin = timezone(timedelta(hours=2))
    assert to_json(datetime(2024, 1, 1, 10, tzinfo=berlin)) == "2024-01-01T10:00:00+02:00"
    assert to_json(datetime(2024, 1, 1, 10, 0, 0, 500000)) == "2024-01-01T10:00:00.5"
    assert to_json(date(2024, 1, 1)) == "2024-01-01"
    zoned = compile('date and time("2024-01-01T10:00:00@Europe/Berlin")').evaluate({})
    assert to_json(zoned) == "2024-01-01T10:00:00+01:00"
    assert compile("string(d)").evaluate({"d": zoned}) == "2024-01-01T10:00:00@Europe/Berlin"
    assert to_json(time(9, 5)) == "09:05:00"
    assert to_json(timedelta(days=2, hours=3)) == "P2DT3H"
    assert to_json(timedelta(0)) == "PT0S"
    assert to_json(-timedelta(minutes=90)) == "-PT1H30M"
    assert to_json(YearsMonthsDuration(14)) == "P1Y2M"
    assert to_json(YearsMonthsDuration(-3)) == "-P3M"
    assert to_json({"a": [Decimal("1"), None, True, "x"]}) == {"a": [1, None, True, "x"]}
    assert to_json(compile("function(x) x").evaluate({})) is None
    assert to_json(7) == 7
    assert to_json(float("nan")) is None


def test_from_json() -> None:
    value = from_json({"a": 1, "b": [2.5, True, None, "s"], "c": {"d": 3}})
    assert value == {"a": Decimal(1), "b": [Decimal("2.5"), True, None, "s"], "c": {"d": 3}}
    assert type(value["a"]) is Decimal
    assert value["b"][1] is True
    assert from_json(0.1) == Decimal("0.1")


def test_json_round_trip_of_results() -> None:
    result = compile('{n: 1.5, d: @"2024-01-01", l: [1, "a"]}').evaluate({})
    assert to_json(result) == {"n": 1.5, "d": "2024-01-01", "l": [1, "a"]}


def test_expressions_are_shareable_between_threads() -> None:
    from concurrent.futures import ThreadPoolExecutor

    expression = compile("for i in 1..n return i * k")

    def run(k: int) -> list[object]:
        return [to_json(expression.evaluate({"n": 50, "k": k})) for _ in range(20)]

    with ThreadPoolExecutor(4) as pool:
        results = list(pool.map(run, range(8)))
    for k, runs in enumerate(results):
        assert all(r == [i * k for i in range(1, 51)] for r in runs)


def test_functions_in_loops_keep_their_own_iteration() -> None:
    value = compile("for x in [1, 2, 3] return function(y) x + y").evaluate({})
    from baton.expr.feel.runtime import Run, call_function

    assert [call_function(Run(None), f, [Decimal(10)]) for f in value] == [11, 12, 13]


def test_is_defined_distinguishes_null_from_missing() -> None:
    assert compile("is defined(a)").evaluate({"a": None}) is True
    assert compile("is defined(a)").evaluate({}) is False
    assert compile("is defined(a.b.c)").evaluate({"a": {"b": {}}}) is False
    assert compile("is defined(a.b.c)").evaluate({"a": {"b": {"c": 0}}}) is True
    assert compile("is defined(value: a)").evaluate({"a": 1}) is True
    assert compile("{a: 1, r: is defined(a)}.r").evaluate({}) is True
    assert compile("for a in [1] return is defined(a)").evaluate({}) == [True]

"""Hostile expressions are stopped by a counted budget (FeelError), never by a stopwatch.

The budgets are deterministic, so these tests assert the error that stops the work; how fast
that happens is `make bench`'s business.
"""

from __future__ import annotations

import pytest

from baton.expr.feel import FeelError, compile
from baton.expr.feel.limits import MAX_LIST_LENGTH, MAX_TEXT_LENGTH

HOSTILE = [
    "for x in 1..10000000 return x",
    "count(for x in 1..100000000 return x)",
    "for x in 1..1000, y in 1..1000 return x",
    "for x in 1..1000 return for y in 1..1000 return x",
    "count(for x in 1..300 return for y in 1..300 return for z in 1..300 return 1)",
    "some x in 1..100000, y in 1..100000 satisfies false",
    "every x in 1..100000, y in 1..100000 satisfies true",
    'string join(for x in 1..100000 return "' + "a" * 48 + '")',
    '{a: "' + "x" * 50 + '", b: a+a, c: b+b, d: c+c, e: d+d, f: e+e, g: f+f, h: g+g, i: h+h, '
    "j: i+i, k: j+j, l: k+k, m: l+l, n: m+m, o: n+n, p: o+o, q: p+p, r: q+q, s: r+r, t: s+s}",
    "{f: function(n) f(n + 1), r: f(1)}.r",
    "{f: function(n) if n = 0 then 0 else 1 + f(n - 1), r: f(100000)}.r",
    "distinct values(for x in 1..100000 return x)",
    "flatten(for x in 1..1000 return for y in 1..1000 return [y])",
    'string(for x in 1..100000 return "abcdefghijklmnopqrstuvwxyz")',
    'for x in 1..100000 return {a: x, b: [x, x], c: "s"}',
    "for x in [1..100000000] return x",
    "sort(for x in 1..100000 return -x, function(a, b) a < b)",
    " + ".join(["count(for x in 1..100000 return x)"] * 12),
    '{s: "' + "y" * 60000 + '", t: ' + " + ".join(["s"] * 17) + "}",
]


@pytest.mark.parametrize("text", HOSTILE, ids=[t[:60] for t in HOSTILE])
def test_hostile_expressions_exhaust_a_budget(text: str) -> None:
    expression = compile(text)
    with pytest.raises(FeelError, match=r"exceeds the limit|exceeded its budget|nested deeper"):
        expression.evaluate({})


@pytest.mark.parametrize(
    "text",
    [
        "(" * 10_000 + "1" + ")" * 10_000,
        "-" * 10_000 + "1",
        "[" * 10_000 + "]" * 10_000,
        "{a: " * 2_000 + "1" + "}" * 2_000,
        "if a then " * 3_000 + "1" + " else 2" * 3_000,
        "not(" * 2_000 + "true" + ")" * 2_000,
        "x" * (MAX_TEXT_LENGTH + 1),
    ],
    ids=["parens", "minus", "brackets", "contexts", "ifs", "calls", "too-long"],
)
def test_deep_or_huge_text_is_rejected_at_compile_time(text: str) -> None:
    try:
        expression = compile(text)
    except FeelError as error:
        assert "nested" in str(error) or "characters long" in str(error)
    else:  # redundant parentheses add no depth; the value is simply 1
        assert expression.evaluate({}) == 1


def test_long_flat_chains_evaluate_without_deep_recursion() -> None:
    assert compile(" + ".join(["1"] * 3_000)).evaluate({}) == 3_000
    assert compile(" and ".join(["true"] * 3_000)).evaluate({}) is True
    assert compile("[" + ", ".join(["1"] * 3_000) + "]").evaluate({}) == [1] * 3_000


def test_limits_leave_room_for_real_work() -> None:
    assert compile("count(for x in 1..50000 return x * 2)").evaluate({}) == 50_000
    big = list(range(MAX_LIST_LENGTH))
    assert compile("count(l[item >= 0])").evaluate({"l": big}) == MAX_LIST_LENGTH
    assert compile("sum(l)").evaluate({"l": big}) == sum(big)
    text = "a" * 500_000
    assert len(compile("s + s").evaluate({"s": text})) == 1_000_000


def test_ranges_are_not_expanded_by_filters() -> None:
    assert compile("[1..100000000][item > 5]").evaluate({}) == []


def test_the_budget_is_per_evaluation() -> None:
    expression = compile("count(for x in 1..60000 return x)")
    for _ in range(3):
        assert expression.evaluate({}) == 60_000


def test_regex_guard_still_allows_ordinary_patterns() -> None:
    for pattern in (r"^[a-z]+@[a-z]+\.[a-z]{2,}$", r"(ab)+", r"(a|b)", r"[(a+)+]*", r"\(a+\)+"):
        assert compile(f'matches("x", "{pattern}")').evaluate({}) in (True, False), pattern


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ('matches("' + "a" * 44 + '!", "(a+)+$")', False),
        ('matches("' + "a" * 44 + '!", "^(a|aa)*$")', False),
        ('replace("' + "a" * 44 + '!", "(x*)*y", "")', "a" * 44 + "!"),
        # Adjacent quantifiers: polynomial backtracking the old nesting check never saw.
        ('matches("' + "a" * 300 + '", "^[a-z]*[a-z]*[a-z]*[a-z]*[a-z]*@x$")', False),
        ('matches("' + "ab " * 40 + '!", "^(\\\\w+\\\\s?)*$")', False),
        ('matches("' + "ab " * 40 + '", "^(\\\\w+\\\\s?)*$")', True),
    ],
    ids=["nested-plus", "alternation", "replace", "adjacent", "words-no", "words-yes"],
)
def test_backtracking_patterns_get_their_answer(text: str, expected: object) -> None:
    """The regex engine does not backtrack, so these are answered rather than refused."""
    assert compile(text).evaluate({}) == expected


@pytest.mark.parametrize(
    ("pattern", "reason"),
    [
        ("(a)\\\\1", "backreference"),
        ("a(?=b)", "lookaround"),
        ("(?<!a)b", "lookaround"),
        ("a" * 1_001, "longer than 1000 characters"),
    ],
)
def test_patterns_the_engine_cannot_run_are_refused_at_compile_time(
    pattern: str, reason: str
) -> None:
    with pytest.raises(FeelError, match=reason) as refused:
        compile(f'matches(x, "{pattern}")')
    assert refused.value.position is not None
    # A pattern that only arrives at run time is refused when the call runs.
    with pytest.raises(FeelError, match=reason):
        compile("matches(x, p)").evaluate({"x": "ab", "p": pattern.replace("\\\\", "\\")})


def test_a_malformed_pattern_makes_the_call_null() -> None:
    assert compile('matches("abc", "(")').evaluate({}) is None
    assert compile('matches("abc", "b", "z")').evaluate({}) is None

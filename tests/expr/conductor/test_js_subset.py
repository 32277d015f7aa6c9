import math

import pytest

from baton.expr.conductor import JsEvalError, JsSyntaxError, compile_program, run


def js(source, dollar=None):
    return run(compile_program(source), dollar or {})


@pytest.mark.parametrize(
    ("source", "dollar", "expected"),
    [
        (
            "if ($.loop['iteration'] < 3) { true; } else { false; }",
            {"loop": {"iteration": 2}},
            True,
        ),
        (
            "if ($.loop['iteration'] < 3) { true; } else { false; }",
            {"loop": {"iteration": 3}},
            False,
        ),
        ("$.loop.iteration < $.max", {"loop": {"iteration": 1}, "max": 4}, True),
        ("$.x == 'a' ? 'b' : 'c'", {"x": "a"}, "b"),
        ("$.x == 'a' ? 'b' : 'c'", {"x": "z"}, "c"),
        ("$.a && !$.b || $.c", {"a": 1, "b": 0, "c": 0}, True),
        ("$.n * 2 + 1 - 4 / 2 % 3", {"n": 5}, 9),
        ("(1 + 2) * 3", {}, 9),
        ("-$.n", {"n": 2}, -2),
        ("'1' == 1", {}, True),
        ("'1' === 1", {}, False),
        ("null == undefined", {}, True),
        ("$.missing === undefined", {}, True),
        ("$.s + 1", {"s": "a"}, "a1"),
        ("1 + 1.5", {}, 2.5),
        ("7 / 2", {}, 3.5),
        ("'b' > 'a'", {}, True),
        ("$.l.length", {"l": [1, 2, 3]}, 3),
        ("$.l[1]", {"l": [1, 2, 3]}, 2),
        ("$.l.includes(2) && $.s.startsWith('ab')", {"l": [1, 2], "s": "abc"}, True),
        ("$.s.toUpperCase().indexOf('B')", {"s": "abc"}, 1),
        ("Math.ceil($.n / 100)", {"n": "4001"}, 41),
        ("Math.max(1, $.n, 3)", {"n": 7}, 7),
        ("parseInt('42px') + Number('8')", {}, 50),
        ("typeof $.n", {"n": 1}, "number"),
        ("var x = $.n; x * x", {"n": 3}, 9),
        ("(function () { if ($.a > 1) { return 'big'; } return 'small'; })();", {"a": 2}, "big"),
        ("if ($.a) { 'yes'; } else if ($.b) { 'maybe'; } else { 'no'; }", {"b": 1}, "maybe"),
        ("// comment\n$.a /* inline */ == 1", {"a": 1}, True),
        ("[1, 2].join('-')", {}, "1-2"),
        ("$['key with space']", {"key with space": 5}, 5),
        ("", {}, None),
    ],
)
def test_the_subset_follows_javascript(source, dollar, expected):
    assert js(source, dollar) == expected


def test_nan_comparisons_are_false():
    assert js("$.s < 1 || $.s >= 1", {"s": "abc"}) is False
    assert math.isnan(js("0 / 0"))


def test_reading_a_property_of_undefined_throws():
    with pytest.raises(JsEvalError, match="Cannot read property 'b'"):
        js("$.a.b", {})


@pytest.mark.parametrize(
    "source",
    [
        "$.a = 1",
        "while (true) {}",
        "for (;;) {}",
        "x",
        "foo(1)",
        "Math.random()",
        "$.a.constructor('x')",
        "(function () { return 1; })",
        "var f = function () { return 1; }; f()",
        "a++",
        "new Date()",
        "this",
        "eval('1')",
        "$.a ? 1",
        "if ($.a { 1 }",
        "'unterminated",
        "$.a @ 1",
        "Math",
        "(" * 100 + "1" + ")" * 100,
    ],
)
def test_everything_outside_the_subset_is_refused(source):
    with pytest.raises(JsSyntaxError):
        compile_program(source)


def test_dollar_names_are_collected_for_validation():
    program = compile_program("$.a.b > 1 && $['c'] < $.d[0]")
    assert program.dollar_names == {"a", "c", "d"}

"""The JavaScript subset builds no string or array larger than FEEL allows."""

import pytest

from baton.expr.conductor import JsEvalError, compile_program, run
from baton.expr.limits import MAX_LIST_LENGTH, MAX_STRING_LENGTH


def js(source, dollar=None):
    return run(compile_program(source), dollar or {})


def doublings(n, start="'x'"):
    return f"var s = {start};" + " var s = s + s;" * n + " s.length"


def test_doubling_a_string_stops_at_the_string_limit():
    assert js(doublings(19)) == 2**19  # 524,288 characters: allowed
    with pytest.raises(JsEvalError, match="more than 1,000,000 characters"):
        js(doublings(26))


def test_concatenating_a_long_input_with_itself_is_refused():
    text = "y" * (MAX_STRING_LENGTH // 2 + 1)
    assert len(js("$.s + ''", {"s": text})) == len(text)
    with pytest.raises(JsEvalError, match="exceeds the limit"):
        js("$.s + $.s", {"s": text})


def test_join_and_to_string_stop_at_the_string_limit():
    items = ["z" * 1000] * 2000  # 2,001,999 characters once joined
    with pytest.raises(JsEvalError, match="exceeds the limit"):
        js("$.l.join('-')", {"l": items})
    with pytest.raises(JsEvalError, match="exceeds the limit"):
        js("String($.l)", {"l": items})
    with pytest.raises(JsEvalError, match="exceeds the limit"):
        js("$.l + ''", {"l": items})
    assert js("$.l.join('')", {"l": items[:1000]}) == "z" * 1_000_000


def test_changing_case_may_not_grow_past_the_limit():
    with pytest.raises(JsEvalError, match="exceeds the limit"):
        js("$.s.toUpperCase()", {"s": "\u00df" * (MAX_STRING_LENGTH // 2 + 1)})  # ß -> SS


def test_nested_arrays_count_every_element_they_stand_for():
    row = "[" + ", ".join(["1"] * 100) + "]"
    square = "[" + ", ".join(["a"] * 100) + "]"
    assert js(f"var a = {row}; var b = {square}; b.length", {}) == 100  # 10,100 elements
    cube = "[" + ", ".join(["b"] * 100) + "]"
    with pytest.raises(JsEvalError, match="more than 100,000 elements"):
        js(f"var a = {row}; var b = {square}; var c = {cube}; c.length")


def test_doubling_an_array_by_nesting_stops_at_the_list_limit():
    steps = "".join(f" var a{i} = [a{i - 1}, a{i - 1}];" for i in range(1, 60))
    source = "var a0 = [1, 1];" + steps
    with pytest.raises(JsEvalError, match="more than 100,000 elements"):
        js(source + " a59.length")


def test_an_input_array_counts_toward_the_limit_of_an_array_holding_it():
    big = list(range(MAX_LIST_LENGTH // 2))
    assert js("[$.l].length", {"l": big}) == 1
    with pytest.raises(JsEvalError, match="more than 100,000 elements"):
        js("[$.l, $.l, $.l].length", {"l": big})

"""Compiling iteration: `for`, `some`/`every` and list filters `l[condition]`."""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from lark import Token, Tree

from baton.expr.feel import limits
from baton.expr.feel.runtime import Run, Scope
from baton.expr.feel.syntax import EMPTY, Fn, name_of
from baton.expr.feel.values import Range, to_feel

if TYPE_CHECKING:
    from baton.expr.feel.compiler import Compiler

Source = Callable[[Scope], list[Any] | None]
"""The values one iteration context runs over (None: not iterable, the loop is null)."""


def item_at(values: list[Any], position: Any) -> Any:
    """`list[n]`: 1-based, negative from the end, null when out of range or not whole."""
    if type(position) is not Decimal or position != position.to_integral_value():
        return None
    at = int(position)
    if 0 < at <= len(values):
        return to_feel(values[at - 1])
    if 0 < -at <= len(values):
        return to_feel(values[at])
    return None


def compile_filter(c: Compiler, tree: Tree[Token], local: frozenset[str]) -> Fn:
    """`list[condition]`: a number selects one element, a condition keeps the matching ones.

    The condition sees `item` and, when the element is a context, its entries as names. A
    non-list value filters like a one-element list.
    """
    base_node, condition_node = tree.children
    base = c.node(base_node, local)
    condition = c.node(condition_node, local | {"item"})
    if condition in c.constants and type(c.constants[condition]) is Decimal:
        position = c.constants[condition]

        def index(scope: Scope) -> Any:
            values = base(scope)
            if values is None:
                return None
            return item_at(values if type(values) is list else [values], position)

        return index

    cost, fresh = _loop_cost(condition_node), _captures(condition_node)

    def filter_list(scope: Scope) -> Any:
        values = base(scope)
        if values is None:
            return None
        if type(values) is not list:
            values = [values]
        run = scope.run
        if not values:
            probe = condition(Scope({"item": None}, scope, run))
            return None if type(probe) is Decimal else []
        result = []
        first = True
        frame: dict[str, Any] = {"item": None}
        outer = Scope(frame, scope, run)
        inner = Scope(EMPTY, outer, run)
        for item in values:
            item = to_feel(item)
            run.charge(cost)
            if fresh:
                outer = Scope({"item": item}, scope, run)
                inner = Scope(EMPTY, outer, run)
            else:
                frame["item"] = item
            inner.values = item if type(item) is dict else EMPTY
            verdict = condition(inner)
            if first:
                if type(verdict) is Decimal:
                    return item_at(values, verdict)
                first = False
            if verdict is True:
                result.append(item)
        return result

    return filter_list


def _sources(
    c: Compiler, bindings: list[Any], local: frozenset[str]
) -> tuple[list[tuple[str, Callable[[Scope], list[Any] | None]]], frozenset[str]]:
    sources: list[tuple[str, Callable[[Scope], list[Any] | None]]] = []
    for binding in bindings:
        name = name_of(binding.children[0])
        if binding.data == "iter_range":
            start, end = c.nodes(binding.children[1:], local)
            sources.append((name, _range_source(start, end)))
        else:
            sources.append((name, _value_source(c.node(binding.children[1], local))))
        local = local | {name}
    return sources, local


def compile_for(c: Compiler, tree: Tree[Token], local: frozenset[str]) -> Fn:
    """`for x in l, y in 1..3 return …`: nested iteration, results so far visible as `partial`."""
    *bindings, body_node = tree.children
    sources, inner = _sources(c, bindings, local)
    uses_partial = _mentions(body_node, "partial")
    body = c.node(body_node, inner | {"partial"} if uses_partial else inner)
    cost, fresh = _loop_cost(body_node), _captures(body_node)
    depth = len(sources)
    max_length = limits.MAX_LIST_LENGTH

    def for_loop(scope: Scope) -> list[Any] | None:
        results: list[Any] = []
        run = scope.run

        def loop(level: int, current: Scope) -> bool:
            name, source = sources[level]
            values = source(current)
            if values is None:
                return False
            frame: dict[str, Any] = {name: None}
            inner_scope = Scope(frame, current, run)
            last = level + 1 == depth
            for item in values:
                if fresh:
                    frame = {name: item}
                    inner_scope = Scope(frame, current, run)
                else:
                    frame[name] = item
                if last:
                    run.charge(cost)
                    if len(results) >= max_length:
                        run.check_list(len(results) + 1)
                    if uses_partial:  # a snapshot, so a result can never contain itself
                        run.charge(len(results) // 16)
                        frame["partial"] = list(results)
                    results.append(body(inner_scope))
                elif not loop(level + 1, inner_scope):
                    return False
            return True

        return results if loop(0, scope) else None

    return for_loop


def compile_quantified(c: Compiler, tree: Tree[Token], local: frozenset[str], want: bool) -> Fn:
    """`some`/`every` … `satisfies`: stops at the first element that decides the answer."""
    *bindings, condition_node = tree.children
    sources, inner = _sources(c, bindings, local)
    condition = c.node(condition_node, inner)
    cost, fresh = _loop_cost(condition_node), _captures(condition_node)
    depth = len(sources)

    def quantified(scope: Scope) -> Any:
        run = scope.run

        def search(level: int, current: Scope) -> bool | None:
            name, source = sources[level]
            values = source(current)
            if values is None:
                return None
            frame: dict[str, Any] = {name: None}
            inner_scope = Scope(frame, current, run)
            last = level + 1 == depth
            for item in values:
                if fresh:
                    inner_scope = Scope({name: item}, current, run)
                else:
                    frame[name] = item
                if last:
                    run.charge(cost)
                    found = condition(inner_scope) is want
                else:
                    found = search(level + 1, inner_scope) is True
                if found:
                    return True
            return False

        hit = search(0, scope)
        if hit is None:
            return None
        return hit if want else not hit

    return quantified


def _loop_cost(body: Tree[Token] | Token) -> int:
    """Steps one iteration costs: a fixed part plus one per node of the loop body."""
    if isinstance(body, Token):  # pragma: no cover - bodies are rules
        return limits.ITERATION_COST + 1
    return limits.ITERATION_COST + sum(1 for _ in body.iter_subtrees())


def _mentions(body: Tree[Token] | Token, name: str) -> bool:
    """Whether a loop body refers to a variable `name`."""
    if isinstance(body, Token):  # pragma: no cover - bodies are rules
        return False
    return any(
        node.data == "var" and name_of(node.children[0]) == name for node in body.iter_subtrees()
    )


def _captures(body: Tree[Token] | Token) -> bool:
    """Whether a loop body defines a function (which would keep the iteration's scope)."""
    if isinstance(body, Token):  # pragma: no cover - bodies are rules
        return False
    return any(node.data == "function_def" for node in body.iter_subtrees())


def _range_source(start: Fn, end: Fn) -> Callable[[Scope], list[Any] | None]:
    def numbers(scope: Scope) -> list[Any] | None:
        return _expand(scope.run, start(scope), end(scope))

    return numbers


def _expand(run: Run, first: Any, last: Any) -> list[Any] | None:
    first, last = to_feel(first), to_feel(last)
    if type(first) is not Decimal or type(last) is not Decimal:
        return None
    if first != first.to_integral_value() or last != last.to_integral_value():
        return None
    low, high = int(first), int(last)
    run.check_list(abs(high - low) + 1)
    step = 1 if high >= low else -1
    return [Decimal(i) for i in range(low, high + step, step)]


def _value_source(source: Fn) -> Callable[[Scope], list[Any] | None]:
    def values(scope: Scope) -> list[Any] | None:
        value = source(scope)
        if value is None:
            return None
        if type(value) is list:
            return [to_feel(v) for v in value]
        if type(value) is Range:
            return _expand(scope.run, value.start, value.end) if _closed(value) else None
        return None

    return values


def _closed(value: Range) -> bool:
    return value.start_included and value.end_included

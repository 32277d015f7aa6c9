"""Syntax tree → nested Python closures.

Every node becomes a function `fn(scope) -> value`; evaluation never looks at the lark tree
again. Literals are kept as constants so operators can skip calling them, and the common
number/string cases of operators have inline fast paths before falling back to `operators`.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from typing import Any

from lark import Token, Tree

from baton.expr.feel.calls import compile_call
from baton.expr.feel.errors import FeelError
from baton.expr.feel.loops import compile_filter, compile_for, compile_quantified
from baton.expr.feel.operators import (
    add,
    compare_op,
    divide,
    equals,
    matches_value,
    member,
    multiply,
    negate,
    power,
    subtract,
)
from baton.expr.feel.runtime import Run, Scope
from baton.expr.feel.syntax import Fn, name_of, position_of, unescape
from baton.expr.feel.temporal import parse_temporal
from baton.expr.feel.values import (
    NUMBER_CONTEXT,
    FeelFunction,
    Range,
    YearsMonthsDuration,
    to_feel,
)

Test = Callable[[Scope, Any], Any]
"""A compiled unary test: does the value (second argument) pass it?"""

_MISSING: Any = object()
_PLAIN = frozenset({Decimal, str, bool, type(None), dict, list})
"""Types a variable lookup returns as they are; anything else goes through `to_feel`."""
_SPACES = re.compile(r"\s+")
_ctx = NUMBER_CONTEXT
_NESTED_CHAIN = 8
"""Longer `a + b + c …` chains run as one loop instead of nested closures (no deep recursion)."""
_SLOW_OPS: dict[str, Callable[[Run, Any, Any], Any]] = {
    "+": add,
    "-": subtract,
    "*": multiply,
    "/": divide,
    "**": power,
}

_TYPE_CHECKS: dict[str, Callable[[Any], bool]] = {
    "number": lambda v: type(v) is Decimal,
    "string": lambda v: type(v) is str,
    "boolean": lambda v: type(v) is bool,
    "date": lambda v: type(v) is date,
    "time": lambda v: type(v) is time,
    "date and time": lambda v: type(v) is datetime,
    "days and time duration": lambda v: type(v) is timedelta,
    "years and months duration": lambda v: type(v) is YearsMonthsDuration,
    "list": lambda v: type(v) is list,
    "context": lambda v: type(v) is dict,
    "range": lambda v: type(v) is Range,
    "function": lambda v: type(v) is FeelFunction,
    "Any": lambda v: v is not None,
    "Null": lambda v: v is None,
}


class Compiler:
    """Compiles one expression's tree; `constants` maps constant closures to their value."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.constants: dict[Fn, Any] = {}

    # ---------------------------------------------------------------- helpers

    def error(self, reason: str, node: Tree[Token] | Token) -> FeelError:
        return FeelError(reason, expression=self.text, position=position_of(node))

    def const(self, value: Any) -> Fn:
        def constant(scope: Scope) -> Any:
            return value

        self.constants[constant] = value
        return constant

    def compile(self, tree: Tree[Token] | Token) -> Fn:
        return self.node(tree, frozenset())

    def node(self, tree: Tree[Token] | Token, local: frozenset[str]) -> Fn:
        if isinstance(tree, Token):  # pragma: no cover - every terminal sits in a rule
            raise self.error(f"unexpected token '{tree}'", tree)
        handler = getattr(self, f"c_{tree.data}", None)
        if handler is None:  # pragma: no cover - grammar and compiler out of step
            raise self.error(f"unsupported construct '{tree.data}'", tree)
        fn: Fn = handler(tree, local)
        return fn

    def nodes(self, trees: list[Any], local: frozenset[str]) -> list[Fn]:
        return [self.node(t, local) for t in trees]

    # ---------------------------------------------------------------- literals

    def c_number(self, tree: Tree[Token], local: frozenset[str]) -> Fn:
        return self.const(Decimal(str(tree.children[0])))

    def c_string(self, tree: Tree[Token], local: frozenset[str]) -> Fn:
        return self.const(unescape(str(tree.children[0])))

    def c_temporal(self, tree: Tree[Token], local: frozenset[str]) -> Fn:
        text = unescape(str(tree.children[0]))
        value = parse_temporal(text)
        if value is None:
            raise self.error(f'invalid date, time or duration literal @"{text}"', tree)
        return self.const(value)

    def c_true(self, tree: Tree[Token], local: frozenset[str]) -> Fn:
        return self.const(True)

    def c_false(self, tree: Tree[Token], local: frozenset[str]) -> Fn:
        return self.const(False)

    def c_null(self, tree: Tree[Token], local: frozenset[str]) -> Fn:
        return self.const(None)

    def c_list(self, tree: Tree[Token], local: frozenset[str]) -> Fn:
        items = self.nodes(tree.children, local)

        def make_list(scope: Scope) -> list[Any]:
            return [item(scope) for item in items]

        return make_list

    def c_context(self, tree: Tree[Token], local: frozenset[str]) -> Fn:
        keys: list[str] = []
        for entry in tree.children:
            assert isinstance(entry, Tree)
            key_node = entry.children[0]
            assert isinstance(key_node, Tree)
            if key_node.data == "string_key":
                key = unescape(str(key_node.children[0]))
            else:
                key = name_of(key_node)
            if key in keys:
                raise self.error(f"duplicate context key '{key}'", entry)
            keys.append(key)
        inner = local | frozenset(keys)
        values = [self.node(e.children[1], inner) for e in tree.children if isinstance(e, Tree)]
        entries = list(zip(keys, values, strict=True))

        def make_context(scope: Scope) -> dict[str, Any]:
            result: dict[str, Any] = {}
            inner_scope = Scope(result, scope, scope.run)
            for key, value in entries:
                result[key] = value(inner_scope)
            return result

        return make_context

    def _interval(self, tree: Tree[Token], local: frozenset[str]) -> Fn:
        opening, start, _, end, closing = tree.children
        start_fn, end_fn = self.node(start, local), self.node(end, local)
        start_in = str(opening) == "["
        end_in = str(closing) == "]"

        def make_range(scope: Scope) -> Range:
            return Range(start_fn(scope), end_fn(scope), start_in, end_in)

        return make_range

    c_interval = _interval
    c_open_interval = _interval

    # ---------------------------------------------------------------- names and paths

    def c_var(self, tree: Tree[Token], local: frozenset[str]) -> Fn:
        name = name_of(tree.children[0])

        def lookup(scope: Scope | None) -> Any:
            while scope is not None:
                value = scope.values.get(name, _MISSING)
                if value is not _MISSING:
                    return value if type(value) in _PLAIN else to_feel(value)
                scope = scope.parent
            return None

        return lookup

    def c_funcname_of(self, tree: Tree[Token], local: frozenset[str]) -> Fn:
        raise self.error(f"'{name_of(tree)}' must be called", tree)  # pragma: no cover

    def c_path(self, tree: Tree[Token], local: frozenset[str]) -> Fn:
        base_node, key_node = tree.children
        base = self.node(base_node, local)
        key = name_of(key_node)

        def path(scope: Scope) -> Any:
            value = base(scope)
            if type(value) is dict:
                found = value.get(key)
                return found if type(found) in _PLAIN else to_feel(found)
            return member(scope.run, value, key)

        return path

    def c_filter(self, tree: Tree[Token], local: frozenset[str]) -> Fn:
        return compile_filter(self, tree, local)

    # ---------------------------------------------------------------- function calls

    def c_call(self, tree: Tree[Token], local: frozenset[str]) -> Fn:
        return compile_call(self, tree, local)

    def c_function_def(self, tree: Tree[Token], local: frozenset[str]) -> Fn:
        *param_nodes, body_node = tree.children
        params = tuple(name_of(p) for p in param_nodes)
        if len(set(params)) != len(params):
            raise self.error("a function parameter is named twice", tree)
        body = self.node(body_node, local | frozenset(params))

        def define(scope: Scope) -> FeelFunction:
            return FeelFunction(params, body, scope)

        return define

    # ---------------------------------------------------------------- arithmetic

    def c_neg(self, tree: Tree[Token], local: frozenset[str]) -> Fn:
        operand = self.node(tree.children[0], local)
        if operand in self.constants and type(self.constants[operand]) is Decimal:
            return self.const(negate(self.constants[operand]))

        def neg(scope: Scope) -> Any:
            return negate(operand(scope))

        return neg

    def _chain(self, tree: Tree[Token], local: frozenset[str], default_op: str | None) -> Fn:
        children = tree.children
        first = self.node(children[0], local)
        steps: list[tuple[str, Fn]] = []
        index = 1
        while index < len(children):
            child = children[index]
            if isinstance(child, Tree) and child.data in ("add_op", "mul_op"):
                op = str(child.children[0])
                index += 1
            else:
                assert default_op is not None
                op = default_op
            steps.append((op, self.node(children[index], local)))
            index += 1
        if len(steps) > _NESTED_CHAIN:
            return _chain_loop(first, steps)
        fn = first
        for op, right in steps:
            fn = self._binary(op, fn, right)
        return fn

    def c_sum(self, tree: Tree[Token], local: frozenset[str]) -> Fn:
        return self._chain(tree, local, None)

    def c_product(self, tree: Tree[Token], local: frozenset[str]) -> Fn:
        return self._chain(tree, local, None)

    def c_power(self, tree: Tree[Token], local: frozenset[str]) -> Fn:
        return self._chain(tree, local, "**")

    def _binary(self, op: str, left: Fn, right: Fn) -> Fn:
        slow = _SLOW_OPS[op]
        fast: Callable[[Decimal, Decimal], Decimal] | None = {
            "+": _ctx.add,
            "-": _ctx.subtract,
            "*": _ctx.multiply,
        }.get(op)
        if fast is None:

            def arith(scope: Scope) -> Any:
                return slow(scope.run, left(scope), right(scope))

            return arith
        fast_op = fast
        if right in self.constants:
            constant = self.constants[right]

            def arith_const(scope: Scope) -> Any:
                a = left(scope)
                if type(a) is Decimal and type(constant) is Decimal:
                    try:
                        return fast_op(a, constant)
                    except ArithmeticError:
                        return None
                return slow(scope.run, a, constant)

            return arith_const

        def arith_fast(scope: Scope) -> Any:
            a = left(scope)
            b = right(scope)
            if type(a) is Decimal and type(b) is Decimal:
                try:
                    return fast_op(a, b)
                except ArithmeticError:
                    return None
            return slow(scope.run, a, b)

        return arith_fast

    # ---------------------------------------------------------------- comparison

    def c_compare(self, tree: Tree[Token], local: frozenset[str]) -> Fn:
        left_node, op_token, right_node = tree.children
        left, right = self.node(left_node, local), self.node(right_node, local)
        op = str(op_token)
        if op in ("=", "!="):
            negated = op == "!="

            def eq(scope: Scope) -> Any:
                a = left(scope)
                b = right(scope)
                kind = type(a)
                if kind is type(b) and (kind is str or kind is Decimal or kind is bool):
                    return (a != b) if negated else (a == b)
                same = equals(a, b)
                if same is None or not negated:
                    return same
                return not same

            return eq
        ordering = {
            "<": Decimal.__lt__,
            "<=": Decimal.__le__,
            ">": Decimal.__gt__,
            ">=": Decimal.__ge__,
        }[op]
        if right in self.constants and type(self.constants[right]) is Decimal:
            bound = self.constants[right]

            def cmp_const(scope: Scope) -> Any:
                a = left(scope)
                if type(a) is Decimal:
                    return ordering(a, bound)
                return compare_op(op, a, bound)

            return cmp_const

        def cmp(scope: Scope) -> Any:
            a = left(scope)
            b = right(scope)
            if type(a) is Decimal and type(b) is Decimal:
                return ordering(a, b)
            return compare_op(op, a, b)

        return cmp

    def c_between(self, tree: Tree[Token], local: frozenset[str]) -> Fn:
        value, low, high = self.nodes(tree.children, local)

        def between(scope: Scope) -> Any:
            x = value(scope)
            above = compare_op(">=", x, low(scope))
            below = compare_op("<=", x, high(scope))
            if above is False or below is False:
                return False
            return True if above is True and below is True else None

        return between

    def c_in_test(self, tree: Tree[Token], local: frozenset[str]) -> Fn:
        value_node, tests_node = tree.children
        value = self.node(value_node, local)
        assert isinstance(tests_node, Tree)
        tests = [self.unary_test(t, local) for t in tests_node.children]
        if len(tests) == 1:
            (only,) = tests

            def in_one(scope: Scope) -> Any:
                return only(scope, value(scope))

            return in_one

        def in_any(scope: Scope) -> Any:
            x = value(scope)
            verdicts = [test(scope, x) for test in tests]
            if any(v is True for v in verdicts):
                return True
            return False if all(v is False for v in verdicts) else None

        return in_any

    def unary_test(self, tree: Any, local: frozenset[str]) -> Test:
        if tree.data == "test_compare":
            op = str(tree.children[0])
            operand = self.node(tree.children[1], local)

            def compare_test(scope: Scope, x: Any) -> Any:
                return compare_op(op, x, operand(scope))

            return compare_test
        expected = self.node(tree.children[0], local)

        def value_test(scope: Scope, x: Any) -> Any:
            return matches_value(x, expected(scope))

        return value_test

    def c_instance_of(self, tree: Tree[Token], local: frozenset[str]) -> Fn:
        value_node, type_token = tree.children
        value = self.node(value_node, local)
        type_name = _SPACES.sub(" ", str(type_token))
        check = _TYPE_CHECKS.get(type_name)
        if check is None:
            raise self.error(f"unknown type '{type_name}'", type_token)
        test = check

        def instance_of(scope: Scope) -> bool:
            return test(value(scope))

        return instance_of

    # ---------------------------------------------------------------- logic

    def c_conjunction(self, tree: Tree[Token], local: frozenset[str]) -> Fn:
        parts = self.nodes(tree.children, local)

        def conjunction(scope: Scope) -> Any:
            result: Any = True
            for part in parts:
                verdict = part(scope)
                if verdict is False:
                    return False
                if verdict is not True:
                    result = None
            return result

        return conjunction

    def c_disjunction(self, tree: Tree[Token], local: frozenset[str]) -> Fn:
        parts = self.nodes(tree.children, local)

        def disjunction(scope: Scope) -> Any:
            result: Any = False
            for part in parts:
                verdict = part(scope)
                if verdict is True:
                    return True
                if verdict is not False:
                    result = None
            return result

        return disjunction

    def c_if_expr(self, tree: Tree[Token], local: frozenset[str]) -> Fn:
        condition, then, otherwise = self.nodes(tree.children, local)

        def if_then_else(scope: Scope) -> Any:
            if condition(scope) is True:
                return then(scope)
            return otherwise(scope)

        return if_then_else

    # ---------------------------------------------------------------- iteration

    def c_for_expr(self, tree: Tree[Token], local: frozenset[str]) -> Fn:
        return compile_for(self, tree, local)

    def c_some(self, tree: Tree[Token], local: frozenset[str]) -> Fn:
        return compile_quantified(self, tree, local, True)

    def c_every(self, tree: Tree[Token], local: frozenset[str]) -> Fn:
        return compile_quantified(self, tree, local, False)


def _chain_loop(first: Fn, steps: list[tuple[str, Fn]]) -> Fn:
    operations = [(_SLOW_OPS[op], right) for op, right in steps]

    def chain(scope: Scope) -> Any:
        run = scope.run
        value = first(scope)
        for operation, right in operations:
            value = operation(run, value, right(scope))
        return value

    return chain

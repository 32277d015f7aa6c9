"""Evaluate a parsed JavaScript-subset program with JavaScript's value rules.

Values are JSON-like Python values plus `UNDEFINED`. `$` is any Mapping (the engine passes a
lazy view). Reading a property of null/undefined raises `JsEvalError`, as JavaScript would throw.

Values built have FEEL's size limits (`baton.expr.limits`): a string at most MAX_STRING_LENGTH
characters, an array literal at most MAX_LIST_LENGTH elements counting those of nested arrays
(an array may hold one array many times: counting the elements it stands for keeps its text
and JSON small). A result that would exceed them raises `JsEvalError` before it is built.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from functools import lru_cache
from typing import Any

from baton.expr.conductor.js_syntax import (
    ArrayLit,
    Binary,
    Block,
    Call,
    Cond,
    Expr,
    ExprStmt,
    Func,
    Ident,
    If,
    Lit,
    Member,
    Program,
    Return,
    Stmt,
    Unary,
    VarDecl,
    parse_expression,
    parse_program,
)
from baton.expr.limits import MAX_LIST_LENGTH, MAX_STRING_LENGTH

LANGUAGE = "conductor-js"


class JsEvalError(ValueError):
    pass


class _Undefined:
    __slots__ = ()

    def __repr__(self) -> str:
        return "undefined"

    def __bool__(self) -> bool:
        return False


UNDEFINED: Any = _Undefined()


class _Returned(Exception):  # control flow, not an error
    def __init__(self, value: Any) -> None:
        self.value = value


@lru_cache(maxsize=1024)
def compile_program(source: str) -> Program:
    return parse_program(source)


@lru_cache(maxsize=1024)
def compile_expression(source: str) -> Program:
    return parse_expression(source)


def run(program: Program, dollar: Mapping[str, Any]) -> Any:
    """The script's completion value (the last expression statement evaluated, or `return`)."""
    interpreter = _Interpreter(dollar)
    try:
        value = interpreter.block(program.body)
    except _Returned as returned:
        value = returned.value
    except RecursionError as exc:  # pragma: no cover - guarded by the parser's depth limit
        raise JsEvalError("script too deep") from exc
    return None if value is UNDEFINED or value is _NO_VALUE else value


def truthy(value: Any) -> bool:
    if value is None or value is UNDEFINED or value is False:
        return False
    if value is True:
        return True
    if isinstance(value, int | float):
        return value != 0 and not (isinstance(value, float) and math.isnan(value))
    if isinstance(value, str):
        return value != ""
    return True


def to_number(value: Any) -> float | int:
    if value is True:
        return 1
    if value is False or value is None:
        return 0
    if isinstance(value, int | float):
        return value
    if isinstance(value, str):
        text = value.strip()
        if not text:
            return 0
        try:
            number = float(text)
        except ValueError:
            return math.nan
        return int(number) if number.is_integer() and abs(number) < 2**53 else number
    if isinstance(value, list):
        if not value:
            return 0
        if len(value) == 1:
            return to_number(to_string(value[0]))
    return math.nan


def to_string(value: Any) -> str:
    if value is None:
        return "null"
    if value is UNDEFINED:
        return "undefined"
    if value is True:
        return "true"
    if value is False:
        return "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        if math.isnan(value):
            return "NaN"
        if math.isinf(value):
            return "Infinity" if value > 0 else "-Infinity"
        if value.is_integer() and abs(value) < 1e21:
            return str(int(value))
        return repr(value)
    if isinstance(value, str):
        return value
    if isinstance(value, list):
        return _join(value, ",")
    return "[object Object]"


def _join(items: list[Any], sep: str) -> str:
    """Array.prototype.join, refusing a result longer than MAX_STRING_LENGTH as it grows."""
    parts: list[str] = []
    length = -len(sep)
    for item in items:
        part = "" if item is None or item is UNDEFINED else to_string(item)
        length += len(sep) + len(part)
        if length > MAX_STRING_LENGTH:
            raise JsEvalError(_TOO_LONG)
        parts.append(part)
    return sep.join(parts)


def _checked(text: str) -> str:
    if len(text) > MAX_STRING_LENGTH:
        raise JsEvalError(_TOO_LONG)
    return text


_TOO_LONG = f"a string of more than {MAX_STRING_LENGTH:,} characters exceeds the limit"


def _is_number(value: Any) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


def strict_equals(a: Any, b: Any) -> bool:
    if _is_number(a) and _is_number(b):
        return bool(a == b)
    if a is None or a is UNDEFINED or isinstance(a, bool | str):
        return type(a) is type(b) and a == b
    return a is b


def loose_equals(a: Any, b: Any) -> bool:
    if (a is None or a is UNDEFINED) and (b is None or b is UNDEFINED):
        return True
    if a is None or a is UNDEFINED or b is None or b is UNDEFINED:
        return False
    if _is_number(a) and _is_number(b):
        return bool(a == b)
    if isinstance(a, str) and isinstance(b, str):
        return a == b
    if isinstance(a, bool):
        return loose_equals(to_number(a), b)
    if isinstance(b, bool):
        return loose_equals(a, to_number(b))
    if _is_number(a) and isinstance(b, str):
        return bool(a == to_number(b))
    if isinstance(a, str) and _is_number(b):
        return bool(to_number(a) == b)
    if isinstance(a, list | dict) and not isinstance(b, list | dict):
        return loose_equals(to_string(a), b)
    if isinstance(b, list | dict) and not isinstance(a, list | dict):
        return loose_equals(a, to_string(b))
    return a is b


def _compare(op: str, a: Any, b: Any) -> bool:
    if isinstance(a, str) and isinstance(b, str):
        left: Any = a
        right: Any = b
    else:
        left, right = to_number(a), to_number(b)
        if (isinstance(left, float) and math.isnan(left)) or (
            isinstance(right, float) and math.isnan(right)
        ):
            return False
    if op == "<":
        return bool(left < right)
    if op == "<=":
        return bool(left <= right)
    if op == ">":
        return bool(left > right)
    return bool(left >= right)


def _arith(op: str, a: Any, b: Any) -> Any:
    if op == "+":
        if isinstance(a, str | list | dict) or isinstance(b, str | list | dict):
            left, right = to_string(a), to_string(b)
            if len(left) + len(right) > MAX_STRING_LENGTH:
                raise JsEvalError(_TOO_LONG)
            return left + right
        return _num(to_number(a) + to_number(b))
    x, y = to_number(a), to_number(b)
    if op == "-":
        return _num(x - y)
    if op == "*":
        return _num(x * y)
    if op == "/":
        if y == 0:
            if x == 0 or (isinstance(x, float) and math.isnan(x)):
                return math.nan
            return math.inf if x > 0 else -math.inf
        result = x / y
        return int(result) if result.is_integer() and abs(result) < 2**53 else result
    if y == 0:
        return math.nan
    return _num(math.fmod(x, y))


def _num(value: float | int) -> float | int:
    if isinstance(value, float) and value.is_integer() and abs(value) < 2**53:
        return int(value)
    return value


def _typeof(value: Any) -> str:
    if value is UNDEFINED:
        return "undefined"
    if isinstance(value, bool):
        return "boolean"
    if _is_number(value):
        return "number"
    if isinstance(value, str):
        return "string"
    return "object"


class _Interpreter:
    def __init__(self, dollar: Mapping[str, Any]) -> None:
        self.dollar = dollar
        self.locals: dict[str, Any] = {}
        # elements (nested ones included) of each array this run built, by id; the array is
        # kept too, so that its id is not reused
        self.sizes: dict[int, tuple[list[Any], int]] = {}

    def block(self, body: tuple[Stmt, ...]) -> Any:
        value: Any = _NO_VALUE
        for stmt in body:
            result = self.stmt(stmt)
            if result is not _NO_VALUE:
                value = result
        return value

    def stmt(self, stmt: Stmt) -> Any:
        if isinstance(stmt, ExprStmt):
            return self.expr(stmt.expr)
        if isinstance(stmt, If):
            if truthy(self.expr(stmt.test)):
                return self.stmt(stmt.then)
            return self.stmt(stmt.other) if stmt.other is not None else _NO_VALUE
        if isinstance(stmt, Block):
            return self.block(stmt.body)
        if isinstance(stmt, Return):
            raise _Returned(UNDEFINED if stmt.value is None else self.expr(stmt.value))
        assert isinstance(stmt, VarDecl)
        self.locals[stmt.name] = UNDEFINED if stmt.init is None else self.expr(stmt.init)
        return _NO_VALUE

    def expr(self, expr: Expr) -> Any:
        if isinstance(expr, Lit):
            return expr.value
        if isinstance(expr, Member):
            return self.member(expr)
        if isinstance(expr, Binary):
            return self.binary(expr)
        if isinstance(expr, Ident):
            return self.ident(expr.name)
        if isinstance(expr, Unary):
            return self.unary(expr)
        if isinstance(expr, Cond):
            return self.expr(expr.then if truthy(self.expr(expr.test)) else expr.other)
        if isinstance(expr, ArrayLit):
            return self.array([self.expr(item) for item in expr.items])
        if isinstance(expr, Call):
            return self.call(expr)
        raise JsEvalError("a function value cannot be used here")

    def array(self, items: list[Any]) -> list[Any]:
        """A new array, if it stands for at most MAX_LIST_LENGTH elements."""
        size = len(items)
        for item in items:
            if isinstance(item, list):
                size += self.elements(item, MAX_LIST_LENGTH - size)
            if size > MAX_LIST_LENGTH:
                raise JsEvalError(
                    f"an array of more than {MAX_LIST_LENGTH:,} elements "
                    "(nested arrays included) exceeds the limit"
                )
        self.sizes[id(items)] = (items, size)
        return items

    def elements(self, value: list[Any], budget: int) -> int:
        """Elements in `value`, nested arrays included; stops counting past `budget`."""
        known = self.sizes.get(id(value))
        if known is not None:
            return known[1]
        count = 0
        stack = [value]
        while stack:
            item = stack.pop()
            count += len(item)
            if count > budget:
                break
            stack.extend(v for v in item if isinstance(v, list))
        return count

    def ident(self, name: str) -> Any:
        if name == "$":
            return self.dollar
        if name in self.locals:
            return self.locals[name]
        if name == "NaN":
            return math.nan
        if name == "Infinity":
            return math.inf
        return UNDEFINED

    def member(self, expr: Member) -> Any:
        obj = self.expr(expr.obj)
        key = self.expr(expr.prop)
        return get_property(obj, key)

    def unary(self, expr: Unary) -> Any:
        value = self.expr(expr.arg)
        if expr.op == "!":
            return not truthy(value)
        if expr.op == "-":
            return _num(-to_number(value))
        if expr.op == "+":
            return to_number(value)
        return _typeof(value)

    def binary(self, expr: Binary) -> Any:
        op = expr.op
        left = self.expr(expr.left)
        if op == "&&":
            return self.expr(expr.right) if truthy(left) else left
        if op == "||":
            return left if truthy(left) else self.expr(expr.right)
        right = self.expr(expr.right)
        if op == "===":
            return strict_equals(left, right)
        if op == "!==":
            return not strict_equals(left, right)
        if op == "==":
            return loose_equals(left, right)
        if op == "!=":
            return not loose_equals(left, right)
        if op in ("<", "<=", ">", ">="):
            return _compare(op, left, right)
        return _arith(op, left, right)

    def call(self, expr: Call) -> Any:
        callee = expr.callee
        if isinstance(callee, Func):
            saved = self.locals
            self.locals = dict(saved)
            try:
                self.block(callee.body)
            except _Returned as returned:
                return returned.value
            finally:
                self.locals = saved
            return UNDEFINED
        args = [self.expr(a) for a in expr.args]
        if isinstance(callee, Ident):
            return _call_global(callee.name, args)
        assert isinstance(callee, Member) and isinstance(callee.prop, Lit)
        name = str(callee.prop.value)
        if isinstance(callee.obj, Ident) and callee.obj.name == "Math":
            return _call_math(name, args)
        return _call_method(self.expr(callee.obj), name, args)


_NO_VALUE: Any = object()


def get_property(obj: Any, key: Any) -> Any:
    if obj is None or obj is UNDEFINED:
        raise JsEvalError(f"Cannot read property '{to_string(key)}' of {to_string(obj)}")
    if isinstance(obj, Mapping):
        return obj.get(key if isinstance(key, str) else to_string(key), UNDEFINED)
    if isinstance(obj, list | str):
        if key == "length":
            return len(obj)
        index = key if _is_number(key) else to_number(key) if isinstance(key, str) else None
        if isinstance(index, int) and 0 <= index < len(obj):
            return obj[index]
        if isinstance(index, float) and index.is_integer() and 0 <= index < len(obj):
            return obj[int(index)]
    return UNDEFINED


def _call_global(name: str, args: list[Any]) -> Any:
    value = args[0] if args else UNDEFINED
    if name == "Number":
        return to_number(value) if args else 0
    if name == "String":
        return to_string(value) if args else ""
    if name == "Boolean":
        return truthy(value)
    if name == "isNaN":
        number = to_number(value)
        return isinstance(number, float) and math.isnan(number)
    text = to_string(value).strip()
    if name == "parseFloat":
        return _parse_prefix(text, integer=False)
    return _parse_prefix(text, integer=True)


def _parse_prefix(text: str, *, integer: bool) -> Any:
    end = 0
    allowed = "0123456789" if integer else "0123456789.eE"
    if text[:1] in "+-":
        end = 1
    while end < len(text) and text[end] in allowed:
        end += 1
    chunk = text[:end]
    while chunk:
        try:
            return _num(int(chunk) if integer else float(chunk))
        except ValueError:
            chunk = chunk[:-1]
    return math.nan


def _call_math(name: str, args: list[Any]) -> Any:
    numbers = [to_number(a) for a in args]
    if name in ("max", "min"):
        if any(isinstance(n, float) and math.isnan(n) for n in numbers):
            return math.nan
        if not numbers:
            return -math.inf if name == "max" else math.inf
        return max(numbers) if name == "max" else min(numbers)
    x = numbers[0] if numbers else math.nan
    if isinstance(x, float) and (math.isnan(x) or math.isinf(x)):
        return x
    if name == "abs":
        return abs(x)
    if name == "ceil":
        return math.ceil(x)
    if name == "floor":
        return math.floor(x)
    if name == "round":
        return math.floor(x + 0.5)
    if name == "trunc":
        return math.trunc(x)
    if name == "sign":
        return (x > 0) - (x < 0)
    if name == "sqrt":
        return _num(math.sqrt(x)) if x >= 0 else math.nan
    y = numbers[1] if len(numbers) > 1 else math.nan
    try:
        return _num(math.pow(float(x), float(y)))
    except (OverflowError, ValueError):
        return math.inf if x > 0 else math.nan


def _call_method(obj: Any, name: str, args: list[Any]) -> Any:
    if obj is None or obj is UNDEFINED:
        raise JsEvalError(f"Cannot call '{name}' of {to_string(obj)}")
    arg = args[0] if args else UNDEFINED
    if name == "toString":
        return to_string(obj)
    if isinstance(obj, str):
        if name == "includes":
            return to_string(arg) in obj
        if name == "indexOf":
            return obj.find(to_string(arg))
        if name == "startsWith":
            return obj.startswith(to_string(arg))
        if name == "endsWith":
            return obj.endswith(to_string(arg))
        if name == "toLowerCase":
            return _checked(obj.lower())  # a few characters grow when case changes
        if name == "toUpperCase":
            return _checked(obj.upper())
        if name == "trim":
            return obj.strip()
    if isinstance(obj, list):
        if name == "includes":
            return any(strict_equals(v, arg) or (v is None and arg is None) for v in obj)
        if name == "indexOf":
            return next((i for i, v in enumerate(obj) if strict_equals(v, arg)), -1)
        if name == "join":
            return _join(obj, "," if arg is UNDEFINED else to_string(arg))
    raise JsEvalError(f"{_typeof(obj)} has no method '{name}'")

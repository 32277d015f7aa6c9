"""List built-ins: membership, aggregation, construction, ordering."""

from __future__ import annotations

import functools
from decimal import Decimal
from typing import Any

from baton.expr.feel.functions.common import NOT_GIVEN, integer, items, list_of
from baton.expr.feel.functions.registry import builtin
from baton.expr.feel.operators import add, compare, equals
from baton.expr.feel.runtime import Run, call_function
from baton.expr.feel.values import NUMBER_CONTEXT, FeelFunction, to_feel

_ctx = NUMBER_CONTEXT


def _new_list(run: Run, values: list[Any]) -> list[Any]:
    run.check_list(len(values))
    return values


def _numbers(args: tuple[Any, ...]) -> list[Decimal] | None:
    values = items(args)
    if values is None or any(type(v) is not Decimal for v in values):
        return None
    return values


@builtin("list contains", "list", "element")
def list_contains(run: Run, lst: Any, element: Any) -> bool | None:
    values = list_of(lst)
    if values is None:
        return None
    run.charge(len(values) // 16)
    return any(equals(v, element) is True for v in values)


@builtin("count", "list")
def count(run: Run, lst: Any) -> Decimal | None:
    values = list_of(lst)
    return None if values is None else Decimal(len(values))


def _extreme(args: tuple[Any, ...], want: int) -> Any:
    values = items(args)
    if not values:
        return None
    best = values[0]
    for value in values[1:]:
        order = compare(value, best)
        if order is None:
            return None
        if order == want:
            best = value
    return best


@builtin("min", "*list")
def min_(run: Run, *args: Any) -> Any:
    return _extreme(args, -1)


@builtin("max", "*list")
def max_(run: Run, *args: Any) -> Any:
    return _extreme(args, 1)


@builtin("sum", "*list")
def sum_(run: Run, *args: Any) -> Any:
    values = items(args)
    if not values:
        return None
    total = values[0]
    for value in values[1:]:
        total = add(run, total, value)
    return total if type(total) is not str else None


@builtin("product", "*list")
def product(run: Run, *args: Any) -> Decimal | None:
    values = _numbers(args)
    if not values:
        return None
    result = values[0]
    for value in values[1:]:
        result = _ctx.multiply(result, value)
    return result


@builtin("mean", "*list")
def mean(run: Run, *args: Any) -> Decimal | None:
    values = _numbers(args)
    if not values:
        return None
    total = functools.reduce(_ctx.add, values, Decimal(0))
    return _ctx.divide(total, Decimal(len(values)))


@builtin("median", "*list")
def median(run: Run, *args: Any) -> Decimal | None:
    values = _numbers(args)
    if not values:
        return None
    ordered = sorted(values)
    middle = len(ordered) // 2
    if len(ordered) % 2:
        return ordered[middle]
    return _ctx.divide(_ctx.add(ordered[middle - 1], ordered[middle]), Decimal(2))


@builtin("stddev", "*list")
def stddev(run: Run, *args: Any) -> Decimal | None:
    values = _numbers(args)
    if not values or len(values) < 2:
        return None
    avg = _ctx.divide(functools.reduce(_ctx.add, values, Decimal(0)), Decimal(len(values)))
    squares = functools.reduce(
        _ctx.add, (_ctx.power(_ctx.subtract(v, avg), 2) for v in values), Decimal(0)
    )
    return _ctx.sqrt(_ctx.divide(squares, Decimal(len(values) - 1)))


@builtin("mode", "*list")
def mode(run: Run, *args: Any) -> list[Any] | None:
    values = _numbers(args)
    if values is None:
        return None
    counts: dict[Decimal, int] = {}
    for value in values:
        counts[value] = counts.get(value, 0) + 1
    if not counts:
        return []
    top = max(counts.values())
    return sorted(v for v, c in counts.items() if c == top)


def _booleans(args: tuple[Any, ...]) -> list[Any] | None:
    values = items(args)
    if values is None:
        return None
    return values


@builtin("all", "*list")
def all_(run: Run, *args: Any) -> bool | None:
    values = _booleans(args)
    if values is None:
        return None
    if any(v is False for v in values):
        return False
    return True if all(v is True for v in values) else None


@builtin("any", "*list")
def any_(run: Run, *args: Any) -> bool | None:
    values = _booleans(args)
    if values is None:
        return None
    if any(v is True for v in values):
        return True
    return False if all(v is False for v in values) else None


@builtin("sublist", "list", "start position", "length?")
def sublist(run: Run, lst: Any, start: Any, length: Any = NOT_GIVEN) -> list[Any] | None:
    values, first = list_of(lst), integer(start)
    if values is None or first is None or first == 0 or -first > len(values):
        return None
    begin = first - 1 if first > 0 else len(values) + first
    if length is NOT_GIVEN:
        return values[begin:]
    size = integer(length)
    if size is None or size < 0:
        return None
    return values[begin : begin + size]


@builtin("append", "list", "*items")
def append(run: Run, lst: Any, *new: Any) -> list[Any] | None:
    values = list_of(lst)
    if values is None:
        return None
    return _new_list(run, values + [to_feel(v) for v in new])


@builtin("concatenate", "*lists")
def concatenate(run: Run, *lists: Any) -> list[Any] | None:
    result: list[Any] = []
    for lst in lists:
        values = list_of(lst)
        if values is None:
            return None
        run.check_list(len(result) + len(values))
        result.extend(values)
    return result


@builtin("insert before", "list", "position", "newItem")
def insert_before(run: Run, lst: Any, position: Any, new_item: Any) -> list[Any] | None:
    values, pos = list_of(lst), integer(position)
    if values is None or pos is None or pos == 0 or abs(pos) > len(values):
        return None
    index = pos - 1 if pos > 0 else len(values) + pos
    return _new_list(run, [*values[:index], to_feel(new_item), *values[index:]])


@builtin("remove", "list", "position")
def remove(run: Run, lst: Any, position: Any) -> list[Any] | None:
    """FEEL `remove(list, position)`: drop the element at a 1-based (or negative) position.

    A position that is not a whole number in range (e.g. a string) gives null, as in Camunda.
    """
    values, pos = list_of(lst), integer(position)
    if values is None or pos is None or pos == 0 or abs(pos) > len(values):
        return None
    index = pos - 1 if pos > 0 else len(values) + pos
    return values[:index] + values[index + 1 :]


@builtin("reverse", "list")
def reverse(run: Run, lst: Any) -> list[Any] | None:
    values = list_of(lst)
    return None if values is None else values[::-1]


@builtin("index of", "list", "match")
def index_of(run: Run, lst: Any, match: Any) -> list[Decimal] | None:
    values = list_of(lst)
    if values is None:
        return None
    run.charge(len(values) // 16)
    return [Decimal(i) for i, v in enumerate(values, 1) if equals(v, match) is True]


def _distinct(values: list[Any]) -> list[Any]:
    result: list[Any] = []
    for value in values:
        if not any(equals(value, seen) is True for seen in result):
            result.append(value)
    return result


def _charge_quadratic(run: Run, size: int) -> None:
    run.charge(size * size // 64)


@builtin("union", "*lists")
def union(run: Run, *lists: Any) -> list[Any] | None:
    combined = concatenate(run, *lists)
    if combined is None:
        return None
    _charge_quadratic(run, len(combined))
    return _distinct(combined)


@builtin("distinct values", "list")
def distinct_values(run: Run, lst: Any) -> list[Any] | None:
    values = list_of(lst)
    if values is None:
        return None
    _charge_quadratic(run, len(values))
    return _distinct(values)


@builtin("duplicate values", "list")
def duplicate_values(run: Run, lst: Any) -> list[Any] | None:
    values = list_of(lst)
    if values is None:
        return None
    _charge_quadratic(run, len(values))
    duplicates = [v for i, v in enumerate(values) if any(equals(v, w) is True for w in values[:i])]
    return _distinct(duplicates)


@builtin("flatten", "list")
def flatten(run: Run, lst: Any) -> list[Any] | None:
    if type(lst) is not list:
        return None
    result: list[Any] = []
    pending: list[Any] = [iter(lst)]
    while pending:
        for value in pending[-1]:
            value = to_feel(value)
            if type(value) is list:
                pending.append(iter(value))
                break
            result.append(value)
            if len(result) % 1024 == 0:
                run.check_list(len(result))
        else:
            pending.pop()
    return _new_list(run, result)


@builtin("sort", "list", "precedes?")
def sort(run: Run, lst: Any, precedes: Any = None) -> list[Any] | None:
    values = list_of(lst)
    if values is None:
        return None
    run.charge(len(values) * max(len(values).bit_length(), 1) // 4)
    if precedes is None:
        return _natural_sort(values)
    if type(precedes) is not FeelFunction:
        return None
    fn: FeelFunction = precedes

    def before(a: Any, b: Any) -> int:
        if a is b:
            return 0
        return -1 if call_function(run, fn, [a, b]) is True else 1

    return sorted(values, key=functools.cmp_to_key(before))


class _Incomparable(Exception):
    pass


def _natural_sort(values: list[Any]) -> list[Any] | None:
    def order(a: Any, b: Any) -> int:
        result = compare(a, b)
        if result is None:
            raise _Incomparable
        return result

    try:
        return sorted(values, key=functools.cmp_to_key(order))
    except _Incomparable:
        return None


@builtin("string join", "list", "delimiter?", "prefix?", "suffix?")
def string_join(
    run: Run, lst: Any, delimiter: Any = "", prefix: Any = "", suffix: Any = ""
) -> str | None:
    values = list_of(lst)
    parts = (delimiter, prefix, suffix)
    if values is None or any(p is not None and type(p) is not str for p in parts):
        return None
    texts = [v for v in values if v is not None]
    if any(type(v) is not str for v in texts):
        return None
    delim, pre, post = (p or "" for p in parts)
    length = sum(len(t) for t in texts) + len(delim) * max(len(texts) - 1, 0)
    run.check_string_length(length + len(pre) + len(post))
    return pre + delim.join(texts) + post


@builtin("is empty", "list")
def is_empty(run: Run, lst: Any) -> bool | None:
    values = list_of(lst)
    return None if values is None else not values


@builtin("partition", "list", "size")
def partition(run: Run, lst: Any, size: Any) -> list[list[Any]] | None:
    values, chunk = list_of(lst), integer(size)
    if values is None or chunk is None or chunk <= 0:
        return None
    return [values[i : i + chunk] for i in range(0, len(values), chunk)]

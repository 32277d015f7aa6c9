"""The public entry points: compile once (cached), evaluate many times."""

from __future__ import annotations

import functools
from collections.abc import Mapping
from datetime import datetime
from typing import Any

from baton.expr.feel.compiler import Compiler
from baton.expr.feel.errors import FeelError
from baton.expr.feel.parser import parse
from baton.expr.feel.runtime import Run, Scope
from baton.expr.feel.syntax import Fn

COMPILE_CACHE_SIZE = 2048


class Expression:
    """A compiled FEEL expression; immutable and safe to share between threads."""

    __slots__ = ("_fn", "text")

    def __init__(self, text: str, fn: Fn) -> None:
        self.text = text
        self._fn = fn

    def __repr__(self) -> str:
        return f"Expression({self.text!r})"

    def evaluate(self, variables: Mapping[str, Any], now: datetime | None = None) -> Any:
        """The value of the expression for `variables` (a missing variable is null).

        `now` is the time `now()` and `today()` see (the injected clock's); without it the real
        UTC time is read. Raises FeelError for an unknown function, a wrong number of
        arguments or a resource limit; FEEL's other failures evaluate to null.
        """
        run = Run(now)
        try:
            return self._fn(Scope(variables, None, run))
        except FeelError as error:
            if error.expression is None:
                raise error.located(self.text) from None
            raise
        except RecursionError:
            raise FeelError("expression recursed too deeply", expression=self.text) from None
        except MemoryError:
            raise FeelError("expression needs too much memory", expression=self.text) from None


@functools.lru_cache(maxsize=COMPILE_CACHE_SIZE)
def compile(text: str) -> Expression:
    """Parse and compile FEEL `text` (without a leading `=`); FeelError if it is invalid."""
    tree = parse(text)
    return Expression(text, Compiler(text).compile(tree))


def _feel_part(attr: str) -> tuple[str, int] | None:
    """The FEEL text of a zeebe attribute value and its column offset, or None if static."""
    stripped = attr.lstrip()
    if not stripped.startswith("="):
        return None
    return stripped[1:], len(attr) - len(stripped) + 1


def compile_value(attr: str) -> Expression | None:
    """Check a zeebe attribute at deploy time: compile it if it is FEEL (`= …`), else None.

    A parse error raises FeelError whose position and text refer to the whole attribute.
    """
    part = _feel_part(attr)
    if part is None:
        return None
    text, offset = part
    try:
        return compile(text)
    except FeelError as error:
        raise error.located(attr, column_offset=offset) from None


def evaluate_value(
    attr: str,
    variables: Mapping[str, Any],
    now: datetime | None = None,
    *,
    as_list: bool = False,
) -> Any:
    """The value of a zeebe attribute: FEEL if it starts with `=`, otherwise a static string.

    With `as_list` (candidate users/groups) a static value is a comma-separated list
    (`"a, b"` → `["a", "b"]`, trimmed, empty items dropped) and a FEEL string result becomes a
    one-item list.
    """
    expression = compile_value(attr)
    if expression is None:
        if as_list:
            return [item.strip() for item in attr.split(",") if item.strip()]
        return attr
    try:
        value = expression.evaluate(variables, now)
    except FeelError as error:
        part = _feel_part(attr)
        offset = part[1] if part else 0
        raise FeelError(
            error.reason,
            expression=attr,
            position=(error.position[0], error.position[1] + offset)
            if error.position and error.position[0] == 1
            else error.position,
        ) from None
    if as_list and isinstance(value, str):
        return [value]
    return value

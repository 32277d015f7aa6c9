"""Evaluation state: the per-call budget (`Run`) and the chain of name bindings (`Scope`)."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import UTC, datetime
from typing import Any

from baton.expr.feel import limits
from baton.expr.feel.errors import FeelError
from baton.expr.feel.values import FeelFunction


class Run:
    """One evaluation: the clock reading it uses and the budget it has spent."""

    __slots__ = ("_now", "call_depth", "steps")

    def __init__(self, now: datetime | None) -> None:
        if now is not None and now.tzinfo is None:
            now = now.replace(tzinfo=UTC)
        self._now = now
        self.steps = 0
        self.call_depth = 0

    def now(self) -> datetime:
        """The injected time, or the real UTC time read once per evaluation."""
        if self._now is None:
            self._now = datetime.now(UTC)
        return self._now

    def charge(self, steps: int) -> None:
        self.steps += steps
        if self.steps > limits.MAX_STEPS:
            raise FeelError(
                f"evaluation exceeded its budget of {limits.MAX_STEPS:,} steps "
                "(a loop or list that is too large?)"
            )

    def check_list(self, length: int) -> None:
        """Charge for and allow a list of `length` elements."""
        if length > limits.MAX_LIST_LENGTH:
            raise FeelError(
                f"a list of {length:,} elements exceeds the limit of {limits.MAX_LIST_LENGTH:,}"
            )
        self.charge(length // 16 + 1)

    def check_string_length(self, length: int) -> None:
        """Charge for and allow a string of `length` characters about to be built."""
        if length > limits.MAX_STRING_LENGTH:
            raise FeelError(
                f"a string of {length:,} characters exceeds the limit of "
                f"{limits.MAX_STRING_LENGTH:,}"
            )
        self.charge(length // limits.STRING_CHARS_PER_STEP + 1)

    def check_string(self, text: str) -> str:
        """Charge for and allow a newly built string; returns it."""
        self.check_string_length(len(text))
        return text


class Scope:
    """Names visible at one point: a mapping of values plus the enclosing scope."""

    __slots__ = ("parent", "run", "values")

    def __init__(self, values: Mapping[str, Any], parent: Scope | None, run: Run) -> None:
        self.values = values
        self.parent = parent
        self.run = run

    def defined(self, name: str) -> bool:
        scope: Scope | None = self
        while scope is not None:
            if name in scope.values:
                return True
            scope = scope.parent
        return False


def call_function(run: Run, function: FeelFunction, args: list[Any]) -> Any:
    """Invoke a user-defined FEEL function with positional arguments."""
    if len(args) > len(function.params):
        raise FeelError(f"function expects {len(function.params)} argument(s) but got {len(args)}")
    if run.call_depth >= limits.MAX_CALL_DEPTH:
        raise FeelError(f"function calls nested deeper than {limits.MAX_CALL_DEPTH}")
    run.charge(1)
    bound = dict(zip(function.params, args, strict=False))
    for missing in function.params[len(args) :]:
        bound[missing] = None
    scope: Scope = function.scope
    run.call_depth += 1
    try:
        return function.body(Scope(bound, scope, run))
    finally:
        run.call_depth -= 1

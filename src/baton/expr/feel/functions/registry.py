"""The table of built-in functions and how call arguments bind to their parameters."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

Impl = Callable[..., Any]
"""A built-in: called as `impl(run, *arguments)` with normalised FEEL values."""


@dataclass(frozen=True)
class Signature:
    """One overload of a built-in function.

    `params` are the FEEL parameter names (used by named arguments), the first `required` of
    them must be given; a `variadic` function takes any number of further positional arguments.
    """

    name: str
    params: tuple[str, ...]
    required: int
    variadic: bool
    impl: Impl

    def accepts_count(self, count: int) -> bool:
        return count >= self.required and (self.variadic or count <= len(self.params))

    def describe(self) -> str:
        shown = [p if i < self.required else f"{p}?" for i, p in enumerate(self.params)]
        if self.variadic:
            shown[-1] = shown[-1].rstrip("?") + "..."
        return f"{self.name}({', '.join(shown)})"


BUILTINS: dict[str, list[Signature]] = {}


def builtin(name: str, *params: str) -> Callable[[Impl], Impl]:
    """Register an implementation of `name`.

    Parameter specs: `"list"` is required, `"length?"` optional, `"*items"` collects the rest.
    Decorating several functions with one name declares overloads, tried in order.
    """
    names = tuple(p.strip("?*") for p in params)
    variadic = bool(params) and params[-1].startswith("*")
    # A variadic parameter needs at least one value, so it counts as required.
    required = sum(1 for p in params if not p.endswith("?"))

    def register(impl: Impl) -> Impl:
        BUILTINS.setdefault(name, []).append(Signature(name, names, required, variadic, impl))
        return impl

    return register


def select_positional(name: str, count: int) -> Signature | str:
    """The overload taking `count` positional arguments, or why there is none."""
    overloads = BUILTINS.get(name)
    if not overloads:
        return f"unknown function '{name}'"
    for signature in overloads:
        if signature.accepts_count(count):
            return signature
    return _mismatch(name, overloads, f"{count} argument(s)")


def select_named(name: str, given: Sequence[str]) -> tuple[Signature, list[int]] | str:
    """The overload whose parameters cover the named arguments, with each one's position."""
    overloads = BUILTINS.get(name)
    if not overloads:
        return f"unknown function '{name}'"
    for signature in overloads:
        if any(arg not in signature.params for arg in given):
            continue
        if any(p not in given for p in signature.params[: signature.required]):
            continue
        return signature, [signature.params.index(arg) for arg in given]
    return _mismatch(name, overloads, "the arguments " + ", ".join(f"'{g}'" for g in given))


def _mismatch(name: str, overloads: list[Signature], what: str) -> str:
    expected = " or ".join(s.describe() for s in overloads)
    return f"function '{name}' cannot be called with {what}; expected {expected}"

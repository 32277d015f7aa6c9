"""Compiling function calls: built-ins bound at compile time, FEEL functions at run time."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from lark import Token, Tree

from baton.expr.feel.errors import FeelError
from baton.expr.feel.functions import BUILTINS, Signature, select_named, select_positional
from baton.expr.feel.functions.regex import PATTERN_ARGUMENTS, compile_pattern
from baton.expr.feel.operators import member
from baton.expr.feel.runtime import Run, Scope, call_function
from baton.expr.feel.syntax import EMPTY, Fn, name_of, position_of
from baton.expr.feel.values import FeelFunction, to_feel

if TYPE_CHECKING:
    from baton.expr.feel.compiler import Compiler

_BUILTIN_ERRORS = (ArithmeticError, ValueError, OverflowError, LookupError)
"""What a built-in may raise for unusable arguments; FEEL makes the call null."""
_IMPURE = frozenset({"now", "today", "uuid", "assert"})
"""Built-ins that must not be folded into constants at compile time."""


def _raiser(error: FeelError) -> Fn:
    def fail(scope: Scope) -> Any:
        raise error

    return fail


def compile_call(c: Compiler, tree: Tree[Token], local: frozenset[str]) -> Fn:
    """`f(a, b)` / `f(x: a)`.

    A built-in name (unless a local name shadows it) is bound to its overload now; calls of
    pure built-ins with constant arguments are folded. Anything else is looked up when the
    call runs and must be a FEEL function; otherwise FeelError "unknown function".
    """
    callee, arguments = tree.children
    assert isinstance(callee, Tree) and isinstance(arguments, Tree)
    named: list[str] = []
    arg_nodes: list[Any] = []
    if arguments.children:
        group = arguments.children[0]
        assert isinstance(group, Tree)
        if group.data == "named":
            for arg in group.children:
                assert isinstance(arg, Tree)
                named.append(name_of(arg.children[0]))
                arg_nodes.append(arg.children[1])
            if len(set(named)) != len(named):
                raise c.error("an argument is named twice", arguments)
        else:
            arg_nodes = list(group.children)
    name: str | None = None
    if callee.data in ("var", "func_name"):
        name = name_of(callee.children[0])
    if name is not None and name not in local:
        if name == "is defined" and len(arg_nodes) == 1 and named in ([], ["value"]):
            return _defined(c, arg_nodes[0], local)
        if name in BUILTINS:
            return _builtin_call(c, name, tree, arg_nodes, named, local)
    args = c.nodes(arg_nodes, local)
    target = c.node(callee, local)
    shown = name or "expression"
    unknown = c.error(f"unknown function '{shown}'", callee)

    def dynamic_call(scope: Scope) -> Any:
        function = target(scope)
        if type(function) is not FeelFunction:
            raise unknown
        values = [arg(scope) for arg in args]
        if named:
            if any(n not in function.params for n in named):
                raise c.error(
                    f"function '{shown}' has no parameter named "
                    + ", ".join(f"'{n}'" for n in named if n not in function.params),
                    callee,
                )
            by_name = dict(zip(named, values, strict=True))
            values = [by_name.get(p) for p in function.params]
        try:
            return call_function(scope.run, function, values)
        except FeelError as error:
            if error.expression is None and error.position is None:
                raise error.located(c.text, position_of(callee)) from None
            raise

    return dynamic_call


def _builtin_call(
    c: Compiler,
    name: str,
    tree: Tree[Token],
    arg_nodes: list[Any],
    named: list[str],
    local: frozenset[str],
) -> Fn:
    args = c.nodes(arg_nodes, local)
    if named:
        chosen = select_named(name, named)
        if isinstance(chosen, str):
            return _raiser(c.error(chosen, tree))
        signature, positions = chosen
        ordered: list[Fn | None] = [None] * (max(positions) + 1)
        for position, arg in zip(positions, args, strict=True):
            ordered[position] = arg
        missing = c.const(None)
        args = [arg if arg is not None else missing for arg in ordered]
    else:
        picked = select_positional(name, len(args))
        if isinstance(picked, str):
            return _raiser(c.error(picked, tree))
        signature = picked
    if name in PATTERN_ARGUMENTS:
        _check_literal_pattern(c, PATTERN_ARGUMENTS[name], args, tree)
    call = _invoke(c, signature, args, tree)
    if name not in _IMPURE and all(arg in c.constants for arg in args):
        # Fold `duration("P2D")` and friends: pure built-ins of constants.
        try:
            value = call(Scope(EMPTY, None, Run(None)))
        except FeelError:
            return call
        if type(value) not in (list, dict):
            return c.const(value)
    return call


def _check_literal_pattern(
    c: Compiler, positions: tuple[int, int | None], args: list[Fn], tree: Tree[Token]
) -> None:
    """A literal pattern the regex engine refuses (backreference, lookaround) fails the compile."""
    pattern_at, flags_at = positions
    pattern = c.constants.get(args[pattern_at]) if pattern_at < len(args) else None
    flags: Any = ""
    if flags_at is not None and flags_at < len(args):
        flags = c.constants.get(args[flags_at])
    if isinstance(pattern, str) and isinstance(flags, str):
        try:
            compile_pattern(pattern, flags)
        except FeelError as error:
            raise c.error(error.reason, tree) from None


def _invoke(c: Compiler, signature: Signature, args: list[Fn], tree: Tree[Token]) -> Fn:
    impl = signature.impl
    text = c.text
    where = position_of(tree)

    def relocate(error: FeelError) -> FeelError:
        if error.expression is None:
            return error.located(text, where)
        return error

    if len(args) == 0:

        def call0(scope: Scope) -> Any:
            try:
                return impl(scope.run)
            except _BUILTIN_ERRORS:
                return None
            except FeelError as error:
                raise relocate(error) from None

        return call0
    if len(args) == 1:
        (a0,) = args

        def call1(scope: Scope) -> Any:
            try:
                return impl(scope.run, a0(scope))
            except _BUILTIN_ERRORS:
                return None
            except FeelError as error:
                raise relocate(error) from None

        return call1
    if len(args) == 2:
        a0, a1 = args

        def call2(scope: Scope) -> Any:
            try:
                return impl(scope.run, a0(scope), a1(scope))
            except _BUILTIN_ERRORS:
                return None
            except FeelError as error:
                raise relocate(error) from None

        return call2

    def call(scope: Scope) -> Any:
        values = [arg(scope) for arg in args]
        try:
            return impl(scope.run, *values)
        except _BUILTIN_ERRORS:
            return None
        except FeelError as error:
            raise relocate(error) from None

    return call


def _defined(c: Compiler, arg: Tree[Token], local: frozenset[str]) -> Fn:
    """`is defined(x)`: whether a variable / context entry exists (even if it is null)."""
    probe = _probe(c, arg, local)

    def is_defined(scope: Scope) -> bool:
        return probe(scope)[0]

    return is_defined


def _probe(
    c: Compiler, tree: Tree[Token] | Token, local: frozenset[str]
) -> Callable[[Scope], tuple[bool, Any]]:
    if isinstance(tree, Token):  # pragma: no cover - every terminal sits in a rule
        raise c.error(f"unexpected token '{tree}'", tree)
    if tree.data == "var":
        name = name_of(tree.children[0])
        value_of = c.node(tree, local)

        def probe_var(scope: Scope) -> tuple[bool, Any]:
            if not scope.defined(name):
                return False, None
            return True, value_of(scope)

        return probe_var
    if tree.data == "path":
        base_node, key_node = tree.children
        base = _probe(c, base_node, local)
        key = name_of(key_node)

        def probe_path(scope: Scope) -> tuple[bool, Any]:
            exists, value = base(scope)
            if not exists:
                return False, None
            if type(value) is dict:
                return (key in value), to_feel(value.get(key))
            found = member(scope.run, value, key)
            return found is not None, found

        return probe_path
    evaluate = c.node(tree, local)

    def probe_value(scope: Scope) -> tuple[bool, Any]:
        return True, evaluate(scope)

    return probe_value

"""Text → syntax tree, with errors a modeller can read and limits on size and nesting."""

from __future__ import annotations

import functools
from importlib import resources

from lark import Lark, Token, Tree
from lark.exceptions import (
    LarkError,
    UnexpectedCharacters,
    UnexpectedEOF,
    UnexpectedInput,
    UnexpectedToken,
)

from baton.expr.feel import limits
from baton.expr.feel.errors import FeelError

_FRIENDLY = {
    "RPAR": "')'",
    "RSQB": "']'",
    "RBRACE": "'}'",
    "COMMA": "','",
    "COLON": "':'",
    "THEN": "'then'",
    "ELSE": "'else'",
    "RETURN": "'return'",
    "SATISFIES": "'satisfies'",
    "IN": "'in'",
    "__ANON_0": "'..'",
}


@functools.cache
def _lark() -> Lark:
    grammar = resources.files("baton.expr.feel").joinpath("grammar.lark").read_text("utf-8")
    return Lark(grammar, parser="lalr", lexer="contextual", maybe_placeholders=False)


def parse(text: str) -> Tree[Token]:
    """The syntax tree of a FEEL expression; FeelError (with position) if it is not valid."""
    if len(text) > limits.MAX_TEXT_LENGTH:
        raise FeelError(
            f"expression is {len(text):,} characters long; the limit is {limits.MAX_TEXT_LENGTH:,}",
            expression=text,
        )
    if not text.strip():
        raise FeelError("empty expression", expression=text)
    try:
        tree = _lark().parse(text)
    except UnexpectedInput as error:
        raise _syntax_error(text, error) from None
    except (LarkError, RecursionError) as error:  # pragma: no cover - defensive
        raise FeelError(f"cannot parse expression ({error})", expression=text) from None
    if isinstance(tree, Token):  # pragma: no cover - the grammar always yields a tree
        raise FeelError("cannot parse expression", expression=text)
    _check_depth(tree, text)
    return tree


def _syntax_error(text: str, error: UnexpectedInput) -> FeelError:
    position = (error.line, error.column) if error.line and error.column else _end_position(text)
    if isinstance(error, UnexpectedCharacters):
        offset = error.pos_in_stream or 0
        char = text[offset] if offset < len(text) else ""
        reason = f"unexpected character '{char}'"
        if char == '"':
            reason = "unterminated string"
    elif isinstance(error, UnexpectedEOF) or (
        isinstance(error, UnexpectedToken) and error.token.type == "$END"
    ):
        reason = "unexpected end of expression"
        position = _end_position(text)
        expected = getattr(error, "expected", None) or getattr(error, "accepts", None)
        reason += _hint(set(expected or ()))
    elif isinstance(error, UnexpectedToken):
        reason = f"unexpected token '{error.token}'" + _hint(set(error.accepts or error.expected))
    else:  # pragma: no cover - lark raises only the kinds above
        reason = "syntax error"
    return FeelError(reason, expression=text, position=position)


def _hint(expected: set[str]) -> str:
    named = sorted({_FRIENDLY[t] for t in expected if t in _FRIENDLY})
    if named and len(named) <= 3:
        return ", expected " + " or ".join(named)
    return ""


def _end_position(text: str) -> tuple[int, int]:
    lines = text.split("\n")
    return len(lines), len(lines[-1]) + 1


def _check_depth(tree: Tree[Token], text: str) -> None:
    """Refuse trees nested deeper than MAX_NESTING (checked without recursion)."""
    stack: list[tuple[Tree[Token], int]] = [(tree, 1)]
    while stack:
        node, depth = stack.pop()
        if depth > limits.MAX_NESTING:
            raise FeelError(
                f"expression is nested more than {limits.MAX_NESTING} levels deep",
                expression=text,
            )
        for child in node.children:
            if isinstance(child, Tree):
                stack.append((child, depth + 1))

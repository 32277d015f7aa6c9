"""Reading the lark syntax tree: names, source positions, string literals; the closure type."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from lark import Token, Tree

from baton.expr.feel.runtime import Scope

Fn = Callable[[Scope], Any]
"""A compiled expression node: the value of the node in a scope."""

EMPTY: dict[str, Any] = {}
"""A scope frame binding nothing (never mutated)."""

_ESCAPE = re.compile(r"\\(u[0-9a-fA-F]{4}|U[0-9a-fA-F]{6}|.)", re.DOTALL)
_SIMPLE_ESCAPES = {"n": "\n", "r": "\r", "t": "\t", '"': '"', "'": "'", "\\": "\\", "/": "/"}
_SPACES = re.compile(r"\s+")


def unescape(literal: str) -> str:
    """The value of a string literal token (with its quotes): `\\n`, `\\"`, `\\u00e9`, …"""

    def replace(match: re.Match[str]) -> str:
        code = match.group(1)
        if code[0] in "uU" and len(code) > 1:
            return chr(int(code[1:], 16))
        return _SIMPLE_ESCAPES.get(code, "\\" + code)

    text = _ESCAPE.sub(replace, literal[1:-1])
    if any("\ud800" <= ch <= "\udfff" for ch in text):  # `\ud83d\ude00`: a surrogate pair
        text = text.encode("utf-16", "surrogatepass").decode("utf-16", "replace")
    return text


def name_of(node: Tree[Token] | Token) -> str:
    """A name as written: backticks removed, runs of whitespace (in `date  and time`) one space."""
    token = node.children[0] if isinstance(node, Tree) else node
    text = str(token)
    if text.startswith("`"):
        return text[1:-1]
    return _SPACES.sub(" ", text)


def position_of(node: Tree[Token] | Token) -> tuple[int, int] | None:
    """The 1-based (line, column) of the first token of a node."""
    if isinstance(node, Token):
        if node.line is None or node.column is None:
            return None
        return (node.line, node.column)
    for child in node.children:
        found = position_of(child)
        if found is not None:
            return found
    return None

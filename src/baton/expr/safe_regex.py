"""Every user-supplied regular expression runs here, on RE2: time linear in the text.

Python's `re` backtracks, so a pattern such as `^(\\w+\\s?)*$` or `[a-z]*[a-z]*@x$` can take
exponential or high-polynomial time on a few dozen characters. RE2 never backtracks; the price
is that it cannot run backreferences (`\\1`, `\\k<name>`) or lookaround (`(?=`, `(?<!`), which
are refused here with a `RegexError` naming the pattern, and that `\\d`, `\\w`, `\\b` are ASCII
(as in Java, whose regex Camunda's FEEL uses, and in JavaScript, which form-js and JSON
Schema's ECMA-262 patterns use).

Two flavours of source syntax are read:
- "xpath": FEEL's `matches`/`replace`/`split` (XML Schema / XPath regex) with its flags
  `i` (ignore case), `s` (dot matches newline), `m` (multi-line), `x` (whitespace in the
  pattern is ignored), `q` (the pattern is a literal string).
- "ecma": JSON Schema `pattern`/`patternProperties` and Camunda form `validate.pattern`
  (JavaScript `RegExp`): `\\uXXXX`, `\\u{X}`, `\\cX` and `\\0` are translated.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from functools import lru_cache
from typing import Any, Literal, Protocol, cast

import re2

Flavour = Literal["xpath", "ecma"]

MAX_PATTERN_LENGTH = 1_000
"""Characters in one pattern; RE2's own memory cap (8 MiB per pattern) bounds the rest."""

_FLAG_PREFIX = {"i": "(?i)", "s": "(?s)", "m": "(?m)"}
_XPATH_FLAGS = frozenset("ismxq")
_LOOKAROUND = ("(?=", "(?!", "(?<=", "(?<!")
_HEX = frozenset("0123456789abcdefABCDEF")


class RegexError(ValueError):
    """A pattern that cannot be used.

    `unsupported` is true when the pattern may be valid in its flavour but is refused here (too
    long, or a backreference or lookaround, which RE2 cannot run); false when it is malformed.
    """

    def __init__(self, pattern: str, reason: str, *, unsupported: bool = False) -> None:
        self.pattern = pattern
        self.reason = reason
        self.unsupported = unsupported
        said = reason if unsupported else f"is not valid: {reason}"
        super().__init__(f"regular expression `{_shown(pattern)}` {said}")

    def field_message(self) -> str:
        """The problem said of the field that holds the pattern ("is not a valid ...")."""
        if self.unsupported:
            return f"cannot be used: `{_shown(self.pattern)}` {self.reason}"
        return f"is not a valid regular expression: `{_shown(self.pattern)}`: {self.reason}"


class Match(Protocol):
    def group(self, index: int = 0, /) -> str | None: ...
    def start(self, index: int = 0, /) -> int: ...
    def end(self, index: int = 0, /) -> int: ...


class Regex:
    """A compiled pattern; searching it costs time linear in the text."""

    __slots__ = ("_compiled", "source")

    def __init__(self, source: str, compiled: Any) -> None:
        self.source = source
        self._compiled = compiled

    def search(self, text: str) -> Match | None:
        return cast("Match | None", self._compiled.search(text))

    def fullmatch(self, text: str) -> Match | None:
        return cast("Match | None", self._compiled.fullmatch(text))

    def finditer(self, text: str) -> Iterator[Match]:
        return cast("Iterator[Match]", self._compiled.finditer(text))

    def sub(self, replacement: Callable[[Match], str], text: str) -> str:
        return cast(str, self._compiled.sub(replacement, text))


@lru_cache(maxsize=512)
def compile(pattern: str, flavour: Flavour, flags: str = "") -> Regex:
    """`pattern` compiled for RE2 after translating its flavour; RegexError if it cannot run."""
    if len(pattern) > MAX_PATTERN_LENGTH:
        raise RegexError(
            pattern, f"is longer than {MAX_PATTERN_LENGTH} characters", unsupported=True
        )
    prefix = ""
    for flag in dict.fromkeys(flags):
        if flavour != "xpath" or flag not in _XPATH_FLAGS:
            raise RegexError(pattern, f"unknown flag `{flag}`")
        prefix += _FLAG_PREFIX.get(flag, "")
    if "q" in flags:
        body = re2.escape(pattern)
    else:
        source = _strip_whitespace(pattern) if "x" in flags else pattern
        body = _translate(source, pattern, flavour)
    options = re2.Options()
    options.log_errors = False
    try:
        compiled = re2.compile(prefix + body, options)
    except re2.error as error:
        raise RegexError(pattern, _reason(error)) from None
    return Regex(pattern, compiled)


def check(pattern: str, flavour: Flavour) -> str | None:
    """Why `pattern` cannot be used, said of the field holding it; None when it can."""
    try:
        compile(pattern, flavour)
    except RegexError as error:
        return error.field_message()
    return None


def _translate(pattern: str, original: str, flavour: Flavour) -> str:
    """The pattern in RE2 syntax; RegexError for backreferences and lookaround."""
    out: list[str] = []
    index = 0
    in_class = False
    while index < len(pattern):
        char = pattern[index]
        if char == "\\":
            text, index = _escape(pattern, index, original, flavour)
            out.append(text)
            continue
        if in_class:
            if char == "]":
                in_class = False
        elif char == "[":
            in_class = True
            out.append(char)
            index += 1
            # A `]` right after `[` or `[^` is a member, not the end of the class.
            for opening in ("^", "]"):
                if pattern.startswith(opening, index):
                    out.append(opening)
                    index += 1
            continue
        elif char == "(" and pattern.startswith(_LOOKAROUND, index):
            raise RegexError(
                original,
                "uses lookaround, which the linear-time regex engine cannot run",
                unsupported=True,
            )
        out.append(char)
        index += 1
    return "".join(out)


def _escape(pattern: str, index: int, original: str, flavour: Flavour) -> tuple[str, int]:
    """One `\\x` escape at `index` in RE2 syntax, and the index after it."""
    if index + 1 >= len(pattern):
        raise RegexError(original, "it ends with a lone backslash")
    char = pattern[index + 1]
    after = index + 2
    if char in "123456789" or (char == "k" and pattern.startswith("<", after)):
        raise RegexError(
            original,
            "uses a backreference, which the linear-time regex engine cannot run",
            unsupported=True,
        )
    if char == "u" and pattern.startswith("{", after) and flavour == "ecma":
        close = pattern.find("}", after)
        digits = pattern[after + 1 : close] if close > 0 else ""
        if digits and set(digits) <= _HEX:
            return f"\\x{{{digits}}}", close + 1
    if char == "u":
        digits = pattern[after : after + 4]
        if len(digits) == 4 and set(digits) <= _HEX:
            return f"\\x{{{digits}}}", after + 4
    if flavour == "ecma":
        if char == "c" and after < len(pattern) and pattern[after].isascii():
            letter = pattern[after]
            if letter.isalpha():
                return f"\\x{{{ord(letter) % 32:02x}}}", after + 1
        if char == "0" and not pattern[after : after + 1].isdigit():
            return "\\x{00}", after
        if char == "/":
            return "/", after
    return pattern[index:after], after


def _strip_whitespace(pattern: str) -> str:
    """XPath flag `x`: whitespace outside character classes is not part of the pattern."""
    out: list[str] = []
    in_class = False
    index = 0
    while index < len(pattern):
        char = pattern[index]
        if char == "\\":
            out.append(pattern[index : index + 2])
            index += 2
            continue
        if char == "[":
            in_class = True
        elif char == "]":
            in_class = False
        elif char in " \t\n\r" and not in_class:
            index += 1
            continue
        out.append(char)
        index += 1
    return "".join(out)


def _reason(error: re2.error) -> str:
    detail = error.args[0] if error.args else ""
    if isinstance(detail, bytes):
        detail = detail.decode("utf-8", "replace")
    return str(detail)


def _shown(pattern: str) -> str:
    return pattern if len(pattern) <= 80 else pattern[:77] + "..."

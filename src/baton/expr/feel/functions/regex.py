"""XPath-style regular expressions for matches/replace/split/extract, guarded against ReDoS.

Python's `re` backtracks, so a pattern like `(a+)+$` can take exponential time. Patterns are
therefore limited in length and refused when a repeated group itself contains a repetition or
an alternation (`(a+)+`, `(a|ab)*`); write `[ab]+` instead of `(a|b)+`.
"""

from __future__ import annotations

import functools
import re

from baton.expr.feel import limits
from baton.expr.feel.errors import FeelError

_FLAGS = {"i": re.IGNORECASE, "s": re.DOTALL, "m": re.MULTILINE, "x": re.VERBOSE}


def _quantifier_at(pattern: str, index: int) -> tuple[bool, int]:
    """Whether a repetition operator starts at `index` (and whether it is unbounded), length."""
    if index >= len(pattern):
        return False, 0
    char = pattern[index]
    if char in "*+":
        return True, 1
    if char == "{":
        match = re.match(r"\{(\d+)(,(\d*))?\}", pattern[index:])
        if match:
            upper = match.group(3)
            unbounded = match.group(2) is not None and (upper == "" or int(upper) > 1)
            return unbounded, len(match.group(0))
    return False, 0


def check_pattern(pattern: str) -> None:
    """Raise FeelError for a pattern that is too long or may backtrack catastrophically."""
    if len(pattern) > limits.MAX_REGEX_LENGTH:
        raise FeelError(f"regular expression longer than {limits.MAX_REGEX_LENGTH} characters")
    # Each open group records whether its body repeats or alternates.
    stack: list[bool] = [False]
    index = 0
    while index < len(pattern):
        char = pattern[index]
        if char == "\\":
            index += 2
            continue
        if char == "[":
            index = _skip_class(pattern, index)
            continue
        if char == "(":
            stack.append(False)
        elif char == ")" and len(stack) > 1:
            risky = stack.pop()
            unbounded, _ = _quantifier_at(pattern, index + 1)
            if unbounded and risky:
                raise FeelError(
                    "regular expression repeats a group that itself repeats or alternates "
                    f"(`{pattern}`); this can take exponential time"
                )
            stack[-1] = stack[-1] or risky or unbounded
        elif char == "|":
            stack[-1] = True
        else:
            unbounded, _ = _quantifier_at(pattern, index)
            if unbounded:
                stack[-1] = True
        index += 1


def _skip_class(pattern: str, index: int) -> int:
    index += 1
    if index < len(pattern) and pattern[index] == "^":
        index += 1
    if index < len(pattern) and pattern[index] == "]":
        index += 1
    while index < len(pattern) and pattern[index] != "]":
        index += 2 if pattern[index] == "\\" else 1
    return index + 1


@functools.lru_cache(maxsize=256)
def compile_pattern(pattern: str, flags: str = "") -> re.Pattern[str] | None:
    """The compiled pattern, None for an invalid one; FeelError for a dangerous one."""
    options = 0
    for flag in flags:
        if flag == "q":
            pattern = re.escape(pattern)
        elif flag in _FLAGS:
            options |= _FLAGS[flag]
        else:
            return None
    check_pattern(pattern)
    try:
        return re.compile(pattern, options)
    except (re.error, RecursionError, OverflowError):
        return None


def expand_replacement(template: str) -> list[str | int]:
    """An XPath replacement (`$1` group references, `\\$` and `\\\\` escapes) as parts."""
    parts: list[str | int] = []
    literal = ""
    index = 0
    while index < len(template):
        char = template[index]
        if char == "\\" and index + 1 < len(template) and template[index + 1] in "\\$":
            literal += template[index + 1]
            index += 2
            continue
        if char == "$":
            match = re.match(r"\d+", template[index + 1 :])
            if match is None:
                raise ValueError("`$` in a replacement must be followed by a group number")
            if literal:
                parts.append(literal)
                literal = ""
            parts.append(int(match.group(0)))
            index += 1 + len(match.group(0))
            continue
        literal += char
        index += 1
    if literal:
        parts.append(literal)
    return parts

"""XPath-style regular expressions for matches/replace/split/extract, on the RE2 engine.

`baton.expr.safe_regex` runs them in time linear in the text, so no pattern can hang an
evaluation. A malformed pattern makes the call null (as an invalid argument does); one that is
refused there (backreference, lookaround, too long) is a FeelError naming it, raised when the
expression is compiled if the pattern is a literal.
"""

from __future__ import annotations

import re

from baton.expr import safe_regex
from baton.expr.feel.errors import FeelError

PATTERN_ARGUMENTS = {"matches": (1, 2), "replace": (1, 3), "split": (1, None), "extract": (1, None)}
"""Built-in name → positions of its pattern and flags parameters (None: it has no flags)."""


def compile_pattern(pattern: str, flags: str = "") -> safe_regex.Regex | None:
    """The compiled pattern, None for a malformed one; FeelError for one that is refused."""
    try:
        return safe_regex.compile(pattern, "xpath", flags)
    except safe_regex.RegexError as error:
        if error.unsupported:
            raise FeelError(str(error)) from None
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

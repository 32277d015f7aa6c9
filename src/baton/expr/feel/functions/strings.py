"""String built-ins."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from baton.expr.feel.functions.common import NOT_GIVEN, integer, string
from baton.expr.feel.functions.regex import compile_pattern, expand_replacement
from baton.expr.feel.functions.registry import builtin
from baton.expr.feel.runtime import Run
from baton.expr.safe_regex import Match, Regex


@builtin("substring", "string", "start position", "length?")
def substring(run: Run, text: Any, start: Any, length: Any = NOT_GIVEN) -> str | None:
    value, first = string(text), integer(start)
    if value is None or first is None:
        return None
    begin = first - 1 if first > 0 else max(len(value) + first, 0)
    if length is NOT_GIVEN:
        return value[begin:]
    size = integer(length)
    if size is None or size < 0:
        return None
    return value[begin : begin + size]


@builtin("string length", "string")
def string_length(run: Run, text: Any) -> Decimal | None:
    value = string(text)
    return None if value is None else Decimal(len(value))


@builtin("upper case", "string")
def upper_case(run: Run, text: Any) -> str | None:
    value = string(text)
    return None if value is None else run.check_string(value.upper())


@builtin("lower case", "string")
def lower_case(run: Run, text: Any) -> str | None:
    value = string(text)
    return None if value is None else run.check_string(value.lower())


@builtin("substring before", "string", "match")
def substring_before(run: Run, text: Any, match: Any) -> str | None:
    value, part = string(text), string(match)
    if value is None or part is None:
        return None
    index = value.find(part)
    return "" if index < 0 else value[:index]


@builtin("substring after", "string", "match")
def substring_after(run: Run, text: Any, match: Any) -> str | None:
    value, part = string(text), string(match)
    if value is None or part is None:
        return None
    index = value.find(part)
    return "" if index < 0 else value[index + len(part) :]


@builtin("contains", "string", "match")
def contains(run: Run, text: Any, match: Any) -> bool | None:
    value, part = string(text), string(match)
    return None if value is None or part is None else part in value


@builtin("starts with", "string", "match")
def starts_with(run: Run, text: Any, match: Any) -> bool | None:
    value, part = string(text), string(match)
    return None if value is None or part is None else value.startswith(part)


@builtin("ends with", "string", "match")
def ends_with(run: Run, text: Any, match: Any) -> bool | None:
    value, part = string(text), string(match)
    return None if value is None or part is None else value.endswith(part)


@builtin("trim", "string")
def trim(run: Run, text: Any) -> str | None:
    value = string(text)
    return None if value is None else value.strip()


@builtin("is blank", "string")
def is_blank(run: Run, text: Any) -> bool | None:
    value = string(text)
    return None if value is None else not value.strip()


def _pattern(run: Run, text: Any, pattern: Any, flags: Any) -> tuple[str, Regex] | None:
    value, regex, options = string(text), string(pattern), string(flags)
    if value is None or regex is None or options is None:
        return None
    compiled = compile_pattern(regex, options)
    if compiled is None:
        return None
    run.charge(len(value) // 64 + 1)
    return value, compiled


@builtin("matches", "input", "pattern", "flags?")
def matches(run: Run, text: Any, pattern: Any, flags: Any = "") -> bool | None:
    found = _pattern(run, text, pattern, flags)
    return None if found is None else found[1].search(found[0]) is not None


@builtin("replace", "input", "pattern", "replacement", "flags?")
def replace(run: Run, text: Any, pattern: Any, replacement: Any, flags: Any = "") -> str | None:
    found, template = _pattern(run, text, pattern, flags), string(replacement)
    if found is None or template is None:
        return None
    value, compiled = found
    parts = expand_replacement(template)

    def substitute(match: Match) -> str:
        return "".join(p if isinstance(p, str) else (match.group(p) or "") for p in parts)

    return run.check_string(compiled.sub(substitute, value))


@builtin("split", "string", "delimiter")
def split(run: Run, text: Any, delimiter: Any) -> list[str] | None:
    found = _pattern(run, text, delimiter, "")
    if found is None:
        return None
    value, compiled = found
    pieces: list[str] = []
    last = 0
    for match in compiled.finditer(value):
        if match.end() == match.start():
            continue
        pieces.append(value[last : match.start()])
        last = match.end()
        if len(pieces) % 1024 == 0:
            run.check_list(len(pieces))
    pieces.append(value[last:])
    run.check_list(len(pieces))
    return pieces


@builtin("extract", "string", "pattern")
def extract(run: Run, text: Any, pattern: Any) -> list[str] | None:
    found = _pattern(run, text, pattern, "")
    if found is None:
        return None
    value, compiled = found
    result = [m.group(0) or "" for m in compiled.finditer(value)]
    run.check_list(len(result))
    return result

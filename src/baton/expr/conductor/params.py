"""Conductor's `${...}` input-parameter language: parse once, resolve many times.

A template is any JSON value; its strings may hold expressions:

- `"${workflow.input.x}"` (the whole string) resolves to the value, keeping its type;
- `"Hello ${workflow.input.name}!"` interpolates text (a missing value prints as `null`, as in
  Conductor; objects and lists print as compact JSON, where Conductor prints Java's toString);
- `"$${x}"` is the literal text `${x}`.

A path starts at `workflow` (fields `input`, `output`, `variables`, `workflowId`, `status`, ...)
or at a task reference name (fields `input`, `output`, `status`, `taskId`, ...), then follows
`.name`, `['name']`, `[0]`, `[-1]`, `[*]` and a final `.length()`. Anything missing resolves to
None. Deep scans (`..`), filters (`[?(...)]`) and nested `${}` are refused when parsing.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from functools import lru_cache
from typing import Any, Protocol

from baton.expr.limits import MAX_STRING_LENGTH

LANGUAGE = "conductor"
WORKFLOW = "workflow"
TASK_ID_PARAM = "CPEWF_TASK_ID"

# What `${workflow.<field>}` and `${<ref>.<field>}` may name (anything else is refused when a
# definition is compiled). `secrets` and `env` are accepted but resolve to None in Baton.
WORKFLOW_FIELDS = frozenset(
    {
        "input",
        "output",
        "status",
        "workflowId",
        "correlationId",
        "variables",
        "workflowType",
        "version",
        "reasonForIncompletion",
        "schemaVersion",
        "createTime",
        "priority",
        "createdBy",
        "parentWorkflowId",
        "parentWorkflowTaskId",
        "taskToDomain",
        "secrets",
        "env",
    }
)
TASK_FIELDS = frozenset(
    {
        "input",
        "output",
        "status",
        "taskId",
        "referenceTaskName",
        "taskType",
        "taskDefName",
        "retryCount",
        "iteration",
        "seq",
        "scheduledTime",
        "startTime",
        "endTime",
        "reasonForIncompletion",
        "workerId",
        "callbackAfterSeconds",
        "pollCount",
        "workflowInstanceId",
        "correlationId",
    }
)


class ParamSyntaxError(ValueError):
    """A malformed `${...}` expression; `position` is the offset in the text."""

    def __init__(self, message: str, text: str, position: int) -> None:
        super().__init__(f"{message} at position {position} in {text!r}")
        self.reason = message
        self.text = text
        self.position = position


class ParamValueError(ValueError):
    """A template resolved to a value past the expression size limits."""


class ParamScope(Protocol):
    """What a template can read; the engine implements it over an instance's state."""

    def workflow_field(self, name: str) -> Any: ...

    def workflow_all(self) -> dict[str, Any]: ...

    def task_field(self, ref: str, name: str) -> Any: ...

    def task_all(self, ref: str) -> dict[str, Any] | None: ...

    def current_task_id(self) -> str | None: ...


# A step is ("key", name) | ("index", int) | ("all", None) | ("length", None).
Step = tuple[str, Any]


@dataclass(frozen=True, slots=True)
class Path:
    root: str
    steps: tuple[Step, ...]


@dataclass(frozen=True, slots=True)
class Interpolation:
    parts: tuple[str | Path, ...]


Parsed = str | Path | Interpolation
Resolver = Callable[[ParamScope], Any]


@lru_cache(maxsize=4096)
def parse_string(text: str) -> Parsed:
    """Parse one template string: plain text (returned unescaped), one path, or interpolation."""
    if "${" not in text:
        return text
    parts: list[str | Path] = []
    literal: list[str] = []
    i = 0
    n = len(text)
    while i < n:
        if text.startswith("$${", i):
            literal.append("${")
            i += 3
            continue
        if text.startswith("${", i):
            close = text.find("}", i + 2)
            if close < 0:
                raise ParamSyntaxError("unclosed '${'", text, i)
            inner = text[i + 2 : close]
            if "${" in inner:
                raise ParamSyntaxError("nested '${' is not supported", text, i)
            if literal:
                parts.append("".join(literal))
                literal = []
            stripped = inner.strip()
            parts.append(parse_path(stripped, text, i + 2) if stripped else "")
            i = close + 1
            continue
        literal.append(text[i])
        i += 1
    if literal:
        parts.append("".join(literal))
    if len(parts) == 1:
        return parts[0]
    return Interpolation(tuple(parts))


def parse_path(source: str, text: str | None = None, offset: int = 0) -> Path:
    """Parse `root(.name | [index] | ['key'] | [*])*` with an optional trailing `.length()`."""
    full = text if text is not None else source
    i = 0
    n = len(source)
    while i < n and source[i] not in ".[":
        i += 1
    root = source[:i].strip()
    if not root:
        raise ParamSyntaxError("expected a name", full, offset)
    steps: list[Step] = []
    while i < n:
        ch = source[i]
        if ch == ".":
            j = i + 1
            if j < n and source[j] == ".":
                raise ParamSyntaxError("deep scan '..' is not supported", full, offset + i)
            while j < n and source[j] not in ".[":
                j += 1
            name = source[i + 1 : j].strip()
            if not name:
                raise ParamSyntaxError("expected a name after '.'", full, offset + i)
            if name == "length()":
                if j != n:
                    raise ParamSyntaxError("length() must come last", full, offset + i)
                steps.append(("length", None))
            else:
                steps.append(("key", name))
            i = j
        elif ch == "[":
            close = _find_bracket_end(source, i, full, offset)
            steps.append(_bracket_step(source[i + 1 : close].strip(), full, offset + i))
            i = close + 1
        else:  # pragma: no cover - the loops above only stop on '.' or '['
            raise ParamSyntaxError("unexpected character", full, offset + i)
    return Path(root, tuple(steps))


def _find_bracket_end(source: str, start: int, full: str, offset: int) -> int:
    quote: str | None = None
    for j in range(start + 1, len(source)):
        ch = source[j]
        if quote:
            if ch == quote:
                quote = None
        elif ch in "'\"":
            quote = ch
        elif ch == "]":
            return j
    raise ParamSyntaxError("unclosed '['", full, offset + start)


def _bracket_step(inner: str, full: str, position: int) -> Step:
    if inner == "*":
        return ("all", None)
    if len(inner) >= 2 and inner[0] == inner[-1] and inner[0] in "'\"":
        return ("key", inner[1:-1])
    if inner.startswith("?"):
        raise ParamSyntaxError("filter expressions are not supported", full, position)
    try:
        return ("index", int(inner))
    except ValueError:
        raise ParamSyntaxError(f"unsupported index [{inner}]", full, position) from None


def iter_paths(value: Any) -> Iterator[Path]:
    """Every path in a template (raises ParamSyntaxError on the first malformed string)."""
    if isinstance(value, str):
        parsed = parse_string(value)
        if isinstance(parsed, Path):
            yield parsed
        elif isinstance(parsed, Interpolation):
            yield from (p for p in parsed.parts if isinstance(p, Path))
    elif isinstance(value, Mapping):
        for item in value.values():
            yield from iter_paths(item)
    elif isinstance(value, list | tuple):
        for item in value:
            yield from iter_paths(item)


def compile_template(value: Any) -> Resolver:
    """A function resolving `value` against a scope; constant parts are shared, not copied."""
    constant, resolver = _compile(value)
    if constant:
        return lambda _scope: value
    return resolver


def _compile(value: Any) -> tuple[bool, Resolver]:
    if isinstance(value, str):
        parsed = parse_string(value)
        if isinstance(parsed, str):
            return (parsed == value), (lambda _scope: parsed)
        if isinstance(parsed, Path):
            path = parsed
            return False, (lambda scope: evaluate_path(path, scope))
        parts = parsed.parts
        return False, (lambda scope: _join_text(parts, scope))
    if isinstance(value, Mapping):
        compiled = [(k, _compile(v)) for k, v in value.items()]
        if all(c for _, (c, _r) in compiled):
            return True, (lambda _scope: value)
        items = [(k, (lambda _s, _v=value[k]: _v) if c else r) for k, (c, r) in compiled]
        return False, (lambda scope: {k: r(scope) for k, r in items})
    if isinstance(value, list | tuple):
        compiled_list = [_compile(v) for v in value]
        if all(c for c, _r in compiled_list):
            return True, (lambda _scope: value)
        resolvers = [
            (lambda _s, _v=v: _v) if c else r
            for v, (c, r) in zip(value, compiled_list, strict=True)
        ]
        return False, (lambda scope: [r(scope) for r in resolvers])
    return True, (lambda _scope: value)


def resolve(value: Any, scope: ParamScope) -> Any:
    """Resolve a template without keeping the compiled form (tests, one-offs)."""
    return compile_template(value)(scope)


def _join_text(parts: tuple[str | Path, ...] | list[str | Path], scope: ParamScope) -> str:
    """`a ${x} b ${y}` as text, refused past the string limit every expression shares (a
    loop that doubles a variable this way stops here, not at the memory's end)."""
    pieces = []
    length = 0
    for part in parts:
        piece = _text_part(part, scope)
        length += len(piece)
        if length > MAX_STRING_LENGTH:
            raise ParamValueError(f"text longer than {MAX_STRING_LENGTH} characters")
        pieces.append(piece)
    return "".join(pieces)


def _text_part(part: str | Path, scope: ParamScope) -> str:
    if isinstance(part, str):
        return part
    return to_text(evaluate_path(part, scope))


def to_text(value: Any) -> str:
    if value is None:
        return "null"
    if value is True:
        return "true"
    if value is False:
        return "false"
    if isinstance(value, str):
        return value
    if isinstance(value, dict | list):
        return json.dumps(value, separators=(",", ":"), default=str)
    return str(value)


def evaluate_path(path: Path, scope: ParamScope) -> Any:
    steps = path.steps
    root = path.root
    if root == WORKFLOW:
        if not steps:
            return scope.workflow_all()
        kind, name = steps[0]
        if kind != "key":
            return None
        value = scope.workflow_field(name)
    elif root == TASK_ID_PARAM:
        return scope.current_task_id() if not steps else None
    else:
        if not steps:
            return scope.task_all(root)
        kind, name = steps[0]
        if kind != "key":
            return None
        value = scope.task_field(root, name)
    return navigate(value, steps, 1)


def navigate(value: Any, steps: tuple[Step, ...], start: int = 0) -> Any:
    for i in range(start, len(steps)):
        if value is None:
            return None
        kind, arg = steps[i]
        if kind == "key":
            value = value.get(arg) if isinstance(value, dict) else None
        elif kind == "index":
            if not isinstance(value, list) or not -len(value) <= arg < len(value):
                return None
            value = value[arg]
        elif kind == "all":
            if not isinstance(value, list):
                return None
            projected = [navigate(item, steps, i + 1) for item in value]
            return [item for item in projected if item is not None]
        else:  # length
            return len(value) if isinstance(value, list | dict | str) else None
    return value

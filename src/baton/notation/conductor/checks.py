"""Collects definition errors with the path of the offending field (`tasks[2].name`)."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from typing import Any

from baton.expr.conductor import (
    TASK_FIELDS,
    WORKFLOW_FIELDS,
    JsSyntaxError,
    ParamSyntaxError,
    Path,
    Program,
    compile_program,
    parse_string,
)
from baton.expr.conductor.params import TASK_ID_PARAM, WORKFLOW
from baton.model.errors import FieldError


class Checker:
    """`refs_in(tasks)` gives the reference names inside a task list, at any depth."""

    def __init__(self, refs_in: Callable[[Any], set[str]]) -> None:
        self.errors: list[FieldError] = []
        self.refs: dict[str, str] = {}  # task reference name -> path of its task
        self.refs_in = refs_in

    def error(self, path: str, message: str) -> None:
        self.errors.append(FieldError(path, message))

    def text(self, step: Mapping[str, Any], key: str, path: str) -> str | None:
        """A required non-empty string field."""
        value = step.get(key)
        if not isinstance(value, str) or not value.strip():
            self.error(f"{path}.{key}", f"{key} is required")
            return None
        return value

    def task_list(self, value: Any, path: str, *, required: bool = True) -> list[Any]:
        if value is None and not required:
            return []
        if not isinstance(value, list) or (required and not value):
            self.error(path, "must be a non-empty list of tasks" if required else "must be a list")
            return []
        return value

    def template(self, value: Any, path: str) -> None:
        """Check the `${...}` expressions in a JSON value and the names they use."""
        if isinstance(value, str):
            try:
                parsed = parse_string(value)
            except ParamSyntaxError as exc:
                self.error(path, f"malformed expression: {exc}")
                return
            if isinstance(parsed, Path):
                self._path(parsed, path)
            elif not isinstance(parsed, str):
                for part in parsed.parts:
                    if isinstance(part, Path):
                        self._path(part, path)
        elif isinstance(value, Mapping):
            for key, item in value.items():
                self.template(item, f"{path}.{key}")
        elif isinstance(value, list):
            for i, item in enumerate(value):
                self.template(item, f"{path}[{i}]")

    def _path(self, expression: Path, path: str) -> None:
        root = expression.root
        first = expression.steps[0] if expression.steps else None
        field = first[1] if first is not None and first[0] == "key" else None
        if root == WORKFLOW:
            if field is not None and field not in WORKFLOW_FIELDS:
                self.error(path, f"'${{workflow.{field}}}': unknown workflow field '{field}'")
        elif root == TASK_ID_PARAM:
            return
        elif root not in self.refs:
            self.error(path, f"expression references unknown task '{root}'")
        elif field is not None and field not in TASK_FIELDS:
            self.error(path, f"'${{{root}.{field}}}': unknown task field '{field}'")

    def script(
        self, source: Any, path: str, allowed: Iterable[str] | None, what: str
    ) -> Program | None:
        """Compile a JavaScript-subset script; `$.name`s must be in `allowed` (if given)."""
        if not isinstance(source, str) or not source.strip():
            self.error(path, f"{what} is required")
            return None
        try:
            program = compile_program(source)
        except JsSyntaxError as exc:
            self.error(
                path,
                f"{what} is not in the supported JavaScript subset (comparisons, &&, ||, !, "
                f"arithmetic, $.paths, ?:, if/else): {exc}",
            )
            return None
        if allowed is not None:
            known = set(allowed)
            for name in sorted(program.dollar_names - known):
                self.error(path, f"{what} reads '$.{name}', which is not defined there")
        return program

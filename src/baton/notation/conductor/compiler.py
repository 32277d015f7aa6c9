"""Compile a Conductor WorkflowDef (JSON) into a `ProcessDefinition`.

Validation runs first and reports every problem it finds, each with the path of the field
(`tasks[2].taskReferenceName`), as one `InvalidInput`; only a valid definition is lowered.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from typing import Any

from baton.expr.conductor import LANGUAGE
from baton.model.errors import FieldError, InvalidInput
from baton.model.process import (
    EMBEDDED_SEPARATOR,
    Node,
    NodeKind,
    ProcessDefinition,
    Template,
    TimeoutPolicy,
)
from baton.notation.conductor.builders import (
    BUILDERS,
    FORK_JOIN,
    FORK_JOIN_DYNAMIC,
    JOIN,
    DynamicForkBuilder,
    ForkJoinBuilder,
)
from baton.notation.conductor.checks import Checker
from baton.notation.conductor.graph import DuplicateNodeError, Fragment, GraphBuilder

START_ID = "$start"
SUPPORTED_TYPES = ", ".join(sorted(BUILDERS))


def compile(workflow_def: Mapping[str, Any]) -> ProcessDefinition:
    """Validate and lower a WorkflowDef; raises `InvalidInput` listing every error found."""
    if not isinstance(workflow_def, Mapping):
        raise InvalidInput("A workflow definition must be a JSON object")
    check = Checker(refs_in)
    name = _top_level(workflow_def, check)
    tasks = check.task_list(workflow_def.get("tasks"), "tasks")
    _collect(tasks, "tasks", check)
    _validate_sequence(tasks, "tasks", check)
    output = workflow_def.get("outputParameters")
    check.template(output, "outputParameters")
    if check.errors:
        raise _invalid(name, check.errors)
    assert name is not None
    lowering = Lowering()
    try:
        start = lowering.graph.add(Node(START_ID, NodeKind.START))
        root = lowering.sequence(tasks, "tasks", None)
    except DuplicateNodeError as exc:
        raise _invalid(
            name, [FieldError("tasks", f"taskReferenceName '{exc}' is reserved by Baton")]
        ) from exc
    if root is not None:
        lowering.graph.flow(start, root.entry)
    version = int(workflow_def.get("version") or 1)
    return ProcessDefinition(
        id=name,
        version=version,
        start=start,
        nodes=tuple(lowering.graph.nodes.values()),
        flows=tuple(lowering.graph.flows),
        name=name,
        output=Template(LANGUAGE, dict(output)) if output else None,
        timeout_seconds=int(workflow_def.get("timeoutSeconds") or 0),
        timeout_policy=TimeoutPolicy(workflow_def.get("timeoutPolicy") or "TIME_OUT_WF"),
        input_defaults=dict(workflow_def.get("inputTemplate") or {}),
        extensions={"workflowDef": dict(workflow_def)},
        embedded={
            ref: rebase(child, f"{name}{EMBEDDED_SEPARATOR}{ref}", version)
            for ref, child in lowering.embedded.items()
        },
    )


def rebase(definition: ProcessDefinition, new_id: str, version: int) -> ProcessDefinition:
    """An embedded definition under its id inside its root (and its own embedded ones)."""
    embedded = {
        ref: rebase(child, f"{new_id}{EMBEDDED_SEPARATOR}{ref}", version)
        for ref, child in definition.embedded.items()
    }
    return dataclasses.replace(definition, id=new_id, version=version, embedded=embedded)


class Lowering:
    """Builds graph fragments for task lists; builders call back into it for nested lists."""

    def __init__(self) -> None:
        self.graph = GraphBuilder()
        self.embedded: dict[str, ProcessDefinition] = {}  # inline sub-workflows by node id

    def elements(
        self, tasks: list[Any], path: str, scope: str | None
    ) -> list[tuple[set[str], Fragment]]:
        """One fragment per top-level element (a FORK_JOIN and its JOIN are one element)."""
        built: list[tuple[set[str], Fragment]] = []
        i = 0
        while i < len(tasks):
            step = tasks[i]
            here = f"{path}[{i}]"
            kind = _type(step)
            if kind in (FORK_JOIN, FORK_JOIN_DYNAMIC):
                fork_builder = BUILDERS[kind]
                assert isinstance(fork_builder, ForkJoinBuilder | DynamicForkBuilder)
                join = tasks[i + 1]
                fragment = fork_builder.build_pair(
                    step, here, join, f"{path}[{i + 1}]", scope, self
                )
                built.append((refs_in([step, join]), fragment))
                i += 2
                continue
            fragment = BUILDERS[kind].build(step, here, scope, self)
            built.append((refs_in([step]), fragment))
            i += 1
        return built

    def sequence(self, tasks: list[Any], path: str, scope: str | None) -> Fragment | None:
        return self.graph.chain([fragment for _, fragment in self.elements(tasks, path, scope)])


def refs_in(tasks: Any) -> set[str]:
    """Every taskReferenceName in a task list, nested ones included."""
    found: set[str] = set()
    if not isinstance(tasks, list):
        return found
    for step in tasks:
        if not isinstance(step, Mapping):
            continue
        ref = step.get("taskReferenceName")
        if isinstance(ref, str):
            found.add(ref)
        builder = BUILDERS.get(_type(step))
        if builder is not None:
            for children, _path in builder.children(step, ""):
                found |= refs_in(children)
    return found


def _type(step: Any) -> str:
    value = step.get("type") if isinstance(step, Mapping) else None
    return str(value) if value else "SIMPLE"


def _top_level(workflow_def: Mapping[str, Any], check: Checker) -> str | None:
    name = workflow_def.get("name")
    if not isinstance(name, str) or not name.strip():
        check.error("name", "name is required")
        name = None
    elif EMBEDDED_SEPARATOR in name:
        check.error("name", f"a name must not contain '{EMBEDDED_SEPARATOR}'")
    version = workflow_def.get("version")
    if version is not None and (not isinstance(version, int) or isinstance(version, bool)):
        check.error("version", "version must be an integer")
    timeout = workflow_def.get("timeoutSeconds")
    if timeout is not None and (
        not isinstance(timeout, int) or isinstance(timeout, bool) or timeout < 0
    ):
        check.error("timeoutSeconds", "timeoutSeconds must be a whole number of seconds >= 0")
    policy = workflow_def.get("timeoutPolicy")
    if policy is not None and policy not in {p.value for p in TimeoutPolicy}:
        check.error("timeoutPolicy", "timeoutPolicy must be TIME_OUT_WF or ALERT_ONLY")
    for key in ("outputParameters", "inputTemplate"):
        value = workflow_def.get(key)
        if value is not None and not isinstance(value, Mapping):
            check.error(key, f"{key} must be an object")
    return name


def _collect(tasks: list[Any], path: str, check: Checker) -> None:
    """First pass: shapes of the tasks and their reference names (duplicates anywhere)."""
    for i, step in enumerate(tasks):
        here = f"{path}[{i}]"
        if not isinstance(step, Mapping):
            check.error(here, "a task must be an object")
            continue
        ref = check.text(step, "taskReferenceName", here)
        check.text(step, "name", here)
        kind = _type(step)
        builder = BUILDERS.get(kind)
        if builder is None:
            check.error(
                f"{here}.type",
                f"task '{ref}': unknown or unsupported task type '{kind}'; "
                f"supported: {SUPPORTED_TYPES}",
            )
        if ref is not None:
            if ref in check.refs:
                check.error(
                    f"{here}.taskReferenceName",
                    f"duplicate taskReferenceName '{ref}' (also used at {check.refs[ref]})",
                )
            else:
                check.refs[ref] = here
        params = step.get("inputParameters")
        if params is not None and not isinstance(params, Mapping):
            check.error(f"{here}.inputParameters", "inputParameters must be an object")
        optional = step.get("optional")
        if optional is not None and not isinstance(optional, bool):
            check.error(f"{here}.optional", "optional must be true or false")
        _check_start_delay(step, kind, here, check)
        if builder is not None:
            for children, child_path in builder.children(step, here):
                if isinstance(children, list):
                    _collect(children, child_path, check)


DELAYED_TYPES = ("SIMPLE", "HTTP")


def _check_start_delay(step: Mapping[str, Any], kind: str, here: str, check: Checker) -> None:
    """`startDelay`: seconds before a worker task is first offered (0: at once)."""
    delay = step.get("startDelay")
    if delay is None or delay == 0:
        return
    if not isinstance(delay, int) or isinstance(delay, bool) or delay < 0:
        check.error(f"{here}.startDelay", "startDelay must be a whole number of seconds >= 0")
    elif kind not in DELAYED_TYPES:
        check.error(
            f"{here}.startDelay",
            f"startDelay applies to tasks polled by workers ({', '.join(DELAYED_TYPES)}), "
            f"not to {kind}",
        )


def _validate_sequence(tasks: list[Any], path: str, check: Checker) -> None:
    """Second pass: expressions, references and type-specific rules."""
    i = 0
    while i < len(tasks):
        step = tasks[i]
        here = f"{path}[{i}]"
        kind = _type(step)
        builder = BUILDERS.get(kind)
        i += 1
        if not isinstance(step, Mapping) or builder is None:
            continue
        _validate_step(step, here, builder, check)
        if kind == JOIN:
            check.error(here, "a JOIN must directly follow a FORK_JOIN or FORK_JOIN_DYNAMIC")
        elif kind == FORK_JOIN_DYNAMIC:
            following = tasks[i] if i < len(tasks) else None
            if not isinstance(following, Mapping) or _type(following) != JOIN:
                check.error(here, "a FORK_JOIN_DYNAMIC must be followed by a JOIN")
                continue
            check.template(following.get("inputParameters"), f"{path}[{i}].inputParameters")
            i += 1
        elif kind == FORK_JOIN:
            following = tasks[i] if i < len(tasks) else None
            if not isinstance(following, Mapping) or _type(following) != JOIN:
                check.error(here, "a FORK_JOIN must be followed by a JOIN")
                continue
            join_path = f"{path}[{i}]"
            assert isinstance(builder, ForkJoinBuilder)
            builder.validate_join(following, join_path, refs_in([step]), check)
            check.template(following.get("inputParameters"), f"{join_path}.inputParameters")
            i += 1


def _validate_step(step: Mapping[str, Any], here: str, builder: Any, check: Checker) -> None:
    params = step.get("inputParameters")
    if isinstance(params, Mapping):
        check.template(params, f"{here}.inputParameters")
    builder.validate(step, here, check)
    for children, child_path in builder.children(step, here):
        if isinstance(children, list):
            _validate_sequence(children, child_path, check)


def _invalid(name: str | None, errors: list[FieldError]) -> InvalidInput:
    first = errors[0]
    more = f" (and {len(errors) - 1} more)" if len(errors) > 1 else ""
    label = f"'{name}'" if name else "(unnamed)"
    return InvalidInput(
        f"Invalid workflow definition {label}: {first.path}: {first.message}{more}",
        details={"validationErrors": [e.to_dict() for e in errors]},
        errors=errors,
    )

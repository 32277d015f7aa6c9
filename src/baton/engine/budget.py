"""Per-command budgets: every engine command ends, however the definition loops.

One command may activate at most `max_activations` nodes, run at most `max_loop_iterations`
iterations of one loop, and write at most `max_output_bytes` of values (inputs, outputs,
variables carried by its changes, measured as approximate JSON size). The counts are
deterministic (counted, not timed), so a command that runs out does so the same way every time.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from baton.engine.changes import (
    Change,
    InstanceCompleted,
    InstanceFailed,
    InstanceStarted,
    InstanceTerminated,
    InstanceTimedOut,
    TaskCompleted,
    TaskScheduled,
    TaskUpdated,
    VariablesChanged,
)
from baton.model.process import Node

ACTIVATIONS_SETTING = "BATON_MAX_ACTIVATIONS_PER_COMMAND"
LOOP_SETTING = "BATON_MAX_LOOP_ITERATIONS"
OUTPUT_SETTING = "BATON_MAX_OUTPUT_BYTES_PER_COMMAND"


@dataclass(frozen=True, slots=True)
class EngineLimits:
    max_activations: int = 100_000
    """Tokens entering a node, per command."""
    max_loop_iterations: int = 10_000
    """Iterations one loop (DO_WHILE) starts, per command."""
    max_output_bytes: int = 64 * 1024 * 1024
    """Approximate JSON size of the values the changes of one command carry."""


def describe(node: Node) -> str:
    """How a reason names an element: its type and id (`DO_WHILE 'loop'`)."""
    return f"{node.task_type or node.kind.value} '{node.id}'"


class Budget:
    """What one command has used so far. `overflow` is set once the output is too large: the
    engine then discards the command's work and fails the instance (see `Engine.execute`)."""

    def __init__(self, limits: EngineLimits) -> None:
        self.limits = limits
        self.activations = 0
        self.output_bytes = 0
        self.iterations: dict[str, int] = {}
        self.element: Node | None = None  # the node being run, to name in a reason
        self.overflow: str | None = None

    def activate(self, node: Node) -> str | None:
        """Count one activation of `node`; the reason to stop, once past the limit."""
        self.element = node
        self.activations += 1
        limit = self.limits.max_activations
        if self.activations <= limit:
            return None
        return (
            f"{describe(node)}: more than {limit} node activations in one command "
            f"({ACTIVATIONS_SETTING})"
        )

    def iterate(self, node: Node, activity_id: str) -> str | None:
        """Count one iteration of the loop instance `activity_id`; the reason to stop, once
        past the limit."""
        count = self.iterations.get(activity_id, 0) + 1
        self.iterations[activity_id] = count
        limit = self.limits.max_loop_iterations
        if count <= limit:
            return None
        return f"{describe(node)} exceeded {limit} iterations in one command ({LOOP_SETTING})"

    def charge(self, change: Change) -> None:
        """Count the values `change` carries; past the limit, set `overflow`."""
        if self.overflow is not None:
            return
        value = _payload(change)
        if value is None:
            return
        limit = self.limits.max_output_bytes
        self.output_bytes += json_size(value, limit - self.output_bytes)
        if self.output_bytes > limit:
            where = f" at {describe(self.element)}" if self.element is not None else ""
            self.overflow = (
                f"Output of one command exceeded {limit} bytes{where} ({OUTPUT_SETTING})"
            )


def _payload(change: Change) -> Any:
    if isinstance(change, TaskScheduled | InstanceStarted):
        return change.input
    if isinstance(
        change,
        TaskCompleted
        | TaskUpdated
        | InstanceCompleted
        | InstanceFailed
        | InstanceTimedOut
        | InstanceTerminated,
    ):
        return change.output
    if isinstance(change, VariablesChanged):
        return change.changed
    return None


def json_size(value: Any, limit: int) -> int:
    """About the length of `value` as JSON; stops counting once past `limit`, so a value
    that shares parts (a list holding one big list many times) costs at most `limit` work."""
    size = 0
    stack = [value]
    while stack:
        item = stack.pop()
        if isinstance(item, str):
            size += len(item) + 2
        elif isinstance(item, Mapping):
            size += 2
            for key, inner in item.items():
                size += len(key) + 4 if isinstance(key, str) else 8
                stack.append(inner)
        elif isinstance(item, list | tuple):
            size += 2 + len(item)
            stack.extend(item)
        else:
            size += 8
        if size > limit:
            return size
    return size

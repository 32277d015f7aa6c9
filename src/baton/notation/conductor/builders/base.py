"""The interface of a task-type builder, and helpers shared by builders."""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from baton.expr.conductor import LANGUAGE
from baton.model.process import Node, NodeKind, Template
from baton.notation.conductor.checks import Checker
from baton.notation.conductor.graph import Fragment

if TYPE_CHECKING:
    from baton.notation.conductor.compiler import Lowering

Step = Mapping[str, Any]


class TaskBuilder:
    """Lowers one Conductor task type onto model nodes (Conductor's TaskMapper, at compile time).

    `children` names nested task lists (for reference collection), `validate` reports
    type-specific errors, `build` adds the nodes and returns the fragment.
    """

    def children(self, step: Step, path: str) -> list[tuple[Any, str]]:
        return []

    def validate(self, step: Step, path: str, check: Checker) -> None:
        return None

    def build(self, step: Step, path: str, scope: str | None, lowering: Lowering) -> Fragment:
        raise NotImplementedError


def task_node(step: Step, kind: NodeKind, scope: str | None, **extra: Any) -> Node:
    """A recorded node carrying the step's name, ref, input and `workflowTask`."""
    options: dict[str, Any] = {
        "task_type": str(step.get("type") or "SIMPLE"),
        "optional": bool(step.get("optional", False)),
        "input": Template(LANGUAGE, dict(step.get("inputParameters") or {})),
        "extensions": {"workflowTask": dict(step)},
    }
    retry_count = step.get("retryCount")
    if isinstance(retry_count, int) and not isinstance(retry_count, bool):
        options["retry_count"] = retry_count
    options.update(extra)
    return Node(
        id=str(step["taskReferenceName"]),
        kind=kind,
        scope=scope,
        name=str(step["name"]),
        recorded=True,
        **options,
    )


def single(node_id: str) -> Fragment:
    return Fragment(node_id, (node_id,))

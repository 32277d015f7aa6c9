"""HUMAN: waits IN_PROGRESS until completed. Its `__humanTaskDefinition` becomes the node's
typed user task (resolved by the engine and handed to the human-task service with the
`TaskScheduled` change); the input keeps showing the object, as Orkes does."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from baton.expr.conductor import LANGUAGE
from baton.model.errors import FieldError, InvalidInput
from baton.model.process import Node, NodeKind
from baton.model.user_task import orkes_spec
from baton.notation.conductor.builders.base import Step, TaskBuilder, single, task_node
from baton.notation.conductor.graph import Fragment

if TYPE_CHECKING:
    from baton.notation.conductor.compiler import Lowering

DEFINITION_INPUT = "__humanTaskDefinition"
LISTENERS = "taskListeners"
EVENTS = ("creating", "assigning", "updating", "completing", "canceling")


class HumanBuilder(TaskBuilder):
    def build(self, step: Step, path: str, scope: str | None, lowering: Lowering) -> Fragment:
        raw = (step.get("inputParameters") or {}).get(DEFINITION_INPUT)
        spec = orkes_spec(raw, LANGUAGE)
        task = lowering.graph.add(task_node(step, NodeKind.USER_TASK, scope, user_task=spec))
        listeners = raw.get(LISTENERS) if isinstance(raw, dict) else None
        for node in _listener_nodes(task, scope, listeners, f"{path}.{DEFINITION_INPUT}"):
            lowering.graph.add(node)
        return single(task)


def _listener_nodes(task: str, scope: str | None, raw: Any, path: str) -> list[Node]:
    """Baton's hook for a HUMAN task: `taskListeners: [{eventType, type, retries?}]` in its
    definition: jobs of `type` its transitions wait for, as BPMN task listeners (their
    workers complete them with `outputData: {denied, deniedReason, corrections}`)."""
    if raw is None:
        return []
    where = f"{path}.{LISTENERS}"
    if not isinstance(raw, list):
        raise InvalidInput(f"{where} must be a list", errors=[FieldError(where, "not a list")])
    nodes: list[Node] = []
    counts: dict[str, int] = {}
    for i, item in enumerate(raw):
        event = item.get("eventType") if isinstance(item, dict) else None
        job_type = item.get("type") if isinstance(item, dict) else None
        retries = item.get("retries", 3) if isinstance(item, dict) else None
        if (
            event not in EVENTS
            or not isinstance(job_type, str)
            or not job_type.strip()
            or not isinstance(retries, int)
            or isinstance(retries, bool)
            or retries < 0
        ):
            message = (
                f"{where}[{i}] needs eventType (one of {', '.join(EVENTS)}), a job type "
                "and retries as a whole number"
            )
            raise InvalidInput(message, errors=[FieldError(f"{where}[{i}]", "invalid listener")])
        n = counts.get(event, 0)
        counts[event] = n + 1
        nodes.append(
            Node(
                f"{task}#{event}{n}",
                NodeKind.TASK_LISTENER,
                scope,
                name=job_type,
                task_type=job_type,
                job_type=job_type,
                retry_count=max(retries - 1, 0),
                listener_of=task,
                listener_event=event,
            )
        )
    return nodes

"""EVENT: publishes the task's resolved input as an event to Baton's own event handlers
(`baton.services.workflow_tasks`). The sink is `conductor` (the event is named
`conductor:<workflow name>:<task ref>`) or `conductor:NAME`; external brokers (sqs, kafka,
amqp, ...) are not served. With `asyncComplete` the task stays IN_PROGRESS until a handler
(or a worker) completes it."""

from __future__ import annotations

from typing import TYPE_CHECKING

from baton.model.process import NodeKind
from baton.notation.conductor.builders.base import Step, TaskBuilder, single, task_node
from baton.notation.conductor.checks import Checker
from baton.notation.conductor.graph import Fragment

if TYPE_CHECKING:
    from baton.notation.conductor.compiler import Lowering


class EventBuilder(TaskBuilder):
    def validate(self, step: Step, path: str, check: Checker) -> None:
        sink = step.get("sink")
        if not isinstance(sink, str) or not (sink == "conductor" or sink.startswith("conductor:")):
            check.error(
                f"{path}.sink",
                "sink must be 'conductor' or 'conductor:NAME': Baton delivers events to its "
                "own event handlers only",
            )
        elif sink.startswith("conductor:") and not sink[len("conductor:") :].strip():
            check.error(f"{path}.sink", "conductor:NAME needs an event name")
        flag = step.get("asyncComplete")
        if flag is not None and not isinstance(flag, bool):
            check.error(f"{path}.asyncComplete", "asyncComplete must be true or false")

    def build(self, step: Step, path: str, scope: str | None, lowering: Lowering) -> Fragment:
        return single(lowering.graph.add(task_node(step, NodeKind.PUBLISH_EVENT, scope)))

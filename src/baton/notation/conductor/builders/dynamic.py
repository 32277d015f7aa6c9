"""DYNAMIC: a worker task whose name is chosen at run time: the value of the input parameter
that `dynamicTaskNameParam` names (workers poll that name)."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING

from baton.expr.conductor import JS_LANGUAGE
from baton.model.process import Expression, NodeKind
from baton.notation.conductor.builders.base import Step, TaskBuilder, single, task_node
from baton.notation.conductor.checks import Checker
from baton.notation.conductor.graph import Fragment

if TYPE_CHECKING:
    from baton.notation.conductor.compiler import Lowering

PARAM = "dynamicTaskNameParam"


class DynamicBuilder(TaskBuilder):
    def validate(self, step: Step, path: str, check: Checker) -> None:
        params = step.get("inputParameters") or {}
        name = step.get(PARAM)
        if not isinstance(name, str) or not isinstance(params, dict) or name not in params:
            check.error(f"{path}.{PARAM}", f"{PARAM} must name an input parameter")

    def build(self, step: Step, path: str, scope: str | None, lowering: Lowering) -> Fragment:
        source = f"$[{json.dumps(str(step[PARAM]))}]"
        node = task_node(
            step,
            NodeKind.SERVICE_TASK,
            scope,
            job_type=source,
            job_type_expression=Expression(JS_LANGUAGE, source),
            dynamic=True,
        )
        return single(lowering.graph.add(node))

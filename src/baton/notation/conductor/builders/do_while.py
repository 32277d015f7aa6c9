"""DO_WHILE: a loop scope running `loopOver`, then again while `loopCondition` holds.

`loopCondition` is JavaScript in Conductor; Baton evaluates a safe subset (comparisons, &&, ||,
!, arithmetic, `$.` paths, ?:, `if (c) { true; } else { false; }`) and refuses the rest at
registration. `$` holds the loop's input parameters, `$.<loop ref>` (with `iteration`) and the
outputs of the tasks in the loop. Tasks inside get `iteration` and a `__<iteration>` ref suffix.
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any

from baton.expr.conductor import JS_LANGUAGE
from baton.model.process import Expression, LoopSpec, Node, NodeKind
from baton.notation.conductor.builders.base import Step, TaskBuilder, single, task_node
from baton.notation.conductor.checks import Checker
from baton.notation.conductor.graph import Fragment

if TYPE_CHECKING:
    from baton.notation.conductor.compiler import Lowering


class DoWhileBuilder(TaskBuilder):
    def children(self, step: Step, path: str) -> list[tuple[Any, str]]:
        return [(step.get("loopOver"), f"{path}.loopOver")]

    def validate(self, step: Step, path: str, check: Checker) -> None:
        body = check.task_list(step.get("loopOver"), f"{path}.loopOver")
        if step.get("items") is not None:
            check.error(f"{path}.items", "DO_WHILE over items is not supported; use loopCondition")
        params = step.get("inputParameters") or {}
        keys = set(params) if isinstance(params, dict) else set()
        condition = step.get("loopCondition")
        if step.get("evaluatorType") == "value-param":
            if not isinstance(condition, str) or condition not in keys:
                check.error(f"{path}.loopCondition", "loopCondition must name an input parameter")
            return
        allowed = keys | {str(step.get("taskReferenceName"))} | check.refs_in(body)
        what = f"the loopCondition of '{step.get('taskReferenceName')}'"
        check.script(condition, f"{path}.loopCondition", allowed, what)

    def build(self, step: Step, path: str, scope: str | None, lowering: Lowering) -> Fragment:
        graph = lowering.graph
        ref = str(step["taskReferenceName"])
        start = graph.add(Node(f"{ref}$start", NodeKind.START, ref))
        body = lowering.sequence(step.get("loopOver") or [], f"{path}.loopOver", ref)
        if body is not None:
            graph.flow(start, body.entry)
        condition = str(step.get("loopCondition"))
        if step.get("evaluatorType") == "value-param":
            condition = f"$[{json.dumps(condition)}]"
        loop = LoopSpec(Expression(JS_LANGUAGE, condition))
        graph.add(task_node(step, NodeKind.LOOP, scope, loop=loop, start=start))
        return single(ref)

"""SWITCH (and the older DECISION): an exclusive choice between task lists.

The case is chosen by `evaluatorType` `value-param` (`expression` names an input parameter) or
`javascript`/`graaljs` (an expression in the supported JavaScript subset, with `$` = the task's
input); DECISION uses `caseValueParam` or `caseExpression`. Both lower to a selector expression
on an exclusive gateway, with an unrecorded merge gateway after the branches.
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any

from baton.expr.conductor import JS_LANGUAGE
from baton.model.process import Expression, Node, NodeKind
from baton.notation.conductor.builders.base import Step, TaskBuilder, task_node
from baton.notation.conductor.checks import Checker
from baton.notation.conductor.graph import Fragment

if TYPE_CHECKING:
    from baton.notation.conductor.compiler import Lowering

SCRIPT_EVALUATORS = ("javascript", "graaljs")


class SwitchBuilder(TaskBuilder):
    def __init__(self, *, legacy: bool = False) -> None:
        self.legacy = legacy  # DECISION

    def children(self, step: Step, path: str) -> list[tuple[Any, str]]:
        found: list[tuple[Any, str]] = []
        cases = step.get("decisionCases")
        if isinstance(cases, dict):
            found.extend((tasks, f"{path}.decisionCases.{key}") for key, tasks in cases.items())
        if step.get("defaultCase") is not None:
            found.append((step.get("defaultCase"), f"{path}.defaultCase"))
        return found

    def validate(self, step: Step, path: str, check: Checker) -> None:
        cases = step.get("decisionCases")
        if cases is not None and not isinstance(cases, dict):
            check.error(f"{path}.decisionCases", "must map case values to lists of tasks")
        elif isinstance(cases, dict):
            for key, tasks in cases.items():
                check.task_list(tasks, f"{path}.decisionCases.{key}", required=False)
        check.task_list(step.get("defaultCase"), f"{path}.defaultCase", required=False)
        self.selector(step, path, check)

    def selector(self, step: Step, path: str, check: Checker | None = None) -> str | None:
        """The JavaScript-subset source that computes the case value."""
        params = step.get("inputParameters") or {}
        keys = set(params) if isinstance(params, dict) else set()
        if self.legacy:
            key = step.get("caseValueParam")
            script = step.get("caseExpression")
            key_field, script_field = "caseValueParam", "caseExpression"
            use_script = key is None and script is not None
        else:
            evaluator = step.get("evaluatorType") or "value-param"
            key = script = step.get("expression")
            key_field = script_field = "expression"
            if evaluator not in ("value-param", *SCRIPT_EVALUATORS):
                if check is not None:
                    check.error(
                        f"{path}.evaluatorType",
                        "evaluatorType must be value-param, javascript or graaljs",
                    )
                return None
            use_script = evaluator in SCRIPT_EVALUATORS
        if use_script:
            if check is not None:
                what = f"the expression of switch '{step.get('taskReferenceName')}'"
                check.script(script, f"{path}.{script_field}", keys, what)
            return str(script)
        if not isinstance(key, str) or not key:
            if check is not None:
                check.error(f"{path}.{key_field}", f"{key_field} must name an input parameter")
            return None
        if key not in keys and check is not None:
            check.error(f"{path}.{key_field}", f"no input parameter named '{key}'")
        return f"$[{json.dumps(key)}]"

    def build(self, step: Step, path: str, scope: str | None, lowering: Lowering) -> Fragment:
        graph = lowering.graph
        ref = str(step["taskReferenceName"])
        merge = graph.add(Node(f"{ref}$merge", NodeKind.EXCLUSIVE_GATEWAY, scope))
        cases = step.get("decisionCases") or {}
        for key, tasks in cases.items():
            branch = lowering.sequence(tasks, f"{path}.decisionCases.{key}", scope)
            if branch is None:
                graph.flow(ref, merge, case=str(key))
            else:
                graph.flow(ref, branch.entry, case=str(key))
                graph.connect(branch.exits, merge)
        default = lowering.sequence(step.get("defaultCase") or [], f"{path}.defaultCase", scope)
        if default is None:
            default_flow = graph.flow(ref, merge)
        else:
            default_flow = graph.flow(ref, default.entry)
            graph.connect(default.exits, merge)
        source = self.selector(step, path)
        assert source is not None
        node = task_node(
            step,
            NodeKind.EXCLUSIVE_GATEWAY,
            scope,
            selector=Expression(JS_LANGUAGE, source),
            default_flow=default_flow,
        )
        graph.add(node)
        return Fragment(ref, (merge,))

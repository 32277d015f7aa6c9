"""INLINE: evaluates `inputParameters.expression` and completes with `{"result": value}`.

`evaluatorType` `javascript` or `graaljs`: the expression is in the supported JavaScript subset,
with `$` = the task's resolved input parameters; `value-param`: it names an input parameter,
whose value is the result. The expression is static text, checked at registration.
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any

from baton.expr.conductor import JS_LANGUAGE
from baton.model.process import Expression, NodeKind, ScriptSpec
from baton.notation.conductor.builders.base import Step, TaskBuilder, single, task_node
from baton.notation.conductor.checks import Checker
from baton.notation.conductor.graph import Fragment

if TYPE_CHECKING:
    from baton.notation.conductor.compiler import Lowering

EVALUATORS = ("javascript", "graaljs", "value-param")


def _params(step: Step) -> dict[str, Any]:
    params = step.get("inputParameters")
    return dict(params) if isinstance(params, dict) else {}


class InlineBuilder(TaskBuilder):
    def validate(self, step: Step, path: str, check: Checker) -> None:
        params = _params(step)
        where = f"{path}.inputParameters"
        evaluator = params.get("evaluatorType", "javascript")
        if evaluator not in EVALUATORS:
            check.error(
                f"{where}.evaluatorType", f"evaluatorType must be one of {', '.join(EVALUATORS)}"
            )
            return
        expression = params.get("expression")
        if isinstance(expression, str) and "${" in expression:
            check.error(
                f"{where}.expression", "expression must be static text (read inputs as $.name)"
            )
            return
        what = f"the expression of INLINE '{step.get('taskReferenceName')}'"
        if evaluator == "value-param":
            if not isinstance(expression, str) or expression not in params:
                check.error(f"{where}.expression", "expression must name an input parameter")
            return
        check.script(expression, f"{where}.expression", set(params), what)

    def build(self, step: Step, path: str, scope: str | None, lowering: Lowering) -> Fragment:
        params = _params(step)
        expression = str(params.get("expression"))
        if params.get("evaluatorType") == "value-param":
            expression = f"$[{json.dumps(expression)}]"
        script = ScriptSpec(Expression(JS_LANGUAGE, expression))
        return single(
            lowering.graph.add(task_node(step, NodeKind.SCRIPT_TASK, scope, script=script))
        )

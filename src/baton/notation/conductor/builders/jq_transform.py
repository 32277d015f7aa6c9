"""JSON_JQ_TRANSFORM: runs the jq program `inputParameters.queryExpression` on the task's
resolved input parameters; completes with `{"result": first, "resultList": all}`.

The program is the real jq (libjq), checked at registration and run in a sandbox process with
a time, memory and size budget (`baton.expr.jq`)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from baton.expr.jq import LANGUAGE as JQ_LANGUAGE
from baton.expr.jq import JqError, check_syntax
from baton.model.process import Expression, NodeKind, ScriptResult, ScriptSpec
from baton.notation.conductor.builders.base import Step, TaskBuilder, single, task_node
from baton.notation.conductor.checks import Checker
from baton.notation.conductor.graph import Fragment

if TYPE_CHECKING:
    from baton.notation.conductor.compiler import Lowering

QUERY = "queryExpression"


class JqTransformBuilder(TaskBuilder):
    def validate(self, step: Step, path: str, check: Checker) -> None:
        params = step.get("inputParameters")
        query = params.get(QUERY) if isinstance(params, dict) else None
        where = f"{path}.inputParameters.{QUERY}"
        if not isinstance(query, str) or not query.strip():
            check.error(where, f"{QUERY} is required (a jq program)")
            return
        if "${" in query:
            check.error(where, f"{QUERY} must be static text (read inputs as .name)")
            return
        try:
            check_syntax(query)
        except JqError as exc:
            check.error(where, f"not a valid jq program: {exc}")

    def build(self, step: Step, path: str, scope: str | None, lowering: Lowering) -> Fragment:
        query = str((step.get("inputParameters") or {})[QUERY])
        script = ScriptSpec(Expression(JQ_LANGUAGE, query), ScriptResult.STREAM)
        return single(
            lowering.graph.add(task_node(step, NodeKind.SCRIPT_TASK, scope, script=script))
        )

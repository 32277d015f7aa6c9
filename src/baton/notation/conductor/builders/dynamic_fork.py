"""FORK_JOIN_DYNAMIC + JOIN: parallel worker tasks chosen at run time, then a join on all.

The tasks come from the fork's resolved input: `dynamicForkTasksParam` names the input holding
a list of `{name, taskReferenceName}` tasks and `dynamicForkTasksInputParamName` the input
holding their inputs by reference name; or (the newer form) the inputs `forkTaskName` and
`forkTaskInputs` run one `forkTaskName` task per input, named `<forkTaskName>_<index>`. The
fork lowers to a dynamic-fork scope; the JOIN after it outputs the forked tasks' outputs by
reference name. Forked tasks are worker (SIMPLE) tasks.
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING

from baton.expr.conductor import JS_LANGUAGE
from baton.model.process import (
    DynamicForkSpec,
    Expression,
    Node,
    NodeKind,
    ScriptResult,
    ScriptSpec,
)
from baton.notation.conductor.builders.base import Step, TaskBuilder, task_node
from baton.notation.conductor.checks import Checker
from baton.notation.conductor.graph import Fragment

if TYPE_CHECKING:
    from baton.notation.conductor.compiler import Lowering

TASKS_PARAM = "dynamicForkTasksParam"
INPUTS_PARAM = "dynamicForkTasksInputParamName"


class DynamicForkBuilder(TaskBuilder):
    def validate(self, step: Step, path: str, check: Checker) -> None:
        params = step.get("inputParameters") or {}
        keys = set(params) if isinstance(params, dict) else set()
        tasks = step.get(TASKS_PARAM)
        if tasks is None:
            if "forkTaskInputs" not in keys or not keys & {"forkTaskName", "forkTaskType"}:
                check.error(
                    path,
                    f"a FORK_JOIN_DYNAMIC needs {TASKS_PARAM} and {INPUTS_PARAM}, or the "
                    "inputs forkTaskName and forkTaskInputs",
                )
            return
        for field, value in ((TASKS_PARAM, tasks), (INPUTS_PARAM, step.get(INPUTS_PARAM))):
            if not isinstance(value, str) or value not in keys:
                check.error(f"{path}.{field}", f"{field} must name an input parameter")

    def build_pair(
        self,
        fork: Step,
        fork_path: str,
        join: Step,
        join_path: str,
        scope: str | None,
        lowering: Lowering,
    ) -> Fragment:
        graph = lowering.graph
        ref = str(fork["taskReferenceName"])
        tasks = fork.get(TASKS_PARAM)
        spec = DynamicForkSpec(
            str(tasks) if tasks is not None else None,
            str(fork.get(INPUTS_PARAM)) if tasks is not None else None,
        )
        inner = graph.add(
            Node(f"{ref}$task", NodeKind.SERVICE_TASK, ref, task_type="SIMPLE", dynamic=True)
        )
        graph.add(task_node(fork, NodeKind.DYNAMIC_FORK, scope, fork=spec, start=inner))
        outputs = ScriptSpec(Expression(JS_LANGUAGE, f"$[{json.dumps(ref)}]"), ScriptResult.OBJECT)
        join_id = graph.add(task_node(join, NodeKind.SCRIPT_TASK, scope, script=outputs))
        graph.flow(ref, join_id)
        return Fragment(ref, (join_id,))

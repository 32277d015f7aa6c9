"""FORK_JOIN + JOIN: parallel branches, then a join that waits for the tasks in `joinOn`.

The fork is a parallel gateway, the JOIN a recorded parallel gateway whose output maps each
`joinOn` ref to its output. A branch is joined from its last top-level task that contains a
`joinOn` ref: if that is not the branch's last task, the branch splits there (one token goes to
the join, one runs the rest of the branch on its own, as in Conductor). Branches without a
`joinOn` ref are not waited for; the workflow still completes only when they end.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from baton.expr.conductor import LANGUAGE
from baton.model.process import Node, NodeKind, Template
from baton.notation.conductor.builders.base import Step, TaskBuilder, task_node
from baton.notation.conductor.checks import Checker
from baton.notation.conductor.graph import Fragment

if TYPE_CHECKING:
    from baton.notation.conductor.compiler import Lowering


class ForkJoinBuilder(TaskBuilder):
    def children(self, step: Step, path: str) -> list[tuple[Any, str]]:
        branches = step.get("forkTasks")
        if not isinstance(branches, list):
            return []
        return [(branch, f"{path}.forkTasks[{k}]") for k, branch in enumerate(branches)]

    def validate(self, step: Step, path: str, check: Checker) -> None:
        branches = step.get("forkTasks")
        if not isinstance(branches, list) or not branches:
            check.error(f"{path}.forkTasks", "must be a non-empty list of task lists")
            return
        for k, branch in enumerate(branches):
            check.task_list(branch, f"{path}.forkTasks[{k}]")

    def validate_join(
        self, join: Step, join_path: str, fork_refs: set[str], check: Checker
    ) -> None:
        join_on = join.get("joinOn", [])
        if not isinstance(join_on, list):
            check.error(f"{join_path}.joinOn", "must be a list of task reference names")
            return
        for i, ref in enumerate(join_on):
            where = f"{join_path}.joinOn[{i}]"
            if not isinstance(ref, str):
                check.error(where, "must be a task reference name")
            elif ref not in check.refs:
                check.error(where, f"joinOn names unknown task '{ref}'")
            elif ref not in fork_refs:
                check.error(where, f"joinOn names '{ref}', which is not in the preceding fork")

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
        fork_id = graph.add(task_node(fork, NodeKind.PARALLEL_GATEWAY, scope, task_type="FORK"))
        join_on = [str(r) for r in join.get("joinOn") or []]
        join_node = task_node(
            join,
            NodeKind.PARALLEL_GATEWAY,
            scope,
            task_type="JOIN",
            input=Template(LANGUAGE, {"joinOn": join_on}),
            collect=tuple(join_on),
        )
        join_id = graph.add(join_node)
        wanted = set(join_on)
        joined_any = False
        for k, branch in enumerate(fork.get("forkTasks") or []):
            elements = lowering.elements(branch, f"{fork_path}.forkTasks[{k}]", scope)
            if not elements:
                continue
            graph.flow(fork_id, elements[0][1].entry)
            last = max((i for i, (refs, _) in enumerate(elements) if refs & wanted), default=-1)
            for i, (_, fragment) in enumerate(elements):
                following = elements[i + 1][1] if i + 1 < len(elements) else None
                if i != last:
                    if following is not None:
                        graph.connect(fragment.exits, following.entry)
                    continue
                joined_any = True
                if following is None:
                    graph.connect(fragment.exits, join_id)
                    continue
                split = graph.add(Node(f"{fork_id}$split{k}", NodeKind.PARALLEL_GATEWAY, scope))
                graph.connect(fragment.exits, split)
                graph.flow(split, join_id)
                graph.flow(split, following.entry)
        if not joined_any:
            graph.flow(fork_id, join_id)
        return Fragment(fork_id, (join_id,))


class JoinBuilder(TaskBuilder):
    """A JOIN is built with the FORK_JOIN before it; alone it is an error (see the compiler)."""

"""Tasks: user tasks (human tasks), job tasks (service/send/business rule/script with a job
type), FEEL script tasks, and manual/undefined tasks (pass-through)."""

from __future__ import annotations

from xml.etree.ElementTree import Element

from baton.model.process import Expression, Node, NodeKind, Template
from baton.notation.bpmn import zeebe as z
from baton.notation.bpmn.builders.base import FEEL, ProcessBuild
from baton.notation.bpmn.document import local
from baton.notation.bpmn.document import zeebe as zeebe_element
from baton.notation.bpmn.listeners import add_task_listeners


def _outputs(pairs: list[list[str]] | None) -> Template | None:
    return Template(FEEL, pairs) if pairs is not None else None


class UserTaskBuilder:
    """A human task: `zeebe:userTask` (Camunda user task) or the job-worker kind alike."""

    def build(self, el: Element, ctx: ProcessBuild, scope: str | None) -> None:
        if not ctx.check_loops(el):
            return
        ctx.check_extensions(el, z.USER_TASK_EXTENSIONS)
        template, spec, outputs = z.user_task(ctx, el)
        task = Node(
            el.get("id") or "",
            NodeKind.USER_TASK,
            scope,
            task_type="HUMAN",
            input=Template(FEEL, template),
            default_flow=el.get("default"),
            user_task=spec,
            merge_output=True,
            outputs=_outputs(outputs),
        )
        ctx.add(task)
        add_task_listeners(ctx, el, task)


class JobTaskBuilder:
    """A task done by a job worker of the `zeebe:taskDefinition` type (a SERVICE_TASK)."""

    def build(self, el: Element, ctx: ProcessBuild, scope: str | None) -> None:
        if not ctx.check_loops(el):
            return
        kind = local(el.tag)
        if kind == "scriptTask" and zeebe_element(el, "script") is not None:
            ScriptTaskBuilder().build(el, ctx, scope)
            return
        if kind == "businessRuleTask" and zeebe_element(el, "calledDecision") is not None:
            ctx.refuse.unsupported_part(el, "zeebe:calledDecision (DMN)")
            return
        job = z.task_definition(ctx, el)
        if job is None:
            if zeebe_element(el, "taskDefinition") is None:
                ctx.refuse.unsupported_part(
                    el, "a task without a job type", "add zeebe:taskDefinition"
                )
            return
        ctx.add(job_node(el, ctx, scope, job))


def job_node(el: Element, ctx: ProcessBuild, scope: str | None, job: tuple[str, int | str]) -> Node:
    """The SERVICE_TASK of an element done by a job worker (a task, a message throw event)."""
    ctx.check_extensions(el, z.JOB_EXTENSIONS)
    job_type, raw_retries = job
    expression = Expression(FEEL, z.feel_text(job_type)) if z.is_feel(job_type) else None
    retries_expression = None
    retries = z.DEFAULT_RETRIES
    if isinstance(raw_retries, str):  # FEEL: evaluated when each job is created
        retries_expression = Expression(FEEL, z.feel_text(raw_retries))
    else:
        retries = raw_retries
    inputs, outputs = z.io_mapping(ctx, el)
    return Node(
        el.get("id") or "",
        NodeKind.SERVICE_TASK,
        scope,
        name=job_type,
        task_type=job_type,
        input=Template(FEEL, inputs),
        job_type=job_type,
        job_type_expression=expression,
        retries_expression=retries_expression,
        retry_count=max(retries - 1, 0),
        default_flow=el.get("default"),
        headers=z.headers(el),
        retry_delay_seconds=0,  # a Zeebe job is retried at once
        merge_output=True,
        outputs=_outputs(outputs),
    )


class ScriptTaskBuilder:
    """`zeebe:script expression="= …" resultVariable="x"`: sets one variable (SET_VARIABLES)."""

    def build(self, el: Element, ctx: ProcessBuild, scope: str | None) -> None:
        script = zeebe_element(el, "script")
        assert script is not None
        ctx.check_extensions(el, frozenset({"script"}))
        expression = script.get("expression") or ""
        result = (script.get("resultVariable") or "").strip()
        if not result or not z.is_feel(expression):
            ctx.refuse.element(el, "zeebe:script needs a FEEL expression and a resultVariable")
            return
        if not ctx.refuse.feel(el, "zeebe:script expression", expression):
            return
        ctx.add(
            Node(
                el.get("id") or "",
                NodeKind.SET_VARIABLES,
                scope,
                input=Template(FEEL, {result: expression}),
                default_flow=el.get("default"),
            )
        )


class PassThroughBuilder:
    """Manual tasks and undefined tasks: the engine just moves on."""

    def build(self, el: Element, ctx: ProcessBuild, scope: str | None) -> None:
        if not ctx.check_loops(el):
            return
        ctx.check_extensions(el, frozenset())
        ctx.add(
            Node(el.get("id") or "", NodeKind.PASS_THROUGH, scope, default_flow=el.get("default"))
        )

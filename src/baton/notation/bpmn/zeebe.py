"""zeebe (Camunda 8) extension elements, plus the Camunda 7 `camunda:*` task attributes.

Values are static, or FEEL when they start with `=`; FEEL is checked here (deploy time) and
evaluated by the engine's `feel` template language when the task is activated.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any
from xml.etree.ElementTree import Element

from baton.model.process import Template
from baton.model.user_task import FormSpec, Implementation, UserTaskSpec
from baton.notation.bpmn.builders.base import FEEL, ProcessBuild
from baton.notation.bpmn.document import camunda_attr, zeebe

EMBEDDED_FORM_PREFIX = "camunda-forms:bpmn:"
DEFAULT_PRIORITY = 50
DEFAULT_RETRIES = 3
BINDING_TYPES = ("latest", "deployment", "versionTag")

USER_TASK_EXTENSIONS = frozenset(
    {
        "userTask",
        "assignmentDefinition",
        "taskSchedule",
        "priorityDefinition",
        "formDefinition",
        "taskHeaders",
        "ioMapping",
        "taskListeners",
    }
)
JOB_EXTENSIONS = frozenset({"taskDefinition", "taskHeaders", "ioMapping"})


def is_feel(value: str) -> bool:
    return value.lstrip().startswith("=")


def feel_text(value: str) -> str:
    return value.lstrip()[1:].strip()


def value(ctx: ProcessBuild, el: Element, attribute: str, raw: str | None) -> str | None:
    """A zeebe attribute value, FEEL-checked; None when absent or blank (or invalid)."""
    if raw is None or not raw.strip():
        return None
    if not ctx.refuse.feel(el, attribute, raw):
        return None
    return raw


def camunda7(ctx: ProcessBuild, el: Element, name: str) -> str | None:
    """A `camunda:<name>` attribute; Camunda 7 (JUEL) expressions are refused."""
    raw = camunda_attr(el, name)
    if raw is None or not raw.strip():
        return None
    if "${" in raw or "#{" in raw:
        ctx.refuse.unsupported_part(
            el, f"Camunda 7 expression camunda:{name}={raw!r}", "use zeebe attributes with FEEL"
        )
        return None
    return raw


def headers(el: Element) -> dict[str, str]:
    found = zeebe(el, "taskHeaders")
    if found is None:
        return {}
    return {
        str(h.get("key")): h.get("value") or ""
        for h in found
        if h.tag.endswith("}header") and h.get("key")
    }


def io_mapping(ctx: ProcessBuild, el: Element) -> tuple[dict[str, Any], list[list[str]] | None]:
    """(inputs as a nested template of task-local variables, output pairs or None)."""
    found = zeebe(el, "ioMapping")
    inputs: dict[str, Any] = {}
    if found is None:
        return inputs, None
    outputs: list[list[str]] = []
    any_output = False
    for item in found:
        kind = item.tag.rsplit("}", 1)[-1]
        if kind not in ("input", "output"):
            continue
        source = item.get("source") or ""
        target = (item.get("target") or "").strip()
        if not target:
            ctx.refuse.element(el, f"zeebe:{kind} needs a target")
            continue
        checked = value(ctx, el, f"zeebe:{kind} {target} source", source)
        resolved: Any = checked if checked is not None else None
        if kind == "input":
            _set_nested(inputs, target, resolved)
        else:
            any_output = True
            outputs.append([target, source])
    return inputs, (outputs if any_output else None)


def _set_nested(values: dict[str, Any], target: str, item: Any) -> None:
    *parents, last = target.split(".")
    current = values
    for key in parents:
        nxt = current.get(key)
        if not isinstance(nxt, dict):
            nxt = current[key] = {}
        current = nxt
    current[last] = item


def task_definition(ctx: ProcessBuild, el: Element) -> tuple[str, int | str] | None:
    """(job type, retries) of `zeebe:taskDefinition`, or C7 external-task topic; else None.
    A FEEL job type or FEEL retries (`=expr`) stay text: `job_node` makes them expressions."""
    found = zeebe(el, "taskDefinition")
    if found is not None:
        job_type = (found.get("type") or "").strip()
        if not job_type:
            ctx.refuse.element(el, "zeebe:taskDefinition needs a type")
            return None
        if is_feel(job_type) and not ctx.refuse.feel(el, "zeebe:taskDefinition type", job_type):
            return None
        raw_retries = (found.get("retries") or str(DEFAULT_RETRIES)).strip()
        if is_feel(raw_retries):
            if not ctx.refuse.feel(el, "zeebe:taskDefinition retries", raw_retries):
                return None
            return job_type, raw_retries
        if not raw_retries.isdigit():
            ctx.refuse.element(el, f"zeebe:taskDefinition retries {raw_retries!r} must be a number")
            return None
        return job_type, int(raw_retries)
    if camunda_attr(el, "type") == "external":
        topic = camunda7(ctx, el, "topic")
        if topic:
            return topic, DEFAULT_RETRIES
    return None


# ---- user tasks ---------------------------------------------------------------------------


def user_task(
    ctx: ProcessBuild, el: Element
) -> tuple[dict[str, Any], UserTaskSpec, list[list[str]] | None]:
    """(input template, user task, output pairs) of a user task."""
    implementation = (
        Implementation.ZEEBE_USER_TASK
        if zeebe(el, "userTask") is not None
        else Implementation.JOB_WORKER
    )
    assignment = zeebe(el, "assignmentDefinition")
    schedule = zeebe(el, "taskSchedule")
    priority_def = zeebe(el, "priorityDefinition")

    def pick(z: Element | None, name: str) -> str | None:
        if z is not None and z.get(name) is not None:
            return value(ctx, el, f"zeebe:{z.tag.rsplit('}', 1)[-1]} {name}", z.get(name))
        return camunda7(ctx, el, name)

    def feel(raw: Any) -> Template | None:
        return Template(FEEL, raw) if raw is not None else None

    assignee = pick(assignment, "assignee")
    users = pick(assignment, "candidateUsers")
    groups = pick(assignment, "candidateGroups")
    due = _date(ctx, el, "dueDate", pick(schedule, "dueDate"))
    follow_up = _date(ctx, el, "followUpDate", pick(schedule, "followUpDate"))
    priority = _priority(ctx, el, pick(priority_def, "priority"))
    inputs, outputs = io_mapping(ctx, el)
    spec = UserTaskSpec(
        implementation,
        assignee=feel(assignee),
        candidate_users=feel(_list_template(users)),
        candidate_groups=feel(_list_template(groups)),
        due=feel(due),
        follow_up=feel(follow_up),
        priority=feel(priority),
        form=_form(ctx, el),
        headers=headers(el),
        display_name=feel(el.get("name") or el.get("id") or ""),
        auto_claim=feel(True) if assignee is not None else None,
    )
    return inputs, spec, outputs


def _date(ctx: ProcessBuild, el: Element, name: str, raw: str | None) -> str | None:
    if raw is None or is_feel(raw):
        return raw
    try:
        datetime.fromisoformat(raw.strip())
    except ValueError:
        ctx.refuse.element(
            el, f"{name} {raw!r} is not an ISO 8601 date-time (e.g. 2025-12-31T17:00:00Z)"
        )
        return None
    return raw.strip()


def _priority(ctx: ProcessBuild, el: Element, raw: str | None) -> int | str:
    if raw is None:
        return DEFAULT_PRIORITY
    if is_feel(raw):
        return raw
    text = raw.strip()
    if not text.isdigit() or not 0 <= int(text) <= 100:
        ctx.refuse.element(el, f"priority {raw!r} must be a whole number from 0 to 100")
        return DEFAULT_PRIORITY
    return int(text)


def _form(ctx: ProcessBuild, el: Element) -> FormSpec | None:
    found = zeebe(el, "formDefinition")
    if found is None:
        key = camunda7(ctx, el, "formKey")
        return FormSpec(form_key=key) if key else None
    given = {k: found.get(k) for k in ("formId", "formKey", "externalReference") if found.get(k)}
    if len(given) != 1:
        ctx.refuse.element(
            el, "zeebe:formDefinition needs exactly one of formId, formKey, externalReference"
        )
        return None
    if "formId" in given:
        form_id = str(given["formId"]).strip()
        binding = found.get("bindingType") or "latest"
        if binding not in BINDING_TYPES:
            ctx.refuse.element(el, f"bindingType {binding!r} must be one of {BINDING_TYPES}")
        tag = None
        if binding == "versionTag":
            tag = found.get("versionTag")
            if not tag:
                ctx.refuse.element(el, "bindingType versionTag needs a versionTag")
        if form_id not in ctx.form_ids:
            ctx.form_ids.append(form_id)
        return FormSpec(form_id=form_id, binding=binding, version_tag=tag)
    if "formKey" in given:
        key = str(given["formKey"]).strip()
        if not key.startswith(EMBEDDED_FORM_PREFIX):
            return FormSpec(form_key=key)
        embedded = key.removeprefix(EMBEDDED_FORM_PREFIX)
        if embedded not in ctx.embedded_forms:
            ctx.refuse.element(
                el,
                f"formKey {key!r} names embedded form {embedded!r}, which the process "
                "does not define (zeebe:userTaskForm)",
            )
        return FormSpec(form_key=key, embedded_form_id=embedded)
    ref = value(ctx, el, "zeebe:formDefinition externalReference", given["externalReference"])
    return FormSpec(external_reference=Template(FEEL, ref) if ref is not None else None)


def _list_template(raw: str | None) -> Any:
    """Candidate users/groups: a static comma list, or FEEL coerced to a list of strings."""
    if raw is None:
        return None
    if is_feel(raw):
        return f"= flatten([({feel_text(raw)})])[item != null]"
    return _split(raw)


def _split(raw: str) -> list[str]:
    return [item.strip() for item in raw.split(",") if item.strip()]

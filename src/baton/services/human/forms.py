"""The form of a human task: its template (for `withTemplate`) and checking an answer
against the template's JSON Schema before the task completes."""

from __future__ import annotations

from typing import Any

from sqlalchemy.engine import Connection

from baton.forms import validate_camunda_form, validate_json_schema
from baton.model.errors import InvalidInput
from baton.model.human_task import HumanTask
from baton.services.deployments import EMBEDDED_PREFIX
from baton.store import deployments, instances, templates
from baton.store.human_tasks import HumanTaskRow
from baton.store.templates import FormTemplate


def template_of(conn: Connection, task: HumanTask) -> FormTemplate | None:
    """The template a task shows; version 0 (the SDK builders' default) means the latest."""
    form = task.definition.form
    if form is None:
        return None
    if form.version:
        return templates.get(conn, form.name, form.version)
    return templates.latest(conn, form.name)


def camunda_form_of(conn: Connection, row: HumanTaskRow) -> dict[str, Any] | None:
    """The Camunda form of a BPMN user task: embedded (`camunda-forms:bpmn:<id>`) or deployed
    (`formId`, by its `bindingType`: `latest`; `deployment`, the version that was current when
    the task's process version was deployed; `versionTag`, the version carrying that tag)."""
    form = row.user_task.form if row.user_task is not None else None
    if form is None:
        return None
    if form.form_key is not None and form.form_key.startswith(EMBEDDED_PREFIX):
        return deployments.latest_form(conn, form.form_key)
    form_id = form.form_id
    if form_id is None:
        return None
    binding = form.binding
    if binding == "versionTag":
        return deployments.form_with_tag(conn, form_id, form.version_tag or "")
    if binding == "deployment":
        instance = instances.load_instance(conn, row.instance_id)
        process = (
            deployments.process_by_version(conn, instance.def_name, instance.def_version)
            if instance is not None
            else None
        )
        if process is not None:
            return deployments.form_as_of(conn, form_id, process["created_at"])
    return deployments.latest_form(conn, form_id)


def check_output(
    conn: Connection, row: HumanTaskRow, task: HumanTask, output: dict[str, Any]
) -> None:
    """Refuse an answer that does not fit the form (400, one message per field)."""
    template = template_of(conn, task)
    if template is not None:
        errors = validate_json_schema(template["json_schema"], output)
        name = f"{template['name']} v{template['version']}"
    else:
        form = camunda_form_of(conn, row)
        if form is None:
            return
        errors = validate_camunda_form(form["schema"], output)
        name = f"{form['form_id']} v{form['version']}"
    if errors:
        summary = "; ".join(f"{e.path}: {e.message}" for e in errors[:5])
        raise InvalidInput(f"the output does not fit form {name}: {summary}", errors=errors)

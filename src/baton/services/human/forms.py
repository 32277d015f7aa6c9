"""The form of a human task: its template (for `withTemplate`) and checking an answer
against the template's JSON Schema before the task completes."""

from __future__ import annotations

from typing import Any

from sqlalchemy.engine import Connection

from baton.forms import validate_camunda_form, validate_json_schema
from baton.model.errors import InvalidInput
from baton.model.human_task import HumanTask
from baton.services.deployments import EMBEDDED_PREFIX
from baton.store import deployments, templates
from baton.store.templates import FormTemplate


def template_of(conn: Connection, task: HumanTask) -> FormTemplate | None:
    """The template a task shows; version 0 (the SDK builders' default) means the latest."""
    form = task.definition.form
    if form is None:
        return None
    if form.version:
        return templates.get(conn, form.name, form.version)
    return templates.latest(conn, form.name)


def camunda_form_of(conn: Connection, task_input: dict[str, Any]) -> dict[str, Any] | None:
    """The Camunda form of a BPMN user task: embedded (`camunda-forms:bpmn:<id>`) or deployed
    (`formId`, its latest version: Baton keeps no deployment or version-tag binding yet)."""
    user_task = task_input.get("__userTask")
    if not isinstance(user_task, dict):
        return None
    form_key = user_task.get("formKey")
    if isinstance(form_key, str) and form_key.startswith(EMBEDDED_PREFIX):
        return deployments.latest_form(conn, form_key)
    form_id = user_task.get("formId")
    if isinstance(form_id, str):
        return deployments.latest_form(conn, form_id)
    return None


def check_output(
    conn: Connection, task: HumanTask, task_input: dict[str, Any], output: dict[str, Any]
) -> None:
    """Refuse an answer that does not fit the form (400, one message per field)."""
    template = template_of(conn, task)
    if template is not None:
        errors = validate_json_schema(template["json_schema"], output)
        name = f"{template['name']} v{template['version']}"
    else:
        form = camunda_form_of(conn, task_input)
        if form is None:
            return
        errors = validate_camunda_form(form["schema"], output)
        name = f"{form['form_id']} v{form['version']}"
    if errors:
        summary = "; ".join(f"{e.path}: {e.message}" for e in errors[:5])
        raise InvalidInput(f"the output does not fit form {name}: {summary}", errors=errors)

"""The form of a human task: its template (for `withTemplate`) and checking an answer
against the template's JSON Schema before the task completes."""

from __future__ import annotations

from typing import Any

from sqlalchemy.engine import Connection

from baton.forms import validate_json_schema
from baton.model.errors import InvalidInput
from baton.model.human_task import HumanTask
from baton.store import templates
from baton.store.templates import FormTemplate


def template_of(conn: Connection, task: HumanTask) -> FormTemplate | None:
    """The template a task shows; version 0 (the SDK builders' default) means the latest."""
    form = task.definition.form
    if form is None:
        return None
    if form.version:
        return templates.get(conn, form.name, form.version)
    return templates.latest(conn, form.name)


def check_output(conn: Connection, task: HumanTask, output: dict[str, Any]) -> None:
    """Refuse an answer that does not fit the form (400, one message per field)."""
    template = template_of(conn, task)
    if template is None:
        return
    errors = validate_json_schema(template["json_schema"], output)
    if errors:
        summary = "; ".join(f"{e.path}: {e.message}" for e in errors[:5])
        raise InvalidInput(
            f"the output does not fit form {template['name']} v{template['version']}: {summary}",
            errors=errors,
        )

"""Views of a human task from outside it: the Conductor task behind it, and its form."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from baton.model.errors import NotFound
from baton.model.human_task import HumanTask
from baton.model.identity import Caller
from baton.model.instance import InstanceState
from baton.services.context import ServiceContext
from baton.services.human import commands, forms
from baton.services.instance_views import TaskView
from baton.store import instances
from baton.store.human_tasks import HumanTaskRow
from baton.store.templates import FormTemplate


@dataclass(frozen=True)
class TaskForm:
    """The form a human task shows: an Orkes template, else a BPMN task's Camunda form (its
    deployed form row), else neither."""

    template: FormTemplate | None
    camunda: dict[str, Any] | None


def conductor_task(ctx: ServiceContext, caller: Caller, task_id: str) -> tuple[TaskView, HumanTask]:
    """The Conductor task behind a human task the caller may see, and the human task."""
    row, task = commands.get(ctx, caller, task_id)
    with ctx.db.read() as conn:
        found = instances.load_instance(conn, row.instance_id)
        if found is None:
            raise NotFound(f"Workflow {row.instance_id} not found")
        definition, _ = ctx.definitions.get(
            conn, found.def_name, found.def_version, found.def_stamp
        )
    state = InstanceState.from_dict(found.state)
    activity = state.activities.get(task_id)
    if activity is None:
        raise NotFound(f"Task {task_id} not found in workflow {row.instance_id}")
    return TaskView(definition, state, activity), task


def task_form(ctx: ServiceContext, row: HumanTaskRow, task: HumanTask) -> TaskForm:
    """The task's form, for `withTemplate`."""
    with ctx.db.read() as conn:
        template = forms.template_of(conn, task)
        camunda = forms.camunda_form_of(conn, row) if template is None else None
    return TaskForm(template, camunda)

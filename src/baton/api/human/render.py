"""The Orkes `HumanTaskEntry` wire shape (seed 000), and the Conductor task behind one."""

from __future__ import annotations

import json
from typing import Any

from baton.api.conductor.render import task_json
from baton.api.human.wire import (
    assignee_json,
    claimant_json,
    definition_json,
    process_context,
    template_json,
)
from baton.clock import iso_ms
from baton.model import human_task as model
from baton.model.actor_text import parse_audit
from baton.model.human_task import HumanTask
from baton.model.query import Page
from baton.services.human.conductor_view import TaskForm
from baton.services.instance_views import TaskView
from baton.store.human_tasks import HumanTaskRow

DEFINITION_INPUT = "__humanTaskDefinition"


def _bare(owner: str | None) -> str | None:
    """`USER:jane@x` → `jane@x`: Orkes shows createdBy/updatedBy as the plain id."""
    return None if owner is None else parse_audit(owner).id


def entry_json(
    row: HumanTaskRow,
    task: HumanTask,
    *,
    with_definition: bool = True,
    full_template: dict[str, Any] | None = None,
) -> dict[str, Any]:
    created_by = _bare(row.owner)
    last = task.action_log[-1].acted_by if task.action_log else model.SYSTEM
    updated_by = created_by if last == model.SYSTEM else last.id
    entry: dict[str, Any] = {
        "createdBy": created_by,
        "updatedBy": updated_by,
        "taskId": row.id,
        "state": task.state.value,
        "displayName": row.display_name,
        "definitionName": row.definition_name,
        "workflowId": row.instance_id,
        "workflowName": row.workflow_name,
        "taskRefName": row.ref_name,
    }
    assignee = assignee_json(task)
    if assignee is not None:
        entry["assignee"] = assignee
    claimant = claimant_json(task)
    if claimant is not None:
        entry["claimant"] = claimant
    if with_definition:
        definition = definition_json(task.definition)
        if full_template is not None:
            definition["fullTemplate"] = full_template
        entry["humanTaskDef"] = definition
    shown = dict(row.input)
    if row.user_task is not None and row.user_task.implementation.is_camunda:
        # an Orkes client finds every human task's policy in its input, as for HUMAN tasks
        shown[DEFINITION_INPUT] = definition_json(task.definition)
    entry["input"] = {
        **shown,
        "_createdBy": created_by,
        "__humanTaskProcessContext": process_context(task),
    }
    entry["output"] = dict(task.output)
    # Camunda user-task attributes of BPMN tasks (Baton's additions to the Orkes shape)
    if row.due_at is not None:
        entry["dueDate"] = iso_ms(row.due_at)
    if row.follow_up_at is not None:
        entry["followUpDate"] = iso_ms(row.follow_up_at)
    if row.priority is not None:
        entry["priority"] = row.priority
    if row.form_key is not None:
        entry["formKey"] = row.form_key
    if row.headers:
        entry["customHeaders"] = json.loads(row.headers)
    if row.owner and row.owner.startswith("APPLICATION:"):
        entry["ownerApp"] = _bare(row.owner)
    entry["createdOn"] = row.created_at
    entry["updatedOn"] = row.updated_at
    return {k: v for k, v in entry.items() if v is not None}


def search_result_json(page: Page[tuple[HumanTaskRow, HumanTask]], size: int) -> dict[str, Any]:
    """`totalHits` is capped as the count is (`Page.capped`): 10,000 reads "10,000 or more"."""
    results = [entry_json(row, task, with_definition=False) for row, task in page.items]
    return {
        "totalHits": page.total,
        "hits": len(results),
        "start": page.offset,
        "pageSizeLimit": size,
        "results": results,
    }


def conductor_task_json(view: TaskView, task: HumanTask) -> dict[str, Any]:
    """Conductor's `Task`, its input showing the human task's `__humanTaskProcessContext`."""
    rendered = task_json(view)
    rendered["inputData"] = {
        **rendered.get("inputData", {}),
        "__humanTaskProcessContext": process_context(task),
    }
    return rendered


def full_template_json(form: TaskForm) -> dict[str, Any] | None:
    """`humanTaskDef.fullTemplate`: an Orkes template, or a BPMN task's Camunda form."""
    if form.template is not None:
        return template_json(form.template)
    camunda = form.camunda
    if camunda is None:
        return None
    return {
        "name": camunda["form_id"],
        "version": camunda["version"],
        "formKey": str(camunda["key"]),
        "type": "CAMUNDA_FORM",
        "schema": camunda["schema"],
    }

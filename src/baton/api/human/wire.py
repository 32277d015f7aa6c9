"""The Orkes wire shapes of a human task's parts (seed 000), which `render` assembles.

Absent values are left out rather than sent as null, as in the seeds (`assigneeIndex` once the
task is open to anyone, `assignee`/`claimant` on log entries that have none). Orkes tiers have one
assignee; a Camunda-style tier with several candidates shows its first one here.
"""

from __future__ import annotations

from typing import Any

from baton.model.actor_text import acted_by_text
from baton.model.human_task import (
    ActionLogEntry,
    HumanTask,
    HumanTaskDefinition,
    Principal,
    Tier,
    TriggerLogEntry,
)
from baton.store.templates import FormTemplate


def user_json(principal: Principal) -> dict[str, str]:
    """`HumanTaskUser`: `{userType, user}`."""
    return {"userType": principal.user_type.value, "user": principal.user}


def assignee_json(task: HumanTask) -> dict[str, str] | None:
    """The entry's top-level `assignee` (None → leave the key out)."""
    return None if task.assignee is None else user_json(task.assignee)


def claimant_json(task: HumanTask) -> dict[str, str] | None:
    """The entry's top-level `claimant` (None → leave the key out)."""
    return None if task.claimant is None else user_json(task.claimant)


def process_context(task: HumanTask) -> dict[str, Any]:
    """`input.__humanTaskProcessContext`."""
    context: dict[str, Any] = {
        "state": task.state.value,
        "lastUpdated": task.last_updated,
        "humanTaskTriggerLog": [trigger_log_json(e) for e in task.trigger_log],
        "humanTaskActionLogs": [action_log_json(e) for e in task.action_log],
    }
    if task.assignee_index is not None:
        context["assigneeIndex"] = task.assignee_index
    context["skippedAssigneeIndexes"] = list(task.skipped)
    context["assignmentsCompleted"] = task.assignments_completed
    return context


def action_log_json(entry: ActionLogEntry) -> dict[str, Any]:
    """One `humanTaskActionLogs` entry; `reason` (Baton's addition) only for a skip with one."""
    out: dict[str, Any] = {
        "id": entry.id,
        "state": entry.state.value,
        "stateStart": entry.state_start,
    }
    if entry.assignee is not None:
        out["assignee"] = user_json(entry.assignee)
    if entry.claimant is not None:
        out["claimant"] = user_json(entry.claimant)
    out["action"] = entry.action.value
    out["actedBy"] = acted_by_text(entry.acted_by)
    if entry.reason is not None:
        out["reason"] = entry.reason
    return out


def trigger_log_json(entry: TriggerLogEntry) -> dict[str, Any]:
    """One `humanTaskTriggerLog` entry. Orkes never shows one; this shape is Baton's."""
    out: dict[str, Any] = {
        "id": entry.id,
        "triggerType": entry.trigger_type.value,
        "time": entry.time,
        "workflowName": entry.workflow_name,
    }
    if entry.workflow_id is not None:
        out["workflowId"] = entry.workflow_id
    if entry.error is not None:
        out["error"] = entry.error
    return out


def definition_json(definition: HumanTaskDefinition) -> dict[str, Any]:
    """`humanTaskDef` (without `fullTemplate`, which `render` adds with `withTemplate`)."""
    out: dict[str, Any] = {
        "assignments": [_tier_json(tier) for tier in definition.tiers],
    }
    if definition.form is not None:
        out["userFormTemplate"] = {"name": definition.form.name, "version": definition.form.version}
    out["assignmentCompletionStrategy"] = definition.completion_strategy.value
    if definition.display_name is not None:
        out["displayName"] = definition.display_name
    if definition.auto_claim:
        out["autoClaim"] = True
    if definition.triggers:
        out["taskTriggers"] = [
            {
                "triggerType": t.trigger_type.value,
                "startWorkflowRequest": dict(t.start_workflow_request),
            }
            for t in definition.triggers
        ]
    return out


def _tier_json(tier: Tier) -> dict[str, Any]:
    """An Orkes assignment; a tier of several candidates also lists them all (`candidates`)."""
    out: dict[str, Any] = {"assignee": user_json(tier.candidates[0])}
    if len(tier.candidates) > 1:
        out["candidates"] = [user_json(c) for c in tier.candidates]
    out["slaMinutes"] = tier.sla_minutes
    return out


def template_json(template: FormTemplate) -> dict[str, Any]:
    """The Orkes `HumanTaskTemplate` shape (also `humanTaskDef.fullTemplate` of a task)."""
    body: dict[str, Any] = {
        "createTime": template["created_at"],
        "updateTime": template["updated_at"],
        "createdBy": template["created_by"],
        "updatedBy": template["updated_by"],
        "name": template["name"],
        "version": template["version"],
        "jsonSchema": template["json_schema"],
        "templateUI": template["template_ui"],
    }
    if template["owner_app"]:
        body["ownerApp"] = template["owner_app"]
    body["tags"] = [{"key": t["key"], "value": t["value"]} for t in template["tags"]]
    return body

"""A human task as a JSON document for the store (`to_dict`/`from_dict`), versioned.

This is Baton's own storage shape (snake_case, lossless: tiers keep all their candidates), not
the Orkes wire shape (`wire.py`). `from_dict` reads only documents `to_dict` wrote; it raises
`ValueError` for an unknown schema version and `KeyError`/`ValueError` for damaged ones.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from baton.model.actor_text import acted_by_text, parse_acted_by
from baton.model.human_task.policy import (
    CompletionStrategy,
    FormRef,
    HumanTaskDefinition,
    Principal,
    Tier,
    Trigger,
    TriggerType,
    UserType,
)
from baton.model.human_task.task import (
    Action,
    ActionLogEntry,
    HumanTask,
    HumanTaskState,
    TriggerLogEntry,
)

SCHEMA_VERSION = 1


def to_dict(task: HumanTask) -> dict[str, Any]:
    return {
        "schema": SCHEMA_VERSION,
        "definition": definition_to_dict(task.definition),
        "state": task.state.value,
        "assignee_index": task.assignee_index,
        "assignments_completed": task.assignments_completed,
        "skipped": list(task.skipped),
        "assignee_override": _principal_out(task.assignee_override),
        "claimant": _principal_out(task.claimant),
        "offer": task.offer,
        "offered_at": task.offered_at,
        "output": dict(task.output),
        "action_log": [_entry_out(e) for e in task.action_log],
        "trigger_log": [_trigger_entry_out(e) for e in task.trigger_log],
        "created_at": task.created_at,
        "last_updated": task.last_updated,
    }


def from_dict(data: Mapping[str, Any]) -> HumanTask:
    if data.get("schema") != SCHEMA_VERSION:
        raise ValueError(f"unknown human task document version {data.get('schema')!r}")
    return HumanTask(
        definition=definition_from_dict(data["definition"]),
        state=HumanTaskState(data["state"]),
        assignee_index=data["assignee_index"],
        assignments_completed=bool(data["assignments_completed"]),
        skipped=tuple(int(i) for i in data["skipped"]),
        assignee_override=_principal_in(data["assignee_override"]),
        claimant=_principal_in(data["claimant"]),
        offer=int(data["offer"]),
        offered_at=int(data["offered_at"]),
        output=dict(data["output"]),
        action_log=tuple(_entry_in(e) for e in data["action_log"]),
        trigger_log=tuple(_trigger_entry_in(e) for e in data["trigger_log"]),
        created_at=int(data["created_at"]),
        last_updated=int(data["last_updated"]),
    )


def definition_to_dict(definition: HumanTaskDefinition) -> dict[str, Any]:
    form = definition.form
    return {
        "tiers": [
            {
                "candidates": [_principal_out(c) for c in tier.candidates],
                "sla_minutes": tier.sla_minutes,
            }
            for tier in definition.tiers
        ],
        "completion_strategy": definition.completion_strategy.value,
        "auto_claim": definition.auto_claim,
        "display_name": definition.display_name,
        "form": None if form is None else {"name": form.name, "version": form.version},
        "triggers": [
            {
                "trigger_type": t.trigger_type.value,
                "start_workflow_request": dict(t.start_workflow_request),
            }
            for t in definition.triggers
        ],
    }


def definition_from_dict(data: Mapping[str, Any]) -> HumanTaskDefinition:
    form = data["form"]
    return HumanTaskDefinition(
        tiers=tuple(
            Tier(
                tuple(_required_principal(c) for c in tier["candidates"]),
                int(tier["sla_minutes"]),
            )
            for tier in data["tiers"]
        ),
        completion_strategy=CompletionStrategy(data["completion_strategy"]),
        auto_claim=bool(data["auto_claim"]),
        display_name=data["display_name"],
        form=None if form is None else FormRef(form["name"], int(form["version"])),
        triggers=tuple(
            Trigger(TriggerType(t["trigger_type"]), dict(t["start_workflow_request"]))
            for t in data["triggers"]
        ),
    )


def _principal_out(principal: Principal | None) -> dict[str, str] | None:
    if principal is None:
        return None
    return {"user_type": principal.user_type.value, "user": principal.user}


def _principal_in(data: Mapping[str, Any] | None) -> Principal | None:
    return None if data is None else _required_principal(data)


def _required_principal(data: Mapping[str, Any]) -> Principal:
    return Principal(UserType(data["user_type"]), str(data["user"]))


def _entry_out(entry: ActionLogEntry) -> dict[str, Any]:
    return {
        "id": entry.id,
        "state": entry.state.value,
        "state_start": entry.state_start,
        "action": entry.action.value,
        "acted_by": acted_by_text(entry.acted_by),
        "assignee": _principal_out(entry.assignee),
        "claimant": _principal_out(entry.claimant),
        "reason": entry.reason,
    }


def _entry_in(data: Mapping[str, Any]) -> ActionLogEntry:
    return ActionLogEntry(
        id=str(data["id"]),
        state=HumanTaskState(data["state"]),
        state_start=int(data["state_start"]),
        action=Action(data["action"]),
        acted_by=parse_acted_by(str(data["acted_by"])),
        assignee=_principal_in(data["assignee"]),
        claimant=_principal_in(data["claimant"]),
        reason=data["reason"],
    )


def _trigger_entry_out(entry: TriggerLogEntry) -> dict[str, Any]:
    return {
        "id": entry.id,
        "trigger_type": entry.trigger_type.value,
        "time": entry.time,
        "workflow_name": entry.workflow_name,
        "workflow_id": entry.workflow_id,
        "error": entry.error,
    }


def _trigger_entry_in(data: Mapping[str, Any]) -> TriggerLogEntry:
    return TriggerLogEntry(
        id=str(data["id"]),
        trigger_type=TriggerType(data["trigger_type"]),
        time=int(data["time"]),
        workflow_name=str(data["workflow_name"]),
        workflow_id=data["workflow_id"],
        error=data["error"],
    )

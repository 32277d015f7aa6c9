"""The Orkes wire shapes, checked against the three responses of seed 000 (claim)."""

import json
import re
from pathlib import Path

import pytest

from baton.api.human.wire import assignee_json, claimant_json, definition_json, process_context
from baton.model.human_task import (
    CompletionStrategy,
    FormRef,
    HumanTaskDefinition,
    Principal,
    Tier,
    Trigger,
    TriggerType,
    UserType,
    claim,
    create,
    parse_definition,
    record_trigger,
    release,
    skip,
)

SHARED = Path(__file__).resolve().parents[3].parent / "shared"
SEED_CLAIM = (
    next(iter(sorted((SHARED / "seeds").glob("000_*.txt"))), None) if SHARED.exists() else None
)


def seed_responses():
    if SEED_CLAIM is None:
        pytest.skip("shared seeds not present")
    text = SEED_CLAIM.read_text(encoding="utf-8")
    return [json.loads(block) for block in re.findall(r"``` json\n(.*?)```", text, re.S)]


def replay(response):
    """Rebuild a seed response's task from its input and action log, with its ids and times."""
    context = response["input"]["__humanTaskProcessContext"]
    logs = context["humanTaskActionLogs"]
    ids = iter(entry["id"] for entry in logs)
    definition = parse_definition(response["input"]["__humanTaskDefinition"])
    created = create(definition, now=logs[0]["stateStart"], new_id=lambda: next(ids))
    claimant = logs[1]["claimant"]
    by = Principal(UserType(claimant["userType"]), claimant["user"])
    return claim(
        created.task, by, override=True, now=logs[1]["stateStart"], new_id=lambda: next(ids)
    ).task


@pytest.mark.parametrize("example", [0, 1, 2])
def test_process_context_matches_seed_000(example):
    response = seed_responses()[example]
    task = replay(response)
    assert process_context(task) == response["input"]["__humanTaskProcessContext"]
    assert json.dumps(process_context(task)) == json.dumps(
        response["input"]["__humanTaskProcessContext"]
    ), "key order as in the seed"


@pytest.mark.parametrize("example", [0, 1, 2])
def test_assignee_and_claimant_match_seed_000(example):
    response = seed_responses()[example]
    task = replay(response)
    assert assignee_json(task) == response.get("assignee")
    assert claimant_json(task) == response["claimant"]


@pytest.mark.parametrize("example", [0, 1, 2])
def test_definition_matches_seed_000(example):
    response = seed_responses()[example]
    expected = {k: v for k, v in response["humanTaskDef"].items() if k != "fullTemplate"}
    for assignment in expected["assignments"]:
        assignment.setdefault("slaMinutes", 0)  # the seed's input left it out; we show the 0
    assert definition_json(replay(response).definition) == expected


def test_definition_json_shows_auto_claim_and_triggers():
    trigger = Trigger(TriggerType.COMPLETED, {"name": "notify", "version": 1})
    definition = HumanTaskDefinition(
        (Tier((Principal(UserType.CONDUCTOR_GROUP, "ENG"),), 10),),
        CompletionStrategy.TERMINATE,
        auto_claim=True,
        display_name="Loan",
        form=FormRef("Approval", 2),
        triggers=(trigger,),
    )
    assert definition_json(definition) == {
        "assignments": [
            {"assignee": {"userType": "CONDUCTOR_GROUP", "user": "ENG"}, "slaMinutes": 10}
        ],
        "userFormTemplate": {"name": "Approval", "version": 2},
        "assignmentCompletionStrategy": "TERMINATE",
        "displayName": "Loan",
        "autoClaim": True,
        "taskTriggers": [
            {"triggerType": "COMPLETED", "startWorkflowRequest": {"name": "notify", "version": 1}}
        ],
    }
    assert parse_definition(definition_json(definition)) == definition


def test_skip_reason_and_trigger_log_entries():
    jane = Principal(UserType.CONDUCTOR_USER, "jane@x")
    definition = HumanTaskDefinition((Tier((jane,), 5), Tier((jane,), 0)))
    ids = iter(f"id-{n}" for n in range(100))
    task = create(definition, now=1, new_id=lambda: next(ids)).task
    task = skip(task, jane.actor, reason="away", now=2, new_id=lambda: next(ids)).task
    trigger = Trigger(TriggerType.ASSIGNED, {"name": "notify"})
    task = record_trigger(task, trigger, now=3, new_id=lambda: next(ids), error="no such workflow")
    context = process_context(task)
    assert context["humanTaskActionLogs"][1] == {
        "id": "id-1",
        "state": "PENDING",
        "stateStart": 2,
        "assignee": {"userType": "CONDUCTOR_USER", "user": "jane@x"},
        "action": "SKIP",
        "actedBy": "CONDUCTOR_USER:jane@x",
        "reason": "away",
    }
    assert context["humanTaskTriggerLog"] == [
        {
            "id": "id-3",
            "triggerType": "ASSIGNED",
            "time": 3,
            "workflowName": "notify",
            "error": "no such workflow",
        }
    ]
    assert context["assigneeIndex"] == 1 and context["skippedAssigneeIndexes"] == [0]


def test_release_entry_shows_the_released_claimant():
    jane = Principal(UserType.CONDUCTOR_USER, "jane@x")
    ids = iter(f"id-{n}" for n in range(100))
    task = create(HumanTaskDefinition(), now=1, new_id=lambda: next(ids)).task
    task = claim(task, jane, now=2, new_id=lambda: next(ids)).task
    task = release(task, jane.actor, now=3, new_id=lambda: next(ids)).task
    logs = process_context(task)["humanTaskActionLogs"]
    assert [(e["action"], e["state"]) for e in logs] == [
        ("ASSIGNMENTS_COMPLETED", "ASSIGNED"),
        ("CLAIM", "IN_PROGRESS"),
        ("RELEASE", "PENDING"),
        ("ASSIGNMENTS_COMPLETED", "ASSIGNED"),
    ]
    assert logs[2]["claimant"] == {"userType": "CONDUCTOR_USER", "user": "jane@x"}
    assert "claimant" not in logs[3] and "assigneeIndex" not in process_context(task)

from baton.engine import TaskKind, TaskScheduled
from baton.model.status import InstanceStatus, TaskStatus
from baton.model.user_task import Implementation

HUMAN_DEF = {
    "displayName": "Loan approval",
    "userFormTemplate": {"name": "Approval", "version": 1},
    "assignmentCompletionStrategy": "LEAVE_OPEN",
    "assignments": [{"assignee": {"user": "ENG", "userType": "CONDUCTOR_GROUP"}, "slaMinutes": 10}],
}


def wf(*tasks):
    return {"name": "loan", "version": 2, "tasks": list(tasks)}


def human(ref="approve_ref", **params):
    return {
        "name": "approve",
        "taskReferenceName": ref,
        "type": "HUMAN",
        "inputParameters": {"__humanTaskDefinition": HUMAN_DEF, **params},
    }


def test_human_task_waits_in_progress_carrying_its_definition(drive):
    d = drive(wf(human(amount="${workflow.input.amount}", approve="")))
    changes = d.start({"amount": 1200})
    scheduled = next(c for c in changes if isinstance(c, TaskScheduled))
    assert scheduled.kind is TaskKind.HUMAN
    assert scheduled.task_type == "HUMAN"
    assert scheduled.def_name == "approve"
    assert scheduled.status is TaskStatus.IN_PROGRESS
    assert scheduled.input == {"__humanTaskDefinition": HUMAN_DEF, "amount": 1200, "approve": ""}
    assert scheduled.queue is None
    assert d.task("approve_ref").start_time > 0
    assert scheduled.user_task is not None
    assert scheduled.user_task.implementation is Implementation.HUMAN
    assert scheduled.user_task.policy() == HUMAN_DEF


def test_the_human_task_definition_is_resolved_with_the_task(drive):
    dynamic = {
        **HUMAN_DEF,
        "displayName": "Approve ${workflow.input.amount}",
        "assignments": "${workflow.input.tiers}",
    }
    step = {**human(), "inputParameters": {"__humanTaskDefinition": dynamic}}
    tiers = [{"assignee": {"user": "ann", "userType": "CONDUCTOR_USER"}, "slaMinutes": 0}]
    changes = drive(wf(step)).start({"amount": 7, "tiers": tiers})
    scheduled = next(c for c in changes if isinstance(c, TaskScheduled))
    assert scheduled.user_task is not None
    resolved = scheduled.user_task.policy()
    assert resolved["displayName"] == "Approve 7"
    assert resolved["assignments"] == tiers
    assert scheduled.input["__humanTaskDefinition"] == resolved  # Orkes clients still see it


def test_completing_the_human_task_passes_its_output_on(drive):
    follow = {
        "name": "notify",
        "taskReferenceName": "notify",
        "inputParameters": {"approved": "${approve_ref.output.approve}"},
    }
    d = drive(wf(human(), follow))
    d.start()
    d.complete("approve_ref", {"approve": True, "comments": "ok"})
    assert d.task("notify").input == {"approved": True}


def test_human_task_failure_without_retries_fails_the_workflow(drive):
    d = drive(wf(human()))
    d.start()
    d.fail("approve_ref", "rejected by system")
    assert d.status is InstanceStatus.FAILED

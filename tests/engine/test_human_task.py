from baton.engine import TaskKind, TaskScheduled
from baton.model.status import InstanceStatus, TaskStatus

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

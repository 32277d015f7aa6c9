from baton.engine import InstanceTerminated
from baton.model.status import InstanceStatus, TaskStatus


def simple(ref):
    return {"name": ref, "taskReferenceName": ref, "type": "SIMPLE"}


def terminate(ref="stop", **params):
    return {"name": "t", "taskReferenceName": ref, "type": "TERMINATE", "inputParameters": params}


def wf(*tasks):
    return {"name": "wf", "version": 1, "tasks": list(tasks)}


def test_terminate_completed_ends_the_workflow_with_its_output(drive):
    stop = terminate(terminationStatus="COMPLETED", workflowOutput={"r": "${a.output.r}"})
    d = drive(wf(simple("a"), stop, simple("never")))
    d.start()
    d.complete("a", {"r": 42})
    assert d.status is InstanceStatus.COMPLETED
    assert d.state.output == {"r": 42}
    assert d.task("stop").output == {"r": 42}
    assert "never" not in d.statuses()


def test_terminate_failed_records_the_reason(drive):
    d = drive(wf(terminate(terminationStatus="FAILED", terminationReason="invalid order")))
    d.start()
    assert d.status is InstanceStatus.FAILED
    assert d.state.reason == "invalid order"


def test_terminate_inside_a_fork_cancels_the_other_branch(drive):
    fork = {
        "name": "f",
        "taskReferenceName": "f",
        "type": "FORK_JOIN",
        "forkTasks": [[simple("slow")], [terminate(terminationStatus="TERMINATED")]],
    }
    join = {"name": "j", "taskReferenceName": "j", "type": "JOIN", "joinOn": ["slow"]}
    d = drive(wf(fork, join))
    changes = d.start()
    assert d.status is InstanceStatus.TERMINATED
    assert d.task("slow").status is TaskStatus.CANCELED
    assert isinstance(changes[-1], InstanceTerminated)


def test_termination_status_can_be_an_expression(drive):
    d = drive(wf(terminate(terminationStatus="${workflow.input.end}", workflowOutput="done")))
    d.start({"end": "COMPLETED"})
    assert d.status is InstanceStatus.COMPLETED
    assert d.state.output == {"output": "done"}


def test_an_invalid_termination_status_at_run_time_fails_the_workflow(drive):
    d = drive(wf(terminate(terminationStatus="${workflow.input.end}")))
    d.start({"end": "MAYBE"})
    assert d.status is InstanceStatus.FAILED
    assert "not valid" in d.state.reason

from baton.engine import (
    CompleteTask,
    InstanceCompleted,
    InstanceStarted,
    TaskKind,
    TaskScheduled,
    TaskStarted,
    TaskUpdated,
)
from baton.model.status import InstanceStatus, TaskStatus
from baton.model.task_def import TaskDef


def simple(ref, **extra):
    return {"name": ref, "taskReferenceName": ref, "type": "SIMPLE", **extra}


def wf(*tasks, **extra):
    return {"name": "wf", "version": 1, "tasks": list(tasks), **extra}


def test_simple_task_is_scheduled_as_a_job_on_its_name_queue(drive):
    d = drive(wf({"name": "charge", "taskReferenceName": "charge_ref"}))
    changes = d.start({"amount": 5}, correlation_id="order-1")
    started, scheduled = changes
    assert isinstance(started, InstanceStarted)
    assert started.correlation_id == "order-1"
    assert isinstance(scheduled, TaskScheduled)
    assert scheduled.kind is TaskKind.JOB
    assert scheduled.queue == "charge"
    assert scheduled.task_type == "charge"
    assert scheduled.ref_name == "charge_ref"
    assert scheduled.status is TaskStatus.SCHEDULED
    assert scheduled.response_timeout_seconds == 3600
    assert d.status is InstanceStatus.RUNNING


def test_completing_the_last_task_completes_the_workflow_with_its_output(drive):
    d = drive(wf(simple("a"), simple("b")))
    d.start()
    d.complete("a", {"x": 1})
    assert d.open_refs() == ["b"]
    changes = d.complete("b", {"y": 2})
    assert d.status is InstanceStatus.COMPLETED
    assert d.state.output == {"y": 2}
    assert isinstance(changes[-1], InstanceCompleted)
    assert d.state.end_time > 0


def test_task_input_resolves_expressions_from_workflow_and_previous_tasks(drive):
    d = drive(
        wf(
            simple("a", inputParameters={"n": "${workflow.input.name}"}),
            simple(
                "b",
                inputParameters={
                    "greeting": "Hello ${workflow.input.name}!",
                    "first": "${a.output.items[0].id}",
                    "count": "${a.output.items.length()}",
                    "wid": "${workflow.workflowId}",
                    "missing": "${a.output.nothing}",
                },
            ),
        )
    )
    d.start({"name": "Ada"})
    assert d.task("a").input == {"n": "Ada"}
    d.complete("a", {"items": [{"id": 7}, {"id": 8}]})
    assert d.task("b").input == {
        "greeting": "Hello Ada!",
        "first": 7,
        "count": 2,
        "wid": d.state.instance_id,
        "missing": None,
    }


def test_worker_poll_marks_the_task_in_progress(drive):
    d = drive(wf(simple("a")))
    d.start()
    d.clock.advance(2)
    changes = d.poll("a", "worker-7")
    assert changes == [TaskStarted(d.task("a").id, "worker-7")]
    a = d.task("a")
    assert a.status is TaskStatus.IN_PROGRESS
    assert a.worker_id == "worker-7"
    assert a.poll_count == 1
    assert a.start_time - a.scheduled_time == 2000


def test_in_progress_update_merges_output_and_keeps_the_task_open(drive):
    d = drive(wf(simple("a")))
    d.start()
    changes = d.run(
        CompleteTask(d.task("a").id, {"p": 1}, TaskStatus.IN_PROGRESS, callback_after_seconds=30)
    )
    assert isinstance(changes[0], TaskUpdated)
    assert changes[0].callback_after_seconds == 30
    d.complete("a", {"q": 2})
    assert d.task("a").output == {"p": 1, "q": 2}
    assert d.status is InstanceStatus.COMPLETED


def test_output_parameters_map_the_workflow_output(drive):
    d = drive(
        wf(
            simple("a"),
            outputParameters={"total": "${a.output.total}", "who": "${workflow.input.who}"},
        )
    )
    d.start({"who": "me"})
    d.complete("a", {"total": 3, "other": 1})
    assert d.state.output == {"total": 3, "who": "me"}


def test_task_definition_input_template_fills_missing_inputs(drive):
    defs = {"a": TaskDef("a", input_template={"region": "eu", "n": "${workflow.input.n}"})}
    d = drive(wf(simple("a", inputParameters={"x": 1, "region": None})), defs)
    d.start({"n": 4})
    assert d.task("a").input == {"x": 1, "region": "eu", "n": 4}


def test_workflow_input_template_supplies_default_input(drive):
    d = drive(wf(simple("a"), inputTemplate={"lang": "en", "n": 1}))
    d.start({"n": 2})
    assert d.state.input == {"lang": "en", "n": 2}


def test_task_ids_come_from_the_injected_generator(drive):
    d = drive(wf(simple("a")))
    d.start()
    assert d.state.instance_id == "00000000-0000-0000-0000-000000000001"
    assert d.task("a").id == "00000000-0000-0000-0000-000000000002"
    assert d.task("a").seq == 1


def test_start_variables_seed_the_workflow_variables(drive):
    d = drive(wf(simple("a", inputParameters={"v": "${workflow.variables.seed}"})))
    d.start({"x": 1}, variables={"seed": 9})
    assert d.state.variables == {"seed": 9}
    assert d.task("a").input == {"v": 9}

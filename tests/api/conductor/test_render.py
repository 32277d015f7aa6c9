"""Conductor's wire JSON of the services' instance views."""

from datetime import UTC, datetime, timedelta

from baton.api.conductor.render import search_result_json, task_json, workflow_json
from baton.engine import CompleteTask, StartInstance, execute
from baton.notation.conductor import compile
from baton.services.instance_views import TaskView, WorkflowPage, WorkflowSummary, WorkflowView

NOW = datetime(2026, 1, 1, tzinfo=UTC)

DEFINITION = {
    "name": "render_me",
    "version": 2,
    "tasks": [
        {
            "name": "job",
            "taskReferenceName": "job_ref",
            "inputParameters": {"a": "${workflow.input.a}"},
        },
        {
            "name": "loop",
            "taskReferenceName": "loop",
            "type": "DO_WHILE",
            "loopCondition": "$.loop.iteration < 1",
            "loopOver": [{"name": "approve", "taskReferenceName": "approve_ref", "type": "HUMAN"}],
        },
    ],
}


def run():
    definition = compile(DEFINITION)
    counter = iter(range(1, 100))

    def ids():
        return f"id-{next(counter)}"

    out = execute(
        definition, None, StartInstance({"a": 1}, correlation_id="c1"), now=NOW, new_id=ids
    )
    job = next(iter(out.state.activities))
    later = NOW + timedelta(seconds=5)
    out = execute(
        definition, out.state, CompleteTask(job, {"r": 2}, worker_id="w9"), now=later, new_id=ids
    )
    return WorkflowView(definition, out.state)


def test_workflow_json_has_the_conductor_shape():
    workflow = workflow_json(run())
    assert workflow["workflowId"] == "id-1"
    assert workflow["workflowName"] == "render_me"
    assert workflow["workflowVersion"] == 2
    assert workflow["status"] == "RUNNING"
    assert workflow["input"] == {"a": 1}
    assert workflow["correlationId"] == "c1"
    assert workflow["createTime"] == int(NOW.timestamp() * 1000)
    assert workflow["updateTime"] == workflow["createTime"] + 5000
    assert workflow["endTime"] == 0
    assert workflow["workflowDefinition"]["name"] == "render_me"
    assert "reasonForIncompletion" not in workflow
    assert [t["referenceTaskName"] for t in workflow["tasks"]] == [
        "job_ref",
        "loop",
        "approve_ref__1",
    ]


def test_task_json_has_the_conductor_shape():
    job, loop, human = workflow_json(run())["tasks"]
    assert job["taskType"] == "job" and job["taskDefName"] == "job"
    assert job["status"] == "COMPLETED"
    assert job["inputData"] == {"a": 1} and job["outputData"] == {"r": 2}
    assert job["workerId"] == "w9"
    assert job["workflowInstanceId"] == "id-1"
    assert job["workflowType"] == "render_me"
    assert job["seq"] == 1
    assert job["workflowTask"]["taskReferenceName"] == "job_ref"
    assert job["endTime"] - job["scheduledTime"] == 5000
    assert loop["taskType"] == "DO_WHILE" and loop["iteration"] == 1
    assert loop["outputData"] == {"iteration": 1}
    assert human["taskType"] == "HUMAN" and human["status"] == "IN_PROGRESS"
    assert human["iteration"] == 1 and human["loopOverTask"] is True
    assert job["loopOverTask"] is False


def test_tasks_can_be_left_out():
    view = run()
    assert workflow_json(view, include_tasks=False)["tasks"] == []
    assert "workflowDefinition" not in workflow_json(view, include_definition=False)


def test_one_task_renders_as_it_does_inside_its_workflow():
    view = run()
    rendered = workflow_json(view)["tasks"]
    for activity, expected in zip(view.state.activities.values(), rendered, strict=True):
        assert task_json(TaskView(view.definition, view.state, activity)) == expected


def test_a_workflow_summary_shows_absent_values_as_null():
    summary = WorkflowSummary(
        instance_id="w1",
        name="render_me",
        version=2,
        status="RUNNING",
        correlation_id=None,
        start_time=10,
        update_time=11,
        end_time=None,
        input={"a": 1},
        output={},
        reason=None,
        created_by="USER:jane",
        priority=0,
    )
    assert search_result_json(WorkflowPage(7, [summary])) == {
        "totalHits": 7,
        "results": [
            {
                "workflowId": "w1",
                "workflowType": "render_me",
                "version": 2,
                "status": "RUNNING",
                "correlationId": None,
                "startTime": 10,
                "updateTime": 11,
                "endTime": None,
                "input": {"a": 1},
                "output": {},
                "reasonForIncompletion": None,
                "createdBy": "USER:jane",
                "priority": 0,
            }
        ],
    }

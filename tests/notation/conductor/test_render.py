from datetime import UTC, datetime, timedelta

from baton.engine import CompleteTask, StartInstance, execute
from baton.notation.conductor import compile, render_workflow

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
    return definition, out.state


def test_workflow_json_has_the_conductor_shape():
    definition, state = run()
    workflow = render_workflow(definition, state)
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
    definition, state = run()
    job, loop, human = render_workflow(definition, state)["tasks"]
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
    definition, state = run()
    assert render_workflow(definition, state, include_tasks=False)["tasks"] == []

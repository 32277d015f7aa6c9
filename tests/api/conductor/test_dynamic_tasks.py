"""FORK_JOIN_DYNAMIC and DYNAMIC through /api: workers poll the task names chosen at run time."""

from __future__ import annotations

from conductor_helpers import poll, register, report, start, statuses, workflow
from support import Api

FAN_OUT = {
    "name": "fan_out",
    "version": 1,
    "tasks": [
        {
            "name": "plan",
            "taskReferenceName": "plan",
            "type": "INLINE",
            "inputParameters": {
                "evaluatorType": "javascript",
                "expression": "[$.a, $.b]",
                "a": {"name": "resize", "taskReferenceName": "small"},
                "b": {"name": "resize", "taskReferenceName": "large"},
            },
        },
        {
            "name": "fan",
            "taskReferenceName": "fan",
            "type": "FORK_JOIN_DYNAMIC",
            "inputParameters": {
                "tasks": "${plan.output.result}",
                "inputs": {"small": {"w": 10}, "large": {"w": "${workflow.input.w}"}},
            },
            "dynamicForkTasksParam": "tasks",
            "dynamicForkTasksInputParamName": "inputs",
        },
        {"name": "join", "taskReferenceName": "join", "type": "JOIN"},
    ],
    "outputParameters": {"joined": "${join.output}"},
}


def test_dynamic_fork_runs_worker_tasks_and_joins(api: Api) -> None:
    register(api, FAN_OUT, [{"name": "resize", "retryCount": 0}])
    workflow_id = start(api, "fan_out", {"w": 800})
    assert statuses(workflow(api, workflow_id)) == [
        ("plan", "COMPLETED"),
        ("fan", "IN_PROGRESS"),
        ("small", "SCHEDULED"),
        ("large", "SCHEDULED"),
    ]
    tasks = poll(api, "resize", count=5)
    assert sorted((t["referenceTaskName"], t["inputData"]["w"]) for t in tasks) == [
        ("large", 800),
        ("small", 10),
    ]
    assert {t["taskType"] for t in tasks} == {"resize"}
    for task in tasks:
        report(api, task, url=f"/{task['referenceTaskName']}")
    found = workflow(api, workflow_id)
    assert found["status"] == "COMPLETED"
    assert found["output"] == {"joined": {"small": {"url": "/small"}, "large": {"url": "/large"}}}


def test_dynamic_task_runs_the_named_worker_task(api: Api) -> None:
    definition = {
        "name": "pick_worker",
        "version": 1,
        "tasks": [
            {
                "name": "any",
                "taskReferenceName": "dyn",
                "type": "DYNAMIC",
                "dynamicTaskNameParam": "taskToRun",
                "inputParameters": {"taskToRun": "${workflow.input.which}", "x": 1},
            }
        ],
        "outputParameters": {"done": "${dyn.output.done}"},
    }
    register(api, definition)
    workflow_id = start(api, "pick_worker", {"which": "encode"})
    assert poll(api, "any") == []
    (task,) = poll(api, "encode")
    assert task["referenceTaskName"] == "dyn"
    assert task["inputData"] == {"taskToRun": "encode", "x": 1}
    report(api, task, done=True)
    assert workflow(api, workflow_id)["output"] == {"done": True}

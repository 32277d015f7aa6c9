"""NOOP, INLINE, JSON_JQ_TRANSFORM and startDelay through /api."""

from __future__ import annotations

from datetime import timedelta

from baton.clock import FakeClock

from conductor_helpers import poll, register, start, statuses, workflow
from support import Api

TRANSFORMS = {
    "name": "transforms",
    "version": 1,
    "tasks": [
        {"name": "nothing", "taskReferenceName": "noop", "type": "NOOP"},
        {
            "name": "double",
            "taskReferenceName": "calc",
            "type": "INLINE",
            "inputParameters": {
                "evaluatorType": "graaljs",
                "expression": "(function () { return $.n * 2; })()",
                "n": "${workflow.input.n}",
            },
        },
        {
            "name": "shape",
            "taskReferenceName": "jq",
            "type": "JSON_JQ_TRANSFORM",
            "inputParameters": {
                "queryExpression": "{doubled: .d, names: [.people[].name]}",
                "d": "${calc.output.result}",
                "people": "${workflow.input.people}",
            },
        },
    ],
    "outputParameters": {"out": "${jq.output.result}"},
}


def test_system_tasks_run_on_start(api: Api) -> None:
    register(api, TRANSFORMS)
    workflow_id = start(api, "transforms", {"n": 21, "people": [{"name": "Ann"}, {"name": "Bo"}]})
    found = workflow(api, workflow_id)
    assert found["status"] == "COMPLETED"
    assert statuses(found) == [("noop", "COMPLETED"), ("calc", "COMPLETED"), ("jq", "COMPLETED")]
    types = {t["referenceTaskName"]: t["taskType"] for t in found["tasks"]}
    assert types == {"noop": "NOOP", "calc": "INLINE", "jq": "JSON_JQ_TRANSFORM"}
    assert found["output"] == {"out": {"doubled": 42, "names": ["Ann", "Bo"]}}
    jq = found["tasks"][2]
    assert jq["outputData"]["resultList"] == [{"doubled": 42, "names": ["Ann", "Bo"]}]


def test_failing_jq_fails_the_workflow_with_its_message(api: Api) -> None:
    definition = {
        "name": "bad_jq",
        "version": 1,
        "tasks": [
            {
                "name": "shape",
                "taskReferenceName": "jq",
                "type": "JSON_JQ_TRANSFORM",
                "inputParameters": {"queryExpression": ".a + 1", "a": "text"},
            }
        ],
    }
    register(api, definition)
    found = workflow(api, start(api, "bad_jq"))
    assert found["status"] == "FAILED"
    assert found["tasks"][0]["status"] == "FAILED_WITH_TERMINAL_ERROR"
    assert "cannot be added" in found["tasks"][0]["reasonForIncompletion"]


def test_invalid_inline_and_jq_are_refused_with_the_field(api: Api) -> None:
    for task, field in (
        (
            {"type": "INLINE", "inputParameters": {"expression": "while (1) {}"}},
            "tasks[0].inputParameters.expression",
        ),
        (
            {"type": "JSON_JQ_TRANSFORM", "inputParameters": {"queryExpression": "{"}},
            "tasks[0].inputParameters.queryExpression",
        ),
    ):
        definition = {
            "name": "refused",
            "version": 1,
            "tasks": [{"name": "t", "taskReferenceName": "t", **task}],
        }
        response = api.client.post("/api/metadata/workflow", json=definition, headers=api.admin)
        assert response.status_code == 400, response.text
        assert field in response.text
    assert api.client.get("/api/metadata/workflow/refused", headers=api.admin).status_code == 404


def test_start_delay_keeps_the_task_from_workers_until_due(api: Api, clock: FakeClock) -> None:
    definition = {
        "name": "delayed",
        "version": 1,
        "tasks": [
            {"name": "later", "taskReferenceName": "later", "type": "SIMPLE", "startDelay": 60}
        ],
    }
    register(api, definition, [{"name": "later", "retryCount": 0}])
    workflow_id = start(api, "delayed")
    assert statuses(workflow(api, workflow_id)) == [("later", "SCHEDULED")]
    assert workflow(api, workflow_id)["tasks"][0]["startDelayInSeconds"] == 60
    assert poll(api, "later") == []
    clock.advance(timedelta(seconds=61))
    (task,) = poll(api, "later")
    assert task["workflowInstanceId"] == workflow_id

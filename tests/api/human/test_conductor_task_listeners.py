"""Baton's hook for a Conductor HUMAN task: `taskListeners` in its `__humanTaskDefinition`
make claims and completions wait for jobs that Conductor workers poll and answer with
`outputData: {denied, deniedReason, corrections}`."""

from __future__ import annotations

from typing import Any

import pytest
from human_helpers import group, human, human_workflow, start_human

from support import Api

LISTENERS = [
    {"eventType": "assigning", "type": "four_eyes_check"},
    {"eventType": "completing", "type": "four_eyes_check"},
]


def _poll(api: Api) -> list[dict[str, Any]]:
    found = api.client.get(
        "/api/tasks/poll/batch/four_eyes_check?workerid=w&count=5&timeout=0", headers=api.admin
    )
    assert found.status_code == 200, found.text
    tasks: list[dict[str, Any]] = found.json()
    return tasks


def _answer(api: Api, task: dict[str, Any], output: dict[str, Any]) -> None:
    body = {
        "taskId": task["taskId"],
        "workflowInstanceId": task["workflowInstanceId"],
        "status": "COMPLETED",
        "outputData": output,
    }
    done = api.client.post("/api/tasks", json=body, headers=api.admin)
    assert done.status_code == 200, done.text


def test_a_claim_waits_for_the_listener_worker_which_may_deny_it(api: Api) -> None:
    api.create_group("staff")
    ann = api.create_user("ann", groups=["staff"])
    definition = human_workflow(assignments=[group("staff")], extra={"taskListeners": LISTENERS})
    workflow_id, task_id = start_human(api, definition)
    claimed = api.client.post(f"/api/human/tasks/{task_id}/claim", headers=ann)
    assert claimed.status_code == 200, claimed.text
    assert human(api, task_id)["state"] == "ASSIGNED"  # not claimed yet
    (job,) = _poll(api)
    assert job["workflowInstanceId"] == workflow_id
    _answer(api, job, {"denied": True, "deniedReason": "not today"})
    assert human(api, task_id)["state"] == "ASSIGNED"
    api.client.post(f"/api/human/tasks/{task_id}/claim", headers=ann)
    _answer(api, _poll(api)[0], {})
    assert human(api, task_id)["state"] == "IN_PROGRESS"
    done = api.client.post(
        f"/api/human/tasks/{task_id}/update?complete=true", json={"approved": True}, headers=ann
    )
    assert done.status_code == 204, done.text
    assert human(api, task_id)["state"] == "IN_PROGRESS"
    _answer(api, _poll(api)[0], {})
    assert human(api, task_id)["state"] == "COMPLETED"
    wf = api.client.get(f"/api/workflow/{workflow_id}", headers=api.admin).json()
    assert wf["status"] == "COMPLETED"


@pytest.mark.parametrize(
    "listeners",
    [
        "x",
        [{"eventType": "whenever", "type": "x"}],
        [{"eventType": "assigning"}],
        [{"eventType": "assigning", "type": "x", "retries": -1}],
    ],
)
def test_bad_listener_settings_are_refused(api: Api, listeners: Any) -> None:
    definition = human_workflow(extra={"taskListeners": listeners})
    response = api.client.post(
        "/api/metadata/workflow?overwrite=true", json=definition, headers=api.admin
    )
    assert response.status_code == 400, response.text
    assert "taskListeners" in response.text


def test_terminating_the_workflow_tells_the_canceling_listener(api: Api) -> None:
    api.create_group("staff")
    listeners = [{"eventType": "canceling", "type": "four_eyes_check"}]
    definition = human_workflow(assignments=[group("staff")], extra={"taskListeners": listeners})
    workflow_id, task_id = start_human(api, definition)
    assert _poll(api) == []  # nothing to tell while the task is open
    ended = api.client.delete(f"/api/workflow/{workflow_id}?reason=stop", headers=api.admin)
    assert ended.status_code in (200, 204), ended.text
    assert human(api, task_id)["state"] == "DELETED"
    (job,) = _poll(api)  # told after the fact; its answer changes nothing
    assert job["workflowInstanceId"] == workflow_id
    _answer(api, job, {"denied": True})
    wf = api.client.get(f"/api/workflow/{workflow_id}", headers=api.admin).json()
    assert wf["status"] == "TERMINATED"
    assert human(api, task_id)["state"] == "DELETED"

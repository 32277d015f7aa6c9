"""/v2: ioMapping on start events and sub-processes, inputs that read earlier inputs."""

from __future__ import annotations

from typing import Any

from events_helpers import complete, deploy, flow, instance, open_tasks, process, start, user_task
from job_helpers import activate, complete_job

from support import Api

BODY = (
    '<bpmn:startEvent id="start"><bpmn:extensionElements><zeebe:ioMapping>'
    '<zeebe:output source="=false" target="failed"/>'
    "</zeebe:ioMapping></bpmn:extensionElements></bpmn:startEvent>"
    '<bpmn:subProcess id="sub"><bpmn:extensionElements><zeebe:ioMapping>'
    '<zeebe:input source="=amount + 1" target="a"/>'
    '<zeebe:input source="=a * 10" target="b"/>'
    '<zeebe:output source="=b + answer" target="result"/>'
    "</zeebe:ioMapping></bpmn:extensionElements>"
    '<bpmn:startEvent id="s1"/>'
    + user_task("work")
    + '<bpmn:endEvent id="s2"/>'
    + flow("s1", "work")
    + flow("work", "s2")
    + "</bpmn:subProcess>"
    + '<bpmn:endEvent id="end"/>'
    + flow("start", "sub")
    + flow("sub", "end")
)


def _search(api: Api, path: str, body: dict[str, Any]) -> list[dict[str, Any]]:
    found = api.client.post(path, json=body, headers=api.admin)
    assert found.status_code == 200, found.text
    return list(found.json()["items"])


def test_start_and_sub_process_mappings(api: Api) -> None:
    deploy(api, "mappings.bpmn", process("mappings", BODY))
    key = start(api, "mappings", {"amount": 1})
    variables = instance(api, key)["variables"]
    assert variables["failed"] is False
    assert "a" not in variables and "b" not in variables  # local to the sub-process
    (task,) = open_tasks(api, key)
    assert task["elementId"] == "work"
    # the task inside sees them, held by the sub-process's element instance
    seen = _search(api, f"/v2/user-tasks/{task['userTaskKey']}/variables/search", {})
    by_name = {v["name"]: v for v in seen}
    assert (by_name["a"]["value"], by_name["b"]["value"]) == ("2", "20")
    (sub,) = _search(
        api,
        "/v2/element-instances/search",
        {"filter": {"processInstanceKey": key, "elementId": "sub"}},
    )
    assert by_name["a"]["scopeKey"] == sub["elementInstanceKey"]
    scoped = _search(
        api, "/v2/variables/search", {"filter": {"scopeKey": sub["elementInstanceKey"]}}
    )
    assert sorted(v["name"] for v in scoped) == ["a", "b"]
    complete(api, key, "work", {"answer": 3})
    done = instance(api, key)
    assert done["state"] == "COMPLETED"
    assert done["variables"]["result"] == 23
    assert "a" not in done["variables"] and "b" not in done["variables"]


JOB_IN_SUB = (
    '<bpmn:startEvent id="start"/>'
    '<bpmn:subProcess id="sub"><bpmn:extensionElements><zeebe:ioMapping>'
    '<zeebe:input source="=3" target="tries"/>'
    "</zeebe:ioMapping></bpmn:extensionElements>"
    '<bpmn:startEvent id="s1"/>'
    '<bpmn:serviceTask id="call"><bpmn:extensionElements>'
    '<zeebe:taskDefinition type="call"/></bpmn:extensionElements></bpmn:serviceTask>'
    '<bpmn:endEvent id="s2"/>'
    + flow("s1", "call")
    + flow("call", "s2")
    + "</bpmn:subProcess>"
    + user_task("after")
    + '<bpmn:endEvent id="end"/>'
    + flow("start", "sub")
    + flow("sub", "after")
    + flow("after", "end")
)


def test_a_job_inside_sees_the_sub_process_inputs_and_updates_them_there(api: Api) -> None:
    deploy(api, "jobs.bpmn", process("jobs", JOB_IN_SUB))
    key = start(api, "jobs", {"order": 7})
    (job,) = activate(api, "call")
    assert job["variables"] == {"order": 7, "tries": 3}
    complete_job(api, job, {"variables": {"tries": 2, "done": True}})
    variables = instance(api, key)["variables"]
    assert variables == {"order": 7, "done": True}  # tries ended with the sub-process

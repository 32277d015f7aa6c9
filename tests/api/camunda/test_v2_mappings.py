"""/v2: ioMapping on start events and sub-processes, inputs that read earlier inputs."""

from __future__ import annotations

from events_helpers import complete, deploy, flow, instance, open_tasks, process, start, user_task

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


def test_start_and_sub_process_mappings(api: Api) -> None:
    deploy(api, "mappings.bpmn", process("mappings", BODY))
    key = start(api, "mappings", {"amount": 1})
    variables = instance(api, key)["variables"]
    assert variables["failed"] is False
    assert (variables["a"], variables["b"]) == (2, 20)
    assert [t["elementId"] for t in open_tasks(api, key)] == ["work"]
    complete(api, key, "work", {"answer": 3})
    done = instance(api, key)
    assert done["state"] == "COMPLETED"
    assert done["variables"]["result"] == 23

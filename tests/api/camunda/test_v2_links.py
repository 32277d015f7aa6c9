"""/v2: link events and a terminate end event inside a sub-process."""

from __future__ import annotations

from events_helpers import complete, deploy, flow, instance, open_tasks, process, start, user_task

from support import Api

LINKS = (
    '<bpmn:startEvent id="start"/>'
    '<bpmn:intermediateThrowEvent id="jump"><bpmn:linkEventDefinition name="L"/>'
    "</bpmn:intermediateThrowEvent>"
    '<bpmn:intermediateCatchEvent id="land"><bpmn:linkEventDefinition name="L"/>'
    "</bpmn:intermediateCatchEvent>"
    + user_task("after")
    + '<bpmn:endEvent id="end"/>'
    + flow("start", "jump")
    + flow("land", "after")
    + flow("after", "end")
)

TERMINATE = (
    '<bpmn:startEvent id="start"/>'
    '<bpmn:subProcess id="sub"><bpmn:startEvent id="s1"/><bpmn:parallelGateway id="fork"/>'
    + user_task("a")
    + user_task("b")
    + '<bpmn:endEvent id="stop"><bpmn:terminateEventDefinition/></bpmn:endEvent>'
    + '<bpmn:endEvent id="s2"/>'
    + flow("s1", "fork")
    + flow("fork", "a")
    + flow("fork", "b")
    + flow("a", "stop")
    + flow("b", "s2")
    + "</bpmn:subProcess>"
    + user_task("next")
    + '<bpmn:endEvent id="end"/>'
    + flow("start", "sub")
    + flow("sub", "next")
    + flow("next", "end")
)


def test_link_events_jump_to_their_catch(api: Api) -> None:
    deploy(api, "links.bpmn", process("links", LINKS))
    key = start(api, "links")
    assert [t["elementId"] for t in open_tasks(api, key)] == ["after"]


def test_terminate_end_in_a_sub_process_ends_the_sub_process_only(api: Api) -> None:
    deploy(api, "term.bpmn", process("term", TERMINATE))
    key = start(api, "term")
    assert sorted(t["elementId"] for t in open_tasks(api, key)) == ["a", "b"]
    complete(api, key, "a")
    assert [t["elementId"] for t in open_tasks(api, key)] == ["next"]
    assert instance(api, key)["state"] == "ACTIVE"
    complete(api, key, "next")
    assert instance(api, key)["state"] == "COMPLETED"

"""Multi-instance bodies compiled from BPMN: parallel and sequential inner instances, their
local variables, the output collection, the completion condition, boundaries on the body."""

from __future__ import annotations

from collections.abc import Callable

from baton.engine import ResolveIncident, SetVariables, TaskScheduled
from baton.engine.changes import IncidentRaised, TaskCanceled
from baton.engine.commands import CompleteTask
from baton.model.instance import Activity, IncidentKind
from baton.model.process import NodeKind
from baton.model.status import InstanceStatus, TaskStatus
from baton.notation.bpmn import compile_bpmn

from conftest import Driver

NS = (
    'xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" '
    'xmlns:zeebe="http://camunda.org/schema/zeebe/1.0"'
)
START = '<bpmn:startEvent id="start" />'
END = '<bpmn:endEvent id="end" />'


def bpmn(body: str, extra: str = "") -> bytes:
    return (
        f'<bpmn:definitions {NS} id="d"><bpmn:process id="p" isExecutable="true">'
        f"{body}</bpmn:process>{extra}</bpmn:definitions>"
    ).encode()


def flow(source: str, target: str, fid: str = "") -> str:
    fid = fid or f"{source}_{target}"
    return f'<bpmn:sequenceFlow id="{fid}" sourceRef="{source}" targetRef="{target}" />'


def loop(
    collection: str = "=reviewers",
    element: str = "reviewer",
    *,
    sequential: bool = False,
    output: str = "",
    condition: str = "",
) -> str:
    outputs = f'outputCollection="results" outputElement="{output}"' if output else ""
    cond = f"<bpmn:completionCondition>{condition}</bpmn:completionCondition>" if condition else ""
    seq = ' isSequential="true"' if sequential else ""
    return (
        f"<bpmn:multiInstanceLoopCharacteristics{seq}><bpmn:extensionElements>"
        f'<zeebe:loopCharacteristics inputCollection="{collection}" inputElement="{element}" '
        f"{outputs} /></bpmn:extensionElements>{cond}</bpmn:multiInstanceLoopCharacteristics>"
    )


def review(characteristics: str) -> str:
    return (
        '<bpmn:userTask id="review" name="Review"><bpmn:extensionElements><zeebe:userTask />'
        '<zeebe:assignmentDefinition assignee="=reviewer" /></bpmn:extensionElements>'
        f"{characteristics}</bpmn:userTask>"
    )


def process(task: str, *more: str) -> bytes:
    return bpmn(
        START + task + END + flow("start", "review") + flow("review", "end") + "".join(more)
    )


def run(drive: Callable[..., Driver], data: bytes) -> Driver:
    (definition,) = compile_bpmn(data, "test.bpmn").processes
    return drive(definition)


def inner(d: Driver, node: str = "review") -> list[Activity]:
    assert d.state is not None
    body = node + "#multiInstanceBody"
    return [
        a
        for a in d.state.activities.values()
        if a.node == node and d.state.activities[a.scope or ""].node == body
    ]


def open_inner(d: Driver, node: str = "review") -> list[Activity]:
    return [a for a in inner(d, node) if a.is_open]


def finish(d: Driver, activity: Activity, output: dict[str, object]) -> None:
    d.run(CompleteTask(activity.id, dict(output)))


REVIEWERS = {"reviewers": ["ann", "bob", "cid"]}
OUTPUT = "={reviewer: reviewer, approved: approved}"


def test_the_body_wraps_the_element_and_takes_its_flows() -> None:
    (definition,) = compile_bpmn(process(review(loop())), "t.bpmn").processes
    body = definition.node("review#multiInstanceBody")
    assert body.kind is NodeKind.MULTI_INSTANCE and body.start == "review"
    assert body.element_id == "review" and body.title == "Review"
    assert definition.node("review").scope == body.id
    assert {(f.source, f.target) for f in definition.flows} == {
        ("start", body.id),
        (body.id, "end"),
    }


def test_parallel_user_tasks_one_per_element_with_its_own_assignee(
    drive: Callable[..., Driver],
) -> None:
    d = run(drive, process(review(loop(output=OUTPUT))))
    changes = d.start(REVIEWERS)
    humans = [c for c in changes if isinstance(c, TaskScheduled) and c.node_id == "review"]
    assignees = [c.user_task.assignee if c.user_task else None for c in humans]
    assert assignees == ["ann", "bob", "cid"]
    assert [c.input for c in humans] == [
        {"reviewer": "ann", "loopCounter": 1},
        {"reviewer": "bob", "loopCounter": 2},
        {"reviewer": "cid", "loopCounter": 3},
    ]
    tasks = open_inner(d)
    finish(d, tasks[1], {"approved": False})
    finish(d, tasks[0], {"approved": True})
    assert d.status is InstanceStatus.RUNNING
    finish(d, tasks[2], {"approved": True})
    assert d.status is InstanceStatus.COMPLETED
    assert d.state is not None
    assert d.state.variables["results"] == [
        {"reviewer": "ann", "approved": True},
        {"reviewer": "bob", "approved": False},
        {"reviewer": "cid", "approved": True},
    ]
    assert "reviewer" not in d.state.variables and "loopCounter" not in d.state.variables


def test_sequential_runs_one_inner_instance_at_a_time(drive: Callable[..., Driver]) -> None:
    d = run(drive, process(review(loop(sequential=True, output="=reviewer"))))
    d.start(REVIEWERS)
    seen = []
    for _ in range(3):
        (task,) = open_inner(d)
        assert task.user_task is not None
        seen.append((task.user_task.assignee, task.locals["loopCounter"]))
        finish(d, task, {})
    assert seen == [("ann", 1), ("bob", 2), ("cid", 3)]
    assert d.status is InstanceStatus.COMPLETED
    assert d.state is not None and d.state.variables["results"] == ["ann", "bob", "cid"]


def test_completion_condition_cancels_the_remaining_instances(
    drive: Callable[..., Driver],
) -> None:
    condition = "= numberOfCompletedInstances &gt;= 2 or approved = false"
    d = run(drive, process(review(loop(output=OUTPUT, condition=condition))))
    d.start(REVIEWERS)
    tasks = open_inner(d)
    finish(d, tasks[2], {"approved": True})
    assert len(open_inner(d)) == 2
    finish(d, tasks[0], {"approved": True})
    assert d.status is InstanceStatus.COMPLETED
    assert [a.status for a in inner(d)] == [
        TaskStatus.COMPLETED,
        TaskStatus.CANCELED,
        TaskStatus.COMPLETED,
    ]
    assert any(isinstance(c, TaskCanceled) and c.task_id == tasks[1].id for c in d.changes)
    assert d.state is not None
    assert d.state.variables["results"] == [
        {"reviewer": "ann", "approved": True},
        None,
        {"reviewer": "cid", "approved": True},
    ]


def test_numbers_of_instances_are_visible_to_the_condition(drive: Callable[..., Driver]) -> None:
    condition = (
        "= numberOfInstances = 3 and numberOfActiveInstances = 2 "
        "and numberOfCompletedInstances = 1 and loopCounter = 2"
    )
    d = run(drive, process(review(loop(condition=condition))))
    d.start(REVIEWERS)
    finish(d, open_inner(d)[1], {})
    assert d.status is InstanceStatus.COMPLETED


def test_an_empty_collection_completes_at_once(drive: Callable[..., Driver]) -> None:
    d = run(drive, process(review(loop(output=OUTPUT))))
    d.start({"reviewers": []})
    assert d.status is InstanceStatus.COMPLETED
    assert d.state is not None and d.state.variables["results"] == []
    assert inner(d) == []


def test_an_input_collection_that_is_no_list_raises_an_incident(
    drive: Callable[..., Driver],
) -> None:
    d = run(drive, process(review(loop())))
    d.start({"reviewers": "ann"})
    (raised,) = d.of(IncidentRaised)
    assert raised.kind is IncidentKind.EXTRACT_VALUE_ERROR
    assert "inputCollection of 'review'" in raised.message and "a string" in raised.message


def test_interrupting_boundary_timer_on_the_body_cancels_every_instance(
    drive: Callable[..., Driver],
) -> None:
    boundary = (
        '<bpmn:boundaryEvent id="late" attachedToRef="review"><bpmn:timerEventDefinition>'
        "<bpmn:timeDuration>PT1H</bpmn:timeDuration></bpmn:timerEventDefinition>"
        '</bpmn:boundaryEvent><bpmn:endEvent id="escalated" />'
    )
    d = run(drive, process(review(loop()), boundary, flow("late", "escalated")))
    d.start(REVIEWERS)
    finish(d, open_inner(d)[0], {})
    d.advance(3600)
    assert d.status is InstanceStatus.COMPLETED
    assert [a.status for a in inner(d)] == [
        TaskStatus.COMPLETED,
        TaskStatus.CANCELED,
        TaskStatus.CANCELED,
    ]
    assert d.task("review#multiInstanceBody").status is TaskStatus.CANCELED


def test_an_error_thrown_by_an_inner_job_is_caught_on_the_body(
    drive: Callable[..., Driver],
) -> None:
    task = (
        '<bpmn:serviceTask id="review"><bpmn:extensionElements>'
        '<zeebe:taskDefinition type="check" /></bpmn:extensionElements>'
        f"{loop()}</bpmn:serviceTask>"
    )
    boundary = (
        '<bpmn:boundaryEvent id="failed" attachedToRef="review">'
        '<bpmn:errorEventDefinition /></bpmn:boundaryEvent><bpmn:endEvent id="rejected" />'
    )
    d = run(drive, process(task, boundary, flow("failed", "rejected")))
    d.start(REVIEWERS)
    jobs = open_inner(d)
    assert jobs[0].input == {"reviewer": "ann", "loopCounter": 1}
    d.run(CompleteTask(jobs[1].id, {}, error_code="NOPE", reason="no"))
    assert d.status is InstanceStatus.COMPLETED
    assert open_inner(d) == []
    assert d.task("review#multiInstanceBody").status is TaskStatus.CANCELED


def test_a_sub_process_body_sees_its_element_inside(drive: Callable[..., Driver]) -> None:
    sub = (
        '<bpmn:subProcess id="review"><bpmn:startEvent id="s_start" />'
        '<bpmn:userTask id="look"><bpmn:extensionElements><zeebe:userTask />'
        '<zeebe:assignmentDefinition assignee="=reviewer" /></bpmn:extensionElements>'
        '</bpmn:userTask><bpmn:exclusiveGateway id="gw" default="gw_end" />'
        '<bpmn:userTask id="again"><bpmn:extensionElements><zeebe:userTask />'
        "</bpmn:extensionElements></bpmn:userTask>"
        '<bpmn:endEvent id="s_end" />'
        + flow("s_start", "look")
        + flow("look", "gw")
        + '<bpmn:sequenceFlow id="gw_again" sourceRef="gw" targetRef="again">'
        "<bpmn:conditionExpression>= reviewer = &quot;bob&quot;</bpmn:conditionExpression>"
        "</bpmn:sequenceFlow>"
        + flow("gw", "s_end", "gw_end")
        + flow("again", "s_end")
        + f"{loop(output='=reviewer')}</bpmn:subProcess>"
    )
    d = run(drive, process(sub))
    d.start(REVIEWERS)
    assert d.state is not None
    looks = [a for a in d.state.activities.values() if a.node == "look"]
    assert [a.user_task.assignee for a in looks if a.user_task] == ["ann", "bob", "cid"]
    for look in looks:
        finish(d, look, {})
    (again,) = [a for a in d.state.activities.values() if a.node == "again" and a.is_open]
    finish(d, again, {})
    assert d.status is InstanceStatus.COMPLETED
    assert d.state.variables["results"] == ["ann", "bob", "cid"]


def test_a_call_activity_body_passes_each_element_to_its_child(
    drive: Callable[..., Driver],
) -> None:
    call = (
        '<bpmn:callActivity id="review"><bpmn:extensionElements>'
        '<zeebe:calledElement processId="child" propagateAllChildVariables="false" />'
        f"</bpmn:extensionElements>{loop(output='=verdict')}</bpmn:callActivity>"
    )
    d = run(drive, process(call))
    changes = d.start(REVIEWERS)
    calls = [c for c in changes if isinstance(c, TaskScheduled) and c.node_id == "review"]
    assert [(c.input["reviewer"], c.input["loopCounter"]) for c in calls] == [
        ("ann", 1),
        ("bob", 2),
        ("cid", 3),
    ]
    for i, activity in enumerate(open_inner(d)):
        finish(d, activity, {"verdict": f"ok{i}"})
    assert d.status is InstanceStatus.COMPLETED
    assert d.state is not None and d.state.variables["results"] == ["ok0", "ok1", "ok2"]
    assert "verdict" not in d.state.variables


def test_a_failing_completion_condition_raises_an_incident_until_resolved(
    drive: Callable[..., Driver],
) -> None:
    d = run(drive, process(review(loop(output="=reviewer", condition="= done"))))
    d.start({**REVIEWERS, "done": "nope"})
    first, second, third = open_inner(d)
    finish(d, first, {})
    (raised,) = d.of(IncidentRaised)
    assert raised.kind is IncidentKind.EXTRACT_VALUE_ERROR
    assert "completionCondition of 'review'" in raised.message
    finish(d, second, {"done": False})  # the held one is not counted twice
    assert len(d.of(IncidentRaised)) == 0
    d.run(SetVariables({"done": False}))
    d.run(ResolveIncident(raised.key))
    assert d.status is InstanceStatus.RUNNING
    finish(d, third, {"done": True})
    assert d.status is InstanceStatus.COMPLETED
    assert d.state is not None and d.state.variables["results"] == ["ann", "bob", "cid"]


def script(characteristics: str) -> str:
    return (
        '<bpmn:scriptTask id="review"><bpmn:extensionElements>'
        '<zeebe:script expression="=item * 2" resultVariable="double" />'
        f"</bpmn:extensionElements>{characteristics}</bpmn:scriptTask>"
    )


def test_instant_inner_instances_collect_each_their_own_output(
    drive: Callable[..., Driver],
) -> None:
    for sequential in (False, True):
        characteristics = loop("=items", "item", sequential=sequential, output="=double")
        d = run(drive, process(script(characteristics)))
        d.start({"items": [1, 2, 3]})
        assert d.status is InstanceStatus.COMPLETED
        assert d.state is not None and d.state.variables["results"] == [2, 4, 6]
        assert [a.locals["loopCounter"] for a in inner(d)] == [1, 2, 3]

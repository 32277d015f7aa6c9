import json

import pytest

from baton.model.errors import InvalidInput
from baton.model.process import (
    Expression,
    Flow,
    LoopSpec,
    Node,
    NodeKind,
    ProcessDefinition,
    Template,
    TerminateSpec,
    TimerSpec,
)

K = NodeKind


def full_definition():
    return ProcessDefinition(
        id="p",
        version=3,
        start="s",
        name="Process",
        nodes=(
            Node("s", K.START),
            Node(
                "t",
                K.SERVICE_TASK,
                name="charge",
                task_type="charge",
                job_type="charge",
                recorded=True,
                optional=True,
                retry_count=2,
                input=Template("conductor", {"a": "${workflow.input.a}"}),
                extensions={"workflowTask": {"name": "charge"}},
            ),
            Node(
                "x",
                K.EXCLUSIVE_GATEWAY,
                selector=Expression("conductor-js", "$.a"),
                default_flow="f3",
            ),
            Node(
                "l", K.LOOP, start="ls", loop=LoopSpec(Expression("conductor-js", "true"), True, 4)
            ),
            Node("ls", K.START, scope="l"),
            Node("w", K.WAIT, scope="l", timer=TimerSpec(duration=Template("conductor", "1m"))),
            Node(
                "b",
                K.BOUNDARY_TIMER,
                scope="l",
                attached_to="w",
                interrupting=False,
                timer=TimerSpec(date=Template("conductor", "2026-01-01")),
            ),
            Node("j", K.PARALLEL_GATEWAY, collect=("t",)),
            Node("e", K.TERMINATE_END, terminate=TerminateSpec(status_input="s", output_input="o")),
        ),
        flows=(
            Flow("f1", "s", "t"),
            Flow("f2", "t", "x"),
            Flow("f3", "x", "l", case="a"),
            Flow("f4", "x", "j", condition=Expression("conductor", "${workflow.input.b}")),
            Flow("f5", "ls", "w"),
            Flow("f6", "l", "e"),
        ),
        output=Template("conductor", {"r": "${t.output}"}),
        timeout_seconds=60,
        input_defaults={"a": 1},
        extensions={"workflowDef": {"name": "p"}},
    )


def test_definition_round_trips_through_json():
    definition = full_definition()
    data = json.loads(json.dumps(definition.to_dict()))
    assert data["schema"] == 2
    again = ProcessDefinition.from_dict(data)
    assert again == definition
    assert again.to_dict() == definition.to_dict()


def test_defaults_are_left_out_of_the_dict():
    node = Node("s", K.START)
    assert node.to_dict() == {"id": "s", "kind": "start"}


def test_scopes_lists_loop_and_sub_process_nodes():
    assert [n.id for n in full_definition().scopes] == ["l"]


def test_an_unknown_schema_version_is_refused():
    data = full_definition().to_dict()
    data["schema"] = 99
    with pytest.raises(InvalidInput):
        ProcessDefinition.from_dict(data)


@pytest.mark.parametrize(
    ("nodes", "flows", "path"),
    [
        ((Node("s", K.START), Node("s", K.END)), (), "nodes[1].id"),
        ((Node("s", K.START),), (Flow("f", "s", "nowhere"),), "flows[0]"),
        (
            (
                Node("s", K.START),
                Node("l", K.LOOP, start="ls", loop=LoopSpec(Expression("x", "1"))),
                Node("ls", K.START, scope="l"),
            ),
            (Flow("f", "s", "ls"),),
            "flows[0]",
        ),
        ((Node("s", K.START), Node("l", K.SUB_PROCESS, start="s")), (), "nodes[1].start"),
        (
            (Node("s", K.START), Node("b", K.BOUNDARY_TIMER, attached_to="zz")),
            (),
            "nodes[1].attached_to",
        ),
        ((Node("s", K.START, default_flow="f9"),), (), "nodes[0].default_flow"),
        ((Node("s", K.START), Node("t", K.USER_TASK, scope="s")), (), "nodes[1].scope"),
    ],
)
def test_structural_errors_name_the_offending_part(nodes, flows, path):
    with pytest.raises(InvalidInput) as caught:
        ProcessDefinition(id="p", version=1, start="s", nodes=nodes, flows=flows)
    assert path in [e.path for e in caught.value.errors]


def test_start_must_be_a_root_start_node():
    with pytest.raises(InvalidInput) as caught:
        ProcessDefinition(id="p", version=1, start="t", nodes=(Node("t", K.USER_TASK),))
    assert caught.value.errors[0].path == "start"


def test_reachability_follows_flows_and_boundary_events():
    definition = full_definition()
    assert definition.index.reachable("s") >= {"t", "x", "l", "j", "e"}
    assert definition.index.reachable("e") == frozenset()

import json

from baton.model.process import NodeKind, ProcessDefinition
from baton.notation.conductor import compile


def simple(ref, **extra):
    return {"name": ref, "taskReferenceName": ref, "type": "SIMPLE", **extra}


EVERYTHING = {
    "name": "everything",
    "version": 4,
    "timeoutSeconds": 120,
    "outputParameters": {"r": "${h.output.ok}"},
    "tasks": [
        simple("a", inputParameters={"x": "${workflow.input.x}"}, optional=True),
        {"name": "human", "taskReferenceName": "h", "type": "HUMAN"},
        {
            "name": "sw",
            "taskReferenceName": "sw",
            "type": "SWITCH",
            "evaluatorType": "javascript",
            "expression": "$.v > 1 ? 'hi' : 'lo'",
            "inputParameters": {"v": "${a.output.v}"},
            "decisionCases": {"hi": [simple("hi1")], "lo": []},
            "defaultCase": [simple("dflt")],
        },
        {
            "name": "f",
            "taskReferenceName": "f",
            "type": "FORK_JOIN",
            "forkTasks": [[simple("b1"), simple("b2")], [simple("c1")]],
        },
        {"name": "j", "taskReferenceName": "j", "type": "JOIN", "joinOn": ["b1", "c1"]},
        {
            "name": "loop",
            "taskReferenceName": "loop",
            "type": "DO_WHILE",
            "loopCondition": "$.loop.iteration < 2",
            "loopOver": [
                {
                    "name": "w",
                    "taskReferenceName": "w",
                    "type": "WAIT",
                    "inputParameters": {"duration": "5s"},
                }
            ],
        },
        {
            "name": "sv",
            "taskReferenceName": "sv",
            "type": "SET_VARIABLE",
            "inputParameters": {"k": 1},
        },
        {
            "name": "t",
            "taskReferenceName": "t",
            "type": "TERMINATE",
            "inputParameters": {"terminationStatus": "COMPLETED"},
        },
    ],
}


def test_each_task_type_lowers_onto_its_node_kind():
    definition = compile(EVERYTHING)
    kinds = {n.id: n.kind for n in definition.nodes}
    assert kinds["a"] is NodeKind.SERVICE_TASK
    assert kinds["h"] is NodeKind.USER_TASK
    assert kinds["sw"] is NodeKind.EXCLUSIVE_GATEWAY
    assert kinds["sw$merge"] is NodeKind.EXCLUSIVE_GATEWAY
    assert kinds["f"] is kinds["j"] is NodeKind.PARALLEL_GATEWAY
    assert kinds["loop"] is NodeKind.LOOP
    assert kinds["w"] is NodeKind.WAIT
    assert kinds["sv"] is NodeKind.SET_VARIABLES
    assert kinds["t"] is NodeKind.TERMINATE_END
    a = definition.node("a")
    assert (a.job_type, a.task_type, a.optional, a.recorded) == ("a", "a", True, True)
    assert definition.node("w").scope == "loop"
    assert definition.node("j").collect == ("b1", "c1")
    assert definition.timeout_seconds == 120
    assert definition.version == 4


def test_switch_cases_become_flows_with_case_values_and_a_default():
    definition = compile(EVERYTHING)
    outgoing = definition.index.outgoing["sw"]
    assert {f.case for f in outgoing} == {"hi", "lo", None}
    default = definition.index.flows[definition.node("sw").default_flow]
    assert default.target == "dflt"
    assert next(f for f in outgoing if f.case == "lo").target == "sw$merge"


def test_a_branch_joined_on_a_middle_task_splits_after_it():
    definition = compile(EVERYTHING)
    split = definition.node("f$split0")
    assert split.kind is NodeKind.PARALLEL_GATEWAY and not split.recorded
    assert {f.target for f in definition.index.outgoing["f$split0"]} == {"j", "b2"}
    assert {f.source for f in definition.index.incoming["j"]} == {"f$split0", "c1"}


def test_a_compiled_definition_round_trips_through_json():
    definition = compile(EVERYTHING)
    again = ProcessDefinition.from_dict(json.loads(json.dumps(definition.to_dict())))
    assert again == definition


def test_the_original_definition_is_kept_for_rendering():
    definition = compile(EVERYTHING)
    assert definition.extensions["workflowDef"]["name"] == "everything"
    assert definition.node("h").extensions["workflowTask"]["type"] == "HUMAN"

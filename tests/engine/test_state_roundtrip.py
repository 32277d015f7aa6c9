"""Property: whatever commands arrive, every state the engine returns survives to_dict/from_dict
unchanged, the input state is never modified, and the derived indexes stay consistent."""

import json

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from baton.engine import (
    CompleteTask,
    FireTimer,
    PauseInstance,
    ResumeInstance,
    RetryInstance,
    StartTask,
    TerminateInstance,
    TimeOutTask,
)
from baton.model.errors import BatonError
from baton.model.instance import InstanceState
from baton.model.status import TaskStatus
from baton.model.task_def import TaskDef


def simple(ref, **extra):
    return {"name": ref, "taskReferenceName": ref, "type": "SIMPLE", **extra}


COMPOSITE = {
    "name": "composite",
    "timeoutSeconds": 3600,
    "tasks": [
        {
            "name": "sv",
            "taskReferenceName": "sv",
            "type": "SET_VARIABLE",
            "inputParameters": {"seen": "${workflow.input.kind}"},
        },
        simple("prepare", optional=True),
        {
            "name": "sw",
            "taskReferenceName": "sw",
            "type": "SWITCH",
            "evaluatorType": "value-param",
            "expression": "k",
            "inputParameters": {"k": "${prepare.output.kind}"},
            "decisionCases": {
                "fork": [
                    {
                        "name": "f",
                        "taskReferenceName": "f",
                        "type": "FORK_JOIN",
                        "forkTasks": [
                            [{"name": "h", "taskReferenceName": "h", "type": "HUMAN"}],
                            [simple("b1"), simple("b2")],
                        ],
                    },
                    {"name": "j", "taskReferenceName": "j", "type": "JOIN", "joinOn": ["h", "b2"]},
                ]
            },
            "defaultCase": [
                {
                    "name": "loop",
                    "taskReferenceName": "loop",
                    "type": "DO_WHILE",
                    "loopCondition": "$.loop.iteration < 3",
                    "loopOver": [
                        {
                            "name": "w",
                            "taskReferenceName": "w",
                            "type": "WAIT",
                            "inputParameters": {"duration": "30s"},
                        },
                        simple("inner"),
                    ],
                }
            ],
        },
        simple("final"),
    ],
}

TASK_DEFS = {"b1": TaskDef("b1", retry_count=1, retry_delay_seconds=0, timeout_seconds=120)}

ACTIONS = [
    *["complete", "complete", "complete", "poll", "lease", "timer", "advance"],
    *["pause", "resume", "terminate", "retry", "unknown"],
]
STATUSES = st.sampled_from(
    [TaskStatus.COMPLETED, TaskStatus.FAILED, TaskStatus.FAILED_WITH_TERMINAL_ERROR]
)
OUTPUTS = st.fixed_dictionaries(
    {"kind": st.sampled_from(["fork", "loop", None])},
    optional={"n": st.integers(-5, 5), "s": st.text(max_size=5)},
)


def check_consistent(state: InstanceState) -> None:
    open_ids = {a.id for a in state.activities.values() if a.is_open}
    assert set(state.open) == open_ids
    if state.status.is_terminal:
        assert not open_ids and not state.timers and not state.join_tokens
    for timer in state.timers.values():
        if timer.activity is not None:
            assert timer.activity in open_ids
    json.dumps(state.to_dict())


@settings(
    max_examples=150,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
@given(data=st.data())
def test_every_state_round_trips_and_stays_consistent(drive, data):
    d = drive(COMPOSITE, TASK_DEFS)
    d.start({"kind": data.draw(st.sampled_from(["x", "y"]))})
    for _ in range(data.draw(st.integers(1, 25))):
        state = d.state
        open_tasks = [a for a in state.activities.values() if a.is_open]
        action = data.draw(st.sampled_from(ACTIONS))
        try:
            if action == "complete" and open_tasks:
                target = data.draw(st.sampled_from(open_tasks))
                d.run(CompleteTask(target.id, data.draw(OUTPUTS), data.draw(STATUSES), "r"))
            elif action == "poll" and open_tasks:
                d.run(StartTask(data.draw(st.sampled_from(open_tasks)).id, "w"))
            elif action == "lease" and open_tasks:
                d.run(TimeOutTask(data.draw(st.sampled_from(open_tasks)).id))
            elif action == "timer" and state.timers:
                d.run(FireTimer(data.draw(st.sampled_from(sorted(state.timers)))))
            elif action == "advance":
                d.advance(data.draw(st.sampled_from([10, 30, 200, 4000])))
            elif action == "pause":
                d.run(PauseInstance())
            elif action == "resume":
                d.run(ResumeInstance())
            elif action == "terminate":
                d.run(TerminateInstance("stop"))
            elif action == "retry":
                d.run(RetryInstance())
            elif action == "unknown":
                d.run(CompleteTask("nope"))
        except BatonError:
            pass  # refused: the driver already checked that nothing changed
        check_consistent(d.state)


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(kind=st.sampled_from(["fork", "loop", None]), order=st.randoms(use_true_random=False))
def test_completing_whatever_is_open_always_finishes_the_composite(drive, kind, order):
    d = drive(COMPOSITE, TASK_DEFS)
    d.start({"kind": "x"})
    for _ in range(60):
        if d.status.is_terminal:
            break
        completable = [
            a for a in d.state.activities.values() if a.is_open and a.node not in ("loop", "j")
        ]
        if completable:
            target = order.choice(completable)
            d.run(CompleteTask(target.id, {"kind": kind}))
        else:
            d.advance(30)
    assert d.status.value == "COMPLETED"


def test_task_domains_survive_the_state_document():
    from baton.model.instance import InstanceState
    from baton.model.status import InstanceStatus

    state = InstanceState("i", "wf", 1, InstanceStatus.RUNNING, task_to_domain={"*": "a,b"})
    again = InstanceState.from_dict(state.to_dict())
    assert again.task_to_domain == {"*": "a,b"}
    assert again.domain_of("x") == "a"
    assert InstanceState("i", "wf", 1, InstanceStatus.RUNNING).domain_of("x") is None
    assert again.copy().task_to_domain == {"*": "a,b"}

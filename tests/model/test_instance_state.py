import pytest

from baton.model.errors import InvalidInput
from baton.model.instance import Activity, InstanceState, Timer, TimerPurpose, Token
from baton.model.status import InstanceStatus, TaskStatus


def sample_state():
    state = InstanceState(
        instance_id="i",
        definition_id="d",
        definition_version=1,
        status=InstanceStatus.RUNNING,
        input={"a": 1},
        correlation_id="c",
        activities={
            "t1": Activity("t1", "a", "a", 1, TaskStatus.COMPLETED, output={"x": 1}),
            "t2": Activity("t2", "a", "a", 2, TaskStatus.SCHEDULED, retry_count=1, timers=("tm",)),
        },
        join_tokens=[Token("j", None, "f1")],
        timers={"tm": Timer("tm", TimerPurpose.TASK_TIMEOUT, 5, "t2")},
        next_seq=3,
    )
    state.reindex()
    return state


def test_state_round_trips_and_rebuilds_its_indexes():
    state = sample_state()
    again = InstanceState.from_dict(state.to_dict())
    assert again == state
    assert list(again.open) == ["t2"]
    assert again.activity_by_ref("a").id == "t2"


def test_copy_shares_activities_but_not_containers():
    state = sample_state()
    copy = state.copy()
    copy.activities["t3"] = Activity("t3", "b", "b", 3, TaskStatus.SCHEDULED)
    copy.join_tokens.clear()
    assert "t3" not in state.activities
    assert state.join_tokens
    assert copy.activities["t1"] is state.activities["t1"]


def test_an_unknown_state_schema_is_refused():
    data = sample_state().to_dict()
    data["schema"] = 0
    with pytest.raises(InvalidInput):
        InstanceState.from_dict(data)


def test_statuses_know_what_is_terminal_and_retriable():
    assert not TaskStatus.SCHEDULED.is_terminal
    assert TaskStatus.CANCELED.is_terminal and not TaskStatus.CANCELED.is_successful
    assert TaskStatus.TIMED_OUT.is_retriable
    assert not TaskStatus.FAILED_WITH_TERMINAL_ERROR.is_retriable
    assert InstanceStatus.PAUSED.is_terminal is False
    assert InstanceStatus.TERMINATED.is_terminal


def test_task_by_ref_finds_the_latest_attempt_or_a_loop_iteration():
    state = InstanceState("i", "d", 1, InstanceStatus.RUNNING)
    for seq, (ref, iteration) in enumerate([("a", 0), ("w__1", 1), ("w__2", 2), ("w__2", 2)], 1):
        node = ref.split("__")[0]
        state.activities[f"t{seq}"] = Activity(
            f"t{seq}", node, ref, seq, TaskStatus.SCHEDULED, iteration=iteration
        )
    assert state.task_by_ref("a").id == "t1"
    assert state.task_by_ref("w__2").id == "t4"
    assert state.task_by_ref("w").id == "t4"
    assert state.task_by_ref("w", iteration=1).id == "t2"
    assert state.task_by_ref("nope") is None

"""Bad commands raise domain errors and change nothing (the driver checks the input state)."""

import pytest

from baton.engine import (
    CompleteTask,
    FireTimer,
    StartInstance,
    StartTask,
    TimeOutTask,
    execute,
)
from baton.model.errors import Conflict, InvalidInput, NotFound
from baton.model.status import TaskStatus
from baton.notation.conductor import compile

FORK = {
    "name": "wf",
    "tasks": [
        {
            "name": "f",
            "taskReferenceName": "f",
            "type": "FORK_JOIN",
            "forkTasks": [
                [{"name": "a", "taskReferenceName": "a"}],
                [{"name": "b", "taskReferenceName": "b"}],
            ],
        },
        {"name": "j", "taskReferenceName": "j", "type": "JOIN", "joinOn": ["a", "b"]},
    ],
}


def test_completing_an_unknown_task_is_not_found(drive):
    d = drive(FORK)
    d.start()
    with pytest.raises(NotFound):
        d.run(CompleteTask("no-such-task"))


def test_completing_an_already_completed_task_is_a_conflict(drive):
    d = drive(FORK)
    d.start()
    task_id = d.task("a").id
    d.complete("a")
    with pytest.raises(Conflict):
        d.run(CompleteTask(task_id))


def test_completing_a_task_of_a_finished_instance_is_a_conflict(drive):
    d = drive(FORK)
    d.start()
    d.complete("a")
    d.complete("b")
    with pytest.raises(Conflict):
        d.run(CompleteTask(d.task("a").id))


def test_completing_a_system_task_is_a_conflict(drive):
    d = drive(FORK)
    d.start()
    d.complete("a")
    with pytest.raises(Conflict):
        d.run(CompleteTask(d.task("j").id))


def test_completing_with_a_non_final_status_is_invalid(drive):
    d = drive(FORK)
    d.start()
    with pytest.raises(InvalidInput):
        d.run(CompleteTask(d.task("a").id, status=TaskStatus.CANCELED))


def test_polling_an_in_progress_task_again_counts_the_poll(drive):
    # after a progress update with a callback the task is offered again; the store's queue
    # row, not the engine, keeps two workers from taking it at once
    d = drive(FORK)
    d.start()
    d.poll("a")
    d.poll("a")
    assert d.task("a").poll_count == 2


def test_starting_a_finished_task_is_a_conflict(drive):
    d = drive(FORK)
    d.start()
    d.complete("a")
    with pytest.raises(Conflict):
        d.poll("a")


def test_timing_out_a_finished_task_is_a_conflict(drive):
    d = drive(FORK)
    d.start()
    task_id = d.task("a").id
    d.complete("a")
    with pytest.raises(Conflict):
        d.run(TimeOutTask(task_id))


def test_firing_an_unknown_timer_is_not_found(drive):
    d = drive(FORK)
    d.start()
    with pytest.raises(NotFound):
        d.run(FireTimer("gone"))


def test_starting_an_existing_instance_is_a_conflict(drive):
    d = drive(FORK)
    d.start()
    with pytest.raises(Conflict):
        d.start()


def test_a_command_without_state_is_not_found(now):
    with pytest.raises(NotFound):
        execute(compile(FORK), None, StartTask("x"), now=now)


def test_a_state_of_another_definition_is_refused(drive, now):
    d = drive(FORK)
    d.start()
    other = compile({**FORK, "version": 7})
    with pytest.raises(InvalidInput):
        execute(other, d.state, CompleteTask(d.task("a").id), now=now)


def test_start_instance_with_a_given_id_uses_it(drive):
    d = drive(FORK)
    d.run(StartInstance({}, instance_id="my-id"))
    assert d.state.instance_id == "my-id"

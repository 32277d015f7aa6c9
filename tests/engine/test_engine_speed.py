"""A coarse guard on the engine's per-command cost (the real benchmark lives elsewhere)."""

import time
from datetime import UTC, datetime

from baton.engine import CompleteTask, StartInstance, execute
from baton.model.instance import InstanceState
from baton.notation.conductor import compile

HUMAN_FLOW = {
    "name": "approve",
    "tasks": [
        {
            "name": "approve",
            "taskReferenceName": "approve_ref",
            "type": "HUMAN",
            "inputParameters": {
                "amount": "${workflow.input.amount}",
                "__humanTaskDefinition": {"displayName": "Approve", "assignments": []},
            },
        }
    ],
}


def test_start_human_task_complete_costs_well_under_a_millisecond():
    definition = compile(HUMAN_FLOW)
    now = datetime(2026, 1, 1, tzinfo=UTC)
    rounds = 2000
    began = time.perf_counter()
    for _ in range(rounds):
        started = execute(definition, None, StartInstance({"amount": 10}), now=now)
        loaded = InstanceState.from_dict(started.state.to_dict())
        task_id = next(iter(loaded.activities))
        done = execute(definition, loaded, CompleteTask(task_id, {"ok": True}), now=now)
        done.state.to_dict()
    per_instance = (time.perf_counter() - began) / rounds
    assert done.state.status.value == "COMPLETED"
    # ~0.1 ms on a laptop core; the bound only catches accidental quadratic work.
    assert per_instance < 0.002, f"{per_instance * 1e6:.0f} us per instance"

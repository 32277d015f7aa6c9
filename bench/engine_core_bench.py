"""The pure engine's per-instance cost, no database: `python bench/engine_core_bench.py`.

Start a one-HUMAN-task Conductor flow, round-trip its state through `to_dict`/`from_dict` (as
a save and load would), complete the task, serialize again. Prints microseconds per instance
(about 100 on a laptop core; a jump points at accidental quadratic work). Nothing asserted.
"""

from __future__ import annotations

import sys
import time
from datetime import UTC, datetime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))

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


def main(rounds: int = 2_000) -> None:
    definition = compile(HUMAN_FLOW)
    now = datetime(2026, 1, 1, tzinfo=UTC)
    began = time.perf_counter()
    for _ in range(rounds):
        started = execute(definition, None, StartInstance({"amount": 10}), now=now)
        loaded = InstanceState.from_dict(started.state.to_dict())
        task_id = next(iter(loaded.activities))
        done = execute(definition, loaded, CompleteTask(task_id, {"ok": True}), now=now)
        done.state.to_dict()
    per_instance = (time.perf_counter() - began) / rounds
    print(f"engine core: {per_instance * 1e6:.0f} us per instance ({rounds} instances)")


if __name__ == "__main__":
    main()

"""A definition that loops forever or builds too much still gets an answer: the command stops
at its budget (settings BATON_MAX_*), commits, and the instance is FAILED with a reason."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

import pytest

from baton.services.context import ServiceContext
from baton.settings import Settings

from conductor_helpers import poll, register, start, workflow
from support import Api

LIMITS = {
    "BATON_MAX_ACTIVATIONS_PER_COMMAND": "60",
    "BATON_MAX_LOOP_ITERATIONS": "5",
    "BATON_MAX_OUTPUT_BYTES_PER_COMMAND": "20000",
}


@pytest.fixture
def settings(settings: Settings) -> Settings:
    """The suite's settings with small per-command limits, read as the server reads them."""
    limits = Settings.from_env(LIMITS)
    return replace(
        settings,
        max_activations_per_command=limits.max_activations_per_command,
        max_loop_iterations=limits.max_loop_iterations,
        max_output_bytes_per_command=limits.max_output_bytes_per_command,
    )


def _loop_forever(*body: dict[str, Any]) -> dict[str, Any]:
    return {
        "name": "spin",
        "version": 1,
        "tasks": [
            {
                "name": "loop",
                "taskReferenceName": "loop",
                "type": "DO_WHILE",
                "loopCondition": "true",
                "loopOver": list(body),
            }
        ],
    }


def _set_variable(ref: str, **values: Any) -> dict[str, Any]:
    return {
        "name": ref,
        "taskReferenceName": ref,
        "type": "SET_VARIABLE",
        "inputParameters": values,
    }


def test_settings_reach_the_engine(ctx: ServiceContext) -> None:
    limits = ctx.engine.limits
    assert (limits.max_activations, limits.max_loop_iterations, limits.max_output_bytes) == (
        60,
        5,
        20_000,
    )


def test_settings_refuse_a_limit_below_one() -> None:
    with pytest.raises(SystemExit, match="BATON_MAX_LOOP_ITERATIONS must be at least 1"):
        Settings.from_env({"BATON_MAX_LOOP_ITERATIONS": "0"})


def test_conductor_do_while_true_fails_with_the_reason(api: Api) -> None:
    register(api, _loop_forever(_set_variable("tick", n=1)))
    workflow_id = start(api, "spin")
    found = workflow(api, workflow_id)
    reason = "DO_WHILE 'loop' exceeded 5 iterations in one command (BATON_MAX_LOOP_ITERATIONS)"
    assert found["status"] == "FAILED"
    assert found["reasonForIncompletion"] == reason
    loop = next(t for t in found["tasks"] if t["referenceTaskName"] == "loop")
    assert loop["status"] == "FAILED_WITH_TERMINAL_ERROR"
    assert loop["reasonForIncompletion"] == reason


def test_conductor_loop_building_too_much_output_fails(api: Api) -> None:
    grow = _set_variable("grow", x="${workflow.variables.x}${workflow.variables.x}")
    definition = _loop_forever(grow)
    definition["tasks"].insert(0, _set_variable("seed", x="x" * 1_000))
    register(api, definition)
    found = workflow(api, start(api, "spin"))
    assert found["status"] == "FAILED"
    assert found["reasonForIncompletion"] == (
        "Output of one command exceeded 20000 bytes at SET_VARIABLE 'grow' "
        "(BATON_MAX_OUTPUT_BYTES_PER_COMMAND)"
    )
    assert found["tasks"] == []


def test_worker_output_over_the_budget_fails_the_workflow(api: Api) -> None:
    definition = {
        "name": "work",
        "version": 1,
        "tasks": [{"name": "job", "taskReferenceName": "job", "type": "SIMPLE"}],
    }
    register(api, definition)
    workflow_id = start(api, "work")
    (task,) = poll(api, "job")
    body = {
        "taskId": task["taskId"],
        "workflowInstanceId": workflow_id,
        "status": "COMPLETED",
        "outputData": {"blob": "x" * 30_000},
    }
    response = api.client.post("/api/tasks", json=body, headers=api.admin)
    assert response.status_code == 200, response.text
    found = workflow(api, workflow_id)
    assert found["status"] == "FAILED"
    assert "(BATON_MAX_OUTPUT_BYTES_PER_COMMAND)" in found["reasonForIncompletion"]

"""Every command ends: per-command budgets on activations, loop iterations and output size."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from baton.engine import Engine, EngineLimits, InstanceFailed, ResolveIncident, RetryInstance
from baton.engine.budget import json_size
from baton.engine.changes import ElementCompleted, IncidentRaised
from baton.model.instance import IncidentKind
from baton.model.status import InstanceStatus, TaskStatus
from baton.notation.bpmn import compile_bpmn

from conftest import Driver, simple, workflow


def engine(**limits: int) -> Engine:
    return Engine(limits=EngineLimits(**limits))


def forever(*body: dict[str, Any]) -> dict[str, Any]:
    return {
        "name": "loop",
        "taskReferenceName": "loop",
        "type": "DO_WHILE",
        "loopCondition": "true",
        "loopOver": list(body),
    }


def set_variable(ref: str, **values: Any) -> dict[str, Any]:
    return {
        "name": ref,
        "taskReferenceName": ref,
        "type": "SET_VARIABLE",
        "inputParameters": values,
    }


SPIN = b"""<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" id="d">
  <bpmn:process id="spin" isExecutable="true">
    <bpmn:startEvent id="start" />
    <bpmn:sequenceFlow id="f1" sourceRef="start" targetRef="gw" />
    <bpmn:exclusiveGateway id="gw" default="out" />
    <bpmn:sequenceFlow id="again" sourceRef="gw" targetRef="gw">
      <bpmn:conditionExpression>= true</bpmn:conditionExpression>
    </bpmn:sequenceFlow>
    <bpmn:sequenceFlow id="out" sourceRef="gw" targetRef="end" />
    <bpmn:endEvent id="end" />
  </bpmn:process>
</bpmn:definitions>"""


DOUBLE = set_variable("grow", x="${workflow.variables.x}${workflow.variables.x}")


def test_do_while_forever_fails_after_the_iteration_budget(drive: Callable[..., Driver]) -> None:
    d = drive(workflow(forever(set_variable("tick", n=1))), engine=engine(max_loop_iterations=5))
    d.start()
    reason = "DO_WHILE 'loop' exceeded 5 iterations in one command (BATON_MAX_LOOP_ITERATIONS)"
    assert d.status is InstanceStatus.FAILED
    assert d.state is not None and d.state.reason == reason
    loop = d.task("loop")
    assert loop.status is TaskStatus.FAILED_WITH_TERMINAL_ERROR
    assert loop.reason == reason
    assert loop.iteration == 5
    assert [a.ref for a in d.attempts("tick__5")] == ["tick__5"]
    assert not d.attempts("tick__6")


def test_the_iteration_budget_is_per_command(drive: Callable[..., Driver]) -> None:
    step = {**forever(simple("a")), "loopCondition": "$.loop.iteration < 4"}
    d = drive(workflow(step), engine=engine(max_loop_iterations=1))
    d.start()
    for i in (1, 2, 3, 4):
        d.complete(f"a__{i}")
    assert d.status is InstanceStatus.COMPLETED
    assert d.task("loop").iteration == 4


def test_a_retry_runs_the_loop_on_with_a_fresh_budget(drive: Callable[..., Driver]) -> None:
    d = drive(workflow(forever(set_variable("tick", n=1))), engine=engine(max_loop_iterations=3))
    d.start()
    d.run(RetryInstance())
    assert d.status is InstanceStatus.FAILED
    assert d.task("loop").iteration == 6


def test_a_gateway_looping_to_itself_raises_an_incident_after_the_activation_budget(
    drive: Callable[..., Driver],
) -> None:
    (definition,) = compile_bpmn(SPIN, "spin.bpmn").processes
    d = drive(definition, engine=engine(max_activations=50))
    d.start()
    assert d.status is InstanceStatus.RUNNING
    (incident,) = d.of(IncidentRaised)
    assert incident.kind is IncidentKind.BUDGET_EXCEEDED
    assert incident.message == (
        "exclusive_gateway 'gw': more than 50 node activations in one command "
        "(BATON_MAX_ACTIVATIONS_PER_COMMAND)"
    )
    assert d.state is not None
    (hold,) = d.state.incidents.values()
    assert hold.token is not None and hold.token.node == "gw"  # resolving goes on from there
    assert d.of(InstanceFailed) == []
    d.run(ResolveIncident(incident.key))  # the held gateway passes, and spins on to a new one
    (again,) = d.of(IncidentRaised)
    assert again.key != incident.key and again.node_id == "gw"
    assert incident.element_key in [c.key for c in d.of(ElementCompleted)]


def test_a_start_building_too_much_output_fails_and_keeps_none_of_it(
    drive: Callable[..., Driver],
) -> None:
    flow_def = workflow(set_variable("seed", x="ab"), forever(DOUBLE))
    d = drive(flow_def, engine=engine(max_output_bytes=10_000))
    d.start()
    assert d.status is InstanceStatus.FAILED
    assert d.state is not None
    assert d.state.reason == (
        "Output of one command exceeded 10000 bytes at SET_VARIABLE 'grow' "
        "(BATON_MAX_OUTPUT_BYTES_PER_COMMAND)"
    )
    assert d.state.activities == {}
    assert d.state.variables == {}
    assert [t.node for t in d.state.retry_tokens] == [d.definition.start]


def test_a_retry_building_too_much_output_leaves_the_instance_retryable(
    drive: Callable[..., Driver],
) -> None:
    flow_def = workflow(set_variable("seed", x="ab"), forever(DOUBLE))
    d = drive(flow_def, engine=engine(max_output_bytes=10_000))
    d.start()
    before = d.state
    d.run(RetryInstance())
    assert d.status is InstanceStatus.FAILED
    assert d.changes == []
    assert d.state is not None and before is not None
    assert d.state.reason == before.reason
    assert d.state.retry_tokens == before.retry_tokens != []


def test_a_completion_building_too_much_output_fails_from_the_state_before_it(
    drive: Callable[..., Driver],
) -> None:
    flow_def = workflow(simple("first"), forever(DOUBLE))
    d = drive(flow_def, engine=engine(max_output_bytes=10_000))
    d.start()
    d.complete("first", {"seed": "ab"})
    assert d.status is InstanceStatus.FAILED
    assert d.state is not None and d.state.reason is not None
    assert d.state.reason.startswith("Output of one command exceeded 10000 bytes")
    assert d.statuses() == {"first": "CANCELED"}
    assert d.state.retry_activities == [d.task("first").id]


def test_a_worker_output_over_the_budget_fails_the_instance(
    drive: Callable[..., Driver],
) -> None:
    d = drive(workflow(simple("first")), engine=engine(max_output_bytes=1_000))
    d.start()
    d.complete("first", {"blob": "x" * 2_000})
    assert d.status is InstanceStatus.FAILED
    assert d.statuses() == {"first": "CANCELED"}


def test_output_within_the_budget_is_kept(drive: Callable[..., Driver]) -> None:
    d = drive(workflow(simple("first")), engine=engine(max_output_bytes=10_000))
    d.start()
    d.complete("first", {"blob": "x" * 2_000})
    assert d.status is InstanceStatus.COMPLETED


def test_json_size_of_shared_parts_stops_at_the_limit() -> None:
    inner = ["x" * 10] * 1_000
    outer = [inner] * 1_000  # about 12 MB as JSON, 2,000 list cells in memory
    assert 50_000 < json_size(outer, 50_000) <= 50_000 + 1_002  # one list past the limit
    assert json_size(outer, 10**9) > 12 * 1_000 * 1_000

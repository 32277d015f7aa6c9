"""Compiling message and signal events: what becomes which node, what is refused."""

from __future__ import annotations

import pytest

from baton.model.errors import InvalidInput
from baton.model.process import NodeKind, TriggerKind
from baton.notation.bpmn import compile_bpmn

NS = (
    'xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" '
    'xmlns:zeebe="http://camunda.org/schema/zeebe/1.0"'
)


def compile_body(body: str, extra: str = "") -> dict[str, object]:
    data = (
        f'<bpmn:definitions {NS} id="d">{extra}<bpmn:process id="p" isExecutable="true">'
        f"{body}</bpmn:process></bpmn:definitions>"
    ).encode()
    (definition,) = compile_bpmn(data, "t.bpmn").processes
    return {n.id: n for n in definition.nodes}


MSG = (
    '<bpmn:message id="m" name="paid"><bpmn:extensionElements>'
    '<zeebe:subscription correlationKey="= key" /></bpmn:extensionElements></bpmn:message>'
)


def test_catch_event_carries_the_message_and_its_key() -> None:
    nodes = compile_body(
        '<bpmn:startEvent id="s" /><bpmn:intermediateCatchEvent id="c">'
        '<bpmn:messageEventDefinition messageRef="m" /></bpmn:intermediateCatchEvent>'
        '<bpmn:sequenceFlow id="f" sourceRef="s" targetRef="c" />',
        MSG,
    )
    node = nodes["c"]
    assert node.kind is NodeKind.CATCH_EVENT  # type: ignore[attr-defined]
    trigger = node.trigger  # type: ignore[attr-defined]
    assert trigger.kind is TriggerKind.MESSAGE and trigger.name == "paid"
    assert trigger.correlation_key.value == "= key"


def test_process_with_only_a_message_start_compiles() -> None:
    nodes = compile_body(
        '<bpmn:startEvent id="s"><bpmn:messageEventDefinition messageRef="m" /></bpmn:startEvent>',
        MSG,
    )
    assert nodes["s"].trigger.name == "paid"  # type: ignore[attr-defined]


@pytest.mark.parametrize(
    ("body", "extra", "message"),
    [
        (
            '<bpmn:startEvent id="s" /><bpmn:intermediateCatchEvent id="c">'
            '<bpmn:messageEventDefinition messageRef="nope" /></bpmn:intermediateCatchEvent>',
            "",
            "messageRef 'nope' names no bpmn:message",
        ),
        (
            '<bpmn:startEvent id="s" /><bpmn:intermediateCatchEvent id="c">'
            '<bpmn:messageEventDefinition messageRef="m" /></bpmn:intermediateCatchEvent>',
            '<bpmn:message id="m" name="= x" />',
            "FEEL message name",
        ),
        (
            '<bpmn:startEvent id="s" /><bpmn:intermediateThrowEvent id="c">'
            '<bpmn:signalEventDefinition signalRef="x" /></bpmn:intermediateThrowEvent>',
            "",
            "signalRef 'x' names no bpmn:signal",
        ),
        (
            '<bpmn:startEvent id="s" /><bpmn:endEvent id="e">'
            '<bpmn:messageEventDefinition messageRef="m" /></bpmn:endEvent>',
            MSG,
            "message throw event without a job type",
        ),
    ],
)
def test_refusals_name_the_element(body: str, extra: str, message: str) -> None:
    with pytest.raises(InvalidInput, match=message):
        compile_body(body, extra)

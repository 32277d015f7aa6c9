"""Compiling `bpmn:multiInstanceLoopCharacteristics`: the body node, what is refused and why."""

from __future__ import annotations

from pathlib import Path

import pytest

from baton.model.errors import InvalidInput
from baton.model.process import NodeKind, ProcessDefinition
from baton.notation.bpmn import compile_bpmn

NS = (
    'xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" '
    'xmlns:zeebe="http://camunda.org/schema/zeebe/1.0"'
)
CORPUS = Path(__file__).resolve().parents[3] / ".." / "shared" / "bpmn-corpus"


def bpmn(task: str) -> bytes:
    return (
        f'<bpmn:definitions {NS} id="d"><bpmn:process id="p" isExecutable="true">'
        '<bpmn:startEvent id="s" />'
        f'{task}<bpmn:endEvent id="e" /><bpmn:boundaryEvent id="b" attachedToRef="t">'
        "<bpmn:timerEventDefinition><bpmn:timeDuration>PT1M</bpmn:timeDuration>"
        "</bpmn:timerEventDefinition></bpmn:boundaryEvent>"
        '<bpmn:sequenceFlow id="f1" sourceRef="s" targetRef="t" />'
        '<bpmn:sequenceFlow id="f2" sourceRef="t" targetRef="e" />'
        '<bpmn:sequenceFlow id="f3" sourceRef="b" targetRef="e" />'
        "</bpmn:process></bpmn:definitions>"
    ).encode()


def loop(attributes: str, inner: str = "", sequential: bool = False) -> str:
    seq = ' isSequential="true"' if sequential else ""
    return (
        f"<bpmn:multiInstanceLoopCharacteristics{seq}><bpmn:extensionElements>"
        f"<zeebe:loopCharacteristics {attributes} /></bpmn:extensionElements>{inner}"
        "</bpmn:multiInstanceLoopCharacteristics>"
    )


def script(characteristics: str) -> str:
    return (
        '<bpmn:scriptTask id="t" name="Count"><bpmn:extensionElements>'
        '<zeebe:script expression="=item * 2" resultVariable="double" />'
        f"</bpmn:extensionElements>{characteristics}</bpmn:scriptTask>"
    )


def compiled(task: str) -> ProcessDefinition:
    (definition,) = compile_bpmn(bpmn(task), "t.bpmn").processes
    return definition


def refused(task: str) -> str:
    with pytest.raises(InvalidInput) as caught:
        compile_bpmn(bpmn(task), "t.bpmn")
    return caught.value.message


def test_the_body_takes_the_flows_boundaries_and_survives_a_round_trip() -> None:
    characteristics = loop(
        'inputCollection="= items" inputElement="item" outputCollection="doubles" '
        'outputElement="= double"',
        "<bpmn:completionCondition>= numberOfCompletedInstances = 2</bpmn:completionCondition>",
        sequential=True,
    )
    definition = compiled(script(characteristics))
    body = definition.node("t#multiInstanceBody")
    assert body.kind is NodeKind.MULTI_INSTANCE and body.title == "Count"
    assert definition.node("t").kind is NodeKind.SET_VARIABLES
    assert definition.node("b").attached_to == body.id
    assert body.multi is not None and body.multi.sequential
    assert body.multi.input_collection.source == "items"
    assert body.multi.completion_condition is not None
    assert ProcessDefinition.from_dict(definition.to_dict()).to_dict() == definition.to_dict()


@pytest.mark.parametrize(
    ("characteristics", "expected"),
    [
        (
            "<bpmn:multiInstanceLoopCharacteristics />",
            "a multi-instance without an inputCollection is not supported",
        ),
        (
            "<bpmn:multiInstanceLoopCharacteristics><bpmn:loopCardinality>3"
            "</bpmn:loopCardinality></bpmn:multiInstanceLoopCharacteristics>",
            "a multi-instance loopCardinality is not supported",
        ),
        (
            loop('inputCollection="=items" outputElement="=x"'),
            "has an outputElement but no outputCollection",
        ),
        (
            loop('inputCollection="=items +"'),
            "attribute 'inputCollection': invalid FEEL expression",
        ),
        ("<bpmn:standardLoopCharacteristics />", "(loop scriptTask) is not supported"),
    ],
)
def test_refusals_name_the_element_and_the_reason(characteristics: str, expected: str) -> None:
    message = refused(script(characteristics))
    assert message.startswith("t.bpmn: element 't'"), message
    assert expected in message


def test_the_corpus_fixture_without_an_input_collection_is_refused_for_it() -> None:
    path = CORPUS / "propspanel-ZeebePropertiesProvider.bpmn"
    if not path.is_file():
        pytest.skip(f"BPMN corpus not found at {CORPUS}")
    with pytest.raises(InvalidInput) as caught:
        compile_bpmn(path.read_bytes(), path.name)
    messages = [e["message"] for e in caught.value.details["validationErrors"]]
    assert any("multi-instance without an inputCollection" in m for m in messages)

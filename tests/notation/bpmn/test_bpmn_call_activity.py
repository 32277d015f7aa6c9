"""Compiling BPMN call activities (zeebe:calledElement, Camunda 7 calledElement)."""

from __future__ import annotations

import pytest
from test_bpmn_compiler import FILE, around, bpmn, refused

from baton.model.process import Node, NodeKind, ProcessDefinition
from baton.notation.bpmn import compile_bpmn


def call(ext: str = "", attrs: str = "") -> str:
    inner = f"<bpmn:extensionElements>{ext}</bpmn:extensionElements>" if ext else ""
    return f'<bpmn:callActivity id="t" {attrs}>{inner}</bpmn:callActivity>'


def compiled(element: str) -> Node:
    (definition,) = compile_bpmn(around(element, "t"), FILE).processes
    round_trip = ProcessDefinition.from_dict(definition.to_dict())
    assert round_trip.node("t") == definition.node("t")
    return definition.node("t")


def test_called_element_with_defaults() -> None:
    found = compiled(call('<zeebe:calledElement processId="child" />'))
    assert found.kind is NodeKind.CALL_ACTIVITY
    assert found.called_process == "child"
    assert found.propagate_variables is True
    assert found.merge_output is True
    assert found.input is None
    assert found.outputs is None


def test_propagation_flags_and_mappings() -> None:
    found = compiled(
        call(
            '<zeebe:calledElement processId="child" propagateAllChildVariables="false"'
            ' propagateAllParentVariables="false" />'
            '<zeebe:ioMapping><zeebe:input source="= a" target="x.y" />'
            '<zeebe:output source="= r" target="out" /></zeebe:ioMapping>'
        )
    )
    assert found.merge_output is False
    assert found.propagate_variables is False
    assert found.input is not None and found.input.value == {"x": {"y": "= a"}}
    assert found.outputs is not None and found.outputs.value == [["out", "= r"]]


def test_binding_types() -> None:
    tagged = compiled(
        call('<zeebe:calledElement processId="c" bindingType="versionTag" versionTag="v1" />')
    )
    assert (tagged.binding, tagged.binding_tag) == ("versionTag", "v1")
    together = compiled(call('<zeebe:calledElement processId="c" bindingType="deployment" />'))
    assert (together.binding, together.binding_tag) == ("deployment", None)
    assert compiled(call('<zeebe:calledElement processId="c" />')).binding is None


def test_camunda7_called_element_attribute() -> None:
    assert compiled(call(attrs='calledElement="child7"')).called_process == "child7"


@pytest.mark.parametrize(
    ("element", "expected"),
    [
        (call(), "element 't' (callActivity) needs a called process"),
        (
            call('<zeebe:calledElement processId="= name" />'),
            "the called process expression '= name' is not supported",
        ),
        (
            call(attrs='calledElement="${name}"'),
            "the called process expression '${name}' is not supported",
        ),
        (
            call('<zeebe:calledElement processId="c" bindingType="versionTag" />'),
            "bindingType versionTag needs a versionTag",
        ),
        (
            call('<camunda:in source="a" target="a" />', 'calledElement="c"'),
            "camunda:in/camunda:out variable mappings is not supported",
        ),
        (
            call('<zeebe:calledElement processId="c" /><zeebe:taskListeners />'),
            "zeebe:taskListeners is not supported",
        ),
    ],
)
def test_refusals(element: str, expected: str) -> None:
    assert expected in refused(bpmn('<bpmn:startEvent id="s" />' + element))

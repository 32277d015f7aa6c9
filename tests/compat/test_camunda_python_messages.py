"""The Camunda Python SDK (`camunda-orchestration-sdk`, unmodified) publishes and correlates
messages and broadcasts signals against a running Baton."""

from __future__ import annotations

import pytest

from support import running_server

sdk = pytest.importorskip("camunda_orchestration_sdk")

from camunda_orchestration_sdk.models import (  # noqa: E402
    MessageCorrelationRequest,
    MessagePublicationRequest,
    ProcessCreationById,
    SignalBroadcastRequest,
)
from test_camunda_python import KEY_ID, KEY_SECRET, Journey  # noqa: E402

pytestmark = pytest.mark.slow

MODEL = b"""<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL"
    xmlns:zeebe="http://camunda.org/schema/zeebe/1.0" id="d" targetNamespace="sdk">
  <bpmn:message id="m" name="paid">
    <bpmn:extensionElements><zeebe:subscription correlationKey="= orderId"/>
    </bpmn:extensionElements>
  </bpmn:message>
  <bpmn:signal id="s" name="go"/>
  <bpmn:process id="sdk_messages" isExecutable="true">
    <bpmn:startEvent id="start"/>
    <bpmn:sequenceFlow id="f1" sourceRef="start" targetRef="pay"/>
    <bpmn:intermediateCatchEvent id="pay"><bpmn:messageEventDefinition messageRef="m"/>
    </bpmn:intermediateCatchEvent>
    <bpmn:sequenceFlow id="f2" sourceRef="pay" targetRef="ship"/>
    <bpmn:receiveTask id="ship" messageRef="m"/>
    <bpmn:sequenceFlow id="f3" sourceRef="ship" targetRef="go"/>
    <bpmn:intermediateCatchEvent id="go"><bpmn:signalEventDefinition signalRef="s"/>
    </bpmn:intermediateCatchEvent>
    <bpmn:sequenceFlow id="f4" sourceRef="go" targetRef="end"/>
    <bpmn:endEvent id="end"/>
  </bpmn:process>
</bpmn:definitions>
"""


def test_python_sdk_publishes_correlates_and_broadcasts(database_url: str, tmp_path) -> None:  # type: ignore[no-untyped-def]
    env = {
        "BATON_DATABASE_URL": database_url,
        "BATON_ADMIN_KEY_ID": KEY_ID,
        "BATON_ADMIN_KEY_SECRET": KEY_SECRET,
    }
    model = tmp_path / "messages.bpmn"
    model.write_bytes(MODEL)
    with running_server(env) as (base, _process):
        client = Journey(base).client
        client.deploy_resources_from_files([model])
        created = client.create_process_instance(
            data=ProcessCreationById.from_dict(
                {"processDefinitionId": "sdk_messages", "variables": {"orderId": "A-1"}}
            )
        )
        key = str(created.process_instance_key)
        published = client.publish_message(
            data=MessagePublicationRequest.from_dict(
                {"name": "paid", "correlationKey": "A-1", "timeToLive": 0, "variables": {"x": 1}}
            )
        )
        assert str(published.message_key).isdigit()
        correlated = client.correlate_message(
            data=MessageCorrelationRequest.from_dict({"name": "paid", "correlationKey": "A-1"})
        )
        assert str(correlated.process_instance_key) == key
        signal = client.broadcast_signal(
            data=SignalBroadcastRequest.from_dict({"signalName": "go", "variables": {"y": 2}})
        )
        assert str(signal.signal_key).isdigit()
        found = client.get_process_instance(created.process_instance_key)
        assert str(getattr(found.state, "value", found.state)) == "COMPLETED"

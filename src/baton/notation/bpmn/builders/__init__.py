"""One builder per BPMN element, in one table keyed by the element's local name."""

from baton.model.process import NodeKind
from baton.notation.bpmn.builders.base import Builder, ProcessBuild
from baton.notation.bpmn.builders.containers import CallActivityBuilder, SubProcessBuilder
from baton.notation.bpmn.builders.event_gateway import EventGatewayBuilder
from baton.notation.bpmn.builders.events import (
    BoundaryEventBuilder,
    CatchEventBuilder,
    EndEventBuilder,
    StartEventBuilder,
    ThrowEventBuilder,
)
from baton.notation.bpmn.builders.gateways import GatewayBuilder
from baton.notation.bpmn.builders.tasks import JobTaskBuilder, PassThroughBuilder, UserTaskBuilder
from baton.notation.bpmn.builders.triggers import ReceiveTaskBuilder

BUILDERS: dict[str, Builder] = {
    "startEvent": StartEventBuilder(),
    "endEvent": EndEventBuilder(),
    "intermediateThrowEvent": ThrowEventBuilder(),
    "intermediateCatchEvent": CatchEventBuilder(),
    "boundaryEvent": BoundaryEventBuilder(),
    "userTask": UserTaskBuilder(),
    "serviceTask": JobTaskBuilder(),
    "sendTask": JobTaskBuilder(),
    "businessRuleTask": JobTaskBuilder(),
    "scriptTask": JobTaskBuilder(),
    "manualTask": PassThroughBuilder(),
    "task": PassThroughBuilder(),
    "exclusiveGateway": GatewayBuilder(NodeKind.EXCLUSIVE_GATEWAY),
    "parallelGateway": GatewayBuilder(NodeKind.PARALLEL_GATEWAY),
    "inclusiveGateway": GatewayBuilder(NodeKind.INCLUSIVE_GATEWAY),
    "subProcess": SubProcessBuilder(),
    "callActivity": CallActivityBuilder(),
    "receiveTask": ReceiveTaskBuilder(),
    "eventBasedGateway": EventGatewayBuilder(),
}

__all__ = ["BUILDERS", "Builder", "ProcessBuild"]

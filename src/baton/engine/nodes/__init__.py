"""One behaviour per node kind, in one table keyed by the model's `NodeKind`."""

from baton.engine.nodes.base import NodeBehavior
from baton.engine.nodes.boundary_event import BoundaryEvent
from baton.engine.nodes.boundary_timer import BoundaryTimer
from baton.engine.nodes.call_activity import CallActivity
from baton.engine.nodes.catch_event import CatchEvent
from baton.engine.nodes.dynamic_fork import DynamicFork
from baton.engine.nodes.end import End
from baton.engine.nodes.error_end import ErrorEnd
from baton.engine.nodes.escalation_throw import EscalationThrow
from baton.engine.nodes.event_gateway import EventGateway
from baton.engine.nodes.event_sub_process import EventSubProcess
from baton.engine.nodes.exclusive_gateway import ExclusiveGateway
from baton.engine.nodes.inclusive_gateway import InclusiveGateway
from baton.engine.nodes.loop import Loop
from baton.engine.nodes.multi_instance import MultiInstance
from baton.engine.nodes.parallel_gateway import ParallelGateway
from baton.engine.nodes.pass_through import PassThrough
from baton.engine.nodes.script_task import ScriptTask
from baton.engine.nodes.server_action import ServerAction
from baton.engine.nodes.service_task import ServiceTask
from baton.engine.nodes.set_variables import SetVariables
from baton.engine.nodes.signal_throw import SignalThrow
from baton.engine.nodes.start import Start
from baton.engine.nodes.sub_process import SubProcess
from baton.engine.nodes.task_listener import TaskListener
from baton.engine.nodes.terminate_end import TerminateEnd
from baton.engine.nodes.user_task import UserTask
from baton.engine.nodes.wait import Wait
from baton.model.process import NodeKind

BEHAVIORS: dict[NodeKind, NodeBehavior] = {
    NodeKind.START: Start(),
    NodeKind.END: End(),
    NodeKind.TERMINATE_END: TerminateEnd(),
    NodeKind.SERVICE_TASK: ServiceTask(),
    NodeKind.USER_TASK: UserTask(),
    NodeKind.EXCLUSIVE_GATEWAY: ExclusiveGateway(),
    NodeKind.PARALLEL_GATEWAY: ParallelGateway(),
    NodeKind.INCLUSIVE_GATEWAY: InclusiveGateway(),
    NodeKind.WAIT: Wait(),
    NodeKind.SET_VARIABLES: SetVariables(),
    NodeKind.LOOP: Loop(),
    NodeKind.SUB_PROCESS: SubProcess(),
    NodeKind.BOUNDARY_TIMER: BoundaryTimer(),
    NodeKind.BOUNDARY_ERROR: NodeBehavior(),  # run by `failures.throw_error`
    NodeKind.PASS_THROUGH: PassThrough(),
    NodeKind.CALL_ACTIVITY: CallActivity(),
    NodeKind.MULTI_INSTANCE: MultiInstance(),
    NodeKind.CATCH_EVENT: CatchEvent(),
    NodeKind.BOUNDARY_EVENT: BoundaryEvent(),
    NodeKind.SIGNAL_THROW: SignalThrow(),
    NodeKind.EVENT_GATEWAY: EventGateway(),
    NodeKind.TASK_LISTENER: TaskListener(),
    NodeKind.ERROR_END: ErrorEnd(),
    NodeKind.ESCALATION_THROW: EscalationThrow(),
    NodeKind.BOUNDARY_ESCALATION: NodeBehavior(),  # run by `escalations.catch_escalation`
    NodeKind.EVENT_SUB_PROCESS: EventSubProcess(),
    NodeKind.SCRIPT_TASK: ScriptTask(),
    NodeKind.DYNAMIC_FORK: DynamicFork(),
    NodeKind.START_INSTANCE: ServerAction(),
    NodeKind.TERMINATE_INSTANCES: ServerAction(),
    NodeKind.PUBLISH_EVENT: ServerAction(),
}

assert set(BEHAVIORS) == set(NodeKind), "every node kind needs a behaviour"

__all__ = ["BEHAVIORS", "NodeBehavior"]

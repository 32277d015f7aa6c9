"""One builder per Conductor task type, in one table keyed by the `type` field."""

from baton.notation.conductor.builders.base import TaskBuilder
from baton.notation.conductor.builders.do_while import DoWhileBuilder
from baton.notation.conductor.builders.dynamic import DynamicBuilder
from baton.notation.conductor.builders.dynamic_fork import DynamicForkBuilder
from baton.notation.conductor.builders.event import EventBuilder
from baton.notation.conductor.builders.fork_join import ForkJoinBuilder, JoinBuilder
from baton.notation.conductor.builders.http import HttpBuilder
from baton.notation.conductor.builders.human import HumanBuilder
from baton.notation.conductor.builders.inline import InlineBuilder
from baton.notation.conductor.builders.jq_transform import JqTransformBuilder
from baton.notation.conductor.builders.noop import NoopBuilder
from baton.notation.conductor.builders.set_variable import SetVariableBuilder
from baton.notation.conductor.builders.simple import SimpleBuilder
from baton.notation.conductor.builders.sub_workflow import SubWorkflowBuilder
from baton.notation.conductor.builders.switch import SwitchBuilder
from baton.notation.conductor.builders.terminate import TerminateBuilder
from baton.notation.conductor.builders.wait import WaitBuilder
from baton.notation.conductor.builders.workflow_actions import (
    StartWorkflowBuilder,
    TerminateWorkflowBuilder,
)

FORK_JOIN = "FORK_JOIN"
FORK_JOIN_DYNAMIC = "FORK_JOIN_DYNAMIC"
JOIN = "JOIN"

BUILDERS: dict[str, TaskBuilder] = {
    "SIMPLE": SimpleBuilder(),
    "HUMAN": HumanBuilder(),
    "SWITCH": SwitchBuilder(),
    "DECISION": SwitchBuilder(legacy=True),
    FORK_JOIN: ForkJoinBuilder(),
    JOIN: JoinBuilder(),
    "DO_WHILE": DoWhileBuilder(),
    "WAIT": WaitBuilder(),
    "SET_VARIABLE": SetVariableBuilder(),
    "TERMINATE": TerminateBuilder(),
    "NOOP": NoopBuilder(),
    "INLINE": InlineBuilder(),
    "JSON_JQ_TRANSFORM": JqTransformBuilder(),
    "SUB_WORKFLOW": SubWorkflowBuilder(),
    FORK_JOIN_DYNAMIC: DynamicForkBuilder(),
    "DYNAMIC": DynamicBuilder(),
    "START_WORKFLOW": StartWorkflowBuilder(),
    "TERMINATE_WORKFLOW": TerminateWorkflowBuilder(),
    "HTTP": HttpBuilder(),
    "EVENT": EventBuilder(),
}

__all__ = [
    "BUILDERS",
    "FORK_JOIN",
    "FORK_JOIN_DYNAMIC",
    "JOIN",
    "DynamicForkBuilder",
    "ForkJoinBuilder",
    "TaskBuilder",
]

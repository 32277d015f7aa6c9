"""The process engine: decide what one command does to one instance (no I/O, no clock).

outcome = execute(definition, state, CompleteTask(task_id, output), now=now, new_id=ids)
store.save(outcome.state); store.apply(outcome.changes)
"""

from baton.engine.budget import EngineLimits
from baton.engine.changes import (
    Change,
    InstanceCompleted,
    InstanceFailed,
    InstancePaused,
    InstanceResumed,
    InstanceRetried,
    InstanceStarted,
    InstanceTerminated,
    InstanceTimedOut,
    TaskCanceled,
    TaskCompleted,
    TaskFailed,
    TaskKind,
    TaskReopened,
    TaskScheduled,
    TaskStarted,
    TaskUpdated,
    TimerCanceled,
    TimerScheduled,
    VariablesChanged,
)
from baton.engine.commands import (
    Command,
    CompleteTask,
    FireTimer,
    PauseInstance,
    ResumeInstance,
    RetryInstance,
    StartInstance,
    StartTask,
    TerminateInstance,
    TimeOutTask,
)
from baton.engine.executor import Engine, Outcome, execute, new_uuid
from baton.engine.languages import EvalScope, EvaluationError, Language

__all__ = [
    "Change",
    "Command",
    "CompleteTask",
    "Engine",
    "EngineLimits",
    "EvalScope",
    "EvaluationError",
    "FireTimer",
    "InstanceCompleted",
    "InstanceFailed",
    "InstancePaused",
    "InstanceResumed",
    "InstanceRetried",
    "InstanceStarted",
    "InstanceTerminated",
    "InstanceTimedOut",
    "Language",
    "Outcome",
    "PauseInstance",
    "ResumeInstance",
    "RetryInstance",
    "StartInstance",
    "StartTask",
    "TaskCanceled",
    "TaskCompleted",
    "TaskFailed",
    "TaskKind",
    "TaskReopened",
    "TaskScheduled",
    "TaskStarted",
    "TaskUpdated",
    "TerminateInstance",
    "TimeOutTask",
    "TimerCanceled",
    "TimerScheduled",
    "VariablesChanged",
    "execute",
    "new_uuid",
]

"""Changes: what happened during one command (past tense), for the store to apply.

The store saves the returned `InstanceState` whole and uses these to keep its indexed rows:
- `TaskScheduled` with kind JOB: a job-queue row (queue = `queue`, visible `delay_seconds`
  after now); kind HUMAN: a human-task row made from `user_task`; kinds WAIT/SYSTEM need no
  row; kind CALL: the call-activity service starts the child instance (`input` holds its
  start variables).
- `TaskStarted` / `TaskUpdated`: the job is leased / re-queued after `callback_after_seconds`.
- `TaskCompleted`, `TaskFailed`, `TaskCanceled`: the attempt ended; drop its job row, close its
  human-task row.
- `TimerScheduled` / `TimerCanceled`: insert / delete a timer row. A fired timer is consumed by
  the scheduler that fired it; the engine does not cancel it again.
- `Instance*`: the instance's own row (status, output, end time).

Runtime history (definitions with `history`): a `TaskScheduled` opens the element instance of
its task (key = task id) and its end closes it; `ElementPassed` is an element that ran and left
at once (events, gateways); `ElementActivated` one that waits without a task (a token held by an
incident) and `ElementCompleted` its end. `VariablesChanged` records the values by scope.
Events: `SubscriptionOpened` (an open activity waits for a message or signal: a
subscription row), `SubscriptionsClosed` (its activity ended: drop its rows), `SignalThrown`
(the service broadcasts it in the same transaction).
Incidents (definitions with `incidents`): `IncidentRaised` / `IncidentResolved`; a job's own
life: `TaskRequeued` (offered again, same key) and `JobUpdated` (retries, lease).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
from typing import Any

from baton.model.instance import IncidentKind, TimerPurpose
from baton.model.process import TriggerKind
from baton.model.status import TaskStatus
from baton.model.user_task import UserTaskValues


class TaskKind(StrEnum):
    JOB = "job"  # polled by workers from queue `queue`
    HUMAN = "human"  # completed by a person through the human-task service
    WAIT = "wait"  # waits for a timer or an external completion
    SYSTEM = "system"  # run by the engine itself (gateways, loops, set-variables, ...)
    CALL = "call"  # a call activity: its input starts a child instance; ends with the child


@dataclass(frozen=True, slots=True)
class InstanceStarted:
    instance_id: str
    definition_id: str
    definition_version: int
    input: dict[str, Any]
    correlation_id: str | None


@dataclass(frozen=True, slots=True)
class TaskScheduled:
    task_id: str
    kind: TaskKind
    task_type: str
    def_name: str
    ref_name: str
    node_id: str
    status: TaskStatus
    seq: int
    input: dict[str, Any]
    queue: str | None = None
    iteration: int = 0
    retry_count: int = 0
    retried_task_id: str | None = None
    delay_seconds: int = 0
    response_timeout_seconds: int = 0
    scope: str | None = None  # the enclosing scope activity (None: the instance)
    retries: int | None = None  # a Zeebe job's retries
    resumed: bool = False  # its element instance exists already (held by an incident)
    user_task: UserTaskValues | None = None  # kind HUMAN: the user task, resolved


@dataclass(frozen=True, slots=True)
class TaskStarted:
    task_id: str
    worker_id: str | None


@dataclass(frozen=True, slots=True)
class TaskUpdated:
    """An IN_PROGRESS progress report: output merged; re-offer after `callback_after_seconds`."""

    task_id: str
    output: dict[str, Any]
    callback_after_seconds: int


@dataclass(frozen=True, slots=True)
class TaskReopened:
    """A task waiting again after `RetryInstance` (loops and joins keep their task id)."""

    task_id: str
    status: TaskStatus


@dataclass(frozen=True, slots=True)
class TaskCompleted:
    """status: COMPLETED, or COMPLETED_WITH_ERRORS for an optional task that failed for good."""

    task_id: str
    status: TaskStatus
    output: dict[str, Any]
    reason: str | None = None


@dataclass(frozen=True, slots=True)
class TaskFailed:
    """status: FAILED, FAILED_WITH_TERMINAL_ERROR or TIMED_OUT; `retried` if another attempt
    was (or will be, once resumed) scheduled."""

    task_id: str
    status: TaskStatus
    reason: str | None
    retried: bool


@dataclass(frozen=True, slots=True)
class TaskCanceled:
    task_id: str
    reason: str | None


@dataclass(frozen=True, slots=True)
class TaskRemoved:
    """A task dropped from the instance by a rerun from an earlier task: its rows go too."""

    task_id: str


@dataclass(frozen=True, slots=True)
class TimerScheduled:
    timer_id: str
    due: datetime
    purpose: TimerPurpose
    task_id: str | None = None


@dataclass(frozen=True, slots=True)
class TimerCanceled:
    timer_id: str


@dataclass(frozen=True, slots=True)
class TaskRequeued:
    """A job is offered to workers again under the same key, after `delay_ms` (a lease that
    expired, a failure with retries left, a resolved incident)."""

    task_id: str
    delay_ms: int = 0
    retries: int | None = None
    reason: str | None = None
    # the message a worker failed it with or threw (an error nobody caught); `failed`: by a
    # failure (retries apply), not a thrown error
    error: str | None = None
    failed: bool = False
    queue: str | None = None  # a new job type (evaluated when its incident was resolved)


@dataclass(frozen=True, slots=True)
class JobUpdated:
    """A job's retries or the lease of its current worker (`timeout_ms` from now) changed."""

    task_id: str
    retries: int | None = None
    timeout_ms: int | None = None


@dataclass(frozen=True, slots=True)
class ElementPassed:
    """An element without a task ran and left at once (start/end events, gateways)."""

    key: str
    node_id: str
    scope: str | None


@dataclass(frozen=True, slots=True)
class ElementActivated:
    """An element instance that waits without a task (a token an incident holds)."""

    key: str
    node_id: str
    scope: str | None


@dataclass(frozen=True, slots=True)
class ElementCompleted:
    key: str


@dataclass(frozen=True, slots=True)
class IncidentRaised:
    key: str
    kind: IncidentKind
    message: str
    element_key: str
    node_id: str
    job_key: str | None = None


@dataclass(frozen=True, slots=True)
class IncidentResolved:
    key: str
    element_key: str


@dataclass(frozen=True, slots=True)
class VariablesChanged:
    variables: dict[str, Any]  # the whole new set (of the instance scope)
    changed: dict[str, Any]  # only what this change set
    scope: str | None = None  # the element instance holding them (None: the instance)


@dataclass(frozen=True, slots=True)
class SubscriptionOpened:
    """The open activity `task_id` waits for a message or signal, for node `node_id` (the
    activity's own catch event, or a boundary event attached to it)."""

    task_id: str
    node_id: str
    kind: TriggerKind
    name: str
    correlation_key: str | None = None  # messages only


@dataclass(frozen=True, slots=True)
class SubscriptionsClosed:
    """Activity `task_id` ended (or re-opens them all): its subscriptions are gone."""

    task_id: str


@dataclass(frozen=True, slots=True)
class SignalThrown:
    name: str
    variables: dict[str, Any]


@dataclass(frozen=True, slots=True)
class InstancePaused:
    pass


@dataclass(frozen=True, slots=True)
class InstanceResumed:
    pass


@dataclass(frozen=True, slots=True)
class InstanceRetried:
    pass


@dataclass(frozen=True, slots=True)
class InstanceCompleted:
    output: dict[str, Any]


@dataclass(frozen=True, slots=True)
class InstanceFailed:
    reason: str | None
    output: dict[str, Any]


@dataclass(frozen=True, slots=True)
class InstanceTimedOut:
    reason: str | None
    output: dict[str, Any]


@dataclass(frozen=True, slots=True)
class InstanceTerminated:
    reason: str | None
    output: dict[str, Any]


@dataclass(frozen=True, slots=True)
class ErrorPropagated:
    """A BPMN error nothing in this (called) instance catches goes to the calling process,
    whose call activity catches it; this instance ends (TERMINATED) right after."""

    code: str
    message: str
    variables: dict[str, Any]


@dataclass(frozen=True, slots=True)
class EscalationPropagated:
    """An escalation nothing in this (called) instance catches goes to the calling process,
    whose call activity catches it."""

    code: str


Change = (
    InstanceStarted
    | TaskScheduled
    | TaskStarted
    | TaskUpdated
    | TaskReopened
    | TaskCompleted
    | TaskFailed
    | TaskCanceled
    | TaskRemoved
    | TimerScheduled
    | TimerCanceled
    | TaskRequeued
    | JobUpdated
    | ElementPassed
    | ElementActivated
    | ElementCompleted
    | IncidentRaised
    | IncidentResolved
    | VariablesChanged
    | SubscriptionOpened
    | SubscriptionsClosed
    | SignalThrown
    | InstancePaused
    | InstanceResumed
    | InstanceRetried
    | InstanceCompleted
    | InstanceFailed
    | InstanceTimedOut
    | InstanceTerminated
    | ErrorPropagated
    | EscalationPropagated
)

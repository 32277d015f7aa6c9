"""Commands: what may happen to an instance, one per engine call (imperative names)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from baton.model.status import TaskStatus


@dataclass(frozen=True, slots=True)
class StartInstance:
    """Start a new instance; `instance_id` None lets the engine's id generator pick one.

    `variables` seeds the instance variables (BPMN start variables; Conductor starts with none
    unless given). A definition with `input_to_variables` also copies `input` into them.
    """

    input: Mapping[str, Any] = field(default_factory=dict)
    correlation_id: str | None = None
    instance_id: str | None = None
    priority: int = 0
    created_by: str | None = None
    variables: Mapping[str, Any] | None = None
    # a message, signal or timer start event of the root scope (None: the none start event)
    start_node: str | None = None
    caller_catches: Mapping[str, list[str]] | None = None  # see `InstanceState.caller_catches`
    task_to_domain: Mapping[str, str] | None = None  # see `InstanceState.task_to_domain`


@dataclass(frozen=True, slots=True)
class StartTask:
    """A worker took (polled) a SCHEDULED task: it becomes IN_PROGRESS."""

    task_id: str
    worker_id: str | None = None


@dataclass(frozen=True, slots=True)
class CompleteTask:
    """A worker or person reports a result.

    `status` COMPLETED, FAILED or FAILED_WITH_TERMINAL_ERROR ends the attempt; IN_PROGRESS only
    merges `output` and sets `callback_after_seconds` (a progress update, Conductor style).

    `error_code` set: the attempt threw a BPMN error (whatever `status` says; `reason` is its
    message, `output` its variables). An error boundary on the task or an enclosing scope
    catches it; uncaught, the instance fails. Retries never apply.

    Jobs of definitions with incidents (Zeebe): a failure sets the job's `retries` left (None:
    one fewer); with some left the same job is offered again after `retry_backoff_ms`, with
    none an incident is raised.
    """

    task_id: str
    output: Mapping[str, Any] = field(default_factory=dict)
    status: TaskStatus = TaskStatus.COMPLETED
    reason: str | None = None
    worker_id: str | None = None
    callback_after_seconds: int = 0
    error_code: str | None = None
    retries: int | None = None
    retry_backoff_ms: int = 0


@dataclass(frozen=True, slots=True)
class StartListenerJob:
    """A transition of user task `task_id` waits for its task listener `node_id`: offer that
    job to its workers; `transition` is kept on the job for the human-task service."""

    task_id: str
    node_id: str
    transition: Mapping[str, Any] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class FireTimer:
    timer_id: str


@dataclass(frozen=True, slots=True)
class TriggerEvent:
    """A message or signal reached a subscription of the open activity `task_id` for node
    `node_id` (its catch event or a boundary event attached to it), with `variables`."""

    task_id: str
    node_id: str
    variables: Mapping[str, Any] = field(default_factory=dict)
    # the key the consumed message subscription was opened with: a non-interrupting event
    # sub-process subscribes again with it (Zeebe keeps the first key); None evaluates anew
    correlation_key: str | None = None


@dataclass(frozen=True, slots=True)
class TimeOutTask:
    """The worker's lease on a task expired (its responseTimeoutSeconds passed)."""

    task_id: str


@dataclass(frozen=True, slots=True)
class ThrowEscalation:
    """An escalation `code` came from the instance called by the open call activity
    `task_id`: the boundary of that activity (or of a scope around it) catches it."""

    task_id: str
    code: str


@dataclass(frozen=True, slots=True)
class ResolveIncident:
    """Do again what an incident stopped (a job offered again, a token entering its node,
    a completed task's output mappings), once someone fixed the cause."""

    key: str


@dataclass(frozen=True, slots=True)
class SetVariables:
    """Set variables from outside (to fix an incident's cause): of the instance, or local to
    the open activity `scope` (its input)."""

    variables: Mapping[str, Any]
    scope: str | None = None


@dataclass(frozen=True, slots=True)
class UpdateJob:
    """Set a job's retries and/or give its current worker `timeout_ms` from now."""

    task_id: str
    retries: int | None = None
    timeout_ms: int | None = None


@dataclass(frozen=True, slots=True)
class SkipTask:
    """End the open task with reference name `ref` as SKIPPED, with `output`; the instance
    goes on as if it had completed (Conductor's skip task)."""

    ref: str
    output: Mapping[str, Any] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class TerminateInstance:
    reason: str | None = None


@dataclass(frozen=True, slots=True)
class PauseInstance:
    pass


@dataclass(frozen=True, slots=True)
class ResumeInstance:
    pass


@dataclass(frozen=True, slots=True)
class RetryInstance:
    """Resume a FAILED, TIMED_OUT or TERMINATED instance from where it stopped."""


@dataclass(frozen=True, slots=True)
class RerunFromTask:
    """Run an instance again from task `task_id` (Conductor's rerun with `reRunFromTaskId`):
    the instance is rewound to where that task was scheduled. Tasks before it keep their
    outputs; it and everything after it are dropped, and it is scheduled again, with
    `task_input` as its input and `workflow_input` as the instance's, when given."""

    task_id: str
    task_input: dict[str, Any] | None = None
    workflow_input: dict[str, Any] | None = None


Command = (
    StartInstance
    | StartTask
    | CompleteTask
    | StartListenerJob
    | FireTimer
    | TriggerEvent
    | TimeOutTask
    | TerminateInstance
    | PauseInstance
    | ResumeInstance
    | RetryInstance
    | ResolveIncident
    | SetVariables
    | UpdateJob
    | ThrowEscalation
    | SkipTask
    | RerunFromTask
)

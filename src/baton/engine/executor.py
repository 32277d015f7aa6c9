"""The engine's entry point: one command in, the new state and its changes out.

`Engine.execute` never touches the state it is given: it works on a copy (activities are
copied only when changed) and returns it with the changes. Refused commands raise domain
errors (`NotFound`, `Conflict`, `InvalidInput`) before anything changes; failures while
running (a task failing for good, an expression that cannot be evaluated, a budget of
`EngineLimits` running out) are results.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from baton.engine import event_sub_processes
from baton.engine.budget import EngineLimits
from baton.engine.changes import (
    Change,
    ElementCompleted,
    IncidentResolved,
    InstancePaused,
    InstanceResumed,
    InstanceRetried,
    InstanceStarted,
    JobUpdated,
    TaskRemoved,
    TaskReopened,
    TaskStarted,
    TaskUpdated,
    VariablesChanged,
)
from baton.engine.commands import (
    Command,
    CompleteTask,
    FireTimer,
    PauseInstance,
    RerunFromTask,
    ResolveIncident,
    ResumeInstance,
    RetryInstance,
    SetVariables,
    SkipTask,
    StartInstance,
    StartListenerJob,
    StartTask,
    TerminateInstance,
    ThrowEscalation,
    TimeOutTask,
    TriggerEvent,
    UpdateJob,
)
from baton.engine.context import Context
from baton.engine.escalations import catch_escalation, escalation_catch
from baton.engine.failures import fail_job, fail_task, throw_error, time_out_task
from baton.engine.languages import EvaluationError, Language, default_languages
from baton.engine.nodes import BEHAVIORS, NodeBehavior
from baton.engine.nodes.service_task import job_type
from baton.engine.nodes.task_listener import TaskListener, end_detached, is_detached
from baton.engine.run import drain
from baton.model.errors import Conflict, InvalidInput, NotFound
from baton.model.instance import Activity, IncidentKind, InstanceState, Resume, TimerPurpose, Token
from baton.model.process import SCOPE_KINDS, Node, NodeKind, ProcessDefinition, TimeoutPolicy
from baton.model.status import InstanceStatus, TaskStatus
from baton.model.task_def import TaskDef, TaskTimeoutPolicy

_COMPLETABLE = frozenset(
    {
        NodeKind.SERVICE_TASK,
        NodeKind.USER_TASK,
        NodeKind.WAIT,
        NodeKind.CALL_ACTIVITY,
        NodeKind.TASK_LISTENER,
        NodeKind.START_INSTANCE,  # completed by the server in the command that reached it
        NodeKind.TERMINATE_INSTANCES,
        NodeKind.PUBLISH_EVENT,  # or later, by whoever handles the event (asyncComplete)
    }
)
# what a person may skip: a task that waits for a worker, a person or time (never a scope or
# a called instance, whose inside would go on running)
_SKIPPABLE = frozenset({NodeKind.SERVICE_TASK, NodeKind.USER_TASK, NodeKind.WAIT})
_JOB_KINDS = frozenset({NodeKind.SERVICE_TASK, NodeKind.TASK_LISTENER})
_RETRYABLE_INSTANCE = frozenset(
    {InstanceStatus.FAILED, InstanceStatus.TIMED_OUT, InstanceStatus.TERMINATED}
)
_NO_TASK_DEFS: Mapping[str, TaskDef] = {}
# nodes that run branches side by side: a rerun cannot rewind past or into them soundly
_FORKING = frozenset(
    {
        NodeKind.PARALLEL_GATEWAY,
        NodeKind.INCLUSIVE_GATEWAY,
        NodeKind.DYNAMIC_FORK,
        NodeKind.MULTI_INSTANCE,
        NodeKind.EVENT_GATEWAY,
    }
)


def new_uuid() -> str:
    """A random (version 4) UUID string, about five times cheaper than `str(uuid.uuid4())`."""
    raw = bytearray(os.urandom(16))
    raw[6] = (raw[6] & 0x0F) | 0x40
    raw[8] = (raw[8] & 0x3F) | 0x80
    h = raw.hex()
    return f"{h[:8]}-{h[8:12]}-{h[12:16]}-{h[16:20]}-{h[20:]}"


@dataclass(frozen=True, slots=True)
class Outcome:
    state: InstanceState
    changes: list[Change]


class Engine:
    """Holds the node behaviours, expression languages and per-command limits; stateless
    between calls."""

    def __init__(
        self,
        behaviors: Mapping[NodeKind, NodeBehavior] | None = None,
        languages: Mapping[str, Language] | None = None,
        limits: EngineLimits | None = None,
    ) -> None:
        self.behaviors: Mapping[NodeKind, NodeBehavior] = behaviors or BEHAVIORS
        self.languages: dict[str, Language] = dict(languages or default_languages())
        self.limits = limits or EngineLimits()

    def execute(
        self,
        definition: ProcessDefinition,
        state: InstanceState | None,
        command: Command,
        *,
        now: datetime,
        new_id: Callable[[], str] = new_uuid,
        task_defs: Mapping[str, TaskDef] | None = None,
    ) -> Outcome:
        defs = task_defs if task_defs is not None else _NO_TASK_DEFS
        if isinstance(command, StartInstance):
            if state is not None:
                raise Conflict(f"Instance {state.instance_id} already exists")
            _check_start_node(definition, command)
            return self._start(definition, command, now, new_id, defs)
        if state is None:
            raise NotFound("Instance not found")
        if state.definition_id != definition.id or (state.definition_version != definition.version):
            raise InvalidInput(
                f"Instance {state.instance_id} runs {state.definition_id} "
                f"v{state.definition_version}, not {definition.id} v{definition.version}"
            )
        handler = _HANDLERS.get(type(command))
        if handler is None:
            raise InvalidInput(f"Unknown command {type(command).__name__}")
        work = state.copy()
        ctx = Context(self, definition, work, now, new_id, defs)
        try:
            handler(ctx, command)
        except EvaluationError as exc:
            ctx.finish_instance(InstanceStatus.FAILED, str(exc))
        drain(ctx)
        overflow = ctx.budget.overflow
        if overflow is not None:
            # Keep none of it: the values built may be too large to save (or to serialize
            # at all, when they share parts). The instance fails as it was before the command.
            work = state.copy()
            ctx = Context(self, definition, work, now, new_id, defs)
            if work.status.is_terminal:  # a RetryInstance: still failed, still retryable
                work.reason = overflow
            elif definition.incidents:
                _hold_overflow(ctx, command, overflow)
            else:
                ctx.finish_instance(InstanceStatus.FAILED, overflow)
        if ctx.changes:
            work.update_time = ctx.now_ms
        return Outcome(work, ctx.changes)

    def _start(
        self,
        definition: ProcessDefinition,
        command: StartInstance,
        now: datetime,
        new_id: Callable[[], str],
        task_defs: Mapping[str, TaskDef],
    ) -> Outcome:
        instance_id = command.instance_id or new_id()
        ctx = self._started(definition, command, instance_id, now, new_id, task_defs)
        drain(ctx)
        overflow = ctx.budget.overflow
        if overflow is not None:  # as in `execute`: keep only the start, failed
            ctx = self._started(definition, command, instance_id, now, new_id, task_defs)
            if definition.incidents:  # or held at the start until resolved
                token = ctx.queue.popleft()
                ctx.raise_incident(
                    IncidentKind.BUDGET_EXCEEDED, overflow, resume=Resume.ENTER, token=token
                )
            else:
                ctx.finish_instance(InstanceStatus.FAILED, overflow)
        return Outcome(ctx.state, ctx.changes)

    def _started(
        self,
        definition: ProcessDefinition,
        command: StartInstance,
        instance_id: str,
        now: datetime,
        new_id: Callable[[], str],
        task_defs: Mapping[str, TaskDef],
    ) -> Context:
        """A new instance with its token on the start node, not yet moved."""
        values = dict(command.input)
        if definition.input_defaults:
            values = {**definition.input_defaults, **values}
        state = InstanceState(
            instance_id=instance_id,
            definition_id=definition.id,
            definition_version=definition.version,
            status=InstanceStatus.RUNNING,
            input=values,
            variables={
                **(values if definition.input_to_variables else {}),
                **(command.variables or {}),
            },
            correlation_id=command.correlation_id,
            priority=command.priority,
            created_by=command.created_by,
            caller_catches={k: list(v) for k, v in (command.caller_catches or {}).items()},
            task_to_domain=dict(command.task_to_domain or {}),
        )
        ctx = Context(self, definition, state, now, new_id, task_defs)
        state.create_time = state.update_time = ctx.now_ms
        ctx.emit(
            InstanceStarted(
                state.instance_id,
                definition.id,
                definition.version,
                values,
                command.correlation_id,
            )
        )
        if definition.history and state.variables:
            ctx.emit(VariablesChanged(state.variables, state.variables))
        _arm_instance_timeout(ctx)
        ctx.move(command.start_node or definition.start, None)
        event_sub_processes.enter_scope(ctx, None)
        return ctx


def _check_start_node(definition: ProcessDefinition, command: StartInstance) -> None:
    """A plain start needs a none start event; an event start names one of the root's
    message, signal or timer start events."""
    start_node = command.start_node
    if start_node is None:
        start = definition.node(definition.start)
        if start.trigger is not None:
            raise InvalidInput(
                f"Process {definition.id!r} has no none start event: it is started by a "
                "message or a signal"
            )
        if start.timer is not None:
            raise InvalidInput(
                f"Process {definition.id!r} has no none start event: its timer start events "
                "start it"
            )
        return
    node = definition.index.nodes.get(start_node)
    if (
        node is None
        or node.kind is not NodeKind.START
        or node.scope is not None
        or (node.trigger is None and node.timer is None)
    ):
        raise InvalidInput(
            f"{start_node!r} is not a message, signal or timer start event of {definition.id!r}"
        )


def _hold_overflow(ctx: Context, command: Command, overflow: str) -> None:
    """With incidents, a command whose output ran over the budget leaves the instance as it
    was: a job's completion is dropped and the job held by a BUDGET_EXCEEDED incident
    (resolving offers it again); any other command is refused, so a person's completion is
    answered with the reason and a timer's firing fails, which the scheduler turns into a
    TIMER_FAILED incident once it has failed too often."""
    if isinstance(command, CompleteTask):
        activity = ctx.state.activities.get(command.task_id)
        if (
            activity is not None
            and activity.is_open
            and _is_zeebe_job(ctx, ctx.node(activity.node))
        ):
            held = ctx.requeue_job(activity.id, 0, overflow)
            ctx.raise_incident(
                IncidentKind.BUDGET_EXCEEDED, overflow, activity=held, resume=Resume.JOB
            )
            return
    raise InvalidInput(overflow)


def _arm_instance_timeout(ctx: Context) -> None:
    definition = ctx.definition
    if definition.timeout_seconds > 0 and definition.timeout_policy is TimeoutPolicy.TIME_OUT_WF:
        ctx.schedule_timer(TimerPurpose.INSTANCE_TIMEOUT, ctx.after(definition.timeout_seconds))


def _require_open_instance(ctx: Context) -> None:
    state = ctx.state
    if state.status.is_terminal:
        raise Conflict(f"Instance {state.instance_id} is {state.status.value}")


def _open_task(ctx: Context, task_id: str) -> Activity:
    activity = ctx.state.activities.get(task_id)
    if activity is None:
        raise NotFound(f"Task {task_id} not found in instance {ctx.state.instance_id}")
    if not activity.is_open:
        raise Conflict(f"Task {task_id} is already {activity.status.value}")
    return activity


def _start_task(ctx: Context, command: StartTask) -> None:
    _require_open_instance_unless_detached(ctx, command.task_id)
    # An IN_PROGRESS task is polled again after a progress update with a callback; the
    # store's queue row keeps two workers from taking one task.
    activity = ctx.edit(_open_task(ctx, command.task_id).id)
    activity.status = TaskStatus.IN_PROGRESS
    activity.start_time = activity.update_time = ctx.now_ms
    activity.worker_id = command.worker_id
    activity.poll_count += 1
    ctx.emit(TaskStarted(activity.id, command.worker_id))
    task_def = ctx.task_def(ctx.node(activity.node))
    if (
        task_def is not None
        and task_def.timeout_seconds > 0
        and task_def.timeout_policy is not TaskTimeoutPolicy.ALERT_ONLY
    ):
        ctx.add_timer(activity, TimerPurpose.TASK_TIMEOUT, ctx.after(task_def.timeout_seconds))


def _complete_task(ctx: Context, command: CompleteTask) -> None:
    _require_open_instance_unless_detached(ctx, command.task_id)
    activity = _open_task(ctx, command.task_id)
    node = ctx.node(activity.node)
    if node.kind not in _COMPLETABLE:
        raise Conflict(f"Task {command.task_id} ({node.task_type or node.kind}) is run by Baton")
    status = TaskStatus(command.status)
    output = dict(command.output)
    if is_detached(node) and status is not TaskStatus.IN_PROGRESS:
        _end_notification(ctx, activity, command, status)
        return
    if command.error_code is not None:
        if command.worker_id is not None:
            ctx.edit(activity.id).worker_id = command.worker_id
        throw_error(ctx, activity.id, command.error_code, command.reason, output)
        return
    if status is TaskStatus.IN_PROGRESS:
        edited = ctx.edit(activity.id)
        if edited.status is TaskStatus.SCHEDULED:
            edited.status = TaskStatus.IN_PROGRESS
            edited.start_time = ctx.now_ms
        edited.output = {**edited.output, **output}
        edited.callback_after_seconds = command.callback_after_seconds
        edited.update_time = ctx.now_ms
        if command.worker_id is not None:
            edited.worker_id = command.worker_id
        ctx.emit(TaskUpdated(edited.id, edited.output, command.callback_after_seconds))
        return
    if command.worker_id is not None:
        ctx.edit(activity.id).worker_id = command.worker_id
    if _is_zeebe_job(ctx, node) and status in (
        TaskStatus.FAILED,
        TaskStatus.FAILED_WITH_TERMINAL_ERROR,
    ):
        retries = command.retries
        if retries is None:
            terminal = status is TaskStatus.FAILED_WITH_TERMINAL_ERROR
            retries = 0 if terminal else activity.retries - 1
        if output:
            ctx.edit(activity.id).output = {**activity.output, **output}
        fail_job(ctx, activity.id, retries, command.retry_backoff_ms, command.reason)
        return
    if status is TaskStatus.COMPLETED:
        ctx.complete(activity.id, {**activity.output, **output})
    elif status in (TaskStatus.FAILED, TaskStatus.FAILED_WITH_TERMINAL_ERROR):
        fail_task(ctx, activity.id, status, command.reason, output)
    else:
        raise InvalidInput(
            f"A task can be completed with COMPLETED, FAILED, FAILED_WITH_TERMINAL_ERROR or "
            f"IN_PROGRESS, not {status.value}"
        )


def _end_notification(
    ctx: Context, activity: Activity, command: CompleteTask, status: TaskStatus
) -> None:
    """A canceling listener job's worker answered: completed, or failed (offered again while
    retries are left; then it ends FAILED, as nothing waits for it: no incident)."""
    if command.worker_id is not None:
        ctx.edit(activity.id).worker_id = command.worker_id
    if status is TaskStatus.COMPLETED and command.error_code is None:
        ctx.edit(activity.id).output = {**activity.output, **command.output}
        end_detached(ctx, activity.id, TaskStatus.COMPLETED)
        return
    retries = command.retries
    if retries is None:
        terminal = status is TaskStatus.FAILED_WITH_TERMINAL_ERROR or command.error_code
        retries = 0 if terminal else activity.retries - 1
    if retries > 0:
        ctx.edit(activity.id).retries = retries
        error = command.reason or ""
        ctx.requeue_job(
            activity.id, command.retry_backoff_ms, command.reason, error=error, failed=True
        )
        return
    end_detached(ctx, activity.id, TaskStatus.FAILED, command.reason or "job failed")


def _require_open_instance_unless_detached(ctx: Context, task_id: str) -> None:
    """Jobs of a running instance only, but a canceling listener's may outlive it."""
    activity = ctx.state.activities.get(task_id)
    if activity is not None and is_detached(ctx.node(activity.node)):
        return
    _require_open_instance(ctx)


def _start_listener_job(ctx: Context, command: StartListenerJob) -> None:
    _require_open_instance(ctx)
    owner = _open_task(ctx, command.task_id)
    node = ctx.index.nodes.get(command.node_id)
    if node is None or node.kind is not NodeKind.TASK_LISTENER or node.listener_of != owner.node:
        raise InvalidInput(f"{command.node_id!r} is no task listener of task {owner.id}")
    behavior = ctx.behavior(node)
    assert isinstance(behavior, TaskListener)
    behavior.start(ctx, node, owner, command.transition)


def _fire_timer(ctx: Context, command: FireTimer) -> None:
    state = ctx.state
    timer = state.timers.get(command.timer_id)
    if timer is None:
        raise NotFound(f"Timer {command.timer_id} not found in instance {state.instance_id}")
    _require_open_instance(ctx)
    del state.timers[timer.id]
    if timer.purpose is TimerPurpose.INSTANCE_TIMEOUT:
        seconds = ctx.definition.timeout_seconds
        ctx.finish_instance(
            InstanceStatus.TIMED_OUT,
            f"Workflow timed out after {seconds} seconds (timeout policy TIME_OUT_WF)",
        )
        return
    if timer.purpose is TimerPurpose.EVENT_SUB_PROCESS:
        event_sub_processes.on_timer(ctx, timer)
        return
    assert timer.activity is not None
    activity = ctx.edit(timer.activity)
    activity.timers = tuple(t for t in activity.timers if t != timer.id)
    if timer.purpose is TimerPurpose.TASK_TIMEOUT:
        task_def = ctx.task_def(ctx.node(activity.node))
        seconds = task_def.timeout_seconds if task_def is not None else 0
        time_out_task(
            ctx, activity.id, f"Task timed out after {seconds} seconds (task {activity.ref})"
        )
        return
    node = ctx.node(timer.node if timer.node is not None else activity.node)
    ctx.behavior(node).on_timer(ctx, node, activity, timer)


def _trigger_event(ctx: Context, command: TriggerEvent) -> None:
    _require_open_instance(ctx)
    node = ctx.index.nodes.get(command.node_id)
    if node is not None and node.kind is NodeKind.EVENT_SUB_PROCESS and node.trigger:
        # held by its scope instance: the process instance itself at root level
        root = command.task_id == ctx.state.instance_id
        scope = None if root else _open_task(ctx, command.task_id)
        if node.scope != (scope.node if scope is not None else None):
            raise Conflict(f"Task {command.task_id} does not wait for event {command.node_id}")
        event_sub_processes.on_trigger(
            ctx, node, scope, dict(command.variables), command.correlation_key
        )
        return
    activity = _open_task(ctx, command.task_id)
    if (
        node is None
        or node.trigger is None
        or node.kind not in (NodeKind.CATCH_EVENT, NodeKind.BOUNDARY_EVENT)
        or (node.kind is NodeKind.CATCH_EVENT and node.id != activity.node)
        or (node.kind is NodeKind.BOUNDARY_EVENT and node.attached_to != activity.node)
    ):
        raise Conflict(f"Task {command.task_id} does not wait for event {command.node_id}")
    ctx.behavior(node).on_trigger(ctx, node, activity, dict(command.variables))


def _throw_escalation(ctx: Context, command: ThrowEscalation) -> None:
    _require_open_instance(ctx)
    activity = _open_task(ctx, command.task_id)
    if ctx.node(activity.node).kind is not NodeKind.CALL_ACTIVITY:
        raise Conflict(f"Task {command.task_id} is not a call activity")
    found = escalation_catch(ctx, activity.id, command.code)
    if found is None:
        ctx.propagate_escalation(command.code)
        return
    catch_escalation(ctx, found, command.code)


def _time_out_task(ctx: Context, command: TimeOutTask) -> None:
    _require_open_instance_unless_detached(ctx, command.task_id)
    activity = _open_task(ctx, command.task_id)
    node = ctx.node(activity.node)
    if node.kind not in _COMPLETABLE or node.kind is NodeKind.CALL_ACTIVITY:
        raise Conflict(f"Task {command.task_id} is run by Baton and has no lease")
    if _is_zeebe_job(ctx, node):
        # the lease ran out: the same job, with the same retries, for another worker
        ctx.requeue_job(activity.id, 0, f"Job {activity.id} timed out")
        return
    reason = (
        f"responseTimeout: {activity.response_timeout_seconds} exceeded for the taskId: "
        f"{activity.id} with Task Definition: {node.name}"
    )
    fail_task(ctx, activity.id, TaskStatus.TIMED_OUT, reason)


def _is_zeebe_job(ctx: Context, node: Node) -> bool:
    return ctx.definition.incidents and node.kind in _JOB_KINDS


def _resolve_incident(ctx: Context, command: ResolveIncident) -> None:
    state = ctx.state
    hold = state.incidents.get(command.key)
    if hold is None:
        raise NotFound(f"Incident {command.key} not found in instance {state.instance_id}")
    _require_open_instance(ctx)
    activity = state.activities.get(hold.activity) if hold.activity is not None else None
    if hold.resume is Resume.TIMER and (activity is None or not activity.is_open):
        raise Conflict(f"The element of incident {command.key} is no longer open")
    if hold.resume is Resume.JOB:
        if activity is None or not activity.is_open:
            raise Conflict(f"The job of incident {command.key} is no longer open")
        if hold.kind is IncidentKind.JOB_NO_RETRIES and activity.retries <= 0:
            raise Conflict(
                f"Job {activity.id} has no retries left: update its retries first "
                "(PATCH /v2/jobs/{jobKey} with changeset.retries)"
            )
    del state.incidents[hold.key]
    ctx.emit(IncidentResolved(hold.key, hold.element_key))
    if hold.resume is Resume.JOB:
        assert activity is not None
        ctx.requeue_job(activity.id, queue=_job_type_again(ctx, activity))
    elif hold.resume is Resume.ENTER:
        assert hold.token is not None
        ctx.queue.append(hold.token)
    elif hold.resume is Resume.TIMER:
        assert activity is not None
        node = ctx.node(activity.node)
        ctx.behavior(node).on_rearm(ctx, node, activity)
    else:
        assert activity is not None
        if ctx.leave_completed(activity) and ctx.definition.history:
            ctx.emit(ElementCompleted(activity.id))
    if state.status is InstanceStatus.RUNNING and state.parked:
        ctx.queue.extend(state.parked)  # tokens stopped by a budget wait for no one else
        state.parked = []


def _job_type_again(ctx: Context, activity: Activity) -> str | None:
    """A job whose FEEL job type could not be evaluated gets it now (or the resolution is
    refused with the reason); None: the job keeps its type."""
    node = ctx.node(activity.node)
    if node.job_type_expression is None or activity.job_type is not None:
        return None
    try:
        found = job_type(ctx, node, activity)
    except EvaluationError as exc:
        raise Conflict(f"The job type still cannot be evaluated: {exc}") from None
    ctx.edit(activity.id).job_type = found
    return found


def _set_variables(ctx: Context, command: SetVariables) -> None:
    _require_open_instance(ctx)
    values = dict(command.variables)
    if command.scope is None or command.scope == ctx.state.instance_id:
        ctx.set_variables(values)
        return
    activity = ctx.state.activities.get(command.scope)
    if activity is None or not activity.is_open:
        raise NotFound(f"No open element instance {command.scope} in {ctx.state.instance_id}")
    edited = ctx.edit(activity.id)
    edited.input = {**edited.input, **values}
    ctx.emit(VariablesChanged(ctx.state.variables, values, activity.id))


def _update_job(ctx: Context, command: UpdateJob) -> None:
    _require_open_instance(ctx)
    activity = _open_task(ctx, command.task_id)
    if not _is_zeebe_job(ctx, ctx.node(activity.node)):
        raise Conflict(f"Task {command.task_id} is not a job")
    if command.timeout_ms is not None and activity.status is not TaskStatus.IN_PROGRESS:
        raise Conflict(f"Job {command.task_id} is not activated: it has no timeout to change")
    edited = ctx.edit(activity.id)
    if command.retries is not None:
        edited.retries = command.retries
    edited.update_time = ctx.now_ms
    ctx.emit(JobUpdated(edited.id, command.retries, command.timeout_ms))


def _skip_task(ctx: Context, command: SkipTask) -> None:
    _require_open_instance(ctx)
    state = ctx.state
    open_now = [
        state.activities[a]
        for a in state.open
        if state.activities[a].ref == command.ref and state.activities[a].is_open
    ]
    if not open_now:
        raise Conflict(f"No open task {command.ref!r} in instance {state.instance_id} to skip")
    activity = max(open_now, key=lambda a: a.seq)
    node = ctx.node(activity.node)
    if node.kind not in _SKIPPABLE:
        raise Conflict(f"Task {command.ref!r} ({node.task_type or node.kind}) cannot be skipped")
    ctx.complete(activity.id, dict(command.output), TaskStatus.SKIPPED)


def _terminate(ctx: Context, command: TerminateInstance) -> None:
    _require_open_instance(ctx)
    ctx.finish_instance(InstanceStatus.TERMINATED, command.reason)


def _pause(ctx: Context, command: PauseInstance) -> None:
    _require_open_instance(ctx)
    if ctx.state.status is InstanceStatus.RUNNING:
        ctx.state.status = InstanceStatus.PAUSED
        ctx.emit(InstancePaused())


def _resume(ctx: Context, command: ResumeInstance) -> None:
    state = ctx.state
    if state.status is not InstanceStatus.PAUSED:
        raise Conflict(f"Instance {state.instance_id} is {state.status.value}, not PAUSED")
    state.status = InstanceStatus.RUNNING
    ctx.emit(InstanceResumed())
    ctx.queue.extend(state.parked)
    state.parked = []
    _settle_everything(ctx)


def _retry(ctx: Context, command: RetryInstance) -> None:
    state = ctx.state
    if state.status not in _RETRYABLE_INSTANCE:
        raise Conflict(f"Instance {state.instance_id} is {state.status.value}; cannot retry")
    if not state.retry_activities and not state.retry_tokens:
        raise Conflict(f"Instance {state.instance_id} has nothing to retry")
    state.status = InstanceStatus.RUNNING
    state.reason = None
    state.end_time = 0
    state.output = {}
    state.failed_refs = []
    state.last_retried_time = ctx.now_ms
    ctx.retry_now = True
    ctx.emit(InstanceRetried())
    for activity_id in state.retry_activities:
        activity = state.activities[activity_id]
        node = ctx.node(activity.node)
        if node.kind in _COMPLETABLE:
            ctx.edit(activity_id).retried = True
            ctx.queue.append(Token(node.id, activity.scope, None, retry_of=activity_id))
        else:
            _reopen(ctx, activity_id)
    ctx.queue.extend(state.retry_tokens)
    state.retry_activities = []
    state.retry_tokens = []
    _arm_instance_timeout(ctx)
    ctx.open_event_subscriptions(None)
    _settle_everything(ctx)


def _rerun_from_task(ctx: Context, command: RerunFromTask) -> None:
    """Rewind the instance to where task `command.task_id` was scheduled and schedule it
    again. Sound only where one token ran: a task on the top-level path with no parallel
    branches before it (the tasks after it, parallel or not, are dropped whole)."""
    state = ctx.state
    target = state.activities.get(command.task_id)
    if target is None:
        raise NotFound(f"No task {command.task_id} in instance {state.instance_id}")
    if state.status is InstanceStatus.PAUSED:
        raise Conflict(f"Instance {state.instance_id} is PAUSED: resume it before a rerun")
    if ctx.definition.incidents or ctx.definition.history:
        raise Conflict("A rerun from a task is for Conductor workflows, not BPMN processes")
    if target.scope is not None:
        holder = state.activities[target.scope]
        raise Conflict(
            f"Task {target.ref!r} runs inside {holder.ref!r} (a loop, sub-process or fork): "
            "a rerun starts only from a task on the workflow's top-level path, since "
            "rewinding into a scope would have to rebuild its iterations"
        )
    forks = [
        a
        for a in state.activities.values()
        if a.seq < target.seq and ctx.node(a.node).kind in _FORKING
    ]
    if forks:
        raise Conflict(
            f"Task {target.ref!r} comes after the parallel branches of {forks[0].ref!r}: a "
            "rerun cannot tell which branches' progress it would keep, so it starts only "
            "from a task before any fork"
        )
    later = sorted(
        (a for a in state.activities.values() if a.seq >= target.seq), key=lambda a: a.seq
    )
    for activity in later:
        if activity.is_open and ctx.node(activity.node).kind is NodeKind.CALL_ACTIVITY:
            raise Conflict(
                f"Sub-workflow task {activity.ref!r} is running: terminate the workflow "
                "before a rerun from an earlier task"
            )
    was_ended = state.status.is_terminal
    for activity in later:
        if activity.id in state.open:
            ctx.cancel(activity.id, f"Rerun from task {target.ref}")
    for activity in later:
        del state.activities[activity.id]
        ctx.emit(TaskRemoved(activity.id))
    state.reindex()
    state.join_tokens = []
    state.parked = []
    state.retry_activities = []
    state.retry_tokens = []
    state.failed_refs = []
    ctx.queue.clear()
    ctx.dirty.clear()
    if command.workflow_input is not None:
        state.input = dict(command.workflow_input)
    state.status = InstanceStatus.RUNNING
    state.reason = None
    state.end_time = 0
    state.output = {}
    state.last_retried_time = ctx.now_ms
    ctx.emit(InstanceRetried())
    if was_ended:
        _arm_instance_timeout(ctx)
    if command.task_input is not None:
        ctx.input_override = (target.node, dict(command.task_input))
    ctx.queue.append(Token(target.node, None))


def _reopen(ctx: Context, activity_id: str) -> None:
    activity = ctx.edit(activity_id)
    activity.status = TaskStatus.IN_PROGRESS
    activity.end_time = 0
    activity.reason = None
    activity.update_time = ctx.now_ms
    ctx.state.open[activity_id] = None
    ctx.emit(TaskReopened(activity_id, activity.status))
    ctx.reopen_subscriptions(activity)


def _settle_everything(ctx: Context) -> None:
    """Re-check every scope that may have finished while nothing could move."""
    ctx.dirty.add(None)
    for activity_id in ctx.state.open:
        if ctx.node(ctx.state.activities[activity_id].node).kind in SCOPE_KINDS:
            ctx.dirty.add(activity_id)


_HANDLERS: dict[type[Any], Callable[[Context, Any], None]] = {
    StartTask: _start_task,
    CompleteTask: _complete_task,
    FireTimer: _fire_timer,
    TriggerEvent: _trigger_event,
    TimeOutTask: _time_out_task,
    TerminateInstance: _terminate,
    PauseInstance: _pause,
    ResumeInstance: _resume,
    RetryInstance: _retry,
    RerunFromTask: _rerun_from_task,
    ResolveIncident: _resolve_incident,
    SetVariables: _set_variables,
    SkipTask: _skip_task,
    UpdateJob: _update_job,
    StartListenerJob: _start_listener_job,
    ThrowEscalation: _throw_escalation,
}

_default_engine: Engine | None = None


def execute(
    definition: ProcessDefinition,
    state: InstanceState | None,
    command: Command,
    *,
    now: datetime,
    new_id: Callable[[], str] = new_uuid,
    task_defs: Mapping[str, TaskDef] | None = None,
) -> Outcome:
    """`Engine().execute` with the default behaviours and languages."""
    global _default_engine
    if _default_engine is None:
        _default_engine = Engine()
    return _default_engine.execute(
        definition, state, command, now=now, new_id=new_id, task_defs=task_defs
    )

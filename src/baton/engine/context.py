"""Shared behaviours of one engine call, handed to every node behaviour.

A `Context` owns a working copy of the instance state (copy-on-write per activity: `edit`
clones an activity the first time this call changes it), the queue of tokens still to move,
the scopes to re-check, and the list of changes emitted so far. Node behaviours read as short
scripts of these calls.
"""

from __future__ import annotations

import math
from collections import deque
from collections.abc import Callable, Mapping
from dataclasses import replace
from datetime import datetime, timedelta
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from baton.clock import epoch_ms, from_epoch_ms
from baton.engine.budget import Budget
from baton.engine.changes import (
    Change,
    ElementActivated,
    ElementCompleted,
    ElementPassed,
    ErrorPropagated,
    EscalationPropagated,
    IncidentRaised,
    IncidentResolved,
    InstanceCompleted,
    InstanceFailed,
    InstanceTerminated,
    InstanceTimedOut,
    SubscriptionOpened,
    SubscriptionsClosed,
    TaskCanceled,
    TaskCompleted,
    TaskKind,
    TaskRequeued,
    TaskScheduled,
    TimerCanceled,
    TimerScheduled,
    VariablesChanged,
)
from baton.engine.languages import EvalScope, EvaluationError
from baton.expr.conductor import truthy
from baton.model.cycles import parse_cycle
from baton.model.durations import parse_date, parse_duration
from baton.model.instance import (
    Activity,
    IncidentHold,
    IncidentKind,
    InstanceState,
    Resume,
    Timer,
    TimerPurpose,
    Token,
)
from baton.model.process import (
    SCOPE_KINDS,
    DefaultOutput,
    EventTrigger,
    Expression,
    Node,
    NodeKind,
    ProcessDefinition,
    Template,
    TimerSpec,
    TriggerKind,
)
from baton.model.status import InstanceStatus, TaskStatus
from baton.model.task_def import TaskDef
from baton.model.user_task import UserTaskValues

if TYPE_CHECKING:
    from baton.engine.executor import Engine
    from baton.engine.nodes.base import NodeBehavior

TASK_KINDS = {
    NodeKind.SERVICE_TASK: TaskKind.JOB,
    NodeKind.USER_TASK: TaskKind.HUMAN,
    NodeKind.WAIT: TaskKind.WAIT,
    NodeKind.CALL_ACTIVITY: TaskKind.CALL,
    NodeKind.TASK_LISTENER: TaskKind.JOB,
}


class MappingError(EvaluationError):
    """An input or output mapping could not be evaluated (an IO_MAPPING_ERROR incident)."""


class Context:
    def __init__(
        self,
        engine: Engine,
        definition: ProcessDefinition,
        state: InstanceState,
        now: datetime,
        new_id: Callable[[], str],
        task_defs: Mapping[str, TaskDef],
    ) -> None:
        self.engine = engine
        self.definition = definition
        self.index = definition.index
        self.state = state
        self.now = now
        self.now_ms = epoch_ms(now)
        self.new_id = new_id
        self.task_defs = task_defs
        self.changes: list[Change] = []
        self.queue: deque[Token] = deque()
        self.dirty: set[str | None] = set()
        self._owned: set[str] = set()  # activities this call created or cloned
        # Set by RetryInstance: a retry someone asked for runs now, not after the retry delay.
        self.retry_now = False
        self._default_defs: dict[str, TaskDef] = {}
        self.budget = Budget(engine.limits)
        # The element instance the token being entered re-enters (held by a resolved
        # incident): the node's activity or record takes this key instead of a new one.
        self.pending_key: str | None = None
        # The element of a multi-instance body the token being entered runs (1-based): the
        # node's new activity takes that element's local variables.
        self.pending_index: int | None = None
        self._resumed: set[str] = set()
        # Set by RerunFromTask: the input the rerun node's next activity takes as given.
        self.input_override: tuple[str, dict[str, Any]] | None = None

    # ---- reading -------------------------------------------------------------------------

    def emit(self, change: Change) -> None:
        self.changes.append(change)
        self.budget.charge(change)

    def node(self, node_id: str) -> Node:
        return self.index.nodes[node_id]

    def behavior(self, node: Node) -> NodeBehavior:
        return self.engine.behaviors[node.kind]

    def task_def(self, node: Node) -> TaskDef | None:
        """The task definition for `node`; service tasks without one get the defaults."""
        found = self.task_defs.get(node.name) if node.name else None
        if found is None and node.kind is NodeKind.SERVICE_TASK:
            found = self._default_defs.get(node.name)
            if found is None:
                # Conductor waits 60 s before a retry unless the node says (Zeebe: at once)
                delay = 60 if node.retry_delay_seconds is None else node.retry_delay_seconds
                found = TaskDef(node.name, retry_delay_seconds=delay)
                self._default_defs[node.name] = found
        return found

    def max_retries(self, node: Node) -> int:
        if node.retry_count is not None:
            return node.retry_count
        task_def = self.task_def(node)
        return task_def.retry_count if task_def is not None else 0

    # ---- evaluation ----------------------------------------------------------------------

    def resolve(
        self,
        template: Template,
        current: Activity | None = None,
        task_id: str | None = None,
        local: Mapping[str, Any] | None = None,
    ) -> Any:
        language = self.engine.languages.get(template.language)
        if language is None:
            raise EvaluationError(f"No evaluator for expression language {template.language!r}")
        local = self.visible_locals(current, local)
        scope = EvalScope(self.definition, self.state, current, task_id, local=local, now=self.now)
        return language.resolve(template, scope)

    def evaluate(
        self,
        expression: Expression,
        current: Activity | None = None,
        *,
        scope_id: str | None = None,
        local: Mapping[str, Any] | None = None,
    ) -> Any:
        """`expression`'s value for `current` (or, without one, in scope instance
        `scope_id`), `local` shadowing the variables."""
        language = self.engine.languages.get(expression.language)
        if language is None:
            raise EvaluationError(f"No evaluator for expression language {expression.language!r}")
        if current is None and scope_id is not None:
            local = self.visible_locals(self.state.activities.get(scope_id), local)
        else:
            local = self.visible_locals(current, local)
        scope = EvalScope(self.definition, self.state, current, local=local, now=self.now)
        return language.evaluate(expression, scope)

    def visible_locals(
        self, current: Activity | None, local: Mapping[str, Any] | None = None
    ) -> Mapping[str, Any] | None:
        """The local variables `current` sees (its own and its enclosing scopes', the
        innermost winning), under `local`; None when there are none."""
        chain: list[Mapping[str, Any]] = []
        activities = self.state.activities
        while current is not None:
            if current.locals:
                chain.append(current.locals)
            current = activities.get(current.scope) if current.scope is not None else None
        if not chain:
            return local
        merged: dict[str, Any] = {}
        for values in reversed(chain):
            merged.update(values)
        if local:
            merged.update(local)
        return merged

    def node_input(
        self, node: Node, current: Activity | None = None, *, scope: str | None = None
    ) -> dict[str, Any]:
        """The node's resolved input, merged with its task definition's `input_template`.
        Without `current` (a pass-through node), `scope`: the scope instance whose local
        variables it sees."""
        if self.input_override is not None and self.input_override[0] == node.id:
            given, self.input_override = self.input_override[1], None
            return dict(given)
        if node.input is None:
            value: Any = {}
        else:
            local = None
            if current is None and scope is not None:
                local = self.visible_locals(self.state.activities.get(scope))
            try:
                value = self.resolve(node.input, current, local=local)
            except MappingError:
                raise
            except EvaluationError as exc:
                raise MappingError(str(exc)) from exc
        task_def = self.task_def(node) if node.kind in TASK_KINDS else None
        if task_def is not None and task_def.input_template:
            template = task_def.input_template
            language = node.input.language if node.input is not None else "conductor"
            raw = node.input.value if node.input is not None else {}
            merged = {**template, **(raw if isinstance(raw, Mapping) else {})}
            value = self.resolve(Template(language, merged), current)
            if isinstance(value, dict):
                value = {k: template.get(k) if v is None else v for k, v in value.items()}
        if not isinstance(value, dict):
            return {"input": value}
        return value

    def user_task_values(self, node: Node, current: Activity) -> UserTaskValues | None:
        """The node's user task, resolved against the instance (its expressions see what the
        node's input expressions see)."""
        if node.user_task is None:
            return None

        def resolve(template: Template) -> Any:
            try:
                return self.resolve(template, current)
            except MappingError:
                raise
            except EvaluationError as exc:
                raise MappingError(str(exc)) from exc

        return node.user_task.resolve(resolve)

    def timer_due(
        self, spec: TimerSpec, current: Activity | None, fired: int = 0, previous: int = 0
    ) -> datetime | None:
        """When the timer is due; for a cycle, firing number `fired` after the one due at
        `previous` (epoch ms; 0 for the first), None when the cycle is over."""
        try:
            if spec.duration is not None:
                return self.now + parse_duration(self.resolve(spec.duration, current))
            if spec.date is not None:
                return parse_date(self.resolve(spec.date, current))
            if spec.cycle is not None:
                cycle = parse_cycle(str(self.resolve(spec.cycle, current)))
                before = from_epoch_ms(previous) if previous else None
                return cycle.due(fired, self.now, before)
        except ValueError as exc:
            raise EvaluationError(str(exc)) from exc
        raise EvaluationError("timer has neither a duration, a date nor a cycle")

    # ---- activities ----------------------------------------------------------------------

    def activity(self, activity_id: str) -> Activity:
        return self.state.activities[activity_id]

    def edit(self, activity_id: str) -> Activity:
        """The activity, safe to change (cloned once per call: the input state stays intact)."""
        activity = self.state.activities[activity_id]
        if activity_id not in self._owned:
            activity = activity.clone()
            self.state.activities[activity_id] = activity
            self._owned.add(activity_id)
        return activity

    def new_activity(
        self,
        node: Node,
        scope: str | None,
        status: TaskStatus,
        *,
        retry_count: int = 0,
        retried_from: str | None = None,
    ) -> Activity:
        """A new activity, not yet visible: set its input, then call `schedule`."""
        state = self.state
        iteration = 0 if scope is None else state.activities[scope].iteration
        ref = f"{node.id}__{iteration}" if iteration else node.id
        now = self.now_ms
        activity_id = self.pending_key
        if activity_id is not None:
            self.pending_key = None
            self._resumed.add(activity_id)
        else:
            activity_id = self.new_id()
        activity = Activity(
            id=activity_id,
            node=node.id,
            ref=ref,
            seq=state.next_seq,
            status=status,
            scope=scope,
            iteration=iteration,
            retry_count=retry_count,
            retried_from=retried_from,
            scheduled_time=now,
            start_time=now if status is not TaskStatus.SCHEDULED else 0,
            update_time=now,
        )
        state.next_seq += 1
        if retried_from is not None:
            activity.locals = state.activities[retried_from].locals
        elif self.pending_index is not None and scope is not None:
            index, self.pending_index = self.pending_index, None
            body = state.activities[scope]
            activity.locals = self.behavior(self.index.nodes[body.node]).inner_locals(
                self, body, index
            )
        return activity

    def schedule(
        self, activity: Activity, *, delay_seconds: int = 0, response_timeout: int = 0
    ) -> Activity:
        """Add `activity` to the instance, announce it, and arm its node's boundary timers."""
        state = self.state
        if activity.locals:  # an element instance's local variables are part of its input
            activity.input = {**activity.locals, **activity.input}
        state.activities[activity.id] = activity
        self._owned.add(activity.id)
        state.by_ref[activity.node] = activity.id
        if activity.is_open:
            state.open[activity.id] = None
        activity.callback_after_seconds = delay_seconds
        activity.response_timeout_seconds = response_timeout
        node = self.index.nodes[activity.node]
        kind = TASK_KINDS.get(node.kind, TaskKind.SYSTEM)
        self.emit(
            TaskScheduled(
                task_id=activity.id,
                kind=kind,
                task_type=(activity.job_type if node.dynamic else None)
                or node.task_type
                or node.kind.value,
                def_name=(activity.job_type if node.dynamic else None) or node.name,
                ref_name=activity.ref,
                node_id=node.id,
                status=activity.status,
                seq=activity.seq,
                input=activity.input,
                queue=(activity.job_type or node.job_type) if kind is TaskKind.JOB else None,
                iteration=activity.iteration,
                retry_count=activity.retry_count,
                retried_task_id=activity.retried_from,
                delay_seconds=delay_seconds,
                response_timeout_seconds=response_timeout,
                scope=activity.scope,
                retries=activity.retries
                if self.definition.incidents and kind is TaskKind.JOB
                else None,
                resumed=activity.id in self._resumed,
                user_task=activity.user_task,
            )
        )
        if activity.is_open:
            self.arm_boundary_timers(activity)
            self.open_boundary_subscriptions(activity)
        return activity

    def open_boundary_subscriptions(self, activity: Activity) -> None:
        """Subscribe the open `activity` to the messages and signals of its boundary events."""
        for boundary in self.index.boundaries.get(activity.node, ()):
            if boundary.kind is NodeKind.BOUNDARY_EVENT:
                self.open_subscription(activity, boundary)

    def open_subscription(
        self, activity: Activity | None, node: Node, *, key: str | None = None
    ) -> bool:
        """Subscribe the open `activity` (None: the process instance, holding its root event
        sub-processes' subscriptions) to `node`'s message or signal, with correlation `key`
        or the one its expression gives now. A correlation key that cannot be evaluated
        raises an incident on an activity (resolving subscribes again), or fails the
        instance at process level; False then."""
        trigger = node.trigger
        assert trigger is not None
        if trigger.kind is TriggerKind.MESSAGE and key is None:
            try:
                key = self.correlation_key(trigger, activity)
            except EvaluationError as exc:
                if activity is None:
                    self.finish_instance(InstanceStatus.FAILED, f"{node.id}: {exc}")
                    return False
                if not self.definition.incidents:
                    raise
                self.timer_incident(activity, f"{node.id}: {exc}")
                return False
        holder = activity.id if activity is not None else self.state.instance_id
        self.emit(SubscriptionOpened(holder, node.id, trigger.kind, trigger.name, key))
        return True

    def correlation_key(self, trigger: EventTrigger, activity: Activity | None) -> str:
        """A message subscription's key: text or a number (as text), as Zeebe accepts."""
        if trigger.correlation_key is None:
            return ""
        value = self.resolve(trigger.correlation_key, activity)
        if isinstance(value, str):
            return value
        if isinstance(value, int) and not isinstance(value, bool):
            return str(value)
        if isinstance(value, float | Decimal):
            if math.isfinite(value) and value == int(value):
                return str(int(value))
            return str(value)
        shown = "null" if value is None else type(value).__name__
        raise EvaluationError(
            f"the correlation key of message {trigger.name!r} must be text or a number, not {shown}"
        )

    def open_event_subscriptions(self, scope: Activity | None) -> bool:
        """Subscribe scope instance `scope` (None: the process) to the messages and signals
        of its event sub-processes, unless an interrupting one of them runs; False when a
        correlation key raised an incident."""
        scope_id = scope.id if scope is not None else None
        if self.interrupted(scope_id):
            return True
        for node in self.index.event_sub_processes.get(scope.node if scope else None, ()):
            if node.trigger is not None and not self.open_subscription(scope, node):
                return False
        return True

    def interrupted(self, scope_id: str | None) -> bool:
        """Whether an interrupting event sub-process runs in scope instance `scope_id`."""
        state = self.state
        for activity_id in state.open:
            activity = state.activities[activity_id]
            if activity.scope == scope_id:
                node = self.index.nodes[activity.node]
                if node.kind is NodeKind.EVENT_SUB_PROCESS and node.interrupting:
                    return True
        return False

    def reopen_subscriptions(self, activity: Activity) -> None:
        """Close and open again every subscription of the open `activity` (after an
        incident on one of them was resolved)."""
        node = self.index.nodes[activity.node]
        if node.id not in self.index.subscribers:
            return
        self.emit(SubscriptionsClosed(activity.id))
        if node.kind is NodeKind.CATCH_EVENT and not self.open_subscription(activity, node):
            return
        if self.open_event_subscriptions(activity):
            self.open_boundary_subscriptions(activity)

    def arm_boundary_timers(self, activity: Activity) -> None:
        """Arm the boundary timers of the open `activity` not armed yet. With incidents, one
        whose date or duration cannot be evaluated raises an incident on the activity (it
        stays open; resolving arms what is missing)."""
        armed = {self.state.timers[t].node for t in activity.timers if t in self.state.timers}
        for boundary in self.index.boundaries.get(activity.node, ()):
            if boundary.kind is not NodeKind.BOUNDARY_TIMER or boundary.id in armed:
                continue
            assert boundary.timer is not None
            try:
                due = self.timer_due(boundary.timer, activity)
            except EvaluationError as exc:
                if not self.definition.incidents:
                    raise
                self.timer_incident(activity, f"{boundary.id}: {exc}")
                continue
            if due is None:
                continue  # a cycle of no repetitions
            activity = self.edit(activity.id)
            self.add_timer(activity, TimerPurpose.BOUNDARY, due, node_id=boundary.id)

    def timer_incident(self, activity: Activity, message: str) -> None:
        """A timer of the open `activity` could not be evaluated (Zeebe: EXTRACT_VALUE_ERROR)."""
        self.raise_incident(
            IncidentKind.EXTRACT_VALUE_ERROR, message, activity=activity, resume=Resume.TIMER
        )

    def record(
        self,
        node: Node,
        scope: str | None,
        input: dict[str, Any] | None = None,
        output: dict[str, Any] | None = None,
        activity: Activity | None = None,
    ) -> Activity | None:
        """A pass-through node's COMPLETED activity, if the node is `recorded`.

        `activity` is one made earlier by `new_activity` (e.g. to evaluate against its input).
        """
        if not node.recorded:
            if self.definition.history:
                key = self.pending_key
                if key is not None:
                    self.pending_key = None
                    self.emit(ElementCompleted(key))
                else:
                    self.emit(ElementPassed(self.new_id(), node.id, scope))
            return None
        if activity is None:
            activity = self.new_activity(node, scope, TaskStatus.IN_PROGRESS)
        if input is not None:
            activity.input = input
        self.schedule(activity)
        activity.status = TaskStatus.COMPLETED
        activity.output = output if output is not None else {}
        activity.end_time = self.now_ms
        self.state.open.pop(activity.id, None)
        self.emit(TaskCompleted(activity.id, TaskStatus.COMPLETED, activity.output))
        return activity

    def complete(
        self,
        activity_id: str,
        output: dict[str, Any] | None = None,
        status: TaskStatus = TaskStatus.COMPLETED,
        reason: str | None = None,
    ) -> None:
        """End an open activity successfully and let its node move the token on."""
        activity = self.edit(activity_id)
        activity.status = status
        if output is not None:
            activity.output = output
        activity.reason = reason
        self.close(activity)
        self.emit(TaskCompleted(activity.id, status, activity.output, reason))
        self.leave_completed(activity)

    def leave_completed(self, activity: Activity) -> bool:
        """Run the leaving steps of a completed activity (output mappings, outgoing flows).
        With incidents, a step that cannot be evaluated raises one instead (the element
        waits, nothing it queued moves); False then."""
        node = self.index.nodes[activity.node]
        if not self.definition.incidents:
            self.behavior(node).on_complete(self, node, activity)
            return True
        queued = len(self.queue)
        try:
            self.behavior(node).on_complete(self, node, activity)
        except EvaluationError as exc:
            while len(self.queue) > queued:
                self.queue.pop()
            kind = (
                IncidentKind.IO_MAPPING_ERROR
                if isinstance(exc, MappingError)
                else IncidentKind.EXTRACT_VALUE_ERROR
            )
            self.raise_incident(kind, str(exc), activity=activity, resume=Resume.COMPLETE)
            return False
        return True

    def cancel(self, activity_id: str, reason: str | None) -> None:
        activity = self.edit(activity_id)
        if not activity.is_open:
            return
        node = self.index.nodes[activity.node]
        if node.kind in SCOPE_KINDS:
            self.cancel_scope(activity.id, reason)
        activity.status = TaskStatus.CANCELED
        activity.reason = reason
        self.close(activity)
        self.emit(TaskCanceled(activity.id, reason))
        self.behavior(node).on_cancel(self, node, activity)

    def cancel_scope(self, scope_id: str | None, reason: str | None) -> None:
        """Cancel everything inside a scope instance (None: the process) (open activities and
        waiting tokens)."""
        state = self.state
        for activity_id in [a for a in state.open if state.activities[a].scope == scope_id]:
            self.cancel(activity_id, reason)
        state.join_tokens = [t for t in state.join_tokens if t.scope != scope_id]
        state.parked = [t for t in state.parked if t.scope != scope_id]
        if any(t.scope == scope_id for t in self.queue):
            self.queue = deque(t for t in self.queue if t.scope != scope_id)

    def close(self, activity: Activity) -> None:
        """Bookkeeping when an (edited) activity ends: times, open index, its timers, scope."""
        activity.end_time = self.now_ms
        activity.update_time = self.now_ms
        self.state.open.pop(activity.id, None)
        for timer_id in activity.timers:
            self.cancel_timer(timer_id)
        activity.timers = ()
        if activity.node in self.index.subscribers:
            self.emit(SubscriptionsClosed(activity.id))
        self.dirty.add(activity.scope)

    # ---- tokens --------------------------------------------------------------------------

    def move(self, node_id: str, scope: str | None, via: str | None = None) -> None:
        self.queue.append(Token(node_id, scope, via))

    def consume(self, scope: str | None) -> None:
        """A token ended here; its scope may now be done."""
        self.dirty.add(scope)

    def leave(self, node: Node, scope: str | None, current: Activity | None = None) -> None:
        """Take every outgoing flow whose condition holds (the default flow if none does)."""
        flows = self.index.outgoing.get(node.id)
        if not flows:
            self.dirty.add(scope)
            if scope is not None and current is not None and current.scope == scope:
                holder = self.state.activities[scope]
                holder_node = self.index.nodes[holder.node]
                self.behavior(holder_node).on_inner_left(self, holder_node, holder, current)
            return
        taken = False
        default = node.default_flow
        for flow in flows:
            if flow.id == default:
                continue
            if flow.condition is None or truthy(
                self.evaluate(flow.condition, current, scope_id=scope)
            ):
                self.queue.append(Token(flow.target, scope, flow.id))
                taken = True
        if not taken:
            if default is None:
                raise EvaluationError(f"No outgoing flow of {node.id!r} can be taken")
            self.queue.append(Token(self.index.flows[default].target, scope, default))

    # ---- timers --------------------------------------------------------------------------

    def schedule_timer(
        self,
        purpose: TimerPurpose,
        due: datetime,
        activity_id: str | None = None,
        node_id: str | None = None,
        fired: int = 0,
    ) -> str:
        timer_id = self.new_id()
        self.state.timers[timer_id] = Timer(
            timer_id, purpose, epoch_ms(due), activity_id, node_id, fired
        )
        self.emit(TimerScheduled(timer_id, due, purpose, activity_id))
        return timer_id

    def add_timer(
        self,
        activity: Activity,
        purpose: TimerPurpose,
        due: datetime,
        node_id: str | None = None,
        fired: int = 0,
    ) -> str:
        """A timer owned by `activity` (an edited or new one): canceled when it closes."""
        timer_id = self.schedule_timer(purpose, due, activity.id, node_id, fired)
        activity.timers = (*activity.timers, timer_id)
        return timer_id

    def cancel_timer(self, timer_id: str) -> None:
        if self.state.timers.pop(timer_id, None) is not None:
            self.emit(TimerCanceled(timer_id))

    def after(self, seconds: int) -> datetime:
        return self.now + timedelta(seconds=seconds)

    # ---- incidents and jobs ----------------------------------------------------------------

    def raise_incident(
        self,
        kind: IncidentKind,
        message: str,
        *,
        resume: Resume,
        activity: Activity | None = None,
        token: Token | None = None,
    ) -> str:
        """Stop at an element until someone fixes the cause and resolves the incident: an
        `activity` stays as it is; a `token` that could not enter its node is held (its
        element instance waits ACTIVE)."""
        key = self.new_id()
        if token is not None:
            element_key = token.key
            if element_key is None:
                element_key = self.new_id()
                self.emit(ElementActivated(element_key, token.node, token.scope))
                token = replace(token, key=element_key)
            node_id = token.node
            job_key = None
        else:
            assert activity is not None
            element_key = activity.id
            node_id = activity.node
            job_key = activity.id if resume is Resume.JOB else None
        self.state.incidents[key] = IncidentHold(
            key, kind, element_key, resume, activity.id if activity else None, token
        )
        self.emit(IncidentRaised(key, kind, message, element_key, node_id, job_key))
        return key

    def resolve_incidents(self) -> None:
        """The instance ended: its incidents end with it."""
        for hold in self.state.incidents.values():
            self.emit(IncidentResolved(hold.key, hold.element_key))
        self.state.incidents = {}

    def requeue_job(
        self,
        activity_id: str,
        delay_ms: int = 0,
        reason: str | None = None,
        *,
        error: str | None = None,
        failed: bool = False,
        queue: str | None = None,
    ) -> Activity:
        """Offer an open job to workers again under the same key (Zeebe); `error`: what its
        worker failed it with (`failed`) or threw."""
        activity = self.edit(activity_id)
        activity.status = TaskStatus.SCHEDULED
        activity.worker_id = None
        activity.update_time = self.now_ms
        if reason is not None:
            activity.reason = reason
        self.emit(
            TaskRequeued(activity.id, delay_ms, activity.retries, reason, error, failed, queue)
        )
        return activity

    # ---- errors and escalations that leave the instance -----------------------------------

    def propagate_error(
        self, code: str, message: str, variables: dict[str, Any] | None = None
    ) -> bool:
        """Hand an error nothing here catches to the calling process if its call activity
        catches it (this instance then ends, TERMINATED); False when it would not."""
        if not _catches(self.state.caller_catches.get("error", ()), code):
            return False
        self.emit(ErrorPropagated(code, message, dict(variables or {})))
        self.finish_instance(
            InstanceStatus.TERMINATED, f"BPMN error {code} went to the calling process"
        )
        return True

    def propagate_escalation(self, code: str) -> None:
        """Hand an escalation nothing here catches to the calling process, if it catches it."""
        if _catches(self.state.caller_catches.get("escalation", ()), code):
            self.emit(EscalationPropagated(code))

    # ---- instance ------------------------------------------------------------------------

    def set_variables(self, values: Mapping[str, Any], scope: str | None = None) -> None:
        """Set variables written from inside scope instance `scope` (None: the process): a
        name a scope instance around the writer holds as a local variable (a sub-process's
        input, a multi-instance element) is updated in the nearest one, the rest on the
        instance (Zeebe's propagation)."""
        state = self.state
        rest = dict(values)
        holder = state.activities.get(scope) if scope is not None else None
        while holder is not None and rest:
            if holder.locals:
                mine = {k: rest.pop(k) for k in list(rest) if k in holder.locals}
                if mine:
                    edited = self.edit(holder.id)
                    edited.locals = {**edited.locals, **mine}
                    self.emit(VariablesChanged(state.variables, mine, holder.id))
            holder = state.activities.get(holder.scope) if holder.scope is not None else None
        if rest or not values:
            state.variables = {**state.variables, **rest}
            self.emit(VariablesChanged(state.variables, rest))

    def merge_output(self, node: Node, activity: Activity) -> None:
        """A completed task's output reaches the variables as `merge_output`/`outputs` say."""
        if node.outputs is not None:
            local = {k: v for k, v in activity.input.items() if not k.startswith("__")}
            local.update(activity.output)
            self.apply_outputs(node, local, activity)
        elif node.merge_output and activity.output:
            self.set_variables(activity.output, activity.scope)

    def apply_outputs(
        self, node: Node, local: Mapping[str, Any], current: Activity | None = None
    ) -> None:
        """Set the variables `node.outputs` names, evaluated over the variables plus `local`."""
        if node.outputs is not None:
            try:
                pairs = self.resolve(node.outputs, current, local=local)
            except EvaluationError as exc:
                raise MappingError(str(exc)) from exc
            if not isinstance(pairs, list):
                raise MappingError(f"{node.id}: output mappings must resolve to a list")
            updates: dict[str, Any] = {}
            for pair in pairs:
                if not isinstance(pair, list | tuple) or len(pair) != 2:
                    raise MappingError(f"{node.id}: an output mapping must be [target, value]")
                _set_path(updates, self.state.variables, str(pair[0]), pair[1])
            if updates:
                self.set_variables(updates, current.scope if current is not None else None)

    def compute_output(self) -> dict[str, Any]:
        definition = self.definition
        state = self.state
        if definition.output is not None:
            value = self.resolve(definition.output)
            return value if isinstance(value, dict) else {"output": value}
        if definition.default_output is DefaultOutput.LAST_ACTIVITY:
            last = next(reversed(state.activities.values()), None)
            return dict(last.output) if last is not None else {}
        if definition.default_output is DefaultOutput.VARIABLES:
            return dict(state.variables)
        return {}

    def finish_instance(
        self,
        status: InstanceStatus,
        reason: str | None = None,
        output: dict[str, Any] | None = None,
        failed: Activity | None = None,
    ) -> None:
        """End the instance: cancel what is open, remember it for a retry, announce the end."""
        state = self.state
        retry_ids = [failed.id] if failed is not None else []
        for activity_id in list(state.open):
            if activity_id in state.open:
                retry_ids.append(activity_id)
                self.cancel(activity_id, reason or f"Instance {status.value.lower()}")
        for timer_id in list(state.timers):
            self.cancel_timer(timer_id)
        if None in self.index.subscribers:
            self.emit(SubscriptionsClosed(state.instance_id))
        held = [h.token for h in state.incidents.values() if h.token is not None]
        self.resolve_incidents()
        if status is not InstanceStatus.COMPLETED:
            state.retry_activities = sorted(retry_ids, key=lambda a: state.activities[a].seq)
            state.retry_tokens = [*state.join_tokens, *state.parked, *self.queue, *held]
        state.join_tokens = []
        state.parked = []
        self.queue.clear()
        self.dirty.clear()
        state.status = status
        state.reason = reason
        state.end_time = self.now_ms
        if failed is not None and failed.ref not in state.failed_refs:
            state.failed_refs = [*state.failed_refs, failed.ref]
        if output is None:
            try:
                output = self.compute_output()
            except EvaluationError:
                output = {}
        state.output = output
        if status is InstanceStatus.COMPLETED:
            self.emit(InstanceCompleted(output))
        elif status is InstanceStatus.FAILED:
            self.emit(InstanceFailed(reason, output))
        elif status is InstanceStatus.TIMED_OUT:
            self.emit(InstanceTimedOut(reason, output))
        else:
            self.emit(InstanceTerminated(reason, output))


def _catches(codes: Any, code: str) -> bool:
    return code in codes or "*" in codes


def _set_path(
    updates: dict[str, Any], variables: Mapping[str, Any], target: str, value: Any
) -> None:
    """Set `target` (`a` or `a.b.c`) in `updates`, copying the parts of `variables` it changes."""
    head, *rest = target.split(".")
    if not rest:
        updates[head] = value
        return
    current = updates.get(head, variables.get(head))
    container: dict[str, Any] = dict(current) if isinstance(current, Mapping) else {}
    updates[head] = container
    for key in rest[:-1]:
        inner = container.get(key)
        copy: dict[str, Any] = dict(inner) if isinstance(inner, Mapping) else {}
        container[key] = copy
        container = copy
    container[rest[-1]] = value

"""The state of one running process instance, as the engine reads and returns it.

`InstanceState` is JSON-able (`to_dict`/`from_dict`, versioned) so the store can keep it as one
document per instance. It holds what the Conductor API shows (status, input, output, variables,
one `Activity` per task attempt) plus where the tokens wait: in open activities, at joins
(`join_tokens`), or parked while the instance is paused (`parked`).

Values inside (`input`, `output`, `variables`) are treated as immutable: the engine replaces them,
never edits them in place, so states may share them safely.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

from baton.model.errors import FieldError, InvalidInput
from baton.model.status import InstanceStatus, TaskStatus
from baton.model.user_task import UserTaskValues

STATE_SCHEMA_VERSION = 1

_OPEN = (TaskStatus.SCHEDULED, TaskStatus.IN_PROGRESS)


class IncidentKind(StrEnum):
    """Why an instance waits for a person to fix something (Camunda's incident error types,
    plus Baton's own for a command that ran out of its budget)."""

    JOB_NO_RETRIES = "JOB_NO_RETRIES"
    EXTRACT_VALUE_ERROR = "EXTRACT_VALUE_ERROR"  # an expression could not be evaluated
    IO_MAPPING_ERROR = "IO_MAPPING_ERROR"  # an output mapping could not be applied
    UNHANDLED_ERROR_EVENT = "UNHANDLED_ERROR_EVENT"  # a thrown error no boundary catches
    BUDGET_EXCEEDED = "BUDGET_EXCEEDED"  # a command hit an EngineLimits budget
    TIMER_FAILED = "TIMER_FAILED"  # a timer's handler kept failing (the scheduler's)


class Resume(StrEnum):
    """What resolving an incident does again."""

    JOB = "job"  # offer the (same) job to workers again
    ENTER = "enter"  # let the held token enter its node again
    COMPLETE = "complete"  # run the completed activity's leaving steps (output mappings) again
    TIMER = "timer"  # evaluate the open activity's timers that could not be armed, and arm them


class TimerPurpose(StrEnum):
    INSTANCE_TIMEOUT = "instance_timeout"  # the definition's timeout_seconds
    TASK_TIMEOUT = "task_timeout"  # a task definition's timeout_seconds for one attempt
    WAIT = "wait"  # a WAIT node's timer
    BOUNDARY = "boundary"  # a boundary timer attached to an activity
    EVENT_SUB_PROCESS = "event_sub_process"  # starts event sub-process `node` in its scope


@dataclass(slots=True)
class Activity:
    """One execution (attempt) of a node: what Conductor calls a task. Times are epoch ms."""

    id: str
    node: str
    ref: str
    seq: int
    status: TaskStatus
    scope: str | None = None
    iteration: int = 0
    input: dict[str, Any] = field(default_factory=dict)
    output: dict[str, Any] = field(default_factory=dict)
    retry_count: int = 0
    retried: bool = False
    retried_from: str | None = None
    scheduled_time: int = 0
    start_time: int = 0
    end_time: int = 0
    update_time: int = 0
    reason: str | None = None
    worker_id: str | None = None
    poll_count: int = 0
    callback_after_seconds: int = 0
    response_timeout_seconds: int = 0
    timers: tuple[str, ...] = ()
    retries: int = 0  # a job's retries left, Zeebe style (definitions with incidents)
    user_task: UserTaskValues | None = None  # a user task as resolved when it was scheduled
    # local variables seen by the expressions of this element and of everything inside it
    # (a multi-instance inner instance's element and loopCounter)
    locals: dict[str, Any] = field(default_factory=dict)
    job_type: str | None = None  # a job's type evaluated from its node's FEEL job type

    @property
    def is_open(self) -> bool:
        return self.status in _OPEN

    def clone(self) -> Activity:
        return Activity(
            self.id,
            self.node,
            self.ref,
            self.seq,
            self.status,
            self.scope,
            self.iteration,
            self.input,
            self.output,
            self.retry_count,
            self.retried,
            self.retried_from,
            self.scheduled_time,
            self.start_time,
            self.end_time,
            self.update_time,
            self.reason,
            self.worker_id,
            self.poll_count,
            self.callback_after_seconds,
            self.response_timeout_seconds,
            self.timers,
            self.retries,
            self.user_task,
            self.locals,
            self.job_type,
        )

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "id": self.id,
            "node": self.node,
            "ref": self.ref,
            "seq": self.seq,
            "status": self.status.value,
        }
        for name in _ACTIVITY_OPTIONAL:
            value = getattr(self, name)
            if value:
                out[name] = list(value) if name == "timers" else value
        if self.user_task is not None:
            out["user_task"] = self.user_task.to_dict()
        return out

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Activity:
        return cls(
            id=data["id"],
            node=data["node"],
            ref=data["ref"],
            seq=data["seq"],
            status=TaskStatus(data["status"]),
            scope=data.get("scope"),
            iteration=data.get("iteration", 0),
            input=data.get("input", {}),
            output=data.get("output", {}),
            retry_count=data.get("retry_count", 0),
            retried=data.get("retried", False),
            retried_from=data.get("retried_from"),
            scheduled_time=data.get("scheduled_time", 0),
            start_time=data.get("start_time", 0),
            end_time=data.get("end_time", 0),
            update_time=data.get("update_time", 0),
            reason=data.get("reason"),
            worker_id=data.get("worker_id"),
            poll_count=data.get("poll_count", 0),
            callback_after_seconds=data.get("callback_after_seconds", 0),
            response_timeout_seconds=data.get("response_timeout_seconds", 0),
            timers=tuple(data.get("timers", ())),
            retries=data.get("retries", 0),
            user_task=UserTaskValues.from_dict(data["user_task"]) if "user_task" in data else None,
            locals=data.get("locals", {}),
            job_type=data.get("job_type"),
        )


_ACTIVITY_OPTIONAL = (
    "scope",
    "iteration",
    "input",
    "output",
    "retry_count",
    "retried",
    "retried_from",
    "scheduled_time",
    "start_time",
    "end_time",
    "update_time",
    "reason",
    "worker_id",
    "poll_count",
    "callback_after_seconds",
    "response_timeout_seconds",
    "timers",
    "retries",
    "locals",
    "job_type",
)


@dataclass(frozen=True, slots=True)
class Token:
    """A token about to enter, or waiting at, `node` in scope instance `scope`.

    `via` is the flow it arrived on (joins count arrivals per flow). `retry_of` marks a token
    that will create a new attempt of that failed activity instead of entering the node afresh.
    """

    node: str
    scope: str | None = None
    via: str | None = None
    retry_of: str | None = None
    key: str | None = None  # the element instance it re-enters (held by a resolved incident)
    index: int | None = None  # the 1-based element of a multi-instance body it runs

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {"node": self.node}
        if self.scope is not None:
            out["scope"] = self.scope
        if self.via is not None:
            out["via"] = self.via
        if self.retry_of is not None:
            out["retry_of"] = self.retry_of
        if self.key is not None:
            out["key"] = self.key
        if self.index is not None:
            out["index"] = self.index
        return out

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Token:
        return cls(
            data["node"],
            data.get("scope"),
            data.get("via"),
            data.get("retry_of"),
            data.get("key"),
            data.get("index"),
        )


@dataclass(frozen=True, slots=True)
class IncidentHold:
    """An open incident of the instance: what waits (`activity`, or a `token` that could not
    enter its node) at element instance `element_key`, and what resolving it does again."""

    key: str
    kind: IncidentKind
    element_key: str
    resume: Resume
    activity: str | None = None
    token: Token | None = None

    @property
    def scope(self) -> str | None:
        return self.token.scope if self.token is not None else None

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "key": self.key,
            "kind": self.kind.value,
            "element_key": self.element_key,
            "resume": self.resume.value,
        }
        if self.activity is not None:
            out["activity"] = self.activity
        if self.token is not None:
            out["token"] = self.token.to_dict()
        return out

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> IncidentHold:
        token = data.get("token")
        return cls(
            data["key"],
            IncidentKind(data["kind"]),
            data["element_key"],
            Resume(data["resume"]),
            data.get("activity"),
            Token.from_dict(token) if token is not None else None,
        )


@dataclass(frozen=True, slots=True)
class Timer:
    """A pending timer; `due` is epoch ms. `activity` owns it; `node` is a boundary event;
    `fired`: how often its cycle fired before (a repeating boundary timer)."""

    id: str
    purpose: TimerPurpose
    due: int
    activity: str | None = None
    node: str | None = None
    fired: int = 0  # a cycle's firings before this one

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {"id": self.id, "purpose": self.purpose.value, "due": self.due}
        if self.activity is not None:
            out["activity"] = self.activity
        if self.node is not None:
            out["node"] = self.node
        if self.fired:
            out["fired"] = self.fired
        return out

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Timer:
        return cls(
            data["id"],
            TimerPurpose(data["purpose"]),
            data["due"],
            data.get("activity"),
            data.get("node"),
            int(data.get("fired", 0)),
        )


@dataclass(slots=True)
class InstanceState:
    """Everything the engine needs about one instance between commands.

    `open` (ids of open activities) and `by_ref` (node id → latest activity id) are derived
    indexes, rebuilt by `from_dict` and kept current by the engine; they are not serialized.
    `retry_activities` / `retry_tokens` remember where the instance stood when it failed, for
    `RetryInstance`.
    """

    instance_id: str
    definition_id: str
    definition_version: int
    status: InstanceStatus
    input: dict[str, Any] = field(default_factory=dict)
    output: dict[str, Any] = field(default_factory=dict)
    variables: dict[str, Any] = field(default_factory=dict)
    correlation_id: str | None = None
    reason: str | None = None
    create_time: int = 0
    update_time: int = 0
    end_time: int = 0
    last_retried_time: int = 0
    priority: int = 0
    created_by: str | None = None
    activities: dict[str, Activity] = field(default_factory=dict)
    join_tokens: list[Token] = field(default_factory=list)
    parked: list[Token] = field(default_factory=list)
    timers: dict[str, Timer] = field(default_factory=dict)
    next_seq: int = 1
    failed_refs: list[str] = field(default_factory=list)
    retry_activities: list[str] = field(default_factory=list)
    retry_tokens: list[Token] = field(default_factory=list)
    incidents: dict[str, IncidentHold] = field(default_factory=dict)
    open: dict[str, None] = field(default_factory=dict, compare=False, repr=False)
    by_ref: dict[str, str] = field(default_factory=dict, compare=False, repr=False)
    # a called instance: the error and escalation codes its call activity's boundaries catch
    # in the calling process ("*": every code), by "error" / "escalation"
    caller_catches: dict[str, list[str]] = field(default_factory=dict)
    # Conductor task domains: task name ("*": every task) -> the domain its tasks are queued
    # in (workers poll with `domain`); inherited by the workflows it calls
    task_to_domain: dict[str, str] = field(default_factory=dict)

    def domain_of(self, task_name: str) -> str | None:
        """The domain a worker task named `task_name` is queued in (None: no domain). A value
        may list domains ("d1,d2"): the first is used; NO_DOMAIN means none."""
        raw = self.task_to_domain.get(task_name, self.task_to_domain.get("*"))
        first = raw.split(",")[0].strip() if raw else ""
        return first if first and first != "NO_DOMAIN" else None

    def scopes_around(self, activity: Activity) -> list[Activity]:
        """The scope instances enclosing `activity` that hold local variables (sub-process
        inputs, multi-instance elements), innermost first."""
        found = []
        holder = self.activities.get(activity.scope) if activity.scope is not None else None
        while holder is not None:
            if holder.locals:
                found.append(holder)
            holder = self.activities.get(holder.scope) if holder.scope is not None else None
        return found

    def visible_variables(self, activity: Activity) -> dict[str, Any]:
        """The variables an element inside scope instances sees: the instance's, shadowed by
        the local variables of the scopes around it (the innermost winning); not its own."""
        values = dict(self.variables)
        for holder in reversed(self.scopes_around(activity)):
            values.update(holder.locals)
        return values

    def activity_by_ref(self, ref: str) -> Activity | None:
        """The latest attempt of the node `ref` (loop iterations and retries: the newest)."""
        activity_id = self.by_ref.get(ref)
        return None if activity_id is None else self.activities[activity_id]

    def task_by_ref(self, ref: str, iteration: int | None = None) -> Activity | None:
        """The latest attempt shown as `ref` ("approve" or "approve__2"), or of node `ref` in
        loop `iteration` (Conductor's complete-by-reference; Orkes' `iteration` parameter)."""
        for activity in reversed(self.activities.values()):
            if iteration is None and activity.ref == ref:
                return activity
            if activity.node == ref and (iteration is None or activity.iteration == iteration):
                return activity
        return None

    def reindex(self) -> None:
        self.open = {a.id: None for a in self.activities.values() if a.is_open}
        self.by_ref = {a.node: a.id for a in self.activities.values()}

    def copy(self) -> InstanceState:
        """A copy whose containers may be changed without touching this one (activities shared)."""
        return InstanceState(
            self.instance_id,
            self.definition_id,
            self.definition_version,
            self.status,
            self.input,
            self.output,
            self.variables,
            self.correlation_id,
            self.reason,
            self.create_time,
            self.update_time,
            self.end_time,
            self.last_retried_time,
            self.priority,
            self.created_by,
            dict(self.activities),
            list(self.join_tokens),
            list(self.parked),
            dict(self.timers),
            self.next_seq,
            list(self.failed_refs),
            list(self.retry_activities),
            list(self.retry_tokens),
            dict(self.incidents),
            dict(self.open),
            dict(self.by_ref),
            caller_catches=self.caller_catches,
            task_to_domain=self.task_to_domain,
        )

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "schema": STATE_SCHEMA_VERSION,
            "instance_id": self.instance_id,
            "definition_id": self.definition_id,
            "definition_version": self.definition_version,
            "status": self.status.value,
            "input": self.input,
            "output": self.output,
            "variables": self.variables,
            "create_time": self.create_time,
            "update_time": self.update_time,
            "next_seq": self.next_seq,
            "activities": [a.to_dict() for a in self.activities.values()],
        }
        for name in ("correlation_id", "reason", "end_time", "last_retried_time", "priority"):
            value = getattr(self, name)
            if value:
                out[name] = value
        if self.created_by is not None:
            out["created_by"] = self.created_by
        if self.join_tokens:
            out["join_tokens"] = [t.to_dict() for t in self.join_tokens]
        if self.parked:
            out["parked"] = [t.to_dict() for t in self.parked]
        if self.timers:
            out["timers"] = [t.to_dict() for t in self.timers.values()]
        if self.failed_refs:
            out["failed_refs"] = list(self.failed_refs)
        if self.retry_activities:
            out["retry_activities"] = list(self.retry_activities)
        if self.retry_tokens:
            out["retry_tokens"] = [t.to_dict() for t in self.retry_tokens]
        if self.incidents:
            out["incidents"] = [i.to_dict() for i in self.incidents.values()]
        if self.caller_catches:
            out["caller_catches"] = {k: list(v) for k, v in self.caller_catches.items()}
        if self.task_to_domain:
            out["task_to_domain"] = dict(self.task_to_domain)
        return out

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> InstanceState:
        schema = data.get("schema")
        if schema != STATE_SCHEMA_VERSION:
            raise InvalidInput(
                f"Unsupported instance state schema {schema!r} (expected {STATE_SCHEMA_VERSION})",
                errors=[FieldError("schema", "unsupported version")],
            )
        activities = {}
        for raw in data.get("activities", ()):
            activity = Activity.from_dict(raw)
            activities[activity.id] = activity
        state = cls(
            instance_id=data["instance_id"],
            definition_id=data["definition_id"],
            definition_version=data["definition_version"],
            status=InstanceStatus(data["status"]),
            input=data.get("input", {}),
            output=data.get("output", {}),
            variables=data.get("variables", {}),
            correlation_id=data.get("correlation_id"),
            reason=data.get("reason"),
            create_time=data.get("create_time", 0),
            update_time=data.get("update_time", 0),
            end_time=data.get("end_time", 0),
            last_retried_time=data.get("last_retried_time", 0),
            priority=data.get("priority", 0),
            created_by=data.get("created_by"),
            activities=activities,
            join_tokens=[Token.from_dict(t) for t in data.get("join_tokens", ())],
            parked=[Token.from_dict(t) for t in data.get("parked", ())],
            timers={t["id"]: Timer.from_dict(t) for t in data.get("timers", ())},
            next_seq=data.get("next_seq", len(activities) + 1),
            failed_refs=list(data.get("failed_refs", ())),
            retry_activities=list(data.get("retry_activities", ())),
            retry_tokens=[Token.from_dict(t) for t in data.get("retry_tokens", ())],
            incidents={i["key"]: IncidentHold.from_dict(i) for i in data.get("incidents", ())},
            caller_catches={
                str(k): [str(c) for c in v] for k, v in data.get("caller_catches", {}).items()
            },
            task_to_domain={str(k): str(v) for k, v in data.get("task_to_domain", {}).items()},
        )
        state.reindex()
        return state

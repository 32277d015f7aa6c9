"""The notation-free process graph that BPMN and Conductor definitions compile onto.

A definition is a set of nodes joined by sequence flows, BPMN style: tokens leave a node along its
outgoing flows, splits and joins are gateways, and containers (sub-processes, loops) are scopes
whose children name them in `Node.scope`. Everything here is frozen and serializes to a JSON-able
dict carrying `SCHEMA_VERSION`, so the store can cache compiled definitions.

Expressions stay text (`Template`, `Expression`) tagged with their language; the engine compiles
each once and memoizes the compiled form on the object (`memo`), never in the serialized dict.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import MISSING, dataclass, field, fields
from enum import StrEnum
from typing import Any

from baton.model.errors import FieldError, InvalidInput
from baton.model.expressions import Expression as Expression
from baton.model.expressions import Template as Template
from baton.model.user_task import UserTaskSpec

EMBEDDED_SEPARATOR = "::"
# an ephemeral definition (run without being registered) is kept as `<name>~~<instance id>`
EPHEMERAL_SEPARATOR = "~~"
SCHEMA_VERSION = 2  # 2: typed user tasks and BPMN fields (v1 documents are upgraded on read)


def shown_name(definition_id: str) -> str:
    """The name a definition is shown by: an ephemeral one's without its instance suffix."""
    return definition_id.split(EPHEMERAL_SEPARATOR, 1)[0]


class NodeKind(StrEnum):
    START = "start"
    END = "end"
    TERMINATE_END = "terminate_end"
    SERVICE_TASK = "service_task"
    USER_TASK = "user_task"
    EXCLUSIVE_GATEWAY = "exclusive_gateway"
    PARALLEL_GATEWAY = "parallel_gateway"
    INCLUSIVE_GATEWAY = "inclusive_gateway"
    WAIT = "wait"
    SET_VARIABLES = "set_variables"
    LOOP = "loop"
    SUB_PROCESS = "sub_process"
    BOUNDARY_TIMER = "boundary_timer"
    BOUNDARY_ERROR = "boundary_error"  # catches a BPMN error thrown inside `attached_to`
    PASS_THROUGH = "pass_through"  # does nothing; tokens go on (BPMN manual task, none event)
    CALL_ACTIVITY = "call_activity"  # starts an instance of `called_process`, waits for its end
    MULTI_INSTANCE = "multi_instance"  # runs its `start` node once per element of a collection
    CATCH_EVENT = "catch_event"  # waits for its `trigger` (a message or a signal)
    BOUNDARY_EVENT = "boundary_event"  # a message or signal boundary on `attached_to`
    SIGNAL_THROW = "signal_throw"  # broadcasts the signal of its `trigger`, moves on
    EVENT_GATEWAY = "event_gateway"  # waits until one of its (interrupting) boundaries fires
    TASK_LISTENER = "task_listener"  # a job a user task's transition waits for (not on a flow)
    ERROR_END = "error_end"  # throws the BPMN error `error_code` (its scope's boundary catches)
    ESCALATION_THROW = "escalation_throw"  # throws escalation `escalation_code`, then goes on
    BOUNDARY_ESCALATION = "boundary_escalation"  # catches escalations from inside `attached_to`
    EVENT_SUB_PROCESS = "event_sub_process"  # a scope its `started_by` event starts in its scope
    SCRIPT_TASK = "script_task"  # evaluates its `script` over its input; the value is its output
    DYNAMIC_FORK = "dynamic_fork"  # a scope running its `start` node once per forked task
    START_INSTANCE = "start_instance"  # the server starts the instance its input describes
    TERMINATE_INSTANCES = "terminate_instances"  # the server ends the instances its input names
    PUBLISH_EVENT = "publish_event"  # the server delivers its input to its `name`'s handlers


SCOPE_KINDS = frozenset(
    {
        NodeKind.LOOP,
        NodeKind.SUB_PROCESS,
        NodeKind.MULTI_INSTANCE,
        NodeKind.EVENT_SUB_PROCESS,
        NodeKind.DYNAMIC_FORK,
    }
)
BOUNDARY_KINDS = frozenset(
    {
        NodeKind.BOUNDARY_TIMER,
        NodeKind.BOUNDARY_ERROR,
        NodeKind.BOUNDARY_EVENT,
        NodeKind.BOUNDARY_ESCALATION,
    }
)
TRIGGERED_KINDS = frozenset({NodeKind.CATCH_EVENT, NodeKind.BOUNDARY_EVENT, NodeKind.SIGNAL_THROW})


class DefaultOutput(StrEnum):
    """What an instance outputs when the definition has no output template."""

    LAST_ACTIVITY = "last_activity"  # Conductor: the output of the last task
    VARIABLES = "variables"  # BPMN: the process variables
    NONE = "none"


class TimeoutPolicy(StrEnum):
    TIME_OUT_WF = "TIME_OUT_WF"
    ALERT_ONLY = "ALERT_ONLY"


@dataclass(frozen=True, slots=True)
class TimerSpec:
    """When a timer is due: after `duration`, at `date`, or repeatedly on `cycle` (each a
    template resolving to text).

    Durations accept Conductor text ("10m20s", "2 days"), ISO-8601 ("PT10M") or seconds; dates
    accept ISO-8601 and Conductor's "yyyy-MM-dd HH:mm z" forms (see `baton.model.durations`).
    """

    duration: Template | None = None
    date: Template | None = None
    cycle: Template | None = None  # BPMN timeCycle: see `baton.model.cycles`

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {}
        if self.duration is not None:
            out["duration"] = self.duration.to_dict()
        if self.date is not None:
            out["date"] = self.date.to_dict()
        if self.cycle is not None:
            out["cycle"] = self.cycle.to_dict()
        return out

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> TimerSpec:
        duration = data.get("duration")
        date = data.get("date")
        cycle = data.get("cycle")
        return cls(
            Template.from_dict(duration) if duration is not None else None,
            Template.from_dict(date) if date is not None else None,
            Template.from_dict(cycle) if cycle is not None else None,
        )


class TriggerKind(StrEnum):
    MESSAGE = "message"
    SIGNAL = "signal"


@dataclass(frozen=True, slots=True)
class EventTrigger:
    """What a catch event, boundary event or event start waits for (or a throw sends).

    `correlation_key` (messages caught by a running instance): evaluated when the
    subscription opens; a message correlates when its name and key both match."""

    kind: TriggerKind
    name: str
    correlation_key: Template | None = None

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {"kind": self.kind.value, "name": self.name}
        if self.correlation_key is not None:
            out["correlation_key"] = self.correlation_key.to_dict()
        return out

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> EventTrigger:
        key = data.get("correlation_key")
        return cls(
            TriggerKind(data["kind"]),
            str(data["name"]),
            Template.from_dict(key) if key is not None else None,
        )


@dataclass(frozen=True, slots=True)
class LoopSpec:
    """A loop scope: run the body, then repeat while `condition` holds (do-while by default)."""

    condition: Expression
    test_before: bool = False
    maximum: int | None = None

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {"condition": self.condition.to_dict()}
        if self.test_before:
            out["test_before"] = True
        if self.maximum is not None:
            out["maximum"] = self.maximum
        return out

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> LoopSpec:
        maximum = data.get("maximum")
        return cls(
            Expression.from_dict(data["condition"]),
            bool(data.get("test_before", False)),
            int(maximum) if maximum is not None else None,
        )


@dataclass(frozen=True, slots=True)
class MultiInstanceSpec:
    """A multi-instance body: its inner node runs once per element of `input_collection`
    (all at once, or one after another when `sequential`).

    Each inner instance has the local variables `input_element` (its element) and `loopCounter`
    (1-based). When one completes, `output_element` (evaluated over its local variables and
    output) is stored at its index in the body's `output_collection` list, which reaches the
    enclosing scope when the body completes; `completion_condition` is then evaluated (it also
    sees `numberOfInstances`, `numberOfActiveInstances`, `numberOfCompletedInstances`) and when
    it holds the remaining inner instances are canceled and the body completes.
    """

    input_collection: Expression
    sequential: bool = False
    input_element: str | None = None
    output_collection: str | None = None
    output_element: Expression | None = None
    completion_condition: Expression | None = None

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {"input_collection": self.input_collection.to_dict()}
        if self.sequential:
            out["sequential"] = True
        if self.input_element is not None:
            out["input_element"] = self.input_element
        if self.output_collection is not None:
            out["output_collection"] = self.output_collection
        if self.output_element is not None:
            out["output_element"] = self.output_element.to_dict()
        if self.completion_condition is not None:
            out["completion_condition"] = self.completion_condition.to_dict()
        return out

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> MultiInstanceSpec:
        output_element = data.get("output_element")
        condition = data.get("completion_condition")
        return cls(
            Expression.from_dict(data["input_collection"]),
            bool(data.get("sequential", False)),
            _optional_str(data.get("input_element")),
            _optional_str(data.get("output_collection")),
            Expression.from_dict(output_element) if output_element is not None else None,
            Expression.from_dict(condition) if condition is not None else None,
        )


@dataclass(frozen=True, slots=True)
class TerminateSpec:
    """How a terminate end ends the instance.

    `status` is used unless `status_input` names a key of the node's resolved input holding it
    (Conductor reads `terminationStatus`, `terminationReason`, `workflowOutput` from its input).
    `scope_only`: it ends only the scope instance it is in, which then completes (a BPMN
    terminate end event inside a sub-process).
    """

    status: str = "COMPLETED"
    status_input: str | None = None
    reason_input: str | None = None
    output_input: str | None = None
    scope_only: bool = False

    def to_dict(self) -> dict[str, Any]:
        return {k: v for k, v in _plain_fields(self).items() if v is not None and v is not False}

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> TerminateSpec:
        return cls(
            str(data.get("status", "COMPLETED")),
            data.get("status_input"),
            data.get("reason_input"),
            data.get("output_input"),
            bool(data.get("scope_only", False)),
        )


class ScriptResult(StrEnum):
    """How a script task's value becomes its output."""

    VALUE = "value"  # {"result": value} (Conductor INLINE)
    STREAM = "stream"  # a list of values: {"result": first or None, "resultList": all} (jq)
    OBJECT = "object"  # the value, an object, is the output


@dataclass(frozen=True, slots=True)
class ScriptSpec:
    """A script task's program (an `Expression` in its language) and its output shape."""

    expression: Expression
    result: ScriptResult = ScriptResult.VALUE

    def to_dict(self) -> dict[str, Any]:
        return {"expression": self.expression.to_dict(), "result": self.result.value}

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> ScriptSpec:
        return cls(
            Expression.from_dict(data["expression"]), ScriptResult(data.get("result", "value"))
        )


@dataclass(frozen=True, slots=True)
class DynamicForkSpec:
    """Where a dynamic fork finds its tasks in its resolved input: `tasks_input` (a list of
    `{name, taskReferenceName}`) and `inputs_input` (each task's input by reference name);
    without `tasks_input`, `forkTaskName` and the list `forkTaskInputs` (one task per input,
    named `<forkTaskName>_<index>`)."""

    tasks_input: str | None = None
    inputs_input: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return {k: v for k, v in _plain_fields(self).items() if v is not None}

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> DynamicForkSpec:
        return cls(_optional_str(data.get("tasks_input")), _optional_str(data.get("inputs_input")))


@dataclass(frozen=True, slots=True)
class Node:
    """One element of the graph; which optional fields matter depends on `kind`.

    - `name`: task definition name (retry/timeout settings are looked up by it).
    - `task_type`: the type label API clients see (Conductor `taskType`).
    - `recorded`: whether a pass-through node (event, gateway, set-variables, terminate) leaves
      an activity in the instance's task list; tasks, waits and scopes always do.
    - `job_type`: SERVICE_TASK queue name that workers poll; with `job_type_expression` (a
      FEEL job type) the expression's text: each job's type is the expression's value when
      the job is created (`Activity.job_type`). `retries_expression` (FEEL retries): a
      Zeebe job's retries, evaluated when the job is created (else `retry_count` + 1).
    - `timer`: WAIT (optional: without it the wait ends by an external completion),
      BOUNDARY_TIMER (with `attached_to`, `interrupting`) and START of the root scope (a
      timer start event: the scheduler starts instances there).
    - `error_code`: BOUNDARY_ERROR (with `attached_to`; always interrupting): the BPMN error
      code it catches, None to catch every error; ERROR_END: the code it throws.
    - `escalation_code`: ESCALATION_THROW: the code it throws; BOUNDARY_ESCALATION (with
      `attached_to`, `interrupting`): the code it catches, None to catch every escalation.
    - `started_by`: EVENT_SUB_PROCESS: what starts it while its scope instance is active:
      "timer" (`timer`), "error" (`error_code`, None: every error) or "escalation"
      (`escalation_code`), "message" or "signal" (`trigger`); `interrupting`: it cancels
      everything else in that scope first.
    - `selector`: EXCLUSIVE_GATEWAY value matched against the outgoing flows' `case`.
    - `loop`: LOOP; `start`: the child START node of a scope (of MULTI_INSTANCE: its inner
      node, which stands for the same notation element: see `element_id`).
    - `multi`: MULTI_INSTANCE: the collection, its elements and outputs, when it is done.
    - `collect`: PARALLEL_GATEWAY join: node ids whose latest outputs form the join's output.
    - `extensions`: notation data carried untouched for rendering (e.g. Conductor `workflowTask`).
    - `merge_output`: when a task's activity completes, its output is merged into the instance
      variables (BPMN), unless `outputs` is set: then only `outputs` reach the variables. It is
      a template resolving to `[[target, value], ...]` pairs, evaluated over the variables plus
      the activity's local variables (its input) and its output; a target `a.b` sets `b` inside
      variable `a`.
    - `title`: the element's display name (BPMN `name`), shown by history views.
    - `headers`: SERVICE_TASK: static headers its job carries to the worker (BPMN task headers).
    - `user_task`: USER_TASK: assignment, schedule, priority, form, headers, Orkes policy.
    - `error_code_variable` / `error_message_variable`: BOUNDARY_ERROR: the variables that
      receive the caught error's code and message.
    - `retry_delay_seconds`: SERVICE_TASK: the delay before a retry when no task definition
      says (Conductor's 60 s when None; a Zeebe job is retried at once: 0).
    - `listener_of` / `listener_event`: a listener job run for element `listener_of` on event
      `listener_event`: a SERVICE_TASK the compiler chained before (start) or after (end) the
      element (execution listeners), or a TASK_LISTENER of a user task (creating, assigning,
      updating, completing, canceling), started by the human-task service, never by a flow.
    - `called_process`: CALL_ACTIVITY: the process (definition name) it starts, latest
      version. Its resolved `input` (the input mappings) plus, with `propagate_variables`,
      all the caller's variables become the child's start variables; the child's variables
      are the activity's output (merged per `merge_output`/`outputs`). `binding` picks
      another version than the latest: "deployment" (the version deployed with the caller's)
      or "versionTag" (the newest version tagged `binding_tag`).
    - `trigger`: CATCH_EVENT, BOUNDARY_EVENT (with `attached_to`, `interrupting`) and
      SIGNAL_THROW: the message or signal; on a START of the root scope: the instance is
      started by that message or signal (`StartInstance.start_node`), not plainly.
    - `called_version`: CALL_ACTIVITY: this version of `called_process` (Conductor
      `subWorkflowParam.version`), not the latest.
    - `fork`: DYNAMIC_FORK: where its tasks come from; its `start` is the inner node each
      forked task is an activity of.
    - `dynamic`: SERVICE_TASK: each activity carries its own job type, reference name and
      input, set when it is created (a forked task, a DYNAMIC task) and kept by its retries.
    - `script`: SCRIPT_TASK: the program evaluated over the task's resolved input.
    - `start_delay`: SERVICE_TASK: seconds before its first attempt is offered to workers
      (Conductor `startDelay`).
    """

    id: str
    kind: NodeKind
    scope: str | None = None
    name: str = ""
    task_type: str = ""
    recorded: bool = False
    optional: bool = False
    input: Template | None = None
    job_type: str | None = None
    timer: TimerSpec | None = None
    selector: Expression | None = None
    loop: LoopSpec | None = None
    start: str | None = None
    default_flow: str | None = None
    attached_to: str | None = None
    interrupting: bool = True
    collect: tuple[str, ...] = ()
    terminate: TerminateSpec | None = None
    retry_count: int | None = None
    extensions: Mapping[str, Any] = field(default_factory=dict)
    merge_output: bool = False
    outputs: Template | None = None
    error_code: str | None = None
    called_process: str | None = None
    propagate_variables: bool = True
    title: str = ""
    headers: Mapping[str, str] = field(default_factory=dict)
    user_task: UserTaskSpec | None = None
    error_code_variable: str | None = None
    error_message_variable: str | None = None
    retry_delay_seconds: int | None = None
    multi: MultiInstanceSpec | None = None
    trigger: EventTrigger | None = None
    listener_of: str | None = None
    listener_event: str | None = None
    escalation_code: str | None = None
    started_by: str | None = None
    binding: str | None = None
    binding_tag: str | None = None
    job_type_expression: Expression | None = None
    retries_expression: Expression | None = None
    script: ScriptSpec | None = None
    start_delay: int = 0
    called_version: int | None = None
    fork: DynamicForkSpec | None = None
    dynamic: bool = False

    @property
    def element_id(self) -> str:
        """The notation element this node stands for: a multi-instance body and its inner
        node are one BPMN element (Camunda shows both under the element's id)."""
        if self.kind is NodeKind.MULTI_INSTANCE and self.start is not None:
            return self.start
        return self.id

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {"id": self.id, "kind": self.kind.value}
        for f in _NODE_OPTIONAL:
            value = getattr(self, f.name)
            if _is_default(f, value):
                continue
            out[f.name] = _encode(value)
        return out

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Node:
        kwargs: dict[str, Any] = {"id": str(data["id"]), "kind": NodeKind(data["kind"])}
        for name, decode in _NODE_DECODERS.items():
            if name in data:
                kwargs[name] = decode(data[name])
        return cls(**kwargs)


@dataclass(frozen=True, slots=True)
class Flow:
    """A sequence flow. `condition` guards it; `case` is matched against a gateway's selector."""

    id: str
    source: str
    target: str
    condition: Expression | None = None
    case: str | None = None

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {"id": self.id, "source": self.source, "target": self.target}
        if self.condition is not None:
            out["condition"] = self.condition.to_dict()
        if self.case is not None:
            out["case"] = self.case
        return out

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Flow:
        condition = data.get("condition")
        case = data.get("case")
        return cls(
            str(data["id"]),
            str(data["source"]),
            str(data["target"]),
            Expression.from_dict(condition) if condition is not None else None,
            str(case) if case is not None else None,
        )


@dataclass(frozen=True, slots=True)
class ProcessDefinition:
    """A compiled process. `start` is the root START node; scopes are the LOOP/SUB_PROCESS nodes.

    - `history`: every element activation and variable change is kept as runtime history
      (element instances, variables by scope), which Operate-style views read.
    - `incidents`: a failure a person can fix (job retries exhausted, an expression that cannot
      be evaluated, an unhandled error) raises an incident and the instance waits at that
      element; without it the instance fails (Conductor).
    - `version_tag`: the label its author gave this version (BPMN `zeebe:versionTag`).
    - `embedded`: definitions that exist only inside this one (a Conductor SUB_WORKFLOW's
      inline `workflowDefinition`), by the id of the node that calls them. Each one's id is
      `<this id>::<node id>` (`EMBEDDED_SEPARATOR`) and its version is this one's.
    """

    id: str
    version: int
    start: str
    nodes: tuple[Node, ...]
    flows: tuple[Flow, ...] = ()
    name: str = ""
    output: Template | None = None
    default_output: DefaultOutput = DefaultOutput.LAST_ACTIVITY
    timeout_seconds: int = 0
    timeout_policy: TimeoutPolicy = TimeoutPolicy.TIME_OUT_WF
    input_defaults: Mapping[str, Any] = field(default_factory=dict)
    input_to_variables: bool = False
    extensions: Mapping[str, Any] = field(default_factory=dict)
    history: bool = False
    incidents: bool = False
    version_tag: str | None = None
    embedded: Mapping[str, ProcessDefinition] = field(default_factory=dict)
    index: ProcessIndex = field(init=False, compare=False, repr=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "index", ProcessIndex(self))

    @property
    def scopes(self) -> tuple[Node, ...]:
        return tuple(n for n in self.nodes if n.kind in SCOPE_KINDS)

    @property
    def timer_starts(self) -> tuple[Node, ...]:
        """The timer start events: root START nodes with a timer."""
        return tuple(
            n for n in self.nodes if n.kind is NodeKind.START and n.scope is None and n.timer
        )

    def node(self, node_id: str) -> Node:
        return self.index.nodes[node_id]

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "schema": SCHEMA_VERSION,
            "id": self.id,
            "version": self.version,
            "start": self.start,
            "nodes": [n.to_dict() for n in self.nodes],
            "flows": [f.to_dict() for f in self.flows],
        }
        if self.name:
            out["name"] = self.name
        if self.output is not None:
            out["output"] = self.output.to_dict()
        if self.default_output is not DefaultOutput.LAST_ACTIVITY:
            out["default_output"] = self.default_output.value
        if self.timeout_seconds:
            out["timeout_seconds"] = self.timeout_seconds
        if self.timeout_policy is not TimeoutPolicy.TIME_OUT_WF:
            out["timeout_policy"] = self.timeout_policy.value
        if self.input_defaults:
            out["input_defaults"] = dict(self.input_defaults)
        if self.input_to_variables:
            out["input_to_variables"] = True
        if self.extensions:
            out["extensions"] = dict(self.extensions)
        if self.history:
            out["history"] = True
        if self.incidents:
            out["incidents"] = True
        if self.version_tag is not None:
            out["version_tag"] = self.version_tag
        if self.embedded:
            out["embedded"] = {k: v.to_dict() for k, v in self.embedded.items()}
        return out

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> ProcessDefinition:
        schema = data.get("schema")
        if schema == 1:
            from baton.model.process_upgrade import upgrade_v1

            data, schema = upgrade_v1(data), SCHEMA_VERSION
        if schema != SCHEMA_VERSION:
            raise InvalidInput(
                f"Unsupported process definition schema {schema!r} (expected {SCHEMA_VERSION})",
                errors=[FieldError("schema", "unsupported version")],
            )
        output = data.get("output")
        return cls(
            id=str(data["id"]),
            version=int(data["version"]),
            start=str(data["start"]),
            nodes=tuple(Node.from_dict(n) for n in data["nodes"]),
            flows=tuple(Flow.from_dict(f) for f in data.get("flows", ())),
            name=str(data.get("name", "")),
            output=Template.from_dict(output) if output is not None else None,
            default_output=DefaultOutput(data.get("default_output", "last_activity")),
            timeout_seconds=int(data.get("timeout_seconds", 0)),
            timeout_policy=TimeoutPolicy(data.get("timeout_policy", "TIME_OUT_WF")),
            input_defaults=dict(data.get("input_defaults", {})),
            input_to_variables=bool(data.get("input_to_variables", False)),
            extensions=dict(data.get("extensions", {})),
            history=bool(data.get("history", False)),
            incidents=bool(data.get("incidents", False)),
            version_tag=_optional_str(data.get("version_tag")),
            embedded={
                str(k): ProcessDefinition.from_dict(v)
                for k, v in (data.get("embedded") or {}).items()
            },
        )

    def embedded_at(self, path: list[str]) -> ProcessDefinition | None:
        """The definition embedded along the node ids `path` (nested ones too)."""
        found: ProcessDefinition | None = self
        for node_id in path:
            found = found.embedded.get(node_id) if found is not None else None
        return found


class ProcessIndex:
    """Lookups derived from a definition once (never serialized), plus structural checks."""

    __slots__ = (
        "_reach",
        "boundaries",
        "event_starts",
        "event_sub_processes",
        "flows",
        "incoming",
        "nodes",
        "outgoing",
        "subscribers",
        "task_listeners",
    )

    def __init__(self, definition: ProcessDefinition) -> None:
        errors: list[FieldError] = []
        self.nodes: dict[str, Node] = {}
        for i, node in enumerate(definition.nodes):
            if node.id in self.nodes:
                errors.append(FieldError(f"nodes[{i}].id", f"duplicate node id {node.id!r}"))
            self.nodes[node.id] = node
        self.flows: dict[str, Flow] = {}
        outgoing: dict[str, list[Flow]] = {}
        incoming: dict[str, list[Flow]] = {}
        for i, flow in enumerate(definition.flows):
            if flow.id in self.flows:
                errors.append(FieldError(f"flows[{i}].id", f"duplicate flow id {flow.id!r}"))
            self.flows[flow.id] = flow
            source = self.nodes.get(flow.source)
            target = self.nodes.get(flow.target)
            if source is None or target is None:
                errors.append(FieldError(f"flows[{i}]", "flow connects an unknown node"))
                continue
            if source.scope != target.scope:
                errors.append(FieldError(f"flows[{i}]", "flow crosses a scope boundary"))
            outgoing.setdefault(flow.source, []).append(flow)
            incoming.setdefault(flow.target, []).append(flow)
        self.outgoing = {k: tuple(v) for k, v in outgoing.items()}
        self.incoming = {k: tuple(v) for k, v in incoming.items()}
        boundaries: dict[str, list[Node]] = {}
        events: dict[str | None, list[Node]] = {}
        for i, node in enumerate(definition.nodes):
            errors.extend(self._check_node(i, node))
            if node.kind in BOUNDARY_KINDS and node.attached_to in self.nodes:
                boundaries.setdefault(node.attached_to, []).append(node)
            if node.kind is NodeKind.EVENT_SUB_PROCESS:
                events.setdefault(node.scope, []).append(node)
        self.boundaries = {k: tuple(v) for k, v in boundaries.items()}
        # root START nodes started by a message or signal
        self.event_starts = tuple(
            n
            for n in definition.nodes
            if n.kind is NodeKind.START and n.scope is None and n.trigger is not None
        )
        # nodes whose activities hold message or signal subscriptions while open (None: the
        # process instance holds its root event sub-processes' ones)
        self.subscribers: frozenset[str | None] = frozenset(
            n.id
            for n in definition.nodes
            if n.kind is NodeKind.CATCH_EVENT
            or any(b.kind is NodeKind.BOUNDARY_EVENT for b in boundaries.get(n.id, ()))
        ) | frozenset(
            scope for scope, nodes in events.items() if any(n.trigger is not None for n in nodes)
        )
        # the event sub-processes of each scope node (None: the process itself)
        self.event_sub_processes = {k: tuple(v) for k, v in events.items()}
        # user task node -> event -> its task listeners in the order they run (the compiler
        # numbers them `<task>#<event><n>`): the human-task service asks this before it
        # reads any instance state
        listened: dict[str, dict[str, list[Node]]] = {}
        for node in definition.nodes:
            if node.kind is NodeKind.TASK_LISTENER and node.listener_of and node.listener_event:
                by_event = listened.setdefault(node.listener_of, {})
                by_event.setdefault(node.listener_event, []).append(node)
        self.task_listeners: dict[str, dict[str, tuple[Node, ...]]] = {
            task: {event: _in_order(found, event) for event, found in by_event.items()}
            for task, by_event in listened.items()
        }
        root = self.nodes.get(definition.start)
        if root is None or root.kind is not NodeKind.START or root.scope is not None:
            errors.append(FieldError("start", "must name a START node of the root scope"))
        if errors:
            raise InvalidInput(
                f"Invalid process definition {definition.id!r}: {errors[0].message}",
                errors=errors,
            )
        self._reach: dict[str, frozenset[str]] = {}

    def _check_node(self, i: int, node: Node) -> list[FieldError]:
        errors: list[FieldError] = []
        path = f"nodes[{i}]"
        if node.scope is not None:
            parent = self.nodes.get(node.scope)
            if parent is None or parent.kind not in SCOPE_KINDS:
                errors.append(FieldError(f"{path}.scope", "must name a scope node"))
        if node.kind in (NodeKind.MULTI_INSTANCE, NodeKind.DYNAMIC_FORK):
            child = self.nodes.get(node.start or "")
            if child is None or child.scope != node.id:
                errors.append(FieldError(f"{path}.start", "must name its inner node"))
            if node.kind is NodeKind.MULTI_INSTANCE and node.multi is None:
                errors.append(FieldError(f"{path}.multi", "a multi-instance body needs a spec"))
            if node.kind is NodeKind.DYNAMIC_FORK and node.fork is None:
                errors.append(FieldError(f"{path}.fork", "a dynamic fork needs a spec"))
        elif node.kind in SCOPE_KINDS:
            child = self.nodes.get(node.start or "")
            if child is None or child.kind is not NodeKind.START or child.scope != node.id:
                errors.append(FieldError(f"{path}.start", "must name a START node inside it"))
        if node.kind is NodeKind.LOOP and node.loop is None:
            errors.append(FieldError(f"{path}.loop", "a LOOP needs a loop specification"))
        if node.kind in BOUNDARY_KINDS:
            host = self.nodes.get(node.attached_to or "")
            if host is None or host.scope != node.scope:
                errors.append(FieldError(f"{path}.attached_to", "must name a node in its scope"))
        if node.kind is NodeKind.ERROR_END and not node.error_code:
            errors.append(FieldError(f"{path}.error_code", "an error end event needs a code"))
        if node.kind is NodeKind.BOUNDARY_ERROR and not node.interrupting:
            errors.append(FieldError(f"{path}.interrupting", "error boundaries interrupt"))
        if node.kind is NodeKind.CALL_ACTIVITY and not node.called_process:
            errors.append(FieldError(f"{path}.called_process", "a call activity needs a process"))
        if node.kind is NodeKind.BOUNDARY_TIMER and node.timer is None:
            errors.append(FieldError(f"{path}.timer", "a boundary timer needs a timer"))
        if node.kind is NodeKind.SCRIPT_TASK and node.script is None:
            errors.append(FieldError(f"{path}.script", "a script task needs a script"))
        if node.kind in TRIGGERED_KINDS and node.trigger is None:
            errors.append(FieldError(f"{path}.trigger", "needs a message or signal"))
        if node.default_flow is not None:
            flow = self.flows.get(node.default_flow)
            if flow is None or flow.source != node.id:
                errors.append(FieldError(f"{path}.default_flow", "must be an outgoing flow"))
        return errors

    def reachable(self, node_id: str) -> frozenset[str]:
        """Nodes reachable from `node_id` along flows (boundary events count as successors)."""
        cached = self._reach.get(node_id)
        if cached is not None:
            return cached
        seen: set[str] = set()
        stack = [node_id]
        while stack:
            current = stack.pop()
            successors = [f.target for f in self.outgoing.get(current, ())]
            successors.extend(b.id for b in self.boundaries.get(current, ()))
            for nxt in successors:
                if nxt not in seen:
                    seen.add(nxt)
                    stack.append(nxt)
        result = frozenset(seen)
        self._reach[node_id] = result
        return result


def _in_order(listeners: list[Node], event: str) -> tuple[Node, ...]:
    def number(node: Node) -> int:
        tail = node.id.rsplit("#" + event, 1)[-1]
        return int(tail) if tail.isdigit() else 0

    return tuple(sorted(listeners, key=number))


def _plain_fields(obj: Any) -> dict[str, Any]:
    return {f.name: getattr(obj, f.name) for f in fields(obj)}


def _is_default(f: Any, value: Any) -> bool:
    if f.default is not MISSING:
        return bool(value == f.default)
    if f.default_factory is not MISSING:
        return bool(value == f.default_factory())
    return False


def _encode(value: Any) -> Any:
    if isinstance(
        value,
        Template
        | Expression
        | TimerSpec
        | LoopSpec
        | TerminateSpec
        | UserTaskSpec
        | MultiInstanceSpec
        | EventTrigger
        | ScriptSpec
        | DynamicForkSpec,
    ):
        return value.to_dict()
    if isinstance(value, StrEnum):
        return value.value
    if isinstance(value, tuple):
        return list(value)
    if isinstance(value, Mapping):
        return dict(value)
    return value


def _optional_str(value: Any) -> str | None:
    return None if value is None else str(value)


_NODE_OPTIONAL = tuple(f for f in fields(Node) if f.name not in ("id", "kind"))
_NODE_DECODERS: dict[str, Any] = {
    "scope": _optional_str,
    "name": str,
    "task_type": str,
    "recorded": bool,
    "optional": bool,
    "input": Template.from_dict,
    "job_type": _optional_str,
    "timer": TimerSpec.from_dict,
    "selector": Expression.from_dict,
    "loop": LoopSpec.from_dict,
    "start": _optional_str,
    "default_flow": _optional_str,
    "attached_to": _optional_str,
    "interrupting": bool,
    "collect": tuple,
    "terminate": TerminateSpec.from_dict,
    "retry_count": lambda v: None if v is None else int(v),
    "extensions": dict,
    "merge_output": bool,
    "outputs": Template.from_dict,
    "error_code": _optional_str,
    "called_process": _optional_str,
    "propagate_variables": bool,
    "title": str,
    "headers": lambda v: {str(k): str(x) for k, x in v.items()},
    "user_task": UserTaskSpec.from_dict,
    "error_code_variable": _optional_str,
    "error_message_variable": _optional_str,
    "retry_delay_seconds": lambda v: None if v is None else int(v),
    "multi": MultiInstanceSpec.from_dict,
    "trigger": EventTrigger.from_dict,
    "listener_of": _optional_str,
    "job_type_expression": Expression.from_dict,
    "retries_expression": Expression.from_dict,
    "listener_event": _optional_str,
    "escalation_code": _optional_str,
    "started_by": _optional_str,
    "binding": _optional_str,
    "binding_tag": _optional_str,
    "script": ScriptSpec.from_dict,
    "start_delay": int,
    "called_version": lambda v: None if v is None else int(v),
    "fork": DynamicForkSpec.from_dict,
    "dynamic": bool,
}

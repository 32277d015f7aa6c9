"""Expression languages the engine can evaluate, looked up by the `language` of a template.

A language compiles a `Template`/`Expression` once (memoized on the object) and evaluates it
against an `EvalScope`: the definition, the instance state and the activity being worked on.
Conductor's two languages live here as adapters; FEEL (BPMN) plugs in the same way.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from datetime import datetime
from typing import Any, Protocol

from baton.expr import feel
from baton.expr import jq as jq_language
from baton.expr.conductor import (
    JS_LANGUAGE,
    LANGUAGE,
    TASK_FIELDS,
    JsEvalError,
    JsSyntaxError,
    ParamSyntaxError,
    ParamValueError,
    compile_program,
    compile_template,
    run,
)
from baton.model.instance import Activity, InstanceState
from baton.model.process import Expression, ProcessDefinition, Template

CONDUCTOR = LANGUAGE
CONDUCTOR_JS = JS_LANGUAGE
FEEL = "feel"
JQ = jq_language.LANGUAGE


class EvaluationError(Exception):
    """An expression could not be evaluated at run time (the engine fails the task/instance)."""


class EvalScope:
    """What an expression may read. `task_id` is the id of the task being created, if any.

    `local` are variables that shadow the instance variables (a task's local variables and
    result, for BPMN output mappings); `now` is the engine call's time (FEEL `now()`).
    """

    __slots__ = ("current", "definition", "local", "now", "state", "task_id")

    def __init__(
        self,
        definition: ProcessDefinition,
        state: InstanceState,
        current: Activity | None = None,
        task_id: str | None = None,
        *,
        local: Mapping[str, Any] | None = None,
        now: datetime | None = None,
    ) -> None:
        self.definition = definition
        self.state = state
        self.current = current
        self.task_id = task_id if task_id is not None else (current.id if current else None)
        self.local = local
        self.now = now


class Language(Protocol):
    def resolve(self, template: Template, scope: EvalScope) -> Any: ...

    def evaluate(self, expression: Expression, scope: EvalScope) -> Any: ...


class ConductorParams:
    """`${workflow.input.x}` / `${ref.output.y}` templates."""

    def resolve(self, template: Template, scope: EvalScope) -> Any:
        resolver = template.memo.get(CONDUCTOR)
        if resolver is None:
            try:
                resolver = compile_template(template.value)
            except ParamSyntaxError as exc:
                raise EvaluationError(str(exc)) from exc
            template.memo[CONDUCTOR] = resolver
        try:
            return resolver(_ConductorScope(scope))
        except ParamValueError as exc:
            raise EvaluationError(str(exc)) from exc

    def evaluate(self, expression: Expression, scope: EvalScope) -> Any:
        resolver = expression.memo.get(CONDUCTOR)
        if resolver is None:
            try:
                resolver = compile_template(expression.source)
            except ParamSyntaxError as exc:
                raise EvaluationError(str(exc)) from exc
            expression.memo[CONDUCTOR] = resolver
        try:
            return resolver(_ConductorScope(scope))
        except ParamValueError as exc:
            raise EvaluationError(str(exc)) from exc


class ConductorJs:
    """The JavaScript subset of SWITCH expressions and DO_WHILE conditions.

    `$` reads the current activity's resolved input first, then the latest output of the task
    with that reference name (so a loop condition sees `$.loop_ref.iteration` and the outputs of
    the tasks in its body, as Conductor's does).
    """

    def resolve(self, template: Template, scope: EvalScope) -> Any:
        raise EvaluationError("conductor-js has no templates")

    def evaluate(self, expression: Expression, scope: EvalScope) -> Any:
        program = expression.memo.get(CONDUCTOR_JS)
        if program is None:
            try:
                program = compile_program(expression.source)
            except JsSyntaxError as exc:
                raise EvaluationError(f"Cannot compile {expression.source!r}: {exc}") from exc
            expression.memo[CONDUCTOR_JS] = program
        try:
            return run(program, _Dollar(scope))
        except JsEvalError as exc:
            raise EvaluationError(f"Error evaluating {expression.source!r}: {exc}") from exc


class Feel:
    """FEEL over the instance variables (BPMN, Camunda 8 semantics).

    In a template every string starting with `=` is a FEEL expression (the rest of the JSON
    value is static); an `Expression` (a flow condition) is FEEL text, with or without the `=`.
    Results are converted to JSON values (`to_json`: dates and durations become ISO text).
    """

    def resolve(self, template: Template, scope: EvalScope) -> Any:
        resolver = template.memo.get(FEEL)
        if resolver is None:
            try:
                resolver = _feel_inputs(template.value)
            except feel.FeelError as exc:
                raise EvaluationError(str(exc)) from exc
            template.memo[FEEL] = resolver
        return resolver(_FeelRun(scope))

    def evaluate(self, expression: Expression, scope: EvalScope) -> Any:
        compiled = expression.memo.get(FEEL)
        if compiled is None:
            source = expression.source.lstrip()
            try:
                compiled = feel.compile(source[1:] if source.startswith("=") else source)
            except feel.FeelError as exc:
                raise EvaluationError(str(exc)) from exc
            expression.memo[FEEL] = compiled
        return _FeelRun(scope).evaluate(compiled)


class _FeelRun:
    """One evaluation pass: the FEEL variables are converted once, on first use."""

    __slots__ = ("_variables", "scope")

    def __init__(self, scope: EvalScope) -> None:
        self.scope = scope
        self._variables: dict[str, Any] | None = None

    def _values(self) -> dict[str, Any]:
        if self._variables is None:
            values = dict(self.scope.state.variables)
            if self.scope.local:
                values.update(self.scope.local)
            self._variables = feel.from_json(values)
        return self._variables

    def evaluate(self, expression: feel.Expression) -> Any:
        variables = self._values()
        try:
            return feel.to_json(expression.evaluate(variables, self.scope.now))
        except feel.FeelError as exc:
            raise EvaluationError(str(exc)) from exc

    def bind(self, name: str, value: Any) -> None:
        """Let the expressions evaluated after this one see `name` (a resolved input)."""
        self._values()[name] = feel.from_json(value)


def _feel_template(value: Any) -> Callable[[_FeelRun], Any]:
    if isinstance(value, str):
        expression = feel.compile_value(value)
        if expression is None:
            return lambda run: value
        return lambda run: run.evaluate(expression)
    if isinstance(value, Mapping):
        items = [(str(k), _feel_template(v)) for k, v in value.items()]
        return lambda run: {k: resolve(run) for k, resolve in items}
    if isinstance(value, list):
        parts = [_feel_template(v) for v in value]
        return lambda run: [resolve(run) for resolve in parts]
    return lambda run: value


def _feel_inputs(value: Any) -> Callable[[_FeelRun], Any]:
    """A template's top level: a mapping's entries are input mappings, evaluated in order,
    each seeing the ones before it as variables (Zeebe's local variables)."""
    if not isinstance(value, Mapping):
        return _feel_template(value)
    items = [(str(k), _feel_template(v)) for k, v in value.items()]

    def resolve(run: _FeelRun) -> dict[str, Any]:
        out: dict[str, Any] = {}
        for key, entry in items:
            out[key] = entry(run)
            run.bind(key, out[key])
        return out

    return resolve


class Jq:
    """jq programs (JSON_JQ_TRANSFORM) over the current activity's resolved input; the value
    is the list of the program's results. Runs in the sandbox process with its budgets."""

    def __init__(self, sandbox: jq_language.JqSandbox | None = None) -> None:
        self.sandbox = sandbox

    def resolve(self, template: Template, scope: EvalScope) -> Any:
        raise EvaluationError("jq has no templates")

    def evaluate(self, expression: Expression, scope: EvalScope) -> Any:
        sandbox = self.sandbox or jq_language.shared_sandbox()
        value = scope.current.input if scope.current is not None else {}
        try:
            return sandbox.run(expression.source, value)
        except jq_language.JqError as exc:
            raise EvaluationError(f"jq {expression.source!r}: {exc}") from exc


def default_languages() -> dict[str, Language]:
    return {CONDUCTOR: ConductorParams(), CONDUCTOR_JS: ConductorJs(), FEEL: Feel(), JQ: Jq()}


class _ConductorScope:
    """`baton.expr.conductor.ParamScope` over an instance."""

    __slots__ = ("scope",)

    def __init__(self, scope: EvalScope) -> None:
        self.scope = scope

    def workflow_field(self, name: str) -> Any:
        state = self.scope.state
        if name == "input":
            return state.input
        if name == "variables":
            return state.variables
        if name == "workflowId":
            return state.instance_id
        if name == "output":
            return state.output
        if name == "status":
            return state.status.value
        if name == "correlationId":
            return state.correlation_id
        if name == "workflowType":
            return state.definition_id
        if name == "version":
            return state.definition_version
        if name == "reasonForIncompletion":
            return state.reason
        if name == "schemaVersion":
            return 2
        if name == "createTime":
            return state.create_time
        if name == "priority":
            return state.priority
        if name == "createdBy":
            return state.created_by
        return None

    def workflow_all(self) -> dict[str, Any]:
        names = ("input", "output", "status", "workflowId", "correlationId", "variables")
        more = ("workflowType", "version", "reasonForIncompletion", "schemaVersion")
        return {name: self.workflow_field(name) for name in names + more}

    def task_field(self, ref: str, name: str) -> Any:
        activity = self.scope.state.activity_by_ref(ref)
        if activity is None:
            return None
        return _task_field(self.scope, activity, name)

    def task_all(self, ref: str) -> dict[str, Any] | None:
        activity = self.scope.state.activity_by_ref(ref)
        if activity is None:
            return None
        return {name: _task_field(self.scope, activity, name) for name in _TASK_FIELDS}

    def current_task_id(self) -> str | None:
        return self.scope.task_id


_TASK_FIELDS = tuple(sorted(TASK_FIELDS))


def _task_field(scope: EvalScope, activity: Activity, name: str) -> Any:
    if name == "output":
        return activity.output
    if name == "input":
        return activity.input
    if name == "status":
        return activity.status.value
    if name == "taskId":
        return activity.id
    if name == "referenceTaskName":
        return activity.ref
    if name == "retryCount":
        return activity.retry_count
    if name == "iteration":
        return activity.iteration
    if name == "seq":
        return activity.seq
    if name == "scheduledTime":
        return activity.scheduled_time
    if name == "startTime":
        return activity.start_time
    if name == "endTime":
        return activity.end_time
    if name == "reasonForIncompletion":
        return activity.reason
    if name == "workerId":
        return activity.worker_id
    if name == "callbackAfterSeconds":
        return activity.callback_after_seconds
    if name == "pollCount":
        return activity.poll_count
    if name == "workflowInstanceId":
        return scope.state.instance_id
    if name == "correlationId":
        return scope.state.correlation_id
    node = scope.definition.index.nodes.get(activity.node)
    if name == "taskType":
        return node.task_type if node else None
    if name == "taskDefName":
        return node.name if node else None
    return None


class _Dollar(Mapping[str, Any]):
    __slots__ = ("scope",)

    def __init__(self, scope: EvalScope) -> None:
        self.scope = scope

    def __getitem__(self, key: str) -> Any:
        current = self.scope.current
        if current is not None and key in current.input:
            return current.input[key]
        activity = self.scope.state.activity_by_ref(key)
        if activity is None:
            raise KeyError(key)
        return activity.output

    def __iter__(self) -> Iterator[str]:
        current = self.scope.current
        keys = dict.fromkeys(current.input if current is not None else ())
        keys.update(dict.fromkeys(self.scope.state.by_ref))
        return iter(keys)

    def __len__(self) -> int:
        return sum(1 for _ in self)

"""Keeping human tasks in step with the engine, and saving what a human-task operation did.

The engine says when a process reaches a human task (`TaskScheduled`, kind HUMAN) and when
the process side ends it (completed through the Conductor task API, canceled, timed out);
`on_engine_changes` creates or closes the human task in the same transaction. `persist`
saves an operation's `Outcome`: the row and its candidate index, the SLA timer, trigger
starts (as timer rows: an outbox fired by the scheduler) and, when the task ends, the engine
command that lets the process go on.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Iterator
from contextlib import contextmanager, nullcontext
from contextvars import ContextVar
from dataclasses import replace
from datetime import UTC, datetime
from typing import Any

from sqlalchemy.engine import Connection

from baton.clock import epoch_ms
from baton.engine.changes import (
    TaskCanceled,
    TaskCompleted,
    TaskFailed,
    TaskKind,
    TaskRemoved,
    TaskScheduled,
)
from baton.engine.commands import CompleteTask
from baton.ids import new_id
from baton.logs import fields
from baton.model import human_task as model
from baton.model.actor_text import audit_text
from baton.model.errors import Conflict, InvalidInput
from baton.model.human_task import HumanTask, HumanTaskState, Outcome
from baton.model.human_task.glimpse import Glimpse
from baton.model.identity import SYSTEM_ACTOR, Actor
from baton.model.instance import Activity, InstanceState
from baton.model.process import NodeKind
from baton.model.status import TaskStatus
from baton.model.user_task import Implementation, UserTaskValues
from baton.services import runtime
from baton.services.context import ServiceContext
from baton.store import human_tasks as store
from baton.store import task_events, timers
from baton.store.human_tasks import ANYONE, HumanTaskRow

SLA_TIMER = "human_sla"
TRIGGER_TIMER = "human_trigger"
DEFINITION_INPUT = "__humanTaskDefinition"  # the field path of definition errors (Orkes)
_REPLACING_TIERS = frozenset({model.Action.REASSIGN, model.Action.CHANGE})
# The human task whose own save ends its process task (a command `persist` runs): the engine
# hook need not read it back to find it closed already.
_closed_by_human: ContextVar[str | None] = ContextVar("baton_closed_by_human", default=None)

log = logging.getLogger("baton.human")


def sla_timer_id(task_id: str) -> str:
    return f"sla:{task_id}"


def candidates(task: HumanTask) -> list[tuple[str, str]]:
    if task.is_terminal:  # kept under closed kinds, for candidate filters only
        tier = task.current_tier
        offered = tier.candidates if tier is not None else ()
        return store.closed_candidates([(p.user_type.value, p.user) for p in offered])
    if task.assignments_completed:
        return [ANYONE]
    return model.candidates_for_index(task)


def principal_text(principal: model.Principal | None) -> str | None:
    return str(principal) if principal is not None else None


# ---------------------------------------------------------------- engine → human tasks


def on_engine_changes(
    ctx: ServiceContext, conn: Connection, result: runtime.CommandResult, actor: Actor | None
) -> None:
    for change in result.changes:
        if isinstance(change, TaskScheduled) and change.kind is TaskKind.HUMAN:
            _open(ctx, conn, result, change)
        elif isinstance(change, TaskCompleted | TaskFailed | TaskCanceled):
            activity = result.state.activities.get(change.task_id)
            if activity is None:
                continue
            node = result.definition.index.nodes.get(activity.node)
            if node is not None and node.kind is NodeKind.USER_TASK:
                _close(ctx, conn, change, actor)
        elif isinstance(change, TaskRemoved):  # a rerun rewound past it: a new one comes
            store.delete(conn, change.task_id)


def _open(
    ctx: ServiceContext, conn: Connection, result: runtime.CommandResult, change: TaskScheduled
) -> None:
    state = result.state
    activity = state.activities[change.task_id]
    now = ctx.now_ms()
    values = change.user_task or UserTaskValues(Implementation.HUMAN)
    try:
        definition = model.parse_definition(values.policy(), DEFINITION_INPUT)
        camunda = camunda_columns(values)
    except InvalidInput as exc:
        fail_process_task(ctx, conn, state.instance_id, change.task_id, exc.message)
        return
    outcome = model.create(definition, now=now, new_id=new_id)
    assignee = values.assignee if values.implementation.is_camunda else None
    if isinstance(assignee, str) and assignee and outcome.task.claimant is None:
        # Camunda: a task with an assignee is that user's from the start, candidates or not
        me = model.Principal(model.UserType.CONDUCTOR_USER, assignee)
        claimed = model.claim(outcome.task, me, now=now, new_id=new_id, override=True)
        outcome = replace(
            claimed, events=(*outcome.events, *claimed.events), sla_timer=outcome.sla_timer
        )
    task = outcome.task
    store.insert(
        conn,
        row={
            "id": change.task_id,
            "instance_id": state.instance_id,
            "workflow_name": state.definition_id,
            "ref_name": change.ref_name,
            "iteration": change.iteration,
            "definition_name": change.def_name or change.ref_name,
            "display_name": definition.display_name or change.ref_name,
            "state": task.state.value,
            "assignee": principal_text(task.assignee),
            "claimant": principal_text(task.claimant),
            "owner": state.created_by,
            "form_name": definition.form.name if definition.form else None,
            "form_version": definition.form.version if definition.form else None,
            **camunda,
            "document": model.to_dict(task),
            "input": _task_input(state, activity, values),
            "output": {},
            "user_task": values,
            "created_at": now,
            "updated_at": now,
        },
        candidates=candidates(task),
    )
    task_events.append(
        conn,
        task_id=change.task_id,
        instance_id=state.instance_id,
        definition_name=change.def_name or change.ref_name,
        owner=state.created_by,
        before=None,
        after=Glimpse.of(task).to_dict(),
    )
    _schedule_side_effects(ctx, conn, change.task_id, state.instance_id, None, outcome)


def _task_input(state: InstanceState, activity: Activity, values: UserTaskValues) -> dict[str, Any]:
    """A BPMN user task's input is what its person sees: the process variables in scope and
    its own inputs; a Conductor HUMAN task's is its inputParameters, as resolved."""
    if not values.implementation.is_camunda:
        return dict(activity.input)
    return {**state.visible_variables(activity), **activity.input}


def _close(
    ctx: ServiceContext,
    conn: Connection,
    change: TaskCompleted | TaskFailed | TaskCanceled,
    actor: Actor | None,
) -> None:
    if _closed_by_human.get() == change.task_id:
        return  # the human side ended it first, in this transaction
    row = store.load(conn, change.task_id)
    if row is None:
        return
    task = model.from_dict(row.document)
    if task.is_terminal:
        return  # the human side ended it first
    now = ctx.now_ms()
    by = actor or model.SYSTEM
    if isinstance(change, TaskCompleted) and change.status is not TaskStatus.SKIPPED:
        outcome = model.complete(
            task, change.output, by, now=now, new_id=new_id, require_claim=False
        )
    elif isinstance(change, TaskFailed) and change.status is TaskStatus.TIMED_OUT:
        outcome = model.time_out(task, now=now, new_id=new_id)
    else:
        reason = getattr(change, "reason", None)
        outcome = model.delete(task, model.SYSTEM, now=now, new_id=new_id, reason=reason)
    _save(ctx, conn, row, task, outcome)
    _schedule_side_effects(ctx, conn, row.id, row.instance_id, task, outcome)


# ---------------------------------------------------------------- saving operations


def persist(
    ctx: ServiceContext, conn: Connection, row: HumanTaskRow, before: HumanTask, outcome: Outcome
) -> HumanTaskRow:
    """Save what a human-task operation did to `before` (the task as `row` holds it), with
    everything that follows from it."""
    if not outcome.changed:
        return row
    saved = _save(ctx, conn, row, before, outcome)
    _record(ctx, row, outcome)
    _schedule_side_effects(ctx, conn, row.id, row.instance_id, before, outcome)
    if outcome.task.state is HumanTaskState.COMPLETED:
        with _closing(row.id):
            runtime.run_command(
                ctx,
                conn,
                row.instance_id,
                CompleteTask(row.id, output=dict(outcome.task.output)),
                actor=outcome.task.action_log[-1].acted_by if outcome.task.action_log else None,
            )
    elif outcome.process_failure:
        with _closing(row.id) if outcome.task.is_terminal else nullcontext():
            fail_process_task(ctx, conn, row.instance_id, row.id, outcome.process_failure)
    return saved


def _record(ctx: ServiceContext, row: HumanTaskRow, outcome: Outcome) -> None:
    """Count each action and log the change once."""
    actions = [entry.action.value for entry in outcome.logs]
    for action in actions:
        ctx.metrics.command(f"HumanTask.{action}")
    last = outcome.logs[-1]
    log.info(
        "human task %s",
        " ".join(actions),
        extra=fields(
            task_id=row.id,
            instance_id=row.instance_id,
            state=outcome.task.state.value,
            actor=audit_text(last.acted_by),
        ),
    )


@contextmanager
def _closing(task_id: str) -> Iterator[None]:
    """While the engine ends the process task of `task_id`, whose human task is saved closed."""
    token = _closed_by_human.set(task_id)
    try:
        yield
    finally:
        _closed_by_human.reset(token)


def _save(
    ctx: ServiceContext, conn: Connection, row: HumanTaskRow, before: HumanTask, outcome: Outcome
) -> HumanTaskRow:
    task = outcome.task
    now = ctx.now_ms()
    document = model.to_dict(task)
    output = dict(task.output)
    if not store.save(
        conn,
        task_id=row.id,
        expected_revision=row.revision,
        state=task.state.value,
        assignee=principal_text(task.assignee),
        claimant=principal_text(task.claimant),
        document=document,
        output=output,
        updated_at=now,
        candidates=candidates(task),
        completed_at=task.closed_at,
        previous=candidates(before),
    ):
        raise Conflict(f"Human task {row.id} was changed concurrently; try again")
    task_events.append(
        conn,
        task_id=row.id,
        instance_id=row.instance_id,
        definition_name=row.definition_name,
        owner=row.owner,
        before=Glimpse.of(before).to_dict(),
        after=Glimpse.of(task).to_dict(),
    )
    return HumanTaskRow(
        **{
            **row.__dict__,
            "state": task.state.value,
            "assignee": principal_text(task.assignee),
            "claimant": principal_text(task.claimant),
            "document": document,
            "output": output,
            "revision": row.revision + 1,
            "updated_at": now,
            "completed_at": row.completed_at or task.closed_at,
        }
    )


def _schedule_side_effects(
    ctx: ServiceContext,
    conn: Connection,
    task_id: str,
    instance_id: str,
    before: HumanTask | None,
    outcome: Outcome,
) -> None:
    """`before`: the task as it was (None: new)."""
    # A new offer brings its own SLA timer; a stale one left behind is a no-op when it fires.
    if (outcome.task.is_terminal or outcome.sla_timer is not None) and _may_have_sla_timer(before):
        timers.cancel(conn, [sla_timer_id(task_id)])
    if outcome.sla_timer is not None and not outcome.task.is_terminal:
        timers.schedule(
            conn,
            timer_id=sla_timer_id(task_id),
            kind=SLA_TIMER,
            due_at=outcome.sla_timer.due_at,
            payload={"offer": outcome.sla_timer.offer},
            instance_id=instance_id,
            task_id=task_id,
        )
    for trigger in outcome.task.definition.triggers_for(outcome.events):
        timers.schedule(
            conn,
            timer_id=f"trigger:{new_id()}",
            kind=TRIGGER_TIMER,
            due_at=ctx.now_ms(),
            payload={
                "trigger": trigger.trigger_type.value,
                "request": dict(trigger.start_workflow_request),
            },
            instance_id=instance_id,
            task_id=task_id,
        )


def _may_have_sla_timer(task: HumanTask | None) -> bool:
    """Whether an SLA timer may be pending for the task: one of its tiers has an SLA, or its
    tiers were replaced (reassign, Camunda change) and one replaced may have had. A new task
    has none yet."""
    if task is None:
        return False
    return any(tier.sla_minutes > 0 for tier in task.tiers) or any(
        entry.action in _REPLACING_TIERS for entry in task.action_log
    )


def fail_process_task(
    ctx: ServiceContext, conn: Connection, instance_id: str, task_id: str, reason: str
) -> None:
    runtime.run_command(
        ctx,
        conn,
        instance_id,
        CompleteTask(task_id, status=TaskStatus.FAILED_WITH_TERMINAL_ERROR, reason=reason),
        actor=SYSTEM_ACTOR,
    )


def camunda_columns(values: UserTaskValues) -> dict[str, Any]:
    """The searchable Camunda attributes of a BPMN user task, checked (a due date that is
    not a date, a priority outside 0..100 fail the task like Zeebe's incidents); none for a
    Conductor HUMAN task."""
    columns: dict[str, Any] = {
        "due_at": None,
        "follow_up_at": None,
        "priority": None,
        "form_key": None,
        "headers": json.dumps(dict(values.headers)) if values.headers else None,
    }
    if not values.implementation.is_camunda:
        return columns
    for key, raw, column in (
        ("dueDate", values.due, "due_at"),
        ("followUpDate", values.follow_up, "follow_up_at"),
    ):
        if raw in (None, ""):
            continue
        try:
            moment = datetime.fromisoformat(str(raw).replace("Z", "+00:00"))
        except ValueError:
            raise InvalidInput(f"{key} {raw!r} is not an ISO 8601 date and time") from None
        if moment.tzinfo is None:
            moment = moment.replace(tzinfo=UTC)
        columns[column] = epoch_ms(moment)
    priority = values.priority
    if priority is not None:
        if not isinstance(priority, int | float) or not 0 <= priority <= 100:
            raise InvalidInput(f"priority {priority!r} must be a number from 0 to 100")
        columns["priority"] = int(priority)
    form = values.form
    form_key = (form.form_key or form.form_id) if form is not None else None
    columns["form_key"] = str(form_key) if form_key else None
    return columns


def trigger_input(payload: dict[str, Any], task_id: str) -> dict[str, Any]:
    """The input of a workflow started by a trigger: its request's input plus which task and
    which event started it."""
    request = payload.get("request") or {}
    given = request.get("input")
    if not isinstance(given, dict):
        given = {}
    return {"humanTaskId": task_id, "triggerType": payload.get("trigger"), **given}

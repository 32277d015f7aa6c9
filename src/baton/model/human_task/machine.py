"""The human-task state machine: each operation takes a task and returns an `Outcome`.

Pure: time (`now`, epoch ms) and log ids (`new_id`) come from the caller; nothing is stored or
scheduled here. An `Outcome` carries the new task, the action-log entries appended, the trigger
events that happened, an SLA timer to schedule (if a tier with an SLA was offered) and, when a
TERMINATE policy ran out of tiers, the reason the process must fail.

Lifecycle rules beyond the seeds (decisions):
- Every offer of a tier is an `ASSIGNMENT` entry (state ASSIGNED, `actedBy: system`); running out
  of tiers is `ASSIGNMENTS_COMPLETED` (state ASSIGNED when left open, DELETED with TERMINATE).
  Leaving a tier is logged first with state PENDING, as Orkes logs RELEASE: RELEASE, REASSIGN,
  SKIP and ESCALATION entries carry the assignee and claimant the task had before.
- A tier's SLA counts from when it was offered. Release hands the same tier back without
  restarting its SLA (the same `offer`), so releasing cannot extend a deadline.
- `autoClaim` claims for the single user of a tier whenever a tier is newly offered (create,
  skip, escalation, reassign), not when a release hands the tier back. Its CLAIM is by `system`.
- An empty policy (no tiers, at creation or by reassign) opens the task to anyone at once, even
  with TERMINATE: TERMINATE applies only when tiers ran out.
- COMPLETED, TIMED_OUT and DELETED are final: every command is refused with `TaskClosed`;
  `escalate`, fired by timers that may have been outlived, is a no-op there instead.
- `save_draft` and `complete` need a claimed (IN_PROGRESS) task by default, as Orkes' update does
  for its claimant. `require_claim=False` lets the service act on an unclaimed task for callers
  Orkes lets update any task (admins, owners) and for Camunda, where completing needs no assignee.
  Output is merged (shallow) into the draft, by both.
- Events: a state counts as entered each time the log moves into it (so a release reports
  PENDING then ASSIGNED); ASSIGNEE_CHANGED / CLAIMANT_CHANGED compare the task before and after
  the operation. Creation reports PENDING and ASSIGNED (IN_PROGRESS with auto-claim), no changes.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Mapping
from dataclasses import dataclass, fields, replace
from typing import Any

from baton.model.errors import InvalidInput
from baton.model.human_task.eligibility import is_offered_to
from baton.model.human_task.errors import (
    AlreadyClaimed,
    NoAssignment,
    NotClaimed,
    NotEligible,
    TaskClosed,
)
from baton.model.human_task.policy import (
    CompletionStrategy,
    HumanTaskDefinition,
    Principal,
    Tier,
    Trigger,
    TriggerType,
)
from baton.model.human_task.task import (
    SYSTEM,
    Action,
    ActionLogEntry,
    HumanTask,
    HumanTaskState,
    TriggerLogEntry,
)
from baton.model.identity import Actor

IdGen = Callable[[], str]

TERMINATE_REASON = (
    "Task terminated as no more assignments pending and completion strategy is TERMINATE"
)

_STATE_EVENTS = {
    HumanTaskState.PENDING: TriggerType.PENDING,
    HumanTaskState.ASSIGNED: TriggerType.ASSIGNED,
    HumanTaskState.IN_PROGRESS: TriggerType.IN_PROGRESS,
    HumanTaskState.COMPLETED: TriggerType.COMPLETED,
    HumanTaskState.TIMED_OUT: TriggerType.TIMED_OUT,
}


@dataclass(frozen=True, slots=True)
class SlaTimer:
    """Call `escalate(task, offer=offer)` at `due_at` (epoch ms)."""

    offer: int
    due_at: int


@dataclass(frozen=True)
class Outcome:
    task: HumanTask
    logs: tuple[ActionLogEntry, ...] = ()
    events: tuple[TriggerType, ...] = ()
    sla_timer: SlaTimer | None = None
    process_failure: str | None = None

    @property
    def changed(self) -> bool:
        """False for a no-op (a stale escalation): nothing to save."""
        return bool(self.logs)


def create(definition: HumanTaskDefinition, *, now: int, new_id: IdGen) -> Outcome:
    """A new task with its first tier offered (or open to anyone when there are no tiers)."""
    task = HumanTask(
        definition,
        HumanTaskState.PENDING,
        assignments_completed=False,
        created_at=now,
        last_updated=now,
    )
    change = _Change(task, now, new_id)
    change.advance_to(0)
    return change.outcome(created=True)


def claim(
    task: HumanTask,
    by: Principal,
    *,
    now: int,
    new_id: IdGen,
    override: bool = False,
    groups: Collection[str] = (),
) -> Outcome:
    """`by` (a user, member of Conductor `groups`) claims the task → IN_PROGRESS.

    Someone the task is not offered to needs `override` (whether they may is the service's
    call). An overriding claim of an assigned task makes the claimant its assignee (seed 000).
    """
    _refuse_closed(task, "claimed")
    if task.claimant is not None:
        raise AlreadyClaimed(
            f"Task is already claimed by {task.claimant}", details={"claimant": str(task.claimant)}
        )
    if by.user_type.is_group:
        raise InvalidInput(f"A task is claimed by a user, not a group ({by})")
    if not override and not is_offered_to(task, by, groups):
        raise NotEligible(
            f"Task is not assigned to {by}; claim it with overrideAssignment",
            details={"assignee": str(task.assignee)},
        )
    change = _Change(task, now, new_id)
    overriding = override and not task.assignments_completed
    change.set(
        state=HumanTaskState.IN_PROGRESS,
        claimant=by,
        assignee_override=by if overriding else None,
    )
    change.log(Action.CLAIM, by.actor)
    return change.outcome()


def release(task: HumanTask, by: Actor, *, now: int, new_id: IdGen) -> Outcome:
    """Give a claimed task back to its current tier (or to anyone, if it is open)."""
    _refuse_closed(task, "released")
    if task.claimant is None:
        raise NotClaimed("Task is not claimed; only a claimed (IN_PROGRESS) task can be released")
    change = _Change(task, now, new_id)
    change.log_leaving(Action.RELEASE, by)
    change.offer_again()
    return change.outcome()


def reassign(
    task: HumanTask, tiers: tuple[Tier, ...], by: Actor, *, now: int, new_id: IdGen
) -> Outcome:
    """Replace the assignment policy of an unclaimed task and offer its first tier."""
    _refuse_closed(task, "reassigned")
    if task.claimant is not None:
        raise AlreadyClaimed(
            f"Task is claimed by {task.claimant}; release it before reassigning",
            details={"claimant": str(task.claimant)},
        )
    change = _Change(task, now, new_id)
    change.log_leaving(Action.REASSIGN, by)
    change.set(definition=replace(task.definition, tiers=tuple(tiers)), skipped=())
    change.advance_to(0)
    return change.outcome()


def assign(
    task: HumanTask,
    who: Principal,
    by: Actor,
    *,
    now: int,
    new_id: IdGen,
    groups: Collection[str] = (),
) -> Outcome:
    """Camunda's assignment: `who` becomes the claimant, replacing anyone who held it (logged
    as their RELEASE, then `who`'s CLAIM, both acted by `by`). Assigning the claimant again is
    a no-op. Whether `by` may assign `who` (and override a claim) is the service's call; an
    assignee the task is not offered to becomes its assignee, as an overriding claim does."""
    _refuse_closed(task, "assigned")
    if who.user_type.is_group:
        raise InvalidInput(f"A task is assigned to a user, not a group ({who})")
    if task.claimant == who:
        return Outcome(task)
    change = _Change(task, now, new_id)
    if task.claimant is not None:
        change.log_leaving(Action.RELEASE, by)
        change.offer_again()
    offered = is_offered_to(change.task, who, groups)
    overriding = not offered and not change.task.assignments_completed
    change.set(
        state=HumanTaskState.IN_PROGRESS,
        claimant=who,
        assignee_override=who if overriding else None,
    )
    change.log(Action.CLAIM, by)
    return change.outcome()


def change_candidates(
    task: HumanTask,
    candidates: tuple[Principal, ...] | None,
    by: Actor,
    *,
    now: int,
    new_id: IdGen,
    reason: str,
) -> Outcome:
    """A change of the task's attributes (Camunda update), logged as CHANGE with `reason`
    naming what changed. With `candidates`, they replace the assignment policy by one
    non-expiring tier (none: open to anyone) offered at once; unlike `reassign`, a claim is
    kept: the claimant keeps the task (as its assignee, when the new tier leaves them out)."""
    _refuse_closed(task, "changed")
    change = _Change(task, now, new_id)
    if candidates is not None:
        tiers = (Tier(candidates),) if candidates else ()
        change.set(
            definition=replace(task.definition, tiers=tiers),
            skipped=(),
            assignee_index=0 if tiers else None,
            assignments_completed=not tiers,
            assignee_override=None,
            offer=task.offer + 1,
            offered_at=now,
        )
        claimant = task.claimant
        if claimant is not None and tiers and not is_offered_to(change.task, claimant):
            change.set(assignee_override=claimant)
    change.log(Action.CHANGE, by, reason=reason)
    return change.outcome()


def skip(
    task: HumanTask, by: Actor, *, now: int, new_id: IdGen, reason: str | None = None
) -> Outcome:
    """Move on to the next tier (dropping any claim); past the last, apply the strategy."""
    _refuse_closed(task, "skipped")
    index = task.assignee_index
    if index is None:
        raise NoAssignment("Task has no assignment to skip")
    change = _Change(task, now, new_id)
    change.log_leaving(Action.SKIP, by, reason=reason)
    change.set(skipped=(*task.skipped, index))
    change.advance_to(index + 1)
    return change.outcome()


def escalate(task: HumanTask, *, offer: int, now: int, new_id: IdGen) -> Outcome:
    """The SLA timer set for `offer` fired: drop any claim and offer the next tier.

    A no-op (`changed` False) when the timer is stale: the task is final, another tier has been
    offered since (`offer` differs), or the tier's SLA has not run out by `now`.
    """
    due = task.sla_due_at
    if task.offer != offer or due is None or now < due or task.assignee_index is None:
        return Outcome(task)
    change = _Change(task, now, new_id)
    change.log_leaving(Action.ESCALATION, SYSTEM)
    change.advance_to(task.assignee_index + 1)
    return change.outcome()


def save_draft(
    task: HumanTask,
    output: Mapping[str, Any],
    by: Actor,
    *,
    now: int,
    new_id: IdGen,
    require_claim: bool = True,
) -> Outcome:
    """Merge `output` into the draft (Orkes update with `complete=false`); the state stays."""
    _refuse_closed(task, "updated")
    _require_claim(task, require_claim, "updated")
    change = _Change(task, now, new_id)
    change.set(output={**task.output, **output})
    change.log(Action.UPDATE, by)
    return change.outcome()


def complete(
    task: HumanTask,
    output: Mapping[str, Any],
    by: Actor,
    *,
    now: int,
    new_id: IdGen,
    require_claim: bool = True,
) -> Outcome:
    """Merge `output` into the draft and finish the task → COMPLETED; the process goes on."""
    _refuse_closed(task, "completed")
    _require_claim(task, require_claim, "completed")
    change = _Change(task, now, new_id)
    change.set(output={**task.output, **output}, state=HumanTaskState.COMPLETED)
    change.log(Action.COMPLETE, by)
    return change.outcome()


def time_out(task: HumanTask, *, now: int, new_id: IdGen) -> Outcome:
    """The task definition's timeout ran out → TIMED_OUT."""
    _refuse_closed(task, "timed out")
    change = _Change(task, now, new_id)
    change.set(state=HumanTaskState.TIMED_OUT)
    change.log(Action.TIMEOUT, SYSTEM)
    return change.outcome()


def delete(
    task: HumanTask, by: Actor = SYSTEM, *, now: int, new_id: IdGen, reason: str | None = None
) -> Outcome:
    """→ DELETED (the delete API, or the process ending around the task)."""
    _refuse_closed(task, "deleted")
    change = _Change(task, now, new_id)
    change.set(state=HumanTaskState.DELETED)
    change.log(Action.DELETE, by, reason=reason)
    return change.outcome()


def record_trigger(
    task: HumanTask,
    trigger: Trigger,
    *,
    now: int,
    new_id: IdGen,
    workflow_id: str | None = None,
    error: str | None = None,
) -> HumanTask:
    """Note in the trigger log that `trigger` started `workflow_id` (or failed with `error`).

    Allowed on final tasks: a COMPLETED trigger is started after the task completed.
    """
    name = trigger.start_workflow_request.get("name")
    entry = TriggerLogEntry(
        new_id(),
        trigger.trigger_type,
        now,
        name if isinstance(name, str) else "",
        workflow_id=workflow_id,
        error=error,
    )
    return replace(task, trigger_log=(*task.trigger_log, entry))


def _refuse_closed(task: HumanTask, verb: str) -> None:
    if task.is_terminal:
        raise TaskClosed(
            f"Task is {task.state.value} and cannot be {verb}", details={"state": task.state.value}
        )


def _require_claim(task: HumanTask, required: bool, verb: str) -> None:
    if required and task.claimant is None:
        raise NotClaimed(f"Task must be claimed before it can be {verb}")


_TASK_FIELDS = frozenset(f.name for f in fields(HumanTask))


def _changed(task: HumanTask, changes: dict[str, Any]) -> HumanTask:
    """`dataclasses.replace` for the hot path: a copy of the fields with `changes` (the task
    has no `__post_init__`; `replace` would rebuild it through `__init__`, several times per
    operation)."""
    unknown = changes.keys() - _TASK_FIELDS
    if unknown:
        raise TypeError(f"HumanTask has no field(s) {sorted(unknown)}")
    copy = object.__new__(HumanTask)
    copy.__dict__.update(task.__dict__)
    copy.__dict__.update(changes)
    return copy


class _Change:
    """Accumulates one operation: the task as it evolves, its log entries, timer and failure."""

    def __init__(self, task: HumanTask, now: int, new_id: IdGen) -> None:
        self.before = task
        self.task = task
        self.now = now
        self.new_id = new_id
        self.entries: list[ActionLogEntry] = []
        self.timer: SlaTimer | None = None
        self.failure: str | None = None

    def set(self, **changes: Any) -> None:
        self.task = _changed(self.task, changes)

    def log(
        self,
        action: Action,
        by: Actor,
        *,
        state: HumanTaskState | None = None,
        reason: str | None = None,
    ) -> None:
        """Append an entry with the task's current assignee and claimant."""
        entry = ActionLogEntry(
            id=self.new_id(),
            state=self.task.state if state is None else state,
            state_start=self.now,
            action=action,
            acted_by=by,
            assignee=self.task.assignee,
            claimant=self.task.claimant,
            reason=reason,
        )
        self.entries.append(entry)
        self.set(action_log=(*self.task.action_log, entry))

    def log_leaving(self, action: Action, by: Actor, reason: str | None = None) -> None:
        """The task leaves its tier (or claim): logged PENDING, with who it had until now."""
        self.log(action, by, state=HumanTaskState.PENDING, reason=reason)

    def advance_to(self, index: int) -> None:
        """Newly offer tier `index`; past the last tier apply the completion strategy."""
        tiers = self.task.tiers
        if index < len(tiers):
            self._offer_tier(index, fresh=True)
        elif not tiers or self.task.definition.completion_strategy is CompletionStrategy.LEAVE_OPEN:
            self._open(fresh=True)
        else:
            self._drop(
                HumanTaskState.DELETED, assignee_index=None, assignments_completed=True, fresh=True
            )
            self.log(Action.ASSIGNMENTS_COMPLETED, SYSTEM)
            self.failure = TERMINATE_REASON

    def offer_again(self) -> None:
        """Hand the current tier (or the open task) back, keeping its SLA running."""
        if self.task.assignee_index is None:
            self._open(fresh=False)
        else:
            self._offer_tier(self.task.assignee_index, fresh=False)

    def _offer_tier(self, index: int, *, fresh: bool) -> None:
        tier = self.task.tiers[index]
        self._drop(
            HumanTaskState.ASSIGNED, assignee_index=index, assignments_completed=False, fresh=fresh
        )
        self.log(Action.ASSIGNMENT, SYSTEM)
        if not fresh:
            return
        if tier.sla_minutes > 0:
            self.timer = SlaTimer(self.task.offer, self.now + tier.sla_ms)
        user = tier.single_user
        if self.task.definition.auto_claim and user is not None:
            self.set(state=HumanTaskState.IN_PROGRESS, claimant=user)
            self.log(Action.CLAIM, SYSTEM)

    def _open(self, *, fresh: bool) -> None:
        self._drop(
            HumanTaskState.ASSIGNED, assignee_index=None, assignments_completed=True, fresh=fresh
        )
        self.log(Action.ASSIGNMENTS_COMPLETED, SYSTEM)

    def _drop(
        self,
        state: HumanTaskState,
        *,
        assignee_index: int | None,
        assignments_completed: bool,
        fresh: bool,
    ) -> None:
        """Clear claim and override; a fresh offer gets a new generation and SLA start."""
        self.set(
            state=state,
            assignee_index=assignee_index,
            assignments_completed=assignments_completed,
            claimant=None,
            assignee_override=None,
        )
        if fresh:
            self.set(offer=self.task.offer + 1, offered_at=self.now)

    def outcome(self, *, created: bool = False) -> Outcome:
        self.set(last_updated=self.now)
        before, after = self.before, self.task
        events: list[TriggerType] = [TriggerType.PENDING] if created else []
        state = before.state
        for entry in self.entries:
            if entry.state is not state and entry.state in _STATE_EVENTS:
                events.append(_STATE_EVENTS[entry.state])
            state = entry.state
        if not created and before.assignees != after.assignees:
            events.append(TriggerType.ASSIGNEE_CHANGED)
        if not created and before.claimant != after.claimant:
            events.append(TriggerType.CLAIMANT_CHANGED)
        return Outcome(after, tuple(self.entries), tuple(events), self.timer, self.failure)

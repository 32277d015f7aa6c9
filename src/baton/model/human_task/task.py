"""The state of one human task: where it is in its lifecycle and assignment policy, and its logs.

`HumanTask` is immutable; the operations in `machine.py` return a new one. `output` is treated as
immutable too (replaced, never edited in place), so tasks may share it.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

from baton.model.human_task.policy import (
    HumanTaskDefinition,
    Principal,
    Tier,
    TriggerType,
)
from baton.model.identity import SYSTEM_ACTOR, Actor

SYSTEM = SYSTEM_ACTOR
"""Who acts when the engine does something by itself (assignment, escalation, time-out)."""


class HumanTaskState(StrEnum):
    """Orkes human-task states. PENDING is only passed through (release, skip, escalation...)."""

    PENDING = "PENDING"
    ASSIGNED = "ASSIGNED"
    IN_PROGRESS = "IN_PROGRESS"
    COMPLETED = "COMPLETED"
    TIMED_OUT = "TIMED_OUT"
    DELETED = "DELETED"

    @property
    def is_terminal(self) -> bool:
        return self in _TERMINAL


_TERMINAL = frozenset(
    {HumanTaskState.COMPLETED, HumanTaskState.TIMED_OUT, HumanTaskState.DELETED},
)


class Action(StrEnum):
    """`humanTaskActionLogs[].action`. Orkes documents the first four; the rest are Baton's."""

    ASSIGNMENT = "ASSIGNMENT"
    ASSIGNMENTS_COMPLETED = "ASSIGNMENTS_COMPLETED"
    CLAIM = "CLAIM"
    RELEASE = "RELEASE"
    REASSIGN = "REASSIGN"
    SKIP = "SKIP"
    ESCALATION = "ESCALATION"
    UPDATE = "UPDATE"
    COMPLETE = "COMPLETE"
    TIMEOUT = "TIMEOUT"
    DELETE = "DELETE"
    CHANGE = "CHANGE"  # candidates, dates or priority changed (Camunda update); reason says which


@dataclass(frozen=True, slots=True)
class ActionLogEntry:
    """One row of the action log; `state` is the state the action left the task in."""

    id: str
    state: HumanTaskState
    state_start: int
    action: Action
    acted_by: Actor
    assignee: Principal | None = None
    claimant: Principal | None = None
    reason: str | None = None


@dataclass(frozen=True, slots=True)
class TriggerLogEntry:
    """A trigger the service started (or failed to start) for an event of this task."""

    id: str
    trigger_type: TriggerType
    time: int
    workflow_name: str
    workflow_id: str | None = None
    error: str | None = None


@dataclass(frozen=True)
class HumanTask:
    """A human task's own state (the task row's id, process and form columns live elsewhere).

    `assignee_index` is the tier on offer, None once the task is open to anyone authorized
    (`assignments_completed`: no tiers, or all of them used up with LEAVE_OPEN).
    `offer` counts tier offers: an SLA timer carries the `offer` it was set for, so a timer
    outlived by a skip, reassign or earlier escalation is recognised as stale.
    `assignee_override` is set when a claim overrode the assignment: the claimant became the
    assignee until a release, skip, reassign or escalation.
    """

    definition: HumanTaskDefinition
    state: HumanTaskState
    assignee_index: int | None = None
    assignments_completed: bool = True
    skipped: tuple[int, ...] = ()
    assignee_override: Principal | None = None
    claimant: Principal | None = None
    offer: int = 0
    offered_at: int = 0
    output: Mapping[str, Any] = field(default_factory=dict)
    action_log: tuple[ActionLogEntry, ...] = ()
    trigger_log: tuple[TriggerLogEntry, ...] = ()
    created_at: int = 0
    last_updated: int = 0

    @property
    def tiers(self) -> tuple[Tier, ...]:
        return self.definition.tiers

    @property
    def is_terminal(self) -> bool:
        return self.state.is_terminal

    @property
    def closed_at(self) -> int | None:
        """When the task closed (its first action into a terminal state); None while open."""
        if not self.is_terminal:
            return None
        closing = (e.state_start for e in self.action_log if e.state.is_terminal)
        return next(closing, self.last_updated)

    @property
    def is_claimed(self) -> bool:
        return self.state is HumanTaskState.IN_PROGRESS

    @property
    def current_tier(self) -> Tier | None:
        if self.assignee_index is None:
            return None
        return self.tiers[self.assignee_index]

    @property
    def assignees(self) -> tuple[Principal, ...]:
        """Who the task is offered to now; empty when it is open to anyone authorized."""
        if self.assignee_override is not None:
            return (self.assignee_override,)
        tier = self.current_tier
        return tier.candidates if tier else ()

    @property
    def assignee(self) -> Principal | None:
        """The Orkes `assignee`: one principal (the first candidate of a Camunda-style tier)."""
        assignees = self.assignees
        return assignees[0] if assignees else None

    @property
    def sla_due_at(self) -> int | None:
        """When the current tier's SLA expires (epoch ms), None if it never does."""
        tier = self.current_tier
        if self.is_terminal or tier is None or tier.sla_minutes == 0:
            return None
        return self.offered_at + tier.sla_ms

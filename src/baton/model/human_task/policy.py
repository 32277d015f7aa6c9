"""Who a human task is offered to, and for how long: principals, tiers, the task definition.

A definition is notation-neutral. The Orkes `__humanTaskDefinition` (see `parse.py`) gives one
candidate per tier; a Camunda user task gives one non-expiring tier holding every candidate user
and group.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

from baton.model.identity import Actor, ActorKind


class UserType(StrEnum):
    """Orkes `HumanTaskUser.userType`."""

    CONDUCTOR_USER = "CONDUCTOR_USER"
    CONDUCTOR_GROUP = "CONDUCTOR_GROUP"
    EXTERNAL_USER = "EXTERNAL_USER"
    EXTERNAL_GROUP = "EXTERNAL_GROUP"

    @property
    def is_group(self) -> bool:
        return self in (UserType.CONDUCTOR_GROUP, UserType.EXTERNAL_GROUP)


class CompletionStrategy(StrEnum):
    """What happens once the last tier has expired (or been skipped)."""

    LEAVE_OPEN = "LEAVE_OPEN"  # open to anyone authorized
    TERMINATE = "TERMINATE"  # the task is deleted and the process fails


class TriggerType(StrEnum):
    """Orkes `HumanTaskTrigger.triggerType`; also the events every operation reports."""

    PENDING = "PENDING"
    ASSIGNED = "ASSIGNED"
    IN_PROGRESS = "IN_PROGRESS"
    COMPLETED = "COMPLETED"
    TIMED_OUT = "TIMED_OUT"
    ASSIGNEE_CHANGED = "ASSIGNEE_CHANGED"
    CLAIMANT_CHANGED = "CLAIMANT_CHANGED"


@dataclass(frozen=True, slots=True)
class Principal:
    """A user or a group, internal (CONDUCTOR_*) or known only to a calling application."""

    user_type: UserType
    user: str

    @property
    def actor(self) -> Actor:
        """This user as an actor (a claimant acts as itself); groups never act."""
        if self.user_type.is_group:
            raise ValueError(f"a group does not act: {self}")
        kind = (
            ActorKind.USER if self.user_type is UserType.CONDUCTOR_USER else ActorKind.EXTERNAL_USER
        )
        return Actor(kind, self.user)

    def __str__(self) -> str:
        """`TYPE:user`, the form of the action log's `actedBy`."""
        return f"{self.user_type.value}:{self.user}"


@dataclass(frozen=True, slots=True)
class Tier:
    """One step of the assignment policy: who is offered the task, for `sla_minutes` (0 = ever)."""

    candidates: tuple[Principal, ...]
    sla_minutes: int = 0

    def __post_init__(self) -> None:
        if not self.candidates:
            raise ValueError("a tier needs at least one candidate")
        if self.sla_minutes < 0:
            raise ValueError("slaMinutes must not be negative")

    @property
    def sla_ms(self) -> int:
        return self.sla_minutes * 60_000

    @property
    def single_user(self) -> Principal | None:
        """The one candidate when the tier names exactly one user (auto-claim needs that)."""
        if len(self.candidates) == 1 and not self.candidates[0].user_type.is_group:
            return self.candidates[0]
        return None


@dataclass(frozen=True, slots=True)
class FormRef:
    """`userFormTemplate`: a form template by name; version 0 means the latest."""

    name: str
    version: int = 0


@dataclass(frozen=True)
class Trigger:
    """Start `start_workflow_request` (an Orkes StartWorkflowRequest, kept as given) on an event."""

    trigger_type: TriggerType
    start_workflow_request: Mapping[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class HumanTaskDefinition:
    """How one human task is offered, escalated and shown."""

    tiers: tuple[Tier, ...] = ()
    completion_strategy: CompletionStrategy = CompletionStrategy.LEAVE_OPEN
    auto_claim: bool = False
    display_name: str | None = None
    form: FormRef | None = None
    triggers: tuple[Trigger, ...] = ()

    def triggers_for(self, events: tuple[TriggerType, ...]) -> list[Trigger]:
        """The triggers to start for `events` (in event order; one start per event and trigger)."""
        return [t for event in events for t in self.triggers if t.trigger_type is event]

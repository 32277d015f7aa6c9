"""A human task's offer and claim at one moment: what a live-update reader needs to decide
who may see a change, without loading the task."""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from typing import Any

from baton.model.human_task.eligibility import principal_matches
from baton.model.human_task.policy import Principal, UserType
from baton.model.human_task.task import HumanTask, HumanTaskState

OPEN = frozenset({HumanTaskState.PENDING, HumanTaskState.ASSIGNED, HumanTaskState.IN_PROGRESS})


@dataclass(frozen=True, slots=True)
class Glimpse:
    state: HumanTaskState
    claimant: Principal | None
    offer: tuple[Principal, ...]  # the current tier's candidates
    anyone: bool  # past the last tier (LEAVE_OPEN) or no tiers: open to anyone authorized

    @classmethod
    def of(cls, task: HumanTask) -> Glimpse:
        return cls(task.state, task.claimant, tuple(task.assignees), task.assignments_completed)

    @property
    def is_open(self) -> bool:
        return self.state in OPEN

    def offered_to(self, who: Principal, groups: Collection[str]) -> bool:
        """`model.is_offered_to` at this moment."""
        return self.anyone or any(principal_matches(c, who, groups) for c in self.offer)

    def to_dict(self) -> dict[str, Any]:
        return {
            "s": self.state.value,
            "c": str(self.claimant) if self.claimant else None,
            "o": [str(p) for p in self.offer],
            "a": self.anyone,
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Glimpse:
        claimant = data.get("c")
        return cls(
            HumanTaskState(data["s"]),
            _principal(claimant) if claimant else None,
            tuple(_principal(p) for p in data.get("o") or ()),
            bool(data.get("a")),
        )


def _principal(text: str) -> Principal:
    kind, _, user = text.partition(":")
    return Principal(UserType(kind), user)

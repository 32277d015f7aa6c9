"""Refusals of human-task operations, each with a distinct `code` an API adapter can map.

Orkes answers 400 for every lifecycle refusal (claiming a claimed task, releasing an unclaimed
one, acting on a finished one, skipping with no assignee), so those are `InvalidInput`s; a claim
by someone the task is not offered to is `Forbidden`.
"""

from __future__ import annotations

from dataclasses import dataclass

from baton.model.errors import Forbidden, InvalidInput


@dataclass
class AlreadyClaimed(InvalidInput):
    """The task is IN_PROGRESS: no claim (override or not) and no reassign until it is released."""

    code: str = "ALREADY_CLAIMED"


@dataclass
class NotClaimed(InvalidInput):
    """Release (or an update requiring a claim) of a task nobody has claimed."""

    code: str = "NOT_CLAIMED"


@dataclass
class TaskClosed(InvalidInput):
    """The task is COMPLETED, TIMED_OUT or DELETED: nothing more may happen to it."""

    code: str = "TASK_CLOSED"


@dataclass
class NoAssignment(InvalidInput):
    """Skip of a task that has no tier on offer (no tiers, or all used up)."""

    code: str = "NO_ASSIGNMENT"


@dataclass
class NotEligible(Forbidden):
    """A claim by someone the task is not offered to, without `overrideAssignment`."""

    code: str = "NOT_ELIGIBLE"

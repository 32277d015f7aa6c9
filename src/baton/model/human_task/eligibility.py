"""Who a task is offered to: matching a user against the current assignees.

Rules (seeds 000 and 001):
- a CONDUCTOR_USER candidate matches that user, whether acting as a Conductor user or claimed
  for as an EXTERNAL_USER with the same id (seed 001 matches the userId against it);
- a CONDUCTOR_GROUP candidate matches any member (the caller passes the user's groups);
- an EXTERNAL_USER candidate matches only an EXTERNAL_USER with that id: never a Conductor user;
- an EXTERNAL_GROUP candidate matches any EXTERNAL_USER: membership is the calling
  application's business ("the system will assume the external system has validated the claim");
- a task open to anyone (no tiers, or all used up) matches everyone.
The service still decides who is *authorized* (admins, owners, permissions); this only says who
the task is offered to.
"""

from __future__ import annotations

from collections.abc import Collection

from baton.model.human_task.policy import Principal, UserType
from baton.model.human_task.task import HumanTask

_USERS = (UserType.CONDUCTOR_USER, UserType.EXTERNAL_USER)


def principal_matches(candidate: Principal, who: Principal, groups: Collection[str] = ()) -> bool:
    """Whether user `who` (member of Conductor `groups`) is covered by `candidate`."""
    if who.user_type not in _USERS:
        return False
    match candidate.user_type:
        case UserType.CONDUCTOR_USER:
            return candidate.user == who.user
        case UserType.CONDUCTOR_GROUP:
            return candidate.user in groups
        case UserType.EXTERNAL_USER:
            return who.user_type is UserType.EXTERNAL_USER and candidate.user == who.user
        case UserType.EXTERNAL_GROUP:
            return who.user_type is UserType.EXTERNAL_USER
    return False  # pragma: no cover - exhaustive


def is_offered_to(task: HumanTask, who: Principal, groups: Collection[str] = ()) -> bool:
    """Whether the task is currently offered to `who` (always, when it is open to anyone)."""
    if task.assignments_completed:
        return True
    return any(principal_matches(c, who, groups) for c in task.assignees)


def is_candidate(task: HumanTask, user_id: str, user_groups: Collection[str]) -> bool:
    """Whether Conductor user `user_id` is offered the task (an INBOX search's question)."""
    return is_offered_to(task, Principal(UserType.CONDUCTOR_USER, user_id), user_groups)


def candidates_for_index(task: HumanTask) -> list[tuple[str, str]]:
    """`(userType, user)` of the current assignees, for the searchable candidates column.

    Empty when the task is open to anyone: index `assignments_completed` for those. After an
    overriding claim the claimant is the assignee, so the task shows in their inbox only.
    """
    return [(p.user_type.value, p.user) for p in task.assignees]

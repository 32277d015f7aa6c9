"""A user task's transitions (assign, unassign, update, complete, corrections), applied once
allowed: by the operation itself when no task listener watches it, else when the last
listener job completed without denying it. Who may ask was checked when it was asked; the
transition carries what it needs to run later (it is kept on the listener job)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from typing import Any

from sqlalchemy.engine import Connection

from baton.ids import new_id
from baton.model import human_task as model
from baton.model.actor_text import audit_text, parse_audit
from baton.model.human_task import HumanTask, Principal, UserType
from baton.model.identity import Actor
from baton.services.context import ServiceContext
from baton.services.human.lifecycle import persist
from baton.store import human_tasks as store
from baton.store.human_tasks import HumanTaskRow

# the Camunda event each action is a transition of
EVENT_OF = {
    "assign": "assigning",
    "claim": "assigning",
    "unassign": "assigning",
    "update": "updating",
    "complete": "completing",
    "create": "creating",
    "cancel": "canceling",  # Baton cancelled the task: its listeners are only told
}


@dataclass(frozen=True)
class Changes:
    """A Camunda update. None keeps a value; `clear_*` empties a date."""

    candidate_users: tuple[str, ...] | None = None
    candidate_groups: tuple[str, ...] | None = None
    due_at: int | None = None
    clear_due: bool = False
    follow_up_at: int | None = None
    clear_follow_up: bool = False
    priority: int | None = None

    def to_dict(self) -> dict[str, Any]:
        return {k: list(v) if isinstance(v, tuple) else v for k, v in self.__dict__.items()}

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Changes:
        values = dict(data)
        for name in ("candidate_users", "candidate_groups"):
            if values.get(name) is not None:
                values[name] = tuple(values[name])
        return cls(**values)

    def overlay(self, other: Changes) -> Changes:
        """These changes with what `other` sets on top."""
        picked = {k: v for k, v in other.__dict__.items() if v is not None and v is not False}
        return replace(self, **picked)

    @property
    def names(self) -> list[str]:
        """The Camunda attributes these changes touch."""
        found = []
        for name, attribute, clear in (
            ("candidateUsers", self.candidate_users, False),
            ("candidateGroups", self.candidate_groups, False),
            ("dueDate", self.due_at, self.clear_due),
            ("followUpDate", self.follow_up_at, self.clear_follow_up),
            ("priority", self.priority, False),
        ):
            if attribute is not None or clear:
                found.append(name)
        return found


@dataclass(frozen=True)
class Transition:
    """What a person (or Baton) asked of a user task.

    - `action`: assign, claim, unassign, update, complete, create; cancel (the engine's).
    - `assignee`: assign/claim: who gets the task; `groups`: their groups (for the offer).
    - `changes`: update: the new attributes; `output`: complete: the answer.
    - `corrections`: what the listeners so far corrected (Camunda `JobResultCorrections`),
      applied with the transition; `assignee_correction`: a corrected assignee.
    - `index`: the listener that runs next; `external`: the assignee is an external user.
    """

    action: str
    actor: str
    assignee: str | None = None
    groups: tuple[str, ...] = ()
    changes: Changes = field(default_factory=Changes)
    output: Mapping[str, Any] = field(default_factory=dict)
    corrections: Changes = field(default_factory=Changes)
    assignee_correction: str | None = None
    index: int = 0
    external: bool = False  # the assignee is an EXTERNAL_USER (Orkes claim for a user)

    @property
    def event(self) -> str:
        return EVENT_OF[self.action]

    @property
    def by(self) -> Actor:
        return parse_audit(self.actor)

    def to_dict(self) -> dict[str, Any]:
        return {
            "action": self.action,
            "actor": self.actor,
            "assignee": self.assignee,
            "groups": list(self.groups),
            "changes": self.changes.to_dict(),
            "output": dict(self.output),
            "corrections": self.corrections.to_dict(),
            "assignee_correction": self.assignee_correction,
            "index": self.index,
            "external": self.external,
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Transition:
        return cls(
            action=str(data["action"]),
            actor=str(data["actor"]),
            assignee=data.get("assignee"),
            groups=tuple(data.get("groups") or ()),
            changes=Changes.from_dict(data.get("changes") or {}),
            output=dict(data.get("output") or {}),
            corrections=Changes.from_dict(data.get("corrections") or {}),
            assignee_correction=data.get("assignee_correction"),
            index=int(data.get("index") or 0),
            external=bool(data.get("external", False)),
        )


def asked(action: str, actor: Actor, **values: Any) -> Transition:
    return Transition(action, audit_text(actor), **values)


def apply(
    ctx: ServiceContext, conn: Connection, row: HumanTaskRow, task: HumanTask, move: Transition
) -> HumanTaskRow:
    """Run the transition on the task as `row` holds it, its corrections included."""
    by = move.by
    assignee = move.assignee_correction or move.assignee
    if move.action in ("assign", "claim") and assignee is not None:
        kind = UserType.EXTERNAL_USER if move.external and not move.assignee_correction else None
        who = Principal(kind or UserType.CONDUCTOR_USER, assignee)
        groups = move.groups if move.assignee_correction is None else ()
        outcome = model.assign(task, who, by, now=ctx.now_ms(), new_id=new_id, groups=groups)
        row = persist(ctx, conn, row, task, outcome)
        task = outcome.task
    elif move.action == "unassign" and task.claimant is not None:
        outcome = model.release(task, by, now=ctx.now_ms(), new_id=new_id)
        row = persist(ctx, conn, row, task, outcome)
        task = outcome.task
    elif move.assignee_correction is not None:
        who = Principal(UserType.CONDUCTOR_USER, move.assignee_correction)
        outcome = model.assign(task, who, by, now=ctx.now_ms(), new_id=new_id)
        row = persist(ctx, conn, row, task, outcome)
        task = outcome.task
    row, task = change(ctx, conn, row, task, move.changes.overlay(move.corrections), by)
    if move.action == "complete":
        outcome = model.complete(
            task, move.output, by, now=ctx.now_ms(), new_id=new_id, require_claim=False
        )
        row = persist(ctx, conn, row, task, outcome)
    return row


def change(
    ctx: ServiceContext,
    conn: Connection,
    row: HumanTaskRow,
    task: HumanTask,
    changes: Changes,
    by: Actor,
) -> tuple[HumanTaskRow, HumanTask]:
    """Camunda's update: candidates (the current tier), dates and priority."""
    changed = changes.names
    if not changed:
        return row, task
    candidates = _candidates(task, changes)
    columns: dict[str, Any] = {}
    for column, value, clear in (
        ("due_at", changes.due_at, changes.clear_due),
        ("follow_up_at", changes.follow_up_at, changes.clear_follow_up),
        ("priority", changes.priority, False),
    ):
        if value is not None or clear:
            columns[column] = None if clear else value
    outcome = model.change_candidates(
        task,
        candidates,
        by,
        now=ctx.now_ms(),
        new_id=new_id,
        reason="changed " + ", ".join(changed),
    )
    row = persist(ctx, conn, row, task, outcome)
    if columns:
        store.set_attributes(conn, row.id, columns)
        row = replace(row, **columns)
    return row, outcome.task


def _candidates(task: HumanTask, changes: Changes) -> tuple[Principal, ...] | None:
    """The new tier, when the changes name candidates: given lists replace, others stay."""
    if changes.candidate_users is None and changes.candidate_groups is None:
        return None
    users, groups = candidate_names(task)
    if changes.candidate_users is not None:
        users = list(dict.fromkeys(changes.candidate_users))
    if changes.candidate_groups is not None:
        groups = list(dict.fromkeys(changes.candidate_groups))
    return tuple(
        [Principal(UserType.CONDUCTOR_USER, u) for u in users]
        + [Principal(UserType.CONDUCTOR_GROUP, g) for g in groups]
    )


def candidate_names(task: HumanTask) -> tuple[list[str], list[str]]:
    """(candidate users, candidate groups): the current tier's principals."""
    tier = task.current_tier
    principals = tier.candidates if tier is not None else ()
    users = [p.user for p in principals if not p.user_type.is_group]
    groups = [p.user for p in principals if p.user_type.is_group]
    return users, groups

"""Who is calling, and what they may be granted: roles, permission subjects, targets, access.

Names follow Orkes so its clients and documents work unchanged.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class Role(StrEnum):
    ADMIN = "ADMIN"
    USER = "USER"
    METADATA_MANAGER = "METADATA_MANAGER"
    WORKFLOW_MANAGER = "WORKFLOW_MANAGER"
    USER_READ_ONLY = "USER_READ_ONLY"
    WORKER = "WORKER"
    UNRESTRICTED_WORKER = "UNRESTRICTED_WORKER"


class SubjectType(StrEnum):
    USER = "USER"
    GROUP = "GROUP"
    ROLE = "ROLE"
    APPLICATION = "APPLICATION"


class TargetType(StrEnum):
    WORKFLOW_DEF = "WORKFLOW_DEF"
    TASK_DEF = "TASK_DEF"
    APPLICATION = "APPLICATION"
    USER = "USER"
    SECRET_NAME = "SECRET_NAME"
    ENV_VARIABLE = "ENV_VARIABLE"
    TAG = "TAG"
    DOMAIN = "DOMAIN"
    INTEGRATION_PROVIDER = "INTEGRATION_PROVIDER"
    INTEGRATION = "INTEGRATION"
    PROMPT = "PROMPT"
    USER_FORM_TEMPLATE = "USER_FORM_TEMPLATE"
    SCHEMA = "SCHEMA"
    WEBHOOK = "WEBHOOK"


class Access(StrEnum):
    CREATE = "CREATE"
    READ = "READ"
    UPDATE = "UPDATE"
    EXECUTE = "EXECUTE"
    DELETE = "DELETE"


class CallerKind(StrEnum):
    USER = "USER"
    APPLICATION = "APPLICATION"


class ActorKind(StrEnum):
    """Who did something: a user, an application, a user known only to an application
    (a human-task claimant of kind EXTERNAL_USER), or Baton itself."""

    USER = "USER"
    APPLICATION = "APPLICATION"
    EXTERNAL_USER = "EXTERNAL_USER"
    SYSTEM = "SYSTEM"


@dataclass(frozen=True, slots=True)
class Actor:
    """The one way Baton names an actor. Stored and wire texts come from `actor_text`."""

    kind: ActorKind
    id: str


SYSTEM_ACTOR = Actor(ActorKind.SYSTEM, "system")
"""Baton acting by itself (timers, bootstrap, the engine's own steps)."""


@dataclass(frozen=True)
class Caller:
    """An authenticated principal: a user, or an application acting through an access key.

    `roles` includes roles inherited from the caller's groups.
    """

    kind: CallerKind
    id: str
    name: str
    roles: frozenset[Role]
    groups: frozenset[str] = frozenset()

    @property
    def is_admin(self) -> bool:
        return Role.ADMIN in self.roles

    @property
    def actor(self) -> Actor:
        """How services, the engine and the human-task model name this caller."""
        kind = ActorKind.USER if self.kind is CallerKind.USER else ActorKind.APPLICATION
        return Actor(kind, self.id)

    def subjects(self) -> list[tuple[SubjectType, str]]:
        """Every permission subject this caller counts as. An application is subject
        `APPLICATION` or, as Orkes names it, the `USER` `app:<id>`."""
        found: list[tuple[SubjectType, str]]
        if self.kind is CallerKind.APPLICATION:
            found = [(SubjectType.APPLICATION, self.id), (SubjectType.USER, f"app:{self.id}")]
        else:
            found = [(SubjectType.USER, self.id)]
        found += [(SubjectType.GROUP, g) for g in sorted(self.groups)]
        found += [(SubjectType.ROLE, r.value) for r in sorted(self.roles)]
        return found


@dataclass(frozen=True)
class User:
    id: str
    name: str
    roles: tuple[Role, ...]
    groups: tuple[str, ...]
    has_password: bool
    created_at: int
    updated_at: int


@dataclass(frozen=True)
class Group:
    id: str
    description: str
    roles: tuple[Role, ...]
    created_at: int
    updated_at: int


@dataclass(frozen=True)
class UserDetail:
    """A user with the groups they belong to (what the API shows)."""

    user: User
    groups: list[Group]


@dataclass(frozen=True)
class Application:
    id: str
    name: str
    roles: tuple[Role, ...]
    created_by: str | None
    created_at: int
    updated_at: int


@dataclass(frozen=True)
class AccessKey:
    id: str
    application_id: str
    status: str
    created_at: int


@dataclass(frozen=True)
class Grant:
    subject_type: SubjectType
    subject_id: str
    target_type: TargetType
    target_id: str
    access: Access

"""Wire shapes of the identity API (Orkes names, camelCase)."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ConfigDict, Field

from baton.model.identity import (
    Access,
    AccessKey,
    Application,
    Group,
    Role,
    SubjectType,
    TargetType,
    UserDetail,
)


class WireModel(BaseModel):
    """Request bodies: unknown fields are ignored (clients send more than we read)."""

    model_config = ConfigDict(extra="ignore")


class TokenRequest(WireModel):
    keyId: str | None = Field(default=None, max_length=255)
    keySecret: str | None = Field(default=None, max_length=1024)
    email: str | None = Field(default=None, max_length=255)
    password: str | None = Field(default=None, max_length=1024)
    expiration: int | None = Field(
        default=None,
        description=(
            "Token lifetime in milliseconds, more than 0; capped at "
            "BATON_MAX_TOKEN_TTL_SECONDS (default 24 hours)."
        ),
    )


class TokenResponse(BaseModel):
    token: str


class UpsertUserRequest(WireModel):
    name: str | None = Field(default=None, max_length=255)
    roles: list[Role] = Field(default_factory=list, max_length=16)
    groups: list[str] | None = Field(default=None, max_length=1000)
    password: str | None = Field(default=None, max_length=1024)


class UpsertGroupRequest(WireModel):
    description: str | None = Field(default=None, max_length=4096)
    roles: list[Role] = Field(default_factory=list, max_length=16)


class ApplicationRequest(WireModel):
    name: str = Field(max_length=255)


class Subject(WireModel):
    type: SubjectType
    id: str = Field(max_length=255)


class Target(WireModel):
    type: TargetType
    id: str = Field(max_length=255)


class AuthorizationRequest(WireModel):
    subject: Subject
    target: Target
    access: list[Access] = Field(max_length=5)


def role_json(role: Role) -> dict[str, Any]:
    return {"name": role.value, "permissions": []}


def group_json(group: Group) -> dict[str, Any]:
    return {
        "id": group.id,
        "description": group.description,
        "roles": [role_json(r) for r in group.roles],
        "defaultAccess": {},
        "createTime": group.created_at,
        "updateTime": group.updated_at,
    }


def user_json(detail: UserDetail) -> dict[str, Any]:
    user = detail.user
    return {
        "id": user.id,
        "name": user.name,
        "roles": [role_json(r) for r in user.roles],
        "groups": [group_json(g) for g in detail.groups],
        "applicationUser": False,
        "uuid": user.id,
        "createTime": user.created_at,
        "updateTime": user.updated_at,
    }


def application_json(app: Application) -> dict[str, Any]:
    return {
        "id": app.id,
        "name": app.name,
        "roles": [r.value for r in app.roles],
        "createdBy": app.created_by,
        "createTime": app.created_at,
        "updateTime": app.updated_at,
    }


def access_key_json(key: AccessKey) -> dict[str, Any]:
    return {"id": key.id, "createdAt": key.created_at, "status": key.status}

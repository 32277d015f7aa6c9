"""`/api/users`: ADMIN manages users; a user may read themselves."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Response

from baton.api.deps import Ctx, CurrentCaller
from baton.api.identity.schemas import UpsertUserRequest, user_json
from baton.services import identity

router = APIRouter(prefix="/api/users", tags=["users"])


@router.get("", summary="List users")
def list_users(ctx: Ctx, caller: CurrentCaller) -> list[dict[str, Any]]:
    return [user_json(u) for u in identity.list_users(ctx, caller)]


@router.put("/{user_id}", summary="Create or replace a user")
def upsert_user(
    user_id: str, body: UpsertUserRequest, ctx: Ctx, caller: CurrentCaller
) -> dict[str, Any]:
    detail = identity.upsert_user(
        ctx,
        caller,
        user_id=user_id,
        name=body.name,
        roles=body.roles,
        groups=body.groups,
        password=body.password,
    )
    return user_json(detail)


@router.get("/{user_id}", summary="Get a user")
def get_user(user_id: str, ctx: Ctx, caller: CurrentCaller) -> dict[str, Any]:
    return user_json(identity.get_user(ctx, caller, user_id))


@router.delete("/{user_id}", status_code=204, response_class=Response, summary="Delete a user")
def delete_user(user_id: str, ctx: Ctx, caller: CurrentCaller) -> None:
    identity.delete_user(ctx, caller, user_id)

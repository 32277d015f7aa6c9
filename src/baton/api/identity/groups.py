"""`/api/groups` and their members (ADMIN)."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Response

from baton.api.deps import Ctx, CurrentCaller
from baton.api.identity.schemas import UpsertGroupRequest, group_json, user_json
from baton.services import identity

router = APIRouter(prefix="/api/groups", tags=["groups"])


@router.get("", summary="List groups")
def list_groups(ctx: Ctx, caller: CurrentCaller) -> list[dict[str, Any]]:
    return [group_json(g) for g in identity.list_groups(ctx, caller)]


@router.put("/{group_id}", summary="Create or replace a group")
def upsert_group(
    group_id: str, body: UpsertGroupRequest, ctx: Ctx, caller: CurrentCaller
) -> dict[str, Any]:
    group = identity.upsert_group(
        ctx, caller, group_id=group_id, description=body.description, roles=body.roles
    )
    return group_json(group)


@router.get("/{group_id}", summary="Get a group")
def get_group(group_id: str, ctx: Ctx, caller: CurrentCaller) -> dict[str, Any]:
    return group_json(identity.get_group(ctx, caller, group_id))


@router.delete("/{group_id}", status_code=204, response_class=Response, summary="Delete a group")
def delete_group(group_id: str, ctx: Ctx, caller: CurrentCaller) -> None:
    identity.delete_group(ctx, caller, group_id)


@router.get("/{group_id}/users", summary="Members of a group")
def group_users(group_id: str, ctx: Ctx, caller: CurrentCaller) -> list[dict[str, Any]]:
    return [user_json(u) for u in identity.group_members(ctx, caller, group_id)]


@router.post(
    "/{group_id}/users/{user_id}",
    status_code=204,
    response_class=Response,
    summary="Add a user to a group",
)
def add_user(group_id: str, user_id: str, ctx: Ctx, caller: CurrentCaller) -> None:
    identity.add_group_member(ctx, caller, group_id, user_id)


@router.delete(
    "/{group_id}/users/{user_id}",
    status_code=204,
    response_class=Response,
    summary="Remove a user from a group",
)
def remove_user(group_id: str, user_id: str, ctx: Ctx, caller: CurrentCaller) -> None:
    identity.remove_group_member(ctx, caller, group_id, user_id)

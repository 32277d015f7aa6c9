"""`/api/applications`: applications, their access keys and roles (ADMIN)."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Response

from baton.api.deps import Ctx, CurrentCaller
from baton.api.identity.schemas import ApplicationRequest, access_key_json, application_json
from baton.model.identity import Role
from baton.services import identity

router = APIRouter(prefix="/api/applications", tags=["applications"])


@router.post("", summary="Create an application")
def create_application(body: ApplicationRequest, ctx: Ctx, caller: CurrentCaller) -> dict[str, Any]:
    return application_json(identity.create_application(ctx, caller, name=body.name))


@router.get("", summary="List applications")
def list_applications(ctx: Ctx, caller: CurrentCaller) -> list[dict[str, Any]]:
    return [application_json(a) for a in identity.list_applications(ctx, caller)]


@router.get("/key/{key_id}", summary="The application an access key belongs to")
def application_by_key(key_id: str, ctx: Ctx, caller: CurrentCaller) -> dict[str, Any]:
    return application_json(identity.application_by_key(ctx, caller, key_id))


@router.get("/{app_id}", summary="Get an application")
def get_application(app_id: str, ctx: Ctx, caller: CurrentCaller) -> dict[str, Any]:
    return application_json(identity.get_application(ctx, caller, app_id))


@router.put("/{app_id}", summary="Rename an application")
def update_application(
    app_id: str, body: ApplicationRequest, ctx: Ctx, caller: CurrentCaller
) -> dict[str, Any]:
    return application_json(identity.rename_application(ctx, caller, app_id, body.name))


@router.delete("/{app_id}", status_code=204, response_class=Response)
def delete_application(app_id: str, ctx: Ctx, caller: CurrentCaller) -> None:
    identity.delete_application(ctx, caller, app_id)


@router.post("/{app_id}/accessKeys", summary="Create an access key (the secret is shown once)")
def create_access_key(app_id: str, ctx: Ctx, caller: CurrentCaller) -> dict[str, Any]:
    key, secret = identity.create_access_key(ctx, caller, app_id)
    return {"id": key.id, "secret": secret}


@router.get("/{app_id}/accessKeys", summary="List access keys (never their secrets)")
def list_access_keys(app_id: str, ctx: Ctx, caller: CurrentCaller) -> list[dict[str, Any]]:
    return [access_key_json(k) for k in identity.list_access_keys(ctx, caller, app_id)]


@router.post("/{app_id}/accessKeys/{key_id}/status", summary="Toggle a key ACTIVE/INACTIVE")
def toggle_access_key(app_id: str, key_id: str, ctx: Ctx, caller: CurrentCaller) -> dict[str, Any]:
    return access_key_json(identity.toggle_access_key(ctx, caller, app_id, key_id))


@router.delete("/{app_id}/accessKeys/{key_id}", status_code=204, response_class=Response)
def delete_access_key(app_id: str, key_id: str, ctx: Ctx, caller: CurrentCaller) -> None:
    identity.delete_access_key(ctx, caller, app_id, key_id)


@router.post("/{app_id}/roles/{role}", summary="Give the application a role")
def add_role(app_id: str, role: Role, ctx: Ctx, caller: CurrentCaller) -> dict[str, Any]:
    return application_json(identity.change_application_role(ctx, caller, app_id, role, add=True))


@router.delete("/{app_id}/roles/{role}", summary="Take a role from the application")
def remove_role(app_id: str, role: Role, ctx: Ctx, caller: CurrentCaller) -> dict[str, Any]:
    return application_json(identity.change_application_role(ctx, caller, app_id, role, add=False))

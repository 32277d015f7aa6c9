"""`/api/auth/authorization`: grant, revoke and list permissions (Orkes shapes)."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Response

from baton.api.deps import Ctx, CurrentCaller
from baton.api.identity.schemas import AuthorizationRequest
from baton.model.identity import TargetType
from baton.services import identity

router = APIRouter(prefix="/api/auth/authorization", tags=["authorization"])


def _change(body: AuthorizationRequest, ctx: Ctx, caller: CurrentCaller, *, grant: bool) -> None:
    identity.change_permissions(
        ctx,
        caller,
        subject=(body.subject.type, body.subject.id),
        target=(body.target.type, body.target.id),
        access=body.access,
        grant=grant,
    )


@router.post("", status_code=204, response_class=Response, summary="Grant access")
def grant(body: AuthorizationRequest, ctx: Ctx, caller: CurrentCaller) -> None:
    _change(body, ctx, caller, grant=True)


@router.delete("", status_code=204, response_class=Response, summary="Revoke access")
def revoke(body: AuthorizationRequest, ctx: Ctx, caller: CurrentCaller) -> None:
    _change(body, ctx, caller, grant=False)


@router.get("/{target_type}/{target_id}", summary="Who has which access to a target")
def permissions(
    target_type: TargetType, target_id: str, ctx: Ctx, caller: CurrentCaller
) -> dict[str, Any]:
    found = identity.permissions_on(ctx, caller, (target_type, target_id))
    return {
        access.value: [{"type": t.value, "id": i} for t, i in subjects]
        for access, subjects in found.items()
    }

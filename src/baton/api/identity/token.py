"""`POST /api/token` and `GET /api/token/userInfo`."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter

from baton.api.deps import Ctx, CurrentCaller
from baton.api.identity.schemas import TokenRequest, TokenResponse, role_json, user_json
from baton.model.errors import InvalidInput
from baton.model.identity import CallerKind
from baton.services import auth, identity
from baton.services.tokens import MAX_TTL_SECONDS

router = APIRouter(prefix="/api/token", tags=["token"])


def _ttl_seconds(expiration_ms: int | None) -> int | None:
    if not expiration_ms:
        return None
    if expiration_ms < 0:
        return MAX_TTL_SECONDS
    return max(1, min(expiration_ms // 1000, MAX_TTL_SECONDS))


@router.post(
    "", response_model=TokenResponse, summary="Exchange an access key or a password for a token"
)
def generate_token(body: TokenRequest, ctx: Ctx) -> TokenResponse:
    ttl = _ttl_seconds(body.expiration)
    if body.keyId is not None and body.keySecret is not None:
        return TokenResponse(
            token=auth.login_with_key(ctx, body.keyId, body.keySecret, ttl_seconds=ttl)
        )
    if body.email is not None and body.password is not None:
        return TokenResponse(
            token=auth.login_with_password(ctx, body.email, body.password, ttl_seconds=ttl)
        )
    raise InvalidInput("send either {keyId, keySecret} or {email, password}")


@router.get("/userInfo", summary="The caller, with roles and groups")
def user_info(ctx: Ctx, caller: CurrentCaller) -> dict[str, Any]:
    if caller.kind is CallerKind.USER:
        info = user_json(identity.get_user(ctx, caller, caller.id))
        info["roles"] = [role_json(r) for r in sorted(caller.roles)]
        return info
    return {
        "id": caller.id,
        "name": caller.name,
        "roles": [role_json(r) for r in sorted(caller.roles)],
        "groups": [],
        "applicationUser": True,
        "uuid": caller.id,
    }

"""`POST /api/token` and `GET /api/token/userInfo`."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request

from baton.api.deps import Ctx, CurrentCaller, client_address
from baton.api.identity.schemas import TokenRequest, TokenResponse, role_json, user_json
from baton.model.errors import FieldError, InvalidInput
from baton.model.identity import CallerKind
from baton.services import auth, identity

router = APIRouter(prefix="/api/token", tags=["token"])


def _ttl_seconds(expiration_ms: int | None) -> int | None:
    """`expiration` is in milliseconds; the token service caps it at
    `BATON_MAX_TOKEN_TTL_SECONDS`. Zero or less is refused, not read as "forever"."""
    if expiration_ms is None:
        return None
    if expiration_ms <= 0:
        message = "must be a positive number of milliseconds"
        raise InvalidInput(
            f"expiration {message}, got {expiration_ms}",
            errors=[FieldError("expiration", message)],
        )
    return max(1, expiration_ms // 1000)


@router.post(
    "", response_model=TokenResponse, summary="Exchange an access key or a password for a token"
)
def generate_token(body: TokenRequest, ctx: Ctx, request: Request) -> TokenResponse:
    ttl = _ttl_seconds(body.expiration)
    address = client_address(request)
    if body.keyId is not None and body.keySecret is not None:
        token = auth.login_with_key(
            ctx, body.keyId, body.keySecret, address=address, ttl_seconds=ttl
        )
        return TokenResponse(token=token)
    if body.email is not None and body.password is not None:
        token = auth.login_with_password(
            ctx, body.email, body.password, address=address, ttl_seconds=ttl
        )
        return TokenResponse(token=token)
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

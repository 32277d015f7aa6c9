"""`POST /oauth/token`: the OAuth 2 client-credentials grant Camunda clients use with
`CAMUNDA_AUTH_STRATEGY=OAUTH` (`CAMUNDA_OAUTH_URL` pointing here). `client_id` and
`client_secret` are an application access key (keyId, secret); the token is the one
`/api/token` gives for it (same throttle, same generations) and is sent as a Bearer token.
Errors use OAuth's shape (RFC 6749 §5.2): `{error, error_description}`."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse

from baton.api.deps import Ctx, client_address
from baton.model.errors import TooManyRequests, Unauthenticated
from baton.services import auth

router = APIRouter(tags=["token"])

GRANT = "client_credentials"


def _error(status: int, error: str, description: str) -> JSONResponse:
    return JSONResponse(
        {"error": error, "error_description": description},
        status_code=status,
        headers={"Cache-Control": "no-store"},
    )


@router.post("/oauth/token", summary="OAuth 2 client credentials → a Bearer token")
async def token(request: Request, ctx: Ctx) -> JSONResponse:
    if not request.headers.get("content-type", "").startswith("application/x-www-form-urlencoded"):
        return _error(400, "invalid_request", "send the form application/x-www-form-urlencoded")
    form = await request.form()
    grant = form.get("grant_type")
    if grant != GRANT:
        return _error(400, "unsupported_grant_type", f"only grant_type={GRANT} is supported")
    client_id, secret = form.get("client_id"), form.get("client_secret")
    if not isinstance(client_id, str) or not isinstance(secret, str) or not client_id:
        return _error(401, "invalid_client", "send client_id and client_secret")
    try:
        issued = auth.login_with_key(ctx, client_id, secret, address=client_address(request))
    except TooManyRequests as exc:
        response = _error(429, "slow_down", exc.message)
        response.headers["Retry-After"] = str(exc.retry_after)
        return response
    except Unauthenticated as exc:
        return _error(401, "invalid_client", exc.message)
    ttl = min(ctx.settings.token_ttl_seconds, ctx.settings.max_token_ttl_seconds)
    return JSONResponse(
        {"access_token": issued, "token_type": "Bearer", "expires_in": ttl},
        headers={"Cache-Control": "no-store"},
    )

"""Request dependencies: the service context and the authenticated caller."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Request

from baton.model.errors import Unauthenticated
from baton.model.identity import Caller
from baton.services.auth import authenticate
from baton.services.context import ServiceContext


def service_context(request: Request) -> ServiceContext:
    ctx: ServiceContext = request.app.state.ctx
    return ctx


def bearer_token(request: Request) -> str | None:
    """`X-Authorization: <token>` (Orkes), or `Authorization: Bearer <token>`."""
    token = request.headers.get("x-authorization")
    if token:
        return token.strip()
    auth = request.headers.get("authorization", "")
    scheme, _, value = auth.partition(" ")
    if scheme.lower() == "bearer" and value.strip():
        return value.strip()
    return None


def current_caller(
    request: Request, ctx: Annotated[ServiceContext, Depends(service_context)]
) -> Caller:
    token = bearer_token(request)
    if token is None:
        raise Unauthenticated("missing X-Authorization token", error="INVALID_TOKEN")
    return authenticate(ctx, token)


Ctx = Annotated[ServiceContext, Depends(service_context)]
CurrentCaller = Annotated[Caller, Depends(current_caller)]

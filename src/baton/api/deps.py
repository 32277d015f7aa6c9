"""Request dependencies: the service context and the authenticated caller."""

from __future__ import annotations

import base64
from typing import Annotated

from fastapi import Depends, Request
from starlette.concurrency import run_in_threadpool

from baton.logs import note_caller
from baton.model.actor_text import audit_text
from baton.model.errors import Unauthenticated
from baton.model.identity import Caller
from baton.model.json_guard import text_problem
from baton.services.auth import authenticate, authenticate_basic
from baton.services.context import ServiceContext
from baton.services.web_sessions import WebSession, check_csrf
from baton.services.web_sessions import resolve as resolve_session

SESSION_COOKIE = "baton_session"
"""The web app's browser session (HttpOnly, SameSite=Strict); see `api.web.session`."""
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})
BASIC_AUTH_PATHS = ("/v2/", "/metrics")


async def service_context(request: Request) -> ServiceContext:
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


async def current_caller(
    request: Request, ctx: Annotated[ServiceContext, Depends(service_context)]
) -> Caller:
    """The authenticated caller. Async, so a token in the auth cache costs neither a
    database read nor a thread hop (the sync endpoint's hop is then the request's only
    one); anything that reads the database runs in a worker thread."""
    caller = await _authenticated(request, ctx)
    note_caller(audit_text(caller.actor))
    return caller


async def _authenticated(request: Request, ctx: ServiceContext) -> Caller:
    token = bearer_token(request)
    if token is None:
        basic = basic_credentials(request)
        if basic is not None and request.url.path.startswith(BASIC_AUTH_PATHS):
            # what Camunda clients send with CAMUNDA_AUTH_STRATEGY=BASIC, and Prometheus
            # with `basic_auth`
            address = client_address(request)
            return await run_in_threadpool(authenticate_basic, ctx, *basic, address=address)
        cookie = request.cookies.get(SESSION_COOKIE)
        if cookie:
            return await run_in_threadpool(session_caller, request, ctx, cookie)
        raise Unauthenticated("missing X-Authorization token", error="INVALID_TOKEN")
    cached = ctx.auth_cache.get(token)
    if cached is not None:
        return cached
    return await run_in_threadpool(authenticate, ctx, token)


def session_caller(request: Request, ctx: ServiceContext, cookie: str) -> Caller:
    """A browser session: every API family accepts it, and every unsafe request must carry
    the session's CSRF token."""
    session: WebSession = resolve_session(ctx, cookie)
    if request.method not in SAFE_METHODS:
        check_csrf(session, request.headers.get("x-csrf-token"))
    request.state.web_session = session
    return session.caller


def client_address(request: Request) -> str | None:
    """The client's IP address, for the failed-login throttle. uvicorn takes it from
    `X-Forwarded-For` only when the peer is in `FORWARDED_ALLOW_IPS` (default: localhost)."""
    return request.client.host if request.client else None


def basic_credentials(request: Request) -> tuple[str, str] | None:
    scheme, _, value = request.headers.get("authorization", "").partition(" ")
    if scheme.lower() != "basic" or not value:
        return None
    try:
        user, sep, password = base64.b64decode(value.strip()).decode("utf-8").partition(":")
    except (ValueError, UnicodeDecodeError):
        raise Unauthenticated("malformed Basic credentials", error="INVALID_TOKEN") from None
    if not sep or text_problem(user) or text_problem(password):
        raise Unauthenticated("malformed Basic credentials", error="INVALID_TOKEN")
    return user, password


Ctx = Annotated[ServiceContext, Depends(service_context)]
CurrentCaller = Annotated[Caller, Depends(current_caller)]

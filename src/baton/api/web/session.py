"""Signing in and out of the web app: `/api/web/session`."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Request, Response
from pydantic import BaseModel, Field

from baton.api.deps import SESSION_COOKIE, Ctx, CurrentCaller, client_address
from baton.model.errors import Unauthenticated
from baton.model.identity import Caller, Role
from baton.services import web_sessions
from baton.services.web_sessions import WebSession

router = APIRouter(prefix="/api/web/session", tags=["web"])


class SignIn(BaseModel):
    username: str = Field(min_length=1, max_length=256)
    password: str = Field(min_length=1, max_length=1024)


class SessionUser(BaseModel):
    id: str
    name: str
    groups: list[str]
    roles: list[str]
    admin: bool


class SessionView(BaseModel):
    user: SessionUser
    csrfToken: str
    expiresAt: int


def _view(caller: Caller, session: WebSession) -> SessionView:
    return SessionView(
        user=SessionUser(
            id=caller.id,
            name=caller.name,
            groups=sorted(caller.groups),
            roles=sorted(r.value for r in caller.roles),
            admin=Role.ADMIN in caller.roles,
        ),
        csrfToken=session.csrf_token,
        expiresAt=session.expires_at,
    )


async def _current_session(request: Request, caller: CurrentCaller) -> WebSession:
    session: WebSession | None = getattr(request.state, "web_session", None)
    if session is None or session.caller.id != caller.id:
        raise Unauthenticated("no browser session: sign in", error=web_sessions.SESSION_EXPIRED)
    return session


CurrentSession = Annotated[WebSession, Depends(_current_session)]


@router.post("", response_model=SessionView, summary="Sign in to the web app")
def sign_in(body: SignIn, ctx: Ctx, request: Request, response: Response) -> SessionView:
    session = web_sessions.sign_in(
        ctx, body.username, body.password, address=client_address(request)
    )
    response.set_cookie(
        SESSION_COOKIE,
        session.cookie_value,
        max_age=ctx.settings.session_ttl_seconds,
        httponly=True,
        samesite="strict",
        secure=request.url.scheme == "https",
        path="/",
    )
    return _view(session.caller, session)


@router.get("", response_model=SessionView, summary="The signed-in user and the CSRF token")
def current(session: CurrentSession) -> SessionView:
    return _view(session.caller, session)


@router.delete("", status_code=204, summary="Sign out")
def sign_out(ctx: Ctx, request: Request, _session: CurrentSession) -> Response:
    cookie = request.cookies.get(SESSION_COOKIE, "")
    web_sessions.sign_out(ctx, cookie)
    response = Response(status_code=204)
    response.delete_cookie(SESSION_COOKIE, path="/", httponly=True, samesite="strict")
    return response

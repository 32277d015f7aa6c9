"""Browser sessions of the web app: signing in with a password, resolving the session
cookie to a Caller, signing out. API clients keep using tokens (`services.auth`).

The cookie holds 32 random bytes; the database keeps only their SHA-256, so a read of the
table does not yield a usable session. Each session has its own CSRF token, which the app
sends back in `X-CSRF-Token` with every unsafe request (checked in `api.deps`)."""

from __future__ import annotations

import hashlib
import hmac
import secrets
from dataclasses import dataclass

from baton.model.errors import Forbidden, Unauthenticated
from baton.model.identity import Caller
from baton.services import auth
from baton.services.context import ServiceContext
from baton.store import identity as identity_store
from baton.store import web_sessions as store

SESSION_EXPIRED = "SESSION_EXPIRED"


@dataclass(frozen=True)
class WebSession:
    cookie_value: str  # only known right after sign-in
    caller: Caller
    csrf_token: str
    expires_at: int  # epoch ms


def _hash(cookie_value: str) -> str:
    return hashlib.sha256(cookie_value.encode()).hexdigest()


def sign_in(
    ctx: ServiceContext, user_id: str, password: str, *, address: str | None = None
) -> WebSession:
    generation = auth.verify_password(ctx, user_id, password, address=address)
    cookie_value = secrets.token_urlsafe(32)
    csrf_token = secrets.token_urlsafe(32)
    now = ctx.now_ms()
    expires_at = now + ctx.settings.session_ttl_seconds * 1000
    with ctx.db.write() as conn:
        store.delete_expired(conn, now)
        store.insert(
            conn,
            id_hash=_hash(cookie_value),
            user_id=user_id,
            generation=generation,
            csrf_token=csrf_token,
            created_at=now,
            expires_at=expires_at,
        )
        parts = identity_store.user_caller_parts(conn, user_id)
    if parts is None:  # deleted between the password check and now
        raise Unauthenticated("invalid email or password", error="INVALID_TOKEN")
    return WebSession(cookie_value, auth.user_caller(user_id, parts), csrf_token, expires_at)


def resolve(ctx: ServiceContext, cookie_value: str) -> WebSession:
    """The session a cookie stands for, as of now: an expired session, a deleted user or a
    changed password ends it."""
    with ctx.db.read() as conn:
        row = store.find(conn, _hash(cookie_value))
        parts = identity_store.user_caller_parts(conn, row.user_id) if row else None
    if row is None or row.expires_at <= ctx.now_ms():
        raise Unauthenticated("your session has ended; sign in again", error=SESSION_EXPIRED)
    if parts is None or parts.generation != row.generation:
        raise Unauthenticated(
            "your password changed or your user was removed; sign in again", error=SESSION_EXPIRED
        )
    return WebSession("", auth.user_caller(row.user_id, parts), row.csrf_token, row.expires_at)


def check_csrf(session: WebSession, sent: str | None) -> None:
    if not sent or not hmac.compare_digest(sent, session.csrf_token):
        raise Forbidden("missing or wrong X-CSRF-Token header; reload the page")


def sign_out(ctx: ServiceContext, cookie_value: str) -> None:
    with ctx.db.write() as conn:
        store.delete(conn, _hash(cookie_value))

"""Logging in (access key or password → token) and resolving a token to a Caller."""

from __future__ import annotations

import hashlib
import threading
import time

from sqlalchemy.engine import Connection

from baton.model.errors import Unauthenticated
from baton.model.identity import Caller, CallerKind
from baton.services.context import ServiceContext
from baton.services.tokens import TokenClaims
from baton.store import identity as store


def login_with_key(
    ctx: ServiceContext,
    key_id: str,
    key_secret: str,
    *,
    address: str | None = None,
    ttl_seconds: int | None = None,
) -> str:
    """A token for an access key. `address` is the client's, for the failed-login throttle."""
    with ctx.db.read() as conn:
        found = store.key_login(conn, key_id)
    key, secret_hash, generation = found if found else (None, None, "")
    if not ctx.logins.verify(f"key:{key_id}", address, secret_hash, key_secret) or key is None:
        raise Unauthenticated("invalid keyId or keySecret", error="INVALID_TOKEN")
    if key.status != "ACTIVE":
        raise Unauthenticated("this access key is inactive", error="INVALID_TOKEN")
    return ctx.tokens.issue(
        CallerKind.APPLICATION,
        key.application_id,
        key_id=key.id,
        generation=generation,
        ttl_seconds=ttl_seconds,
    )


def login_with_password(
    ctx: ServiceContext,
    user_id: str,
    password: str,
    *,
    address: str | None = None,
    ttl_seconds: int | None = None,
) -> str:
    """A token for a user. `address` is the client's, for the failed-login throttle."""
    generation = verify_password(ctx, user_id, password, address=address)
    return ctx.tokens.issue(
        CallerKind.USER, user_id, generation=generation, ttl_seconds=ttl_seconds
    )


def verify_password(
    ctx: ServiceContext, user_id: str, password: str, *, address: str | None = None
) -> str:
    """The user's generation when the password is theirs; failures count towards the
    login throttle."""
    with ctx.db.read() as conn:
        found = store.get_login(conn, user_id)
    password_hash, generation = found if found else (None, "")
    if not ctx.logins.verify(f"user:{user_id}", address, password_hash, password):
        raise Unauthenticated("invalid email or password", error="INVALID_TOKEN")
    return generation


def authenticate(ctx: ServiceContext, token: str) -> Caller:
    """The caller a token stands for, as of now: deleted users, applications and keys,
    changed passwords and rotated secrets, and changed roles or groups, take effect at once,
    not when the token expires. One query; the answer is remembered in `ctx.auth_cache`,
    which requests ask first (see `services.auth_cache` for how long it may be used)."""
    epoch = ctx.auth_cache.epoch()
    claims = ctx.tokens.verify(token)
    caller = _caller_of(ctx, claims)
    ctx.auth_cache.put(token, caller, claims.expires_at, epoch)
    return caller


def _caller_of(ctx: ServiceContext, claims: TokenClaims) -> Caller:
    with ctx.db.read() as conn:
        if claims.kind is CallerKind.USER:
            parts = store.user_caller_parts(conn, claims.subject)
            if parts is None:
                raise Unauthenticated("the token's user no longer exists")
            if parts.generation != claims.generation:
                raise Unauthenticated(
                    "the token's user was re-created or changed their password; log in again"
                )
            return user_caller(claims.subject, parts)
        app = store.application_with_key(conn, claims.subject, claims.key_id)
    if app is None:
        raise Unauthenticated("the token's application no longer exists")
    app_name, app_roles, key_status, key_generation = app
    if claims.key_id is not None and key_status != "ACTIVE":
        raise Unauthenticated("the token's access key was revoked")
    if claims.key_id is not None and key_generation != claims.generation:
        raise Unauthenticated("the token's access key secret was rotated; log in again")
    return Caller(
        kind=CallerKind.APPLICATION, id=claims.subject, name=app_name, roles=frozenset(app_roles)
    )


_BASIC_CACHE_SECONDS = 60
_basic_seen: dict[str, float] = {}
_basic_lock = threading.Lock()


def authenticate_basic(
    ctx: ServiceContext, user_id: str, password: str, *, address: str | None = None
) -> Caller:
    """HTTP Basic with a user's id and password. Argon2 is slow by design, and Basic clients
    send the password with every call, so a successful check is remembered for a minute (by
    a hash of the credentials and the user's generation, in memory: a password change
    forgets it). Failed checks count towards the login throttle. One query per call."""
    with ctx.db.read() as conn:
        parts = store.user_caller_parts(conn, user_id)
    generation = parts.generation if parts else ""
    digest = hashlib.sha256(f"{user_id}\0{generation}\0{password}".encode()).hexdigest()
    now = time.monotonic()
    with _basic_lock:
        fresh = parts is not None and _basic_seen.get(digest, 0.0) > now
    if not fresh:
        password_hash = parts.password_hash if parts else None
        if not ctx.logins.verify(f"user:{user_id}", address, password_hash, password):
            raise Unauthenticated("invalid user or password", error="INVALID_TOKEN")
        with _basic_lock:
            if len(_basic_seen) > 10_000:
                _basic_seen.clear()
            _basic_seen[digest] = now + _BASIC_CACHE_SECONDS
    if parts is None:  # not reached: no user, no stored hash, no successful check
        raise Unauthenticated("invalid user or password", error="INVALID_TOKEN")
    return user_caller(user_id, parts)


def user_caller(user_id: str, parts: store.UserParts) -> Caller:
    """A user with the roles of their groups added."""
    return Caller(
        kind=CallerKind.USER,
        id=user_id,
        name=parts.name,
        roles=frozenset(parts.roles).union(*(frozenset(r) for _g, r in parts.groups)),
        groups=frozenset(g for g, _r in parts.groups),
    )


def caller_for(conn: Connection, principal: str) -> Caller | None:
    """The caller an audit principal (`USER:id`, `APPLICATION:id`) stands for today, if it
    still exists: who acts when Baton acts on someone's behalf (a task trigger)."""
    kind, _, subject = principal.partition(":")
    if kind == CallerKind.USER.value:
        parts = store.user_caller_parts(conn, subject)
        return user_caller(subject, parts) if parts is not None else None
    if kind != CallerKind.APPLICATION.value:
        return None
    app = store.application_with_key(conn, subject, None)
    if app is None:
        return None
    name, roles, _key_status, _key_generation = app
    return Caller(kind=CallerKind.APPLICATION, id=subject, name=name, roles=frozenset(roles))

"""Logging in (access key or password → token) and resolving a token to a Caller."""

from __future__ import annotations

import hashlib
import threading
import time

from sqlalchemy.engine import Connection

from baton.model.errors import Unauthenticated
from baton.model.identity import Caller, CallerKind
from baton.services.context import ServiceContext
from baton.services.hashing import verify_secret
from baton.store import identity as store


def login_with_key(
    ctx: ServiceContext, key_id: str, key_secret: str, *, ttl_seconds: int | None = None
) -> str:
    with ctx.db.read() as conn:
        found = store.get_access_key(conn, key_id)
    key, secret_hash = found if found else (None, None)
    if not verify_secret(secret_hash, key_secret) or key is None:
        raise Unauthenticated("invalid keyId or keySecret", error="INVALID_TOKEN")
    if key.status != "ACTIVE":
        raise Unauthenticated("this access key is inactive", error="INVALID_TOKEN")
    return ctx.tokens.issue(
        CallerKind.APPLICATION, key.application_id, key_id=key.id, ttl_seconds=ttl_seconds
    )


def login_with_password(
    ctx: ServiceContext, user_id: str, password: str, *, ttl_seconds: int | None = None
) -> str:
    with ctx.db.read() as conn:
        password_hash = store.get_password_hash(conn, user_id)
    if not verify_secret(password_hash, password):
        raise Unauthenticated("invalid email or password", error="INVALID_TOKEN")
    return ctx.tokens.issue(CallerKind.USER, user_id, ttl_seconds=ttl_seconds)


def authenticate(ctx: ServiceContext, token: str) -> Caller:
    """The caller a token stands for, as of now: deleted users, applications and keys, and
    changed roles or groups, take effect at once, not when the token expires."""
    claims = ctx.tokens.verify(token)
    with ctx.db.read() as conn:
        if claims.kind is CallerKind.USER:
            caller = _user_caller(conn, claims.subject)
            if caller is None:
                raise Unauthenticated("the token's user no longer exists")
            return caller
        app = store.application_with_key(conn, claims.subject, claims.key_id)
    if app is None:
        raise Unauthenticated("the token's application no longer exists")
    app_name, app_roles, key_status = app
    if claims.key_id is not None and key_status != "ACTIVE":
        raise Unauthenticated("the token's access key was revoked")
    return Caller(
        kind=CallerKind.APPLICATION, id=claims.subject, name=app_name, roles=frozenset(app_roles)
    )


_BASIC_CACHE_SECONDS = 60
_basic_seen: dict[str, float] = {}
_basic_lock = threading.Lock()


def authenticate_basic(ctx: ServiceContext, user_id: str, password: str) -> Caller:
    """HTTP Basic with a user's id and password. Argon2 is slow by design, and Basic clients
    send the password with every call, so a successful check is remembered for a minute (by
    a hash of the credentials, in memory). The user's roles and groups are read every time."""
    digest = hashlib.sha256(f"{user_id}\0{password}".encode()).hexdigest()
    now = time.monotonic()
    with _basic_lock:
        fresh = _basic_seen.get(digest, 0.0) > now
    if not fresh:
        with ctx.db.read() as conn:
            password_hash = store.get_password_hash(conn, user_id)
        if not verify_secret(password_hash, password):
            raise Unauthenticated("invalid user or password", error="INVALID_TOKEN")
        with _basic_lock:
            if len(_basic_seen) > 10_000:
                _basic_seen.clear()
            _basic_seen[digest] = now + _BASIC_CACHE_SECONDS
    with ctx.db.read() as conn:
        caller = _user_caller(conn, user_id)
    if caller is None:
        raise Unauthenticated("invalid user or password", error="INVALID_TOKEN")
    return caller


def _user_caller(conn: Connection, user_id: str) -> Caller | None:
    """A user with the roles of their groups added."""
    found = store.user_caller_parts(conn, user_id)
    if found is None:
        return None
    name, roles, groups = found
    return Caller(
        kind=CallerKind.USER,
        id=user_id,
        name=name,
        roles=frozenset(roles).union(*(frozenset(r) for _g, r in groups)),
        groups=frozenset(g for g, _r in groups),
    )


def caller_for(conn: Connection, principal: str) -> Caller | None:
    """The caller an audit principal (`USER:id`, `APPLICATION:id`) stands for today, if it
    still exists: who acts when Baton acts on someone's behalf (a task trigger)."""
    kind, _, subject = principal.partition(":")
    if kind == CallerKind.USER.value:
        return _user_caller(conn, subject)
    if kind != CallerKind.APPLICATION.value:
        return None
    app = store.application_with_key(conn, subject, None)
    if app is None:
        return None
    name, roles, _key_status = app
    return Caller(kind=CallerKind.APPLICATION, id=subject, name=name, roles=frozenset(roles))

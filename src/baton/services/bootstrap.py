"""Start-up chores: the token signing key, the admin access key, demo credentials."""

from __future__ import annotations

import os
import secrets
import uuid
from pathlib import Path

from baton.clock import Clock, epoch_ms
from baton.model.actor_text import audit_text
from baton.model.identity import SYSTEM_ACTOR, Role
from baton.services.context import ServiceContext
from baton.services.hashing import hash_secret, verify_secret
from baton.settings import Settings
from baton.store import identity as store
from baton.store.db import Database

ADMIN_APPLICATION_NAME = "baton-admin"
DEMO_USER = "demo"
DEMO_PASSWORD = "demo"


def resolve_secret_key(settings: Settings, db: Database) -> str:
    """`BATON_SECRET_KEY`, else one generated once and kept: in a file beside a SQLite
    database, in the database itself for PostgreSQL (so every server process agrees)."""
    if settings.secret_key:
        return settings.secret_key
    if db.is_sqlite:
        database = db.url.database
        if not database or database == ":memory:":
            return secrets.token_urlsafe(48)
        path = Path(database).with_suffix(".secret")
        if not path.exists():
            fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
            with os.fdopen(fd, "w") as handle:
                handle.write(secrets.token_urlsafe(48))
        return path.read_text().strip()
    with db.write() as conn:
        return store.ensure_secret(conn, "jwt_signing_key", secrets.token_urlsafe(48))


def ensure_admin_key(db: Database, clock: Clock, key_id: str, key_secret: str) -> None:
    """Make sure an ADMIN application holds an access key with exactly this id and secret."""
    now = epoch_ms(clock.now())
    with db.write() as conn:
        found = store.get_access_key(conn, key_id)
        if found is None:
            app_id = str(uuid.uuid4())
            store.create_application(
                conn,
                app_id=app_id,
                name=ADMIN_APPLICATION_NAME,
                roles=[Role.ADMIN],
                now=now,
                by=audit_text(SYSTEM_ACTOR),
            )
            store.create_access_key(
                conn, key_id=key_id, app_id=app_id, secret_hash=hash_secret(key_secret), now=now
            )
            return
        key, secret_hash = found
        if not verify_secret(secret_hash, key_secret):
            store.set_access_key_secret(conn, key_id, hash_secret(key_secret))
        app = store.get_application(conn, key.application_id)
        if app is not None and Role.ADMIN not in app.roles:
            store.update_application(
                conn, app.id, now=now, by=audit_text(SYSTEM_ACTOR), roles=[*app.roles, Role.ADMIN]
            )


def create_admin_key(db: Database, clock: Clock) -> tuple[str, str]:
    """A brand-new admin key (CLI `baton admin create-key`): returns (keyId, secret)."""
    key_id = secrets.token_hex(12)
    key_secret = secrets.token_urlsafe(32)
    ensure_admin_key(db, clock, key_id, key_secret)
    return key_id, key_secret


def ensure_demo_user(ctx: ServiceContext) -> None:
    """The local-only `demo`/`demo` ADMIN of demo mode (Camunda's local convention)."""
    with ctx.db.write() as conn:
        if store.get_user(conn, DEMO_USER) is not None:
            return
        store.upsert_user(
            conn,
            user_id=DEMO_USER,
            name="Demo Admin",
            roles=[Role.ADMIN],
            password_hash=hash_secret(DEMO_PASSWORD),
            keep_password=False,
            now=ctx.now_ms(),
            by=audit_text(SYSTEM_ACTOR),
        )

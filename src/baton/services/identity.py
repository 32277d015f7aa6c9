"""Managing users, groups, applications, access keys and permissions (ADMIN only)."""

from __future__ import annotations

import secrets
import uuid
from collections.abc import Sequence

from sqlalchemy.engine import Connection

from baton.model.actor_text import audit_text
from baton.model.errors import Conflict, FieldError, InvalidInput, NotFound
from baton.model.identity import (
    Access,
    AccessKey,
    Application,
    Caller,
    CallerKind,
    Grant,
    Group,
    Role,
    SubjectType,
    TargetType,
    UserDetail,
)
from baton.services.authz import may_see_application, require_admin
from baton.services.context import ServiceContext
from baton.services.hashing import hash_secret
from baton.store import identity as store

MAX_ID_LENGTH = 255


def check_id(value: str, path: str) -> str:
    """Ids appear in URLs and audit logs: non-empty, bounded, no control characters."""
    if not value or not value.strip():
        raise InvalidInput(
            f"{path} must not be empty", errors=[FieldError(path, "must not be empty")]
        )
    if len(value) > MAX_ID_LENGTH:
        message = f"must be at most {MAX_ID_LENGTH} characters"
        raise InvalidInput(f"{path} {message}", errors=[FieldError(path, message)])
    if any(ord(ch) < 32 or ord(ch) == 127 for ch in value):
        message = "must not contain control characters"
        raise InvalidInput(f"{path} {message}", errors=[FieldError(path, message)])
    return value


# ---------------------------------------------------------------- users


def upsert_user(
    ctx: ServiceContext,
    caller: Caller,
    *,
    user_id: str,
    name: str | None,
    roles: Sequence[Role],
    groups: Sequence[str] | None,
    password: str | None,
) -> UserDetail:
    """Create or replace a user. Omitted `groups` keep the memberships; omitted `password`
    keeps the password."""
    require_admin(caller)
    check_id(user_id, "id")
    if password is not None and not password:
        raise InvalidInput(
            "password must not be empty", errors=[FieldError("password", "must not be empty")]
        )
    password_hash = hash_secret(password) if password is not None else None
    with ctx.db.write() as conn:
        if groups is not None:
            missing = sorted(set(groups) - store.existing_group_ids(conn, groups))
            if missing:
                raise InvalidInput(
                    f"unknown groups: {', '.join(missing)}",
                    errors=[FieldError("groups", f"no group {g!r}") for g in missing],
                )
        store.upsert_user(
            conn,
            user_id=user_id,
            name=name or user_id,
            roles=list(dict.fromkeys(roles or [Role.USER])),
            password_hash=password_hash,
            keep_password=password is None,
            now=ctx.now_ms(),
            by=audit_text(caller.actor),
        )
        if groups is not None:
            store.set_user_groups(conn, user_id, groups)
        return _detail(conn, user_id)


def get_user(ctx: ServiceContext, caller: Caller, user_id: str) -> UserDetail:
    """A user with their groups; users may read themselves, admins anyone."""
    if not (caller.kind is CallerKind.USER and caller.id == user_id):
        require_admin(caller)
    with ctx.db.read() as conn:
        return _detail(conn, user_id)


def _detail(conn: Connection, user_id: str) -> UserDetail:
    user = store.get_user(conn, user_id)
    if user is None:
        raise NotFound(f"user {user_id!r} not found")
    return UserDetail(user, store.get_groups(conn, user.groups))


def list_users(ctx: ServiceContext, caller: Caller) -> list[UserDetail]:
    require_admin(caller)
    with ctx.db.read() as conn:
        users = store.list_users(conn)
        groups = {g.id: g for g in store.list_groups(conn)}
    return [UserDetail(u, [groups[g] for g in u.groups if g in groups]) for u in users]


def delete_user(ctx: ServiceContext, caller: Caller, user_id: str) -> None:
    require_admin(caller)
    with ctx.db.write() as conn:
        if not store.delete_user(conn, user_id):
            raise NotFound(f"user {user_id!r} not found")


# ---------------------------------------------------------------- groups


def upsert_group(
    ctx: ServiceContext,
    caller: Caller,
    *,
    group_id: str,
    description: str | None,
    roles: Sequence[Role],
) -> Group:
    require_admin(caller)
    check_id(group_id, "id")
    with ctx.db.write() as conn:
        store.upsert_group(
            conn,
            group_id=group_id,
            description=description or "",
            roles=list(dict.fromkeys(roles)),
            now=ctx.now_ms(),
        )
        group = store.get_group(conn, group_id)
    assert group is not None
    return group


def get_group(ctx: ServiceContext, caller: Caller, group_id: str) -> Group:
    if group_id not in caller.groups:
        require_admin(caller)
    with ctx.db.read() as conn:
        group = store.get_group(conn, group_id)
    if group is None:
        raise NotFound(f"group {group_id!r} not found")
    return group


def list_groups(ctx: ServiceContext, caller: Caller) -> list[Group]:
    require_admin(caller)
    with ctx.db.read() as conn:
        return store.list_groups(conn)


def delete_group(ctx: ServiceContext, caller: Caller, group_id: str) -> None:
    require_admin(caller)
    with ctx.db.write() as conn:
        if not store.delete_group(conn, group_id):
            raise NotFound(f"group {group_id!r} not found")


def add_group_member(ctx: ServiceContext, caller: Caller, group_id: str, user_id: str) -> None:
    require_admin(caller)
    with ctx.db.write() as conn:
        _require_group_and_user(conn, group_id, user_id)
        store.add_member(conn, group_id, user_id)


def remove_group_member(ctx: ServiceContext, caller: Caller, group_id: str, user_id: str) -> None:
    require_admin(caller)
    with ctx.db.write() as conn:
        _require_group_and_user(conn, group_id, user_id)
        store.remove_member(conn, group_id, user_id)


def group_members(ctx: ServiceContext, caller: Caller, group_id: str) -> list[UserDetail]:
    require_admin(caller)
    with ctx.db.read() as conn:
        if store.get_group(conn, group_id) is None:
            raise NotFound(f"group {group_id!r} not found")
        return [_detail(conn, u) for u in store.group_member_ids(conn, group_id)]


def _require_group_and_user(conn: Connection, group_id: str, user_id: str) -> None:
    if store.get_group(conn, group_id) is None:
        raise NotFound(f"group {group_id!r} not found")
    if store.get_user(conn, user_id) is None:
        raise NotFound(f"user {user_id!r} not found")


# ---------------------------------------------------------------- applications


def create_application(
    ctx: ServiceContext, caller: Caller, *, name: str, roles: Sequence[Role] = ()
) -> Application:
    require_admin(caller)
    check_id(name, "name")
    app_id = str(uuid.uuid4())
    with ctx.db.write() as conn:
        store.create_application(
            conn,
            app_id=app_id,
            name=name,
            roles=list(roles),
            now=ctx.now_ms(),
            by=audit_text(caller.actor),
        )
        app = store.get_application(conn, app_id)
    assert app is not None
    return app


def get_application(ctx: ServiceContext, caller: Caller, app_id: str) -> Application:
    if not (caller.kind is CallerKind.APPLICATION and caller.id == app_id):
        require_admin(caller)
    with ctx.db.read() as conn:
        app = store.get_application(conn, app_id)
    if app is None:
        raise NotFound(f"application {app_id!r} not found")
    return app


def application_by_key(ctx: ServiceContext, caller: Caller, key_id: str) -> Application:
    """The application an access key belongs to (Orkes' `getAppByAccessKeyId`); a key the
    caller may not look up is reported exactly like a missing one."""
    with ctx.db.read() as conn:
        found = store.get_access_key(conn, key_id)
        app = store.get_application(conn, found[0].application_id) if found else None
    if app is None or not may_see_application(caller, app.id):
        raise NotFound(f"access key {key_id!r} not found")
    return app


def list_applications(ctx: ServiceContext, caller: Caller) -> list[Application]:
    require_admin(caller)
    with ctx.db.read() as conn:
        return store.list_applications(conn)


def rename_application(ctx: ServiceContext, caller: Caller, app_id: str, name: str) -> Application:
    require_admin(caller)
    check_id(name, "name")
    with ctx.db.write() as conn:
        if not store.update_application(
            conn, app_id, now=ctx.now_ms(), by=audit_text(caller.actor), name=name
        ):
            raise NotFound(f"application {app_id!r} not found")
        app = store.get_application(conn, app_id)
    assert app is not None
    return app


def delete_application(ctx: ServiceContext, caller: Caller, app_id: str) -> None:
    require_admin(caller)
    if caller.kind is CallerKind.APPLICATION and caller.id == app_id:
        raise Conflict("an application cannot delete itself")
    with ctx.db.write() as conn:
        if not store.delete_application(conn, app_id):
            raise NotFound(f"application {app_id!r} not found")


def change_application_role(
    ctx: ServiceContext, caller: Caller, app_id: str, role: Role, *, add: bool
) -> Application:
    require_admin(caller)
    with ctx.db.write() as conn:
        app = store.get_application(conn, app_id)
        if app is None:
            raise NotFound(f"application {app_id!r} not found")
        roles = [r for r in app.roles if r != role] + ([role] if add else [])
        store.update_application(
            conn, app_id, now=ctx.now_ms(), by=audit_text(caller.actor), roles=roles
        )
        updated = store.get_application(conn, app_id)
    assert updated is not None
    return updated


def create_access_key(
    ctx: ServiceContext,
    caller: Caller,
    app_id: str,
    *,
    key_id: str | None = None,
    secret: str | None = None,
) -> tuple[AccessKey, str]:
    """A new key for the application; the secret is returned this once and stored hashed."""
    require_admin(caller)
    key_id = key_id or secrets.token_hex(12)
    secret = secret or secrets.token_urlsafe(32)
    secret_hash = hash_secret(secret)
    with ctx.db.write() as conn:
        if store.get_application(conn, app_id) is None:
            raise NotFound(f"application {app_id!r} not found")
        if store.get_access_key(conn, key_id) is not None:
            raise Conflict(f"access key {key_id!r} already exists")
        store.create_access_key(
            conn, key_id=key_id, app_id=app_id, secret_hash=secret_hash, now=ctx.now_ms()
        )
        found = store.get_access_key(conn, key_id)
    assert found is not None
    return found[0], secret


def list_access_keys(ctx: ServiceContext, caller: Caller, app_id: str) -> list[AccessKey]:
    require_admin(caller)
    with ctx.db.read() as conn:
        if store.get_application(conn, app_id) is None:
            raise NotFound(f"application {app_id!r} not found")
        return store.list_access_keys(conn, app_id)


def delete_access_key(ctx: ServiceContext, caller: Caller, app_id: str, key_id: str) -> None:
    require_admin(caller)
    with ctx.db.write() as conn:
        if not store.delete_access_key(conn, app_id, key_id):
            raise NotFound(f"access key {key_id!r} not found for application {app_id!r}")


def toggle_access_key(ctx: ServiceContext, caller: Caller, app_id: str, key_id: str) -> AccessKey:
    require_admin(caller)
    with ctx.db.write() as conn:
        found = store.get_access_key(conn, key_id)
        if found is None or found[0].application_id != app_id:
            raise NotFound(f"access key {key_id!r} not found for application {app_id!r}")
        status = "INACTIVE" if found[0].status == "ACTIVE" else "ACTIVE"
        store.set_access_key_status(conn, app_id, key_id, status)
        updated = store.get_access_key(conn, key_id)
    assert updated is not None
    return updated[0]


# ---------------------------------------------------------------- permissions


def change_permissions(
    ctx: ServiceContext,
    caller: Caller,
    *,
    subject: tuple[SubjectType, str],
    target: tuple[TargetType, str],
    access: Sequence[Access],
    grant: bool,
) -> None:
    require_admin(caller)
    check_id(subject[1], "subject.id")
    check_id(target[1], "target.id")
    if not access:
        raise InvalidInput(
            "access must name at least one of " + ", ".join(a.value for a in Access),
            errors=[FieldError("access", "must not be empty")],
        )
    grants = [Grant(subject[0], subject[1], target[0], target[1], a) for a in dict.fromkeys(access)]
    with ctx.db.write() as conn:
        if grant:
            _require_subject(conn, subject)
            store.grant(conn, grants)
        else:
            store.revoke(conn, grants)


def _require_subject(conn: Connection, subject: tuple[SubjectType, str]) -> None:
    kind, subject_id = subject
    app_id = subject_id.removeprefix("app:") if kind is SubjectType.USER else subject_id
    if kind is SubjectType.USER and app_id != subject_id:
        kind = SubjectType.APPLICATION  # Orkes names an application's grants `app:<id>`
    if kind is SubjectType.USER and store.get_user(conn, subject_id) is None:
        raise NotFound(f"user {subject_id!r} not found")
    if kind is SubjectType.APPLICATION and store.get_application(conn, app_id) is None:
        raise NotFound(f"application {app_id!r} not found")
    if kind is SubjectType.GROUP and store.get_group(conn, subject_id) is None:
        raise NotFound(f"group {subject_id!r} not found")
    if kind is SubjectType.ROLE and subject_id not in Role.__members__:
        raise InvalidInput(
            f"unknown role {subject_id!r}", errors=[FieldError("subject.id", "not a role")]
        )


def permissions_on(
    ctx: ServiceContext, caller: Caller, target: tuple[TargetType, str]
) -> dict[Access, list[tuple[SubjectType, str]]]:
    require_admin(caller)
    with ctx.db.read() as conn:
        grants = store.grants_on(conn, target[0], target[1])
    found: dict[Access, list[tuple[SubjectType, str]]] = {}
    for g in grants:
        found.setdefault(g.access, []).append((g.subject_type, g.subject_id))
    return found

"""Queries for users, groups, applications, access keys and permissions."""

from __future__ import annotations

import json
import secrets
from collections.abc import Iterable, Sequence
from typing import Any, NamedTuple

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from baton.model.identity import (
    Access,
    AccessKey,
    Application,
    Grant,
    Group,
    Role,
    SubjectType,
    TargetType,
    User,
)
from baton.store.db import mark_commit_topic
from baton.store.prepared import Prepared
from baton.store.schema import (
    access_keys,
    applications,
    group_members,
    groups,
    permissions,
    server_secrets,
    users,
)

IDENTITY_TOPIC = "identity"
"""The commit topic of every write below that can change who a token or session stands
for (a user's roles, groups or generation; a group's roles; an application's roles; an
access key's status or generation): `services.auth_cache` empties itself on it."""


def _changed(conn: Connection) -> None:
    mark_commit_topic(conn, IDENTITY_TOPIC)


def _roles(raw: Any) -> tuple[Role, ...]:
    return tuple(Role(r) for r in (raw or []) if r in Role.__members__)


def _new_generation() -> str:
    """A fresh identity generation: random, so a re-created user or key never repeats one."""
    return secrets.token_hex(8)


# ---------------------------------------------------------------- users


def get_user(conn: Connection, user_id: str) -> User | None:
    row = conn.execute(sa.select(users).where(users.c.id == user_id)).mappings().first()
    if row is None:
        return None
    return _user(row, user_groups(conn, user_id))


def user_names(conn: Connection, user_ids: Iterable[str]) -> dict[str, str]:
    """Display names of the users that exist among `user_ids`."""
    ids = list(dict.fromkeys(user_ids))
    if not ids:
        return {}
    rows = conn.execute(sa.select(users.c.id, users.c.name).where(users.c.id.in_(ids)))
    return {r[0]: r[1] or r[0] for r in rows}


def get_login(conn: Connection, user_id: str) -> tuple[str | None, str] | None:
    """(password hash, generation) of a user; None when no such user."""
    row = conn.execute(
        sa.select(users.c.password_hash, users.c.generation).where(users.c.id == user_id)
    ).first()
    return (row[0], row[1]) if row else None


def list_users(conn: Connection) -> list[User]:
    memberships: dict[str, list[str]] = {}
    for user_id, group_id in conn.execute(
        sa.select(group_members.c.user_id, group_members.c.group_id).order_by(
            group_members.c.group_id
        )
    ):
        memberships.setdefault(user_id, []).append(group_id)
    rows = conn.execute(sa.select(users).order_by(users.c.id)).mappings()
    return [_user(row, memberships.get(row["id"], [])) for row in rows]


def _user(row: Any, group_ids: Sequence[str]) -> User:
    return User(
        id=row["id"],
        name=row["name"],
        roles=_roles(row["roles"]),
        groups=tuple(group_ids),
        has_password=row["password_hash"] is not None,
        created_at=row["created_at"],
        updated_at=row["updated_at"],
    )


def upsert_user(
    conn: Connection,
    *,
    user_id: str,
    name: str,
    roles: Sequence[Role],
    password_hash: str | None,
    keep_password: bool,
    now: int,
    by: str | None,
) -> bool:
    """Create or replace a user; returns True when it was created. With `keep_password`
    an existing password hash is left as it is; a new password starts a new generation,
    which ends the user's tokens."""
    _changed(conn)
    values: dict[str, Any] = {
        "name": name,
        "roles": [r.value for r in roles],
        "updated_at": now,
        "updated_by": by,
    }
    if not keep_password:
        values["password_hash"] = password_hash
        values["generation"] = _new_generation()
    updated = conn.execute(users.update().where(users.c.id == user_id).values(**values)).rowcount
    if updated:
        return False
    values.update(password_hash=password_hash, generation=_new_generation())
    conn.execute(users.insert().values(id=user_id, created_at=now, created_by=by, **values))
    return True


def delete_user(conn: Connection, user_id: str) -> bool:
    _changed(conn)
    conn.execute(
        permissions.delete().where(
            permissions.c.subject_type == SubjectType.USER.value,
            permissions.c.subject_id == user_id,
        )
    )
    return bool(conn.execute(users.delete().where(users.c.id == user_id)).rowcount)


def set_user_groups(conn: Connection, user_id: str, group_ids: Iterable[str]) -> None:
    _changed(conn)
    conn.execute(group_members.delete().where(group_members.c.user_id == user_id))
    rows = [{"group_id": g, "user_id": user_id} for g in sorted(set(group_ids))]
    if rows:
        conn.execute(group_members.insert(), rows)


def user_groups(conn: Connection, user_id: str) -> list[str]:
    return list(
        conn.execute(
            sa.select(group_members.c.group_id)
            .where(group_members.c.user_id == user_id)
            .order_by(group_members.c.group_id)
        ).scalars()
    )


# ---------------------------------------------------------------- groups


def get_group(conn: Connection, group_id: str) -> Group | None:
    row = conn.execute(sa.select(groups).where(groups.c.id == group_id)).mappings().first()
    return _group(row) if row else None


def get_groups(conn: Connection, group_ids: Iterable[str]) -> list[Group]:
    ids = list(group_ids)
    if not ids:
        return []
    rows = conn.execute(sa.select(groups).where(groups.c.id.in_(ids)).order_by(groups.c.id))
    return [_group(row) for row in rows.mappings()]


def existing_group_ids(conn: Connection, group_ids: Iterable[str]) -> set[str]:
    ids = list(group_ids)
    if not ids:
        return set()
    return set(conn.execute(sa.select(groups.c.id).where(groups.c.id.in_(ids))).scalars())


def list_groups(conn: Connection) -> list[Group]:
    return [_group(r) for r in conn.execute(sa.select(groups).order_by(groups.c.id)).mappings()]


def _group(row: Any) -> Group:
    return Group(
        id=row["id"],
        description=row["description"],
        roles=_roles(row["roles"]),
        created_at=row["created_at"],
        updated_at=row["updated_at"],
    )


def upsert_group(
    conn: Connection, *, group_id: str, description: str, roles: Sequence[Role], now: int
) -> None:
    _changed(conn)
    values = {"description": description, "roles": [r.value for r in roles], "updated_at": now}
    if conn.execute(groups.update().where(groups.c.id == group_id).values(**values)).rowcount:
        return
    conn.execute(groups.insert().values(id=group_id, created_at=now, **values))


def delete_group(conn: Connection, group_id: str) -> bool:
    _changed(conn)
    conn.execute(
        permissions.delete().where(
            permissions.c.subject_type == SubjectType.GROUP.value,
            permissions.c.subject_id == group_id,
        )
    )
    return bool(conn.execute(groups.delete().where(groups.c.id == group_id)).rowcount)


def add_member(conn: Connection, group_id: str, user_id: str) -> None:
    _changed(conn)
    exists = conn.execute(
        sa.select(sa.literal(1)).where(
            group_members.c.group_id == group_id, group_members.c.user_id == user_id
        )
    ).first()
    if not exists:
        conn.execute(group_members.insert().values(group_id=group_id, user_id=user_id))


def remove_member(conn: Connection, group_id: str, user_id: str) -> bool:
    _changed(conn)
    return bool(
        conn.execute(
            group_members.delete().where(
                group_members.c.group_id == group_id, group_members.c.user_id == user_id
            )
        ).rowcount
    )


def group_member_ids(conn: Connection, group_id: str) -> list[str]:
    return list(
        conn.execute(
            sa.select(group_members.c.user_id)
            .where(group_members.c.group_id == group_id)
            .order_by(group_members.c.user_id)
        ).scalars()
    )


# ---------------------------------------------------------------- applications


def create_application(
    conn: Connection, *, app_id: str, name: str, roles: Sequence[Role], now: int, by: str | None
) -> None:
    _changed(conn)
    conn.execute(
        applications.insert().values(
            id=app_id,
            name=name,
            roles=[r.value for r in roles],
            created_at=now,
            updated_at=now,
            created_by=by,
            updated_by=by,
        )
    )


def get_application(conn: Connection, app_id: str) -> Application | None:
    row = (
        conn.execute(sa.select(applications).where(applications.c.id == app_id)).mappings().first()
    )
    return _application(row) if row else None


def list_applications(conn: Connection) -> list[Application]:
    rows = conn.execute(sa.select(applications).order_by(applications.c.created_at))
    return [_application(r) for r in rows.mappings()]


def _application(row: Any) -> Application:
    return Application(
        id=row["id"],
        name=row["name"],
        roles=_roles(row["roles"]),
        created_by=row["created_by"],
        created_at=row["created_at"],
        updated_at=row["updated_at"],
    )


def update_application(
    conn: Connection,
    app_id: str,
    *,
    now: int,
    by: str | None,
    name: str | None = None,
    roles: Sequence[Role] | None = None,
) -> bool:
    _changed(conn)
    values: dict[str, Any] = {"updated_at": now, "updated_by": by}
    if name is not None:
        values["name"] = name
    if roles is not None:
        values["roles"] = [r.value for r in roles]
    stmt = applications.update().where(applications.c.id == app_id).values(**values)
    return bool(conn.execute(stmt).rowcount)


def delete_application(conn: Connection, app_id: str) -> bool:
    _changed(conn)
    return bool(conn.execute(applications.delete().where(applications.c.id == app_id)).rowcount)


# ---------------------------------------------------------------- access keys


def create_access_key(
    conn: Connection, *, key_id: str, app_id: str, secret_hash: str, now: int
) -> None:
    _changed(conn)
    conn.execute(
        access_keys.insert().values(
            id=key_id,
            application_id=app_id,
            secret_hash=secret_hash,
            generation=_new_generation(),
            status="ACTIVE",
            created_at=now,
        )
    )


def get_access_key(conn: Connection, key_id: str) -> tuple[AccessKey, str] | None:
    """The key and its secret hash."""
    found = key_login(conn, key_id)
    return (found[0], found[1]) if found else None


def key_login(conn: Connection, key_id: str) -> tuple[AccessKey, str, str] | None:
    """The key, its secret hash and its generation."""
    row = conn.execute(sa.select(access_keys).where(access_keys.c.id == key_id)).mappings().first()
    if row is None:
        return None
    return _access_key(row), row["secret_hash"], row["generation"]


def set_access_key_secret(conn: Connection, key_id: str, secret_hash: str) -> None:
    """A rotated secret: tokens issued for the old one stop working."""
    _changed(conn)
    conn.execute(
        access_keys.update()
        .where(access_keys.c.id == key_id)
        .values(secret_hash=secret_hash, generation=_new_generation())
    )


def list_access_keys(conn: Connection, app_id: str) -> list[AccessKey]:
    rows = conn.execute(
        sa.select(access_keys)
        .where(access_keys.c.application_id == app_id)
        .order_by(access_keys.c.created_at)
    )
    return [_access_key(r) for r in rows.mappings()]


def _access_key(row: Any) -> AccessKey:
    return AccessKey(
        id=row["id"],
        application_id=row["application_id"],
        status=row["status"],
        created_at=row["created_at"],
    )


def delete_access_key(conn: Connection, app_id: str, key_id: str) -> bool:
    _changed(conn)
    stmt = access_keys.delete().where(
        access_keys.c.id == key_id, access_keys.c.application_id == app_id
    )
    return bool(conn.execute(stmt).rowcount)


def set_access_key_status(conn: Connection, app_id: str, key_id: str, status: str) -> bool:
    _changed(conn)
    stmt = (
        access_keys.update()
        .where(access_keys.c.id == key_id, access_keys.c.application_id == app_id)
        .values(status=status)
    )
    return bool(conn.execute(stmt).rowcount)


# ---------------------------------------------------------------- permissions


def grant(conn: Connection, grants: Sequence[Grant]) -> None:
    for g in grants:
        key = _grant_values(g)
        exists = conn.execute(
            sa.select(sa.literal(1)).where(*(permissions.c[k] == v for k, v in key.items()))
        ).first()
        if not exists:
            conn.execute(permissions.insert().values(**key))


def revoke(conn: Connection, grants: Sequence[Grant]) -> None:
    for g in grants:
        key = _grant_values(g)
        conn.execute(permissions.delete().where(*(permissions.c[k] == v for k, v in key.items())))


def _grant_values(g: Grant) -> dict[str, str]:
    return {
        "subject_type": g.subject_type.value,
        "subject_id": g.subject_id,
        "target_type": g.target_type.value,
        "target_id": g.target_id,
        "access": g.access.value,
    }


def grants_on(conn: Connection, target_type: TargetType, target_id: str) -> list[Grant]:
    rows = conn.execute(
        sa.select(permissions)
        .where(permissions.c.target_type == target_type.value, permissions.c.target_id == target_id)
        .order_by(permissions.c.access, permissions.c.subject_type, permissions.c.subject_id)
    ).mappings()
    return [
        Grant(
            subject_type=SubjectType(r["subject_type"]),
            subject_id=r["subject_id"],
            target_type=TargetType(r["target_type"]),
            target_id=r["target_id"],
            access=Access(r["access"]),
        )
        for r in rows
    ]


# ---------------------------------------------------------------- server secrets


def ensure_secret(conn: Connection, name: str, candidate: str) -> str:
    """Return the stored secret `name`, storing `candidate` first if none exists yet
    (the first process to get here wins; the others read its value)."""
    found = conn.execute(
        sa.select(server_secrets.c.value).where(server_secrets.c.name == name)
    ).scalar_one_or_none()
    if found is not None:
        return str(found)
    if conn.dialect.name == "postgresql":
        from sqlalchemy.dialects.postgresql import insert as pg_insert

        conn.execute(
            pg_insert(server_secrets)
            .values(name=name, value=candidate)
            .on_conflict_do_nothing(index_elements=["name"])
        )
    else:
        conn.execute(server_secrets.insert().values(name=name, value=candidate))
    return str(
        conn.execute(
            sa.select(server_secrets.c.value).where(server_secrets.c.name == name)
        ).scalar_one()
    )


# ---------------------------------------------------------------- the per-request hot path


def _roles_of(raw: Any) -> tuple[Role, ...]:
    return _roles(json.loads(raw) if isinstance(raw, str) else raw)


class UserParts(NamedTuple):
    name: str
    roles: tuple[Role, ...]
    groups: list[tuple[str, tuple[Role, ...]]]  # (group id, group roles)
    generation: str
    password_hash: str | None


def user_caller_parts(conn: Connection, user_id: str) -> UserParts | None:
    """A user's name, roles, groups with their roles, generation and password hash, in
    one query; None when no such user."""
    rows = _USER_WITH_GROUPS.run(conn, id=user_id).rows
    if not rows:
        return None
    name, roles, _g, _gr, generation, password_hash = rows[0]
    groups_found = [(g, _roles_of(r)) for _n, _r, g, r, _gen, _pw in rows if g is not None]
    return UserParts(name, _roles_of(roles), groups_found, generation, password_hash)


def application_with_key(
    conn: Connection, app_id: str, key_id: str | None
) -> tuple[str, tuple[Role, ...], str | None, str | None] | None:
    """(name, roles, status and generation of `key_id` if it belongs to the app) in one
    query."""
    row = _APP_WITH_KEY.run(conn, id=app_id, key_id=key_id or "").first()
    if row is None:
        return None
    return row["name"], _roles_of(row["roles"]), row["key_status"], row["key_generation"]


def grants_for(
    conn: Connection, target_type: TargetType, target_id: str
) -> list[tuple[str, str, str]]:
    """(subject type, subject id, access) of every grant on one target."""
    rows = _GRANTS_FOR.run(conn, target_type=target_type.value, target_id=target_id).rows
    return [(r[0], r[1], r[2]) for r in rows]


def targets_granted(
    conn: Connection,
    target_type: TargetType,
    subjects: Sequence[tuple[str, str]],
    accesses: Sequence[str],
) -> list[str]:
    """Ids of the `target_type` targets on which any of `subjects` (type, id) holds any of
    `accesses`."""
    if not subjects or not accesses:
        return []
    p = permissions
    rows = conn.execute(
        sa.select(p.c.target_id)
        .distinct()
        .where(
            p.c.target_type == target_type.value,
            p.c.access.in_(list(accesses)),
            sa.tuple_(p.c.subject_type, p.c.subject_id).in_(list(subjects)),
        )
        .order_by(p.c.target_id)
    )
    return [r[0] for r in rows]


_USER_WITH_GROUPS = Prepared(
    sa.select(
        users.c.name,
        users.c.roles,
        group_members.c.group_id,
        groups.c.roles,
        users.c.generation,
        users.c.password_hash,
    )
    .select_from(
        users.outerjoin(group_members, group_members.c.user_id == users.c.id).outerjoin(
            groups, groups.c.id == group_members.c.group_id
        )
    )
    .where(users.c.id == sa.bindparam("id"))
    .order_by(group_members.c.group_id)
)
_APP_WITH_KEY = Prepared(
    sa.select(
        applications.c.name,
        applications.c.roles,
        access_keys.c.status.label("key_status"),
        access_keys.c.generation.label("key_generation"),
    )
    .select_from(
        applications.outerjoin(
            access_keys,
            sa.and_(
                access_keys.c.application_id == applications.c.id,
                access_keys.c.id == sa.bindparam("key_id"),
            ),
        )
    )
    .where(applications.c.id == sa.bindparam("id"))
)
_GRANTS_FOR = Prepared(
    sa.select(permissions.c.subject_type, permissions.c.subject_id, permissions.c.access).where(
        permissions.c.target_type == sa.bindparam("target_type"),
        permissions.c.target_id == sa.bindparam("target_id"),
    )
)

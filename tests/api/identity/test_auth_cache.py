"""Tokens are answered from a per-process cache (`services.auth_cache`): a change made in
this process applies to the very next request even when the caller is cached; a change
this process did not see (another process) applies once the cache's seconds are up."""

from __future__ import annotations

import sqlalchemy as sa

from baton.clock import FakeClock
from baton.model.identity import Caller, CallerKind
from baton.services.context import ServiceContext
from baton.store.schema import users

from support import Api


def _cached(api: Api, headers: dict[str, str], path: str = "/api/users") -> None:
    """Use the token once, so the next request is answered from the cache."""
    assert api.client.get(path, headers=headers).status_code in (200, 403)


def test_a_cached_token_is_refused_at_once_after_a_password_change(api: Api) -> None:
    ann = api.create_user("ann", password="old-pw")
    _cached(api, ann)
    api.create_user("ann", password="new-pw")
    assert api.client.get("/api/users", headers=ann).status_code == 401


def test_a_cached_token_is_refused_at_once_after_its_user_is_deleted(api: Api) -> None:
    ann = api.create_user("ann")
    _cached(api, ann)
    assert api.client.delete("/api/users/ann", headers=api.admin).status_code == 204
    assert api.client.get("/api/users", headers=ann).status_code == 401


def test_a_cached_caller_loses_a_groups_role_at_once(api: Api) -> None:
    api.create_group("admins", roles=["ADMIN"])
    ann = api.create_user("ann", groups=["admins"])
    assert api.client.get("/api/users", headers=ann).status_code == 200  # now cached
    removed = api.client.delete("/api/groups/admins/users/ann", headers=api.admin)
    assert removed.status_code == 204
    assert api.client.get("/api/users", headers=ann).status_code == 403
    added = api.client.post("/api/groups/admins/users/ann", headers=api.admin)
    assert added.status_code == 204
    assert api.client.get("/api/users", headers=ann).status_code == 200


def test_a_cached_caller_loses_a_role_taken_from_its_group_at_once(api: Api) -> None:
    api.create_group("admins", roles=["ADMIN"])
    ann = api.create_user("ann", groups=["admins"])
    assert api.client.get("/api/users", headers=ann).status_code == 200
    api.create_group("admins", roles=[])
    assert api.client.get("/api/users", headers=ann).status_code == 403


def test_a_change_from_another_process_applies_within_the_cache_seconds(
    api: Api, ctx: ServiceContext, clock: FakeClock
) -> None:
    ann = api.create_user("ann")
    _cached(api, ann)
    # what another process's password change looks like here: a new generation in the
    # database, and no commit notice in this process
    with ctx.db.engine.begin() as conn:
        conn.execute(users.update().where(users.c.id == "ann").values(generation="other"))
    assert ctx.settings.auth_cache_seconds == 1.0
    clock.advance(0.5)
    assert api.client.get("/api/users", headers=ann).status_code == 403  # still cached
    clock.advance(0.6)
    assert api.client.get("/api/users", headers=ann).status_code == 401


def test_the_cache_never_outlives_the_token(api: Api, clock: FakeClock) -> None:
    api.create_user("ann")
    ann = {"X-Authorization": api.token(email="ann", password="pw", expiration=1)}
    _cached(api, ann)
    clock.advance(1)
    response = api.client.get("/api/users", headers=ann)
    assert response.status_code == 401
    assert response.json()["error"] == "EXPIRED_TOKEN"


def test_a_refused_token_is_not_cached(api: Api, ctx: ServiceContext) -> None:
    assert api.client.get("/api/users", headers={"X-Authorization": "nope"}).status_code == 401
    assert ctx.auth_cache.get("nope") is None


def test_zero_seconds_turns_the_cache_off(api: Api, ctx: ServiceContext) -> None:
    ctx.auth_cache.seconds = 0
    ann = api.create_user("ann")
    _cached(api, ann)
    assert ctx.auth_cache.get(ann["X-Authorization"]) is None
    with ctx.db.engine.begin() as conn:
        conn.execute(sa.update(users).where(users.c.id == "ann").values(generation="other"))
    assert api.client.get("/api/users", headers=ann).status_code == 401


def test_a_read_begun_before_an_identity_change_is_not_cached(ctx: ServiceContext) -> None:
    caller = Caller(kind=CallerKind.USER, id="ann", name="ann", roles=frozenset())
    epoch = ctx.auth_cache.epoch()
    ctx.auth_cache.clear()  # what an identity commit does while the read runs
    ctx.auth_cache.put("token", caller, 1e12, epoch)
    assert ctx.auth_cache.get("token") is None
    ctx.auth_cache.put("token", caller, 1e12, ctx.auth_cache.epoch())
    assert ctx.auth_cache.get("token") == caller

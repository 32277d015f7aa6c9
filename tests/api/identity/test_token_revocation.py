"""Tokens belong to one identity: deleting and re-creating a user, changing a password, or
rotating a key's secret ends the tokens issued before; lifetimes are capped."""

from __future__ import annotations

import base64

from baton.clock import FakeClock
from baton.services.bootstrap import ensure_admin_key
from baton.services.context import ServiceContext

from support import ADMIN_KEY_ID, ADMIN_KEY_SECRET, Api


def _basic(user: str, password: str) -> dict[str, str]:
    return {"Authorization": "Basic " + base64.b64encode(f"{user}:{password}".encode()).decode()}


def _put_user(api: Api, user_id: str, roles: list[str], password: str | None = None) -> None:
    body: dict[str, object] = {"name": user_id, "roles": roles}
    if password is not None:
        body["password"] = password
    response = api.client.put(f"/api/users/{user_id}", json=body, headers=api.admin)
    assert response.status_code == 200, response.text


def test_recreated_user_does_not_revive_old_tokens(api: Api) -> None:
    old = api.create_user("tmp", password="pw")
    assert api.client.delete("/api/users/tmp", headers=api.admin).status_code == 204
    _put_user(api, "tmp", ["ADMIN"], password="pw")

    response = api.client.get("/api/users", headers=old)
    assert response.status_code == 401
    assert response.json()["error"] == "INVALID_TOKEN"
    # a fresh login is the re-created admin
    assert api.client.get("/api/users", headers=api.as_user("tmp", "pw")).status_code == 200


def test_password_change_revokes_tokens_other_changes_do_not(api: Api) -> None:
    old = api.create_user("ann", password="old-pw")
    _put_user(api, "ann", ["USER"])  # no password: name and roles only
    assert api.client.get("/api/token/userInfo", headers=old).status_code == 200

    _put_user(api, "ann", ["USER"], password="new-pw")
    response = api.client.get("/api/token/userInfo", headers=old)
    assert response.status_code == 401
    assert response.json()["error"] == "INVALID_TOKEN"
    new = api.as_user("ann", "new-pw")
    assert api.client.get("/api/token/userInfo", headers=new).status_code == 200


def test_password_change_forgets_remembered_basic_logins(api: Api) -> None:
    api.create_user("ann", password="old-pw")
    assert api.client.get("/v2/topology", headers=_basic("ann", "old-pw")).status_code == 200
    _put_user(api, "ann", ["USER"], password="new-pw")

    assert api.client.get("/v2/topology", headers=_basic("ann", "old-pw")).status_code == 401
    assert api.client.get("/v2/topology", headers=_basic("ann", "new-pw")).status_code == 200


def test_recreated_user_basic_login_checks_the_new_password(api: Api) -> None:
    api.create_user("ann", password="first")
    assert api.client.get("/v2/topology", headers=_basic("ann", "first")).status_code == 200
    api.client.delete("/api/users/ann", headers=api.admin)
    _put_user(api, "ann", ["USER"], password="second")
    assert api.client.get("/v2/topology", headers=_basic("ann", "first")).status_code == 401


def test_rotated_key_secret_revokes_its_tokens(api: Api, ctx: ServiceContext) -> None:
    old = api.admin
    # what a restart with a new BATON_ADMIN_KEY_SECRET does
    ensure_admin_key(ctx.db, ctx.clock, ADMIN_KEY_ID, "rotated-secret")

    response = api.client.get("/api/users", headers=old)
    assert response.status_code == 401
    assert response.json()["error"] == "INVALID_TOKEN"
    refused = api.client.post(
        "/api/token", json={"keyId": ADMIN_KEY_ID, "keySecret": ADMIN_KEY_SECRET}
    )
    assert refused.status_code == 401
    fresh = api.token(keyId=ADMIN_KEY_ID, keySecret="rotated-secret")
    assert api.client.get("/api/users", headers={"X-Authorization": fresh}).status_code == 200


def test_negative_or_zero_expiration_is_refused(api: Api) -> None:
    for expiration in (-1, 0):
        response = api.client.post(
            "/api/token",
            json={"keyId": ADMIN_KEY_ID, "keySecret": ADMIN_KEY_SECRET, "expiration": expiration},
        )
        assert response.status_code == 400, expiration
        assert response.json()["validationErrors"][0]["path"] == "expiration"


def test_expiration_is_capped_by_the_setting(
    api: Api, clock: FakeClock, ctx: ServiceContext
) -> None:
    cap = ctx.settings.max_token_ttl_seconds
    assert cap == 24 * 3600  # the default
    thirty_days_ms = 30 * 24 * 3600 * 1000
    token = api.token(keyId=ADMIN_KEY_ID, keySecret=ADMIN_KEY_SECRET, expiration=thirty_days_ms)
    headers = {"X-Authorization": token}
    clock.advance(cap - 1)
    assert api.client.get("/api/users", headers=headers).status_code == 200
    clock.advance(1)
    response = api.client.get("/api/users", headers=headers)
    assert response.status_code == 401
    assert response.json()["error"] == "EXPIRED_TOKEN"

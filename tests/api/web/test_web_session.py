"""The web app's browser session: sign-in sets an HttpOnly SameSite cookie, every API family
accepts it, unsafe requests need the CSRF token, sign-out and expiry end it."""

from __future__ import annotations

from datetime import timedelta

from fastapi.testclient import TestClient

from baton.clock import FakeClock

from support import Api


def sign_in(api: Api, user: str = "ana", password: str = "pw") -> str:
    response = api.client.post("/api/web/session", json={"username": user, "password": password})
    assert response.status_code == 200, response.text
    csrf: str = response.json()["csrfToken"]
    return csrf


def test_sign_in_sets_a_strict_http_only_cookie_and_answers_the_user(api: Api) -> None:
    api.create_group("clerks")
    api.create_user("ana", groups=["clerks"])
    response = api.client.post("/api/web/session", json={"username": "ana", "password": "pw"})
    assert response.status_code == 200, response.text
    cookie = response.headers["set-cookie"]
    assert "baton_session=" in cookie
    assert "HttpOnly" in cookie
    assert "SameSite=strict" in cookie or "SameSite=Strict" in cookie
    body = response.json()
    assert body["user"]["id"] == "ana"
    assert body["user"]["groups"] == ["clerks"]
    assert body["user"]["admin"] is False
    assert len(body["csrfToken"]) >= 32
    again = api.client.get("/api/web/session")
    assert again.status_code == 200
    assert again.json()["csrfToken"] == body["csrfToken"]


def test_a_wrong_password_is_refused_and_sets_no_cookie(api: Api) -> None:
    api.create_user("ana")
    response = api.client.post("/api/web/session", json={"username": "ana", "password": "no"})
    assert response.status_code == 401
    assert "set-cookie" not in response.headers
    assert api.client.get("/api/web/session").status_code == 401


def test_every_api_family_accepts_the_session_and_unsafe_calls_need_the_csrf_token(
    api: Api,
) -> None:
    api.create_user("boss", roles=["ADMIN"])
    csrf = sign_in(api, "boss")
    assert api.client.get("/api/token/userInfo").json()["id"] == "boss"
    body = {"description": "g", "roles": []}
    refused = api.client.put("/api/groups/g1", json=body)
    assert refused.status_code == 403
    assert "CSRF" in refused.json()["message"]
    wrong = api.client.put("/api/groups/g1", json=body, headers={"X-CSRF-Token": "x" * 43})
    assert wrong.status_code == 403
    assert api.client.get("/api/groups/g1", headers=api.admin).status_code == 404
    done = api.client.put("/api/groups/g1", json=body, headers={"X-CSRF-Token": csrf})
    assert done.status_code == 200, done.text


def test_sign_out_ends_the_session(api: Api) -> None:
    api.create_user("ana")
    csrf = sign_in(api)
    cookie = api.client.cookies.get("baton_session")
    assert api.client.delete("/api/web/session", headers={"X-CSRF-Token": csrf}).status_code == 204
    assert api.client.get("/api/web/session").status_code == 401
    # the old cookie, replayed, no longer works either
    replay = TestClient(api.client.app)
    replay.cookies.set("baton_session", cookie or "")
    assert replay.get("/api/web/session").status_code == 401


def test_an_expired_session_answers_401_session_expired(api: Api, clock: FakeClock) -> None:
    api.create_user("ana")
    sign_in(api)
    clock.advance(timedelta(hours=8, seconds=1))
    response = api.client.get("/api/web/session")
    assert response.status_code == 401
    assert response.json()["error"] == "SESSION_EXPIRED"


def test_a_password_change_ends_the_users_sessions(api: Api) -> None:
    api.create_user("ana")
    sign_in(api)
    changed = api.client.put(
        "/api/users/ana",
        json={"name": "ana", "roles": ["USER"], "password": "new-pw"},
        headers=api.admin,
    )
    assert changed.status_code == 200
    assert api.client.get("/api/web/session").status_code == 401

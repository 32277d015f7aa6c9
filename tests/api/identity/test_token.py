"""POST /api/token and GET /api/token/userInfo, and how every other call is authenticated."""

from __future__ import annotations

from baton.clock import FakeClock

from support import ADMIN_KEY_ID, ADMIN_KEY_SECRET, Api


def test_admin_key_gets_a_token_that_works(api: Api) -> None:
    token = api.token(keyId=ADMIN_KEY_ID, keySecret=ADMIN_KEY_SECRET)
    response = api.client.get("/api/users", headers={"X-Authorization": token})
    assert response.status_code == 200
    assert response.json() == []


def test_bearer_authorization_header_is_accepted(api: Api) -> None:
    token = api.token(keyId=ADMIN_KEY_ID, keySecret=ADMIN_KEY_SECRET)
    response = api.client.get("/api/users", headers={"Authorization": f"Bearer {token}"})
    assert response.status_code == 200


def test_wrong_secret_is_refused_with_invalid_token(api: Api) -> None:
    response = api.client.post("/api/token", json={"keyId": ADMIN_KEY_ID, "keySecret": "nope"})
    assert response.status_code == 401
    body = response.json()
    assert body["error"] == "INVALID_TOKEN"
    assert body["status"] == 401
    assert "keySecret" in body["message"]


def test_unknown_key_is_refused(api: Api) -> None:
    response = api.client.post("/api/token", json={"keyId": "nobody", "keySecret": "x"})
    assert response.status_code == 401
    assert response.json()["error"] == "INVALID_TOKEN"


def test_token_request_needs_a_credential_pair(api: Api) -> None:
    response = api.client.post("/api/token", json={"keyId": ADMIN_KEY_ID})
    assert response.status_code == 400
    assert "keyId" in response.json()["message"]


def test_garbage_token_gives_invalid_token(api: Api) -> None:
    response = api.client.get("/api/users", headers={"X-Authorization": "garbage"})
    assert response.status_code == 401
    assert response.json()["error"] == "INVALID_TOKEN"


def test_missing_token_gives_invalid_token(api: Api) -> None:
    response = api.client.get("/api/users")
    assert response.status_code == 401
    assert response.json()["error"] == "INVALID_TOKEN"


def test_token_signed_with_another_key_is_invalid(api: Api) -> None:
    import jwt

    forged = jwt.encode(
        {"iss": "baton", "sub": "x", "kind": "APPLICATION", "exp": 4102444800},
        "another-signing-key-0123456789-abcdef",
        algorithm="HS256",
    )
    response = api.client.get("/api/users", headers={"X-Authorization": forged})
    assert response.status_code == 401
    assert response.json()["error"] == "INVALID_TOKEN"


def test_expired_token_gives_expired_token(api: Api, clock: FakeClock) -> None:
    headers = api.admin
    clock.advance(3601)
    response = api.client.get("/api/users", headers=headers)
    assert response.status_code == 401
    assert response.json()["error"] == "EXPIRED_TOKEN"


def test_expiration_sets_the_token_lifetime(api: Api, clock: FakeClock) -> None:
    token = api.token(keyId=ADMIN_KEY_ID, keySecret=ADMIN_KEY_SECRET, expiration=10_000)
    clock.advance(9)
    assert api.client.get("/api/users", headers={"X-Authorization": token}).status_code == 200
    clock.advance(2)
    response = api.client.get("/api/users", headers={"X-Authorization": token})
    assert response.json()["error"] == "EXPIRED_TOKEN"


def test_user_logs_in_with_password_and_sees_groups(api: Api) -> None:
    api.create_group("engineers")
    headers = api.create_user("jane@example.com", password="s3cret", groups=["engineers"])
    info = api.client.get("/api/token/userInfo", headers=headers).json()
    assert info["id"] == "jane@example.com"
    assert [g["id"] for g in info["groups"]] == ["engineers"]
    assert [r["name"] for r in info["roles"]] == ["USER"]
    assert info["applicationUser"] is False


def test_wrong_password_is_refused(api: Api) -> None:
    api.create_user("jane@example.com", password="s3cret")
    response = api.client.post("/api/token", json={"email": "jane@example.com", "password": "x"})
    assert response.status_code == 401
    assert response.json()["error"] == "INVALID_TOKEN"


def test_user_without_password_cannot_log_in(api: Api) -> None:
    response = api.client.put(
        "/api/users/nopass", json={"name": "No Pass", "roles": ["USER"]}, headers=api.admin
    )
    assert response.status_code == 200
    response = api.client.post("/api/token", json={"email": "nopass", "password": ""})
    assert response.status_code == 401


def test_application_user_info(api: Api) -> None:
    info = api.client.get("/api/token/userInfo", headers=api.admin).json()
    assert info["applicationUser"] is True
    assert [r["name"] for r in info["roles"]] == ["ADMIN"]


def test_token_of_deleted_user_stops_working(api: Api) -> None:
    headers = api.create_user("temp")
    assert api.client.delete("/api/users/temp", headers=api.admin).status_code == 204
    response = api.client.get("/api/token/userInfo", headers=headers)
    assert response.status_code == 401
    assert response.json()["error"] == "INVALID_TOKEN"


def test_role_change_takes_effect_without_new_token(api: Api) -> None:
    headers = api.create_user("promoted")
    assert api.client.get("/api/users", headers=headers).status_code == 403
    api.client.put("/api/users/promoted", json={"name": "p", "roles": ["ADMIN"]}, headers=api.admin)
    assert api.client.get("/api/users", headers=headers).status_code == 200

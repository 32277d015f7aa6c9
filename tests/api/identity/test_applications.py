"""/api/applications, access keys and application roles."""

from __future__ import annotations

from support import Api


def _new_app(api: Api, name: str = "billing") -> str:
    response = api.client.post("/api/applications", json={"name": name}, headers=api.admin)
    assert response.status_code == 200, response.text
    app_id: str = response.json()["id"]
    return app_id


def test_application_key_logs_in_and_has_its_roles(api: Api) -> None:
    app_id = _new_app(api)
    key = api.client.post(f"/api/applications/{app_id}/accessKeys", headers=api.admin).json()
    assert set(key) == {"id", "secret"}
    token = api.token(keyId=key["id"], keySecret=key["secret"])
    headers = {"X-Authorization": token}
    assert api.client.get("/api/users", headers=headers).status_code == 403

    response = api.client.post(f"/api/applications/{app_id}/roles/ADMIN", headers=api.admin)
    assert response.json()["roles"] == ["ADMIN"]
    assert api.client.get("/api/users", headers=headers).status_code == 200

    api.client.delete(f"/api/applications/{app_id}/roles/ADMIN", headers=api.admin)
    assert api.client.get("/api/users", headers=headers).status_code == 403


def test_listing_keys_never_shows_secrets(api: Api) -> None:
    app_id = _new_app(api)
    key = api.client.post(f"/api/applications/{app_id}/accessKeys", headers=api.admin).json()
    listed = api.client.get(f"/api/applications/{app_id}/accessKeys", headers=api.admin)
    assert listed.json()[0]["id"] == key["id"]
    assert listed.json()[0]["status"] == "ACTIVE"
    assert key["secret"] not in listed.text


def test_deleting_a_key_revokes_its_tokens(api: Api) -> None:
    app_id = _new_app(api)
    api.client.post(f"/api/applications/{app_id}/roles/ADMIN", headers=api.admin)
    key = api.client.post(f"/api/applications/{app_id}/accessKeys", headers=api.admin).json()
    headers = {"X-Authorization": api.token(keyId=key["id"], keySecret=key["secret"])}
    response = api.client.delete(
        f"/api/applications/{app_id}/accessKeys/{key['id']}", headers=api.admin
    )
    assert response.status_code == 204
    assert api.client.get("/api/users", headers=headers).status_code == 401
    login = api.client.post("/api/token", json={"keyId": key["id"], "keySecret": key["secret"]})
    assert login.status_code == 401


def test_inactive_key_cannot_log_in(api: Api) -> None:
    app_id = _new_app(api)
    key = api.client.post(f"/api/applications/{app_id}/accessKeys", headers=api.admin).json()
    toggled = api.client.post(
        f"/api/applications/{app_id}/accessKeys/{key['id']}/status", headers=api.admin
    )
    assert toggled.json()["status"] == "INACTIVE"
    login = api.client.post("/api/token", json={"keyId": key["id"], "keySecret": key["secret"]})
    assert login.status_code == 401


def test_user_cannot_read_keys_or_create_applications(api: Api) -> None:
    app_id = _new_app(api)
    headers = api.create_user("plain")
    assert (
        api.client.get(f"/api/applications/{app_id}/accessKeys", headers=headers).status_code == 403
    )
    assert (
        api.client.post(f"/api/applications/{app_id}/accessKeys", headers=headers).status_code
        == 403
    )
    assert (
        api.client.post("/api/applications", json={"name": "x"}, headers=headers).status_code == 403
    )
    assert api.client.get("/api/applications", headers=headers).status_code == 403


def test_rename_list_and_delete_application(api: Api) -> None:
    app_id = _new_app(api)
    renamed = api.client.put(
        f"/api/applications/{app_id}", json={"name": "payments"}, headers=api.admin
    )
    assert renamed.json()["name"] == "payments"
    names = [a["name"] for a in api.client.get("/api/applications", headers=api.admin).json()]
    assert "payments" in names
    assert api.client.delete(f"/api/applications/{app_id}", headers=api.admin).status_code == 204
    assert api.client.get(f"/api/applications/{app_id}", headers=api.admin).status_code == 404


def test_unknown_application_and_role_errors(api: Api) -> None:
    assert (
        api.client.post("/api/applications/nope/accessKeys", headers=api.admin).status_code == 404
    )
    app_id = _new_app(api)
    response = api.client.post(f"/api/applications/{app_id}/roles/EMPEROR", headers=api.admin)
    assert response.status_code == 400
    response = api.client.post("/api/applications", json={"name": ""}, headers=api.admin)
    assert response.status_code == 400


def test_application_found_by_its_access_key(api: Api) -> None:
    app_id = _new_app(api)
    key = api.client.post(f"/api/applications/{app_id}/accessKeys", headers=api.admin).json()
    found = api.client.get(f"/api/applications/key/{key['id']}", headers=api.admin)
    assert found.status_code == 200, found.text
    assert found.json()["id"] == app_id
    assert found.json()["name"] == "billing"
    # the application itself may look itself up; another caller learns nothing
    own = {"X-Authorization": api.token(keyId=key["id"], keySecret=key["secret"])}
    assert api.client.get(f"/api/applications/key/{key['id']}", headers=own).json()["id"] == app_id
    other = api.create_user("olga")
    response = api.client.get(f"/api/applications/key/{key['id']}", headers=other)
    assert response.status_code == 404
    assert key["id"] in response.json()["message"]


def test_unknown_access_key_is_404(api: Api) -> None:
    response = api.client.get("/api/applications/key/no-such-key", headers=api.admin)
    assert response.status_code == 404
    assert "no-such-key" in response.json()["message"]

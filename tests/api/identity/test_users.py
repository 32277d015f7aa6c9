"""/api/users: ADMIN manages users; users read themselves; bad input changes nothing."""

from __future__ import annotations

from support import Api


def test_admin_creates_reads_lists_and_deletes_a_user(api: Api) -> None:
    api.create_group("ops")
    body = {"name": "Jane Doe", "roles": ["USER"], "groups": ["ops"], "password": "pw"}
    created = api.client.put("/api/users/jane@example.com", json=body, headers=api.admin)
    assert created.status_code == 200
    user = created.json()
    assert user["id"] == "jane@example.com"
    assert user["name"] == "Jane Doe"
    assert user["roles"] == [{"name": "USER", "permissions": []}]
    assert [g["id"] for g in user["groups"]] == ["ops"]
    assert "password" not in created.text and "hash" not in created.text

    fetched = api.client.get("/api/users/jane@example.com", headers=api.admin).json()
    assert fetched["name"] == "Jane Doe"
    listed = api.client.get("/api/users", headers=api.admin).json()
    assert [u["id"] for u in listed] == ["jane@example.com"]

    assert api.client.delete("/api/users/jane@example.com", headers=api.admin).status_code == 204
    assert api.client.get("/api/users/jane@example.com", headers=api.admin).status_code == 404


def test_upsert_replaces_name_and_roles_and_keeps_password(api: Api) -> None:
    api.create_user("bob", password="first")
    response = api.client.put(
        "/api/users/bob", json={"name": "Robert", "roles": ["ADMIN"]}, headers=api.admin
    )
    assert response.status_code == 200
    assert response.json()["roles"][0]["name"] == "ADMIN"
    assert (
        api.client.post("/api/token", json={"email": "bob", "password": "first"}).status_code == 200
    )


def test_upsert_without_groups_keeps_memberships(api: Api) -> None:
    api.create_group("ops")
    api.create_user("bob", groups=["ops"])
    api.client.put("/api/users/bob", json={"name": "Bob"}, headers=api.admin)
    user = api.client.get("/api/users/bob", headers=api.admin).json()
    assert [g["id"] for g in user["groups"]] == ["ops"]


def test_user_cannot_create_users(api: Api) -> None:
    headers = api.create_user("plain")
    response = api.client.put("/api/users/other", json={"name": "x"}, headers=headers)
    assert response.status_code == 403
    assert response.json()["status"] == 403
    assert api.client.get("/api/users/other", headers=api.admin).status_code == 404


def test_user_cannot_list_or_delete_users(api: Api) -> None:
    headers = api.create_user("plain")
    assert api.client.get("/api/users", headers=headers).status_code == 403
    assert api.client.delete("/api/users/plain", headers=headers).status_code == 403


def test_user_reads_self_but_not_others(api: Api) -> None:
    api.create_user("other")
    headers = api.create_user("plain")
    assert api.client.get("/api/users/plain", headers=headers).status_code == 200
    assert api.client.get("/api/users/other", headers=headers).status_code == 403


def test_unknown_role_is_refused_and_nothing_is_created(api: Api) -> None:
    response = api.client.put(
        "/api/users/x", json={"name": "x", "roles": ["KING"]}, headers=api.admin
    )
    assert response.status_code == 400
    body = response.json()
    assert body["validationErrors"][0]["path"] == "roles[0]"
    assert api.client.get("/api/users/x", headers=api.admin).status_code == 404


def test_unknown_group_is_refused_and_nothing_is_created(api: Api) -> None:
    response = api.client.put(
        "/api/users/x", json={"name": "x", "groups": ["ghosts"]}, headers=api.admin
    )
    assert response.status_code == 400
    assert "ghosts" in response.json()["message"]
    assert api.client.get("/api/users/x", headers=api.admin).status_code == 404


def test_wrong_types_are_refused(api: Api) -> None:
    response = api.client.put("/api/users/x", json={"name": 5, "roles": "USER"}, headers=api.admin)
    assert response.status_code == 400
    paths = {e["path"] for e in response.json()["validationErrors"]}
    assert paths == {"name", "roles"}


def test_empty_password_is_refused(api: Api) -> None:
    response = api.client.put("/api/users/x", json={"name": "x", "password": ""}, headers=api.admin)
    assert response.status_code == 400
    assert api.client.get("/api/users/x", headers=api.admin).status_code == 404


def test_delete_unknown_user_is_404(api: Api) -> None:
    response = api.client.delete("/api/users/ghost", headers=api.admin)
    assert response.status_code == 404
    assert "ghost" in response.json()["message"]


def test_deleting_a_user_drops_memberships_and_grants(api: Api) -> None:
    api.create_group("ops")
    api.create_user("bob", groups=["ops"])
    grant = {
        "subject": {"type": "USER", "id": "bob"},
        "target": {"type": "TASK_DEF", "id": "approve"},
        "access": ["UPDATE"],
    }
    assert (
        api.client.post("/api/auth/authorization", json=grant, headers=api.admin).status_code == 204
    )
    api.client.delete("/api/users/bob", headers=api.admin)
    assert api.client.get("/api/groups/ops/users", headers=api.admin).json() == []
    perms = api.client.get("/api/auth/authorization/TASK_DEF/approve", headers=api.admin).json()
    assert perms == {}

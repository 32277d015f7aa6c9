"""/api/groups and memberships."""

from __future__ import annotations

from support import Api


def test_group_lifecycle_and_members(api: Api) -> None:
    created = api.client.put(
        "/api/groups/eng", json={"description": "Engineers", "roles": ["USER"]}, headers=api.admin
    )
    assert created.status_code == 200
    assert created.json()["description"] == "Engineers"
    api.create_user("ann")
    api.create_user("ben")
    for user in ("ann", "ben"):
        response = api.client.post(f"/api/groups/eng/users/{user}", headers=api.admin)
        assert response.status_code == 204
    # adding twice is harmless
    assert api.client.post("/api/groups/eng/users/ann", headers=api.admin).status_code == 204
    members = api.client.get("/api/groups/eng/users", headers=api.admin).json()
    assert [m["id"] for m in members] == ["ann", "ben"]

    assert api.client.delete("/api/groups/eng/users/ann", headers=api.admin).status_code == 204
    members = api.client.get("/api/groups/eng/users", headers=api.admin).json()
    assert [m["id"] for m in members] == ["ben"]

    assert [g["id"] for g in api.client.get("/api/groups", headers=api.admin).json()] == ["eng"]
    assert api.client.delete("/api/groups/eng", headers=api.admin).status_code == 204
    assert api.client.get("/api/groups/eng", headers=api.admin).status_code == 404
    ben = api.client.get("/api/users/ben", headers=api.admin).json()
    assert ben["groups"] == []


def test_member_of_admin_group_is_admin(api: Api) -> None:
    api.create_group("admins", roles=["ADMIN"])
    headers = api.create_user("ann", groups=["admins"])
    assert api.client.get("/api/users", headers=headers).status_code == 200
    info = api.client.get("/api/token/userInfo", headers=headers).json()
    assert {r["name"] for r in info["roles"]} == {"ADMIN", "USER"}


def test_adding_unknown_user_or_to_unknown_group_is_404(api: Api) -> None:
    api.create_group("eng")
    assert api.client.post("/api/groups/eng/users/ghost", headers=api.admin).status_code == 404
    api.create_user("ann")
    assert api.client.post("/api/groups/none/users/ann", headers=api.admin).status_code == 404


def test_user_cannot_manage_groups(api: Api) -> None:
    api.create_group("eng")
    headers = api.create_user("ann", groups=["eng"])
    assert api.client.put("/api/groups/x", json={}, headers=headers).status_code == 403
    assert api.client.post("/api/groups/eng/users/ann", headers=headers).status_code == 403
    assert api.client.get("/api/groups", headers=headers).status_code == 403
    # but may read a group they belong to
    assert api.client.get("/api/groups/eng", headers=headers).status_code == 200


def test_unknown_group_role_is_refused(api: Api) -> None:
    response = api.client.put("/api/groups/g", json={"roles": ["ROOT"]}, headers=api.admin)
    assert response.status_code == 400
    assert api.client.get("/api/groups/g", headers=api.admin).status_code == 404

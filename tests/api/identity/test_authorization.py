"""/api/auth/authorization: grants on targets."""

from __future__ import annotations

from baton.model.identity import Access, TargetType
from baton.services.auth import authenticate
from baton.services.authz import may
from baton.services.context import ServiceContext

from support import Api


def _grant(subject: dict[str, str], access: list[str]) -> dict[str, object]:
    return {"subject": subject, "target": {"type": "TASK_DEF", "id": "approve"}, "access": access}


def test_grant_list_and_revoke(api: Api) -> None:
    api.create_group("reviewers")
    api.create_user("ann")
    for body in (
        _grant({"type": "USER", "id": "ann"}, ["READ", "UPDATE"]),
        _grant({"type": "GROUP", "id": "reviewers"}, ["UPDATE"]),
    ):
        response = api.client.post("/api/auth/authorization", json=body, headers=api.admin)
        assert response.status_code == 204, response.text
    listed = api.client.get("/api/auth/authorization/TASK_DEF/approve", headers=api.admin).json()
    assert listed == {
        "READ": [{"type": "USER", "id": "ann"}],
        "UPDATE": [{"type": "GROUP", "id": "reviewers"}, {"type": "USER", "id": "ann"}],
    }
    revoke = _grant({"type": "USER", "id": "ann"}, ["UPDATE"])
    response = api.client.request(
        "DELETE", "/api/auth/authorization", json=revoke, headers=api.admin
    )
    assert response.status_code == 204
    listed = api.client.get("/api/auth/authorization/TASK_DEF/approve", headers=api.admin).json()
    assert listed["UPDATE"] == [{"type": "GROUP", "id": "reviewers"}]


def test_access_through_group_and_role(api: Api, ctx: ServiceContext) -> None:
    api.create_group("reviewers")
    ann = api.create_user("ann", groups=["reviewers"])
    bob = api.create_user("bob")
    body = _grant({"type": "GROUP", "id": "reviewers"}, ["UPDATE"])
    api.client.post("/api/auth/authorization", json=body, headers=api.admin)
    target = (TargetType.TASK_DEF, "approve")
    ann_caller = authenticate(ctx, ann["X-Authorization"])
    bob_caller = authenticate(ctx, bob["X-Authorization"])
    assert may(ctx, ann_caller, target, Access.UPDATE)
    assert not may(ctx, ann_caller, target, Access.DELETE)
    assert not may(ctx, bob_caller, target, Access.UPDATE)
    body = _grant({"type": "ROLE", "id": "USER"}, ["DELETE"])
    api.client.post("/api/auth/authorization", json=body, headers=api.admin)
    assert may(ctx, bob_caller, target, Access.DELETE)


def test_user_cannot_grant_permissions(api: Api) -> None:
    headers = api.create_user("ann")
    body = _grant({"type": "USER", "id": "ann"}, ["UPDATE"])
    assert api.client.post("/api/auth/authorization", json=body, headers=headers).status_code == 403
    listed = api.client.get("/api/auth/authorization/TASK_DEF/approve", headers=api.admin).json()
    assert listed == {}


def test_bad_grants_are_refused(api: Api) -> None:
    cases = [
        (
            {
                "subject": {"type": "ALIEN", "id": "x"},
                "target": {"type": "TASK_DEF", "id": "a"},
                "access": ["READ"],
            },
            400,
        ),
        (
            {
                "subject": {"type": "USER", "id": "x"},
                "target": {"type": "MOON", "id": "a"},
                "access": ["READ"],
            },
            400,
        ),
        (_grant({"type": "USER", "id": "ghost"}, ["READ"]), 404),
        (_grant({"type": "GROUP", "id": "ghosts"}, ["READ"]), 404),
        (_grant({"type": "ROLE", "id": "KING"}, ["READ"]), 400),
        (_grant({"type": "USER", "id": "x"}, []), 400),
        (_grant({"type": "USER", "id": "x"}, ["FLY"]), 400),
    ]
    for body, status in cases:
        response = api.client.post("/api/auth/authorization", json=body, headers=api.admin)
        assert response.status_code == status, (body, response.text)
        assert response.json()["message"]
    listed = api.client.get("/api/auth/authorization/TASK_DEF/approve", headers=api.admin).json()
    assert listed == {}

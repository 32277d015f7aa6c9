"""Tasklist filters saved on the server: mine, shared with my groups, and who may change them."""

from __future__ import annotations

from typing import Any

from web_helpers import web_user

from support import Api

QUERY: dict[str, Any] = {"view": "groups", "sort": "due", "order": "asc"}


def body(name: str = "Due soon", shared: str | None = None, **query: Any) -> dict[str, Any]:
    return {"name": name, "query": {**QUERY, **query}, "sharedGroup": shared}


def people(api: Api) -> None:
    api.create_group("sales")
    api.create_group("ops")


def test_create_list_update_delete(api: Api) -> None:
    people(api)
    ann = web_user(api, "ann", groups=["sales"])
    full = body(
        process="order",
        dueFrom="2026-01-01",
        dueTo="2026-02-01",
        minPriority=50,
        variables=[{"name": "region", "value": '"north"'}],
        text="urgent",
    )
    created = ann.post("/api/web/filters", json=full)
    assert created.status_code == 201, created.text
    saved = created.json()
    assert saved["name"] == "Due soon"
    assert saved["mine"] is True
    assert saved["ownerId"] == "ann"
    assert saved["sharedGroup"] is None
    assert saved["query"] == full["query"]
    listed = ann.get("/api/web/filters").json()["filters"]
    assert [f["id"] for f in listed] == [saved["id"]]

    changed = ann.put(f"/api/web/filters/{saved['id']}", json=body("Mine", view="mine"))
    assert changed.status_code == 200, changed.text
    assert changed.json()["name"] == "Mine"
    assert ann.get("/api/web/filters").json()["filters"][0]["query"]["view"] == "mine"

    assert ann.delete(f"/api/web/filters/{saved['id']}").status_code == 204
    assert ann.get("/api/web/filters").json() == {"filters": []}
    assert ann.delete(f"/api/web/filters/{saved['id']}").status_code == 404


def test_shared_filters_are_seen_by_the_group_only_and_changed_by_the_owner_only(
    api: Api,
) -> None:
    people(api)
    ann = web_user(api, "ann", groups=["sales"])
    bob = web_user(api, "bob", groups=["sales"])
    carl = web_user(api, "carl", groups=["ops"])
    shared = ann.post("/api/web/filters", json=body("Team", shared="sales")).json()
    ann.post("/api/web/filters", json=body("Private"))
    seen = bob.get("/api/web/filters").json()["filters"]
    assert [(f["name"], f["mine"], f["sharedGroup"]) for f in seen] == [("Team", False, "sales")]
    assert carl.get("/api/web/filters").json() == {"filters": []}
    # bob sees it but may not change or delete it; carl does not even see it
    for who in (bob, carl):
        url = f"/api/web/filters/{shared['id']}"
        assert who.put(url, json=body("Taken")).status_code == 404
        assert who.delete(url).status_code == 404
    assert len(ann.get("/api/web/filters").json()["filters"]) == 2


def test_sharing_needs_membership_admins_share_with_any_group(api: Api) -> None:
    people(api)
    ann = web_user(api, "ann", groups=["sales"])
    refused = ann.post("/api/web/filters", json=body(shared="ops"))
    assert refused.status_code == 403
    boss = web_user(api, "boss", roles=["ADMIN"])
    assert boss.post("/api/web/filters", json=body(shared="ops")).status_code == 201
    unknown = boss.post("/api/web/filters", json=body("Other", shared="nobody"))
    assert unknown.status_code == 400
    mine = ann.post("/api/web/filters", json=body()).json()
    reshared = ann.put(f"/api/web/filters/{mine['id']}", json=body(shared="ops"))
    assert reshared.status_code == 403
    # an admin may change or delete anyone's filter
    assert boss.put(f"/api/web/filters/{mine['id']}", json=body("Renamed")).status_code == 200
    assert boss.delete(f"/api/web/filters/{mine['id']}").status_code == 204


def test_names_are_unique_per_owner(api: Api) -> None:
    people(api)
    ann = web_user(api, "ann", groups=["sales"])
    bob = web_user(api, "bob", groups=["sales"])
    first = ann.post("/api/web/filters", json=body("Same")).json()
    assert ann.post("/api/web/filters", json=body("Same")).status_code == 409
    assert bob.post("/api/web/filters", json=body("Same")).status_code == 201
    other = ann.post("/api/web/filters", json=body("Other")).json()
    renamed = ann.put(f"/api/web/filters/{other['id']}", json=body("Same"))
    assert renamed.status_code == 409
    assert ann.put(f"/api/web/filters/{first['id']}", json=body("Same")).status_code == 200


def test_queries_are_validated(api: Api) -> None:
    people(api)
    ann = web_user(api, "ann", groups=["sales"])
    bad_queries: list[Any] = [
        {**QUERY, "view": "everything"},
        {**QUERY, "sort": "name"},
        {**QUERY, "order": "up"},
        {**QUERY, "dueFrom": "tomorrow"},
        {**QUERY, "minPriority": 101},
        {**QUERY, "unknown": 1},
        {"sort": "due", "order": "asc"},
        [QUERY],
        "view=mine",
        {**QUERY, "variables": [{"name": "x"}]},
        {**QUERY, "text": "x" * 20_000},
    ]
    for query in bad_queries:
        response = ann.post("/api/web/filters", json={"name": "Bad", "query": query})
        assert response.status_code == 400, (query, response.text)
        assert response.json()["validationErrors"]
    assert ann.post("/api/web/filters", json={"name": "", "query": QUERY}).status_code == 400
    assert ann.post("/api/web/filters", json={"name": "   ", "query": QUERY}).status_code == 400
    assert ann.get("/api/web/filters").json() == {"filters": []}


def test_applications_have_no_saved_filters(api: Api) -> None:
    response = api.client.get("/api/web/filters", headers=api.admin)
    assert response.status_code == 403

"""/api/human/template: Orkes user-form templates: versions, tags, deletes, the template of a
human task, validation and who may write."""

from __future__ import annotations

import json
import threading
import warnings
from collections.abc import Iterator
from typing import Any

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from starlette.routing import NoMatchFound

from baton.api.human import templates as templates_api
from baton.app import create_app
from baton.clock import FakeClock
from baton.ids import new_id
from baton.model import human_task
from baton.model.identity import Caller, CallerKind, Role
from baton.services import templates
from baton.services.context import ServiceContext
from baton.store import templates as template_store
from baton.store.schema import human_tasks, instances

from support import Api

BASE = "/api/human/template"

SCHEMA: dict[str, Any] = {
    "$schema": "http://json-schema.org/draft-07/schema",
    "properties": {"enterAssets": {"type": "string"}, "Confirm": {"type": "boolean"}},
}
UI: dict[str, Any] = {
    "type": "VerticalLayout",
    "elements": [
        {"type": "Control", "scope": "#/properties/enterAssets", "label": "Enter Assets"},
        {"type": "Control", "scope": "#/properties/Confirm", "options": {}},
    ],
}


def _has_template_routes(app: FastAPI) -> bool:
    # By route name: FastAPI >= 0.16x keeps included routers whole in `app.routes`, so their
    # paths cannot be listed there.
    try:
        return str(app.url_path_for("get_template_for_task", humanTaskId="t")) == f"{BASE}/t"
    except NoMatchFound:
        return False


@pytest.fixture
def client(ctx: ServiceContext) -> Iterator[TestClient]:
    """The app, with the template routes added if `create_app` does not include them yet."""
    app = create_app(ctx)
    if not _has_template_routes(app):
        app.include_router(templates_api.router)
    with TestClient(app) as test_client:
        yield test_client


def _template(name: str = "assetWatchlist", **extra: Any) -> dict[str, Any]:
    return {"name": name, "jsonSchema": SCHEMA, "templateUI": UI, **extra}


def _save(api: Api, body: Any, headers: dict[str, str] | None = None, **query: Any) -> Any:
    response = api.client.post(BASE, json=body, params=query, headers=headers or api.admin)
    assert response.status_code == 200, response.text
    return response.json()


def _all(api: Api) -> list[tuple[str, int]]:
    response = api.client.get(BASE, headers=api.admin)
    assert response.status_code == 200, response.text
    return [(t["name"], t["version"]) for t in response.json()]


def _human_task(ctx: ServiceContext, task_id: str, form: str | None, version: int | None) -> None:
    """A human-task row as the human-task service stores it (only the form columns matter);
    it has no assignments, so anyone may see it."""
    now = ctx.now_ms()
    task = human_task.create(human_task.parse_definition({}), now=now, new_id=new_id).task
    with ctx.db.write() as conn:
        instance_id = f"wf-{task_id}"
        conn.execute(
            instances.insert().values(
                id=instance_id,
                def_name="assetPageFlow",
                def_version=1,
                def_stamp=now,
                status="RUNNING",
                state="{}",
                revision=1,
                created_at=now,
                updated_at=now,
            )
        )
        conn.execute(
            human_tasks.insert().values(
                id=task_id,
                instance_id=instance_id,
                workflow_name="assetPageFlow",
                ref_name="selectAssets_ref",
                iteration=0,
                definition_name="selectAssets",
                display_name="Pick your assets",
                state="ASSIGNED",
                form_name=form,
                form_version=version,
                document=json.dumps(human_task.to_dict(task)),
                input="{}",
                output="{}",
                revision=1,
                created_at=now,
                updated_at=now,
            )
        )


# ---------------------------------------------------------------- saving and versions


def test_register_and_get_in_the_orkes_shape(api: Api, ctx: ServiceContext) -> None:
    manager = api.create_user("mm@example.com", roles=["METADATA_MANAGER"])
    saved = _save(api, _template(), manager)
    now = ctx.now_ms()
    assert saved == {
        "createTime": now,
        "updateTime": now,
        "createdBy": "USER:mm@example.com",
        "updatedBy": "USER:mm@example.com",
        "name": "assetWatchlist",
        "version": 1,
        "jsonSchema": SCHEMA,
        "templateUI": UI,
        "tags": [],
    }
    assert api.client.get(f"{BASE}/assetWatchlist/1", headers=manager).json() == saved
    assert api.client.get(BASE, params={"name": "assetWatchlist"}, headers=manager).json() == [
        saved
    ]


def test_application_callers_own_what_they_create(api: Api) -> None:
    saved = _save(api, _template())
    assert saved["createdBy"].startswith("APPLICATION:")
    assert saved["ownerApp"] == saved["createdBy"].removeprefix("APPLICATION:")


def test_template_ui_defaults_to_an_empty_object(api: Api) -> None:
    saved = _save(api, {"name": "plain", "jsonSchema": {}})
    assert saved["templateUI"] == {} and saved["jsonSchema"] == {}


def test_without_version_the_latest_is_overwritten_keeping_its_creation(
    api: Api, clock: FakeClock
) -> None:
    first = _save(api, _template())
    manager = api.create_user("mm", roles=["METADATA_MANAGER"])
    clock.advance(60)
    changed_schema = {"properties": {"enterAssets": {"type": "string", "maxLength": 5}}}
    again = _save(api, _template(jsonSchema=changed_schema), manager)
    assert again["version"] == 1
    assert again["createTime"] == first["createTime"]
    assert again["createdBy"] == first["createdBy"]
    assert again["ownerApp"] == first["ownerApp"]
    assert again["updateTime"] == first["updateTime"] + 60_000
    assert again["updatedBy"] == "USER:mm"
    assert again["jsonSchema"] == changed_schema
    assert _all(api) == [("assetWatchlist", 1)]


def test_new_version_and_explicit_versions(api: Api) -> None:
    assert _save(api, _template(), newVersion="true")["version"] == 1
    assert _save(api, _template(), newVersion="true")["version"] == 2
    assert _save(api, _template(version=7), newVersion="true")["version"] == 7
    assert _save(api, _template(version=3))["version"] == 3
    assert _save(api, _template(), newVersion="true")["version"] == 8
    assert _save(api, _template())["version"] == 8  # overwrites the latest
    assert _all(api) == [("assetWatchlist", v) for v in (1, 2, 3, 7, 8)]


def test_bulk_saves_all_and_returns_them(api: Api) -> None:
    response = api.client.post(
        f"{BASE}/bulk",
        json=[_template("a"), _template("b", version=4), _template("a")],
        params={"newVersion": "true"},
        headers=api.admin,
    )
    assert response.status_code == 200, response.text
    assert [(t["name"], t["version"]) for t in response.json()] == [("a", 1), ("b", 4), ("a", 2)]
    assert _all(api) == [("a", 1), ("a", 2), ("b", 4)]
    empty = api.client.post(f"{BASE}/bulk", json=[], headers=api.admin)
    assert empty.status_code == 200 and empty.json() == []


def test_bulk_with_one_bad_template_saves_none(api: Api) -> None:
    _save(api, _template("a"))
    bad = _template("b", jsonSchema={"type": 5})
    response = api.client.post(
        f"{BASE}/bulk", json=[_template("a", version=2), bad], headers=api.admin
    )
    assert response.status_code == 400
    body = response.json()
    assert body["validationErrors"][0]["path"] == "[1].jsonSchema.type"
    assert "'b'" in body["message"]
    assert _all(api) == [("a", 1)]
    not_a_list = api.client.post(f"{BASE}/bulk", json=_template("c"), headers=api.admin)
    assert not_a_list.status_code == 400
    not_objects = api.client.post(f"{BASE}/bulk", json=[_template("c"), 5], headers=api.admin)
    assert not_objects.status_code == 400
    assert not_objects.json()["validationErrors"][0]["path"] == "[1]"
    assert _all(api) == [("a", 1)]


# ---------------------------------------------------------------- bad input


@pytest.mark.parametrize(
    ("body", "path"),
    [
        ({"jsonSchema": SCHEMA}, "name"),
        ({"name": "", "jsonSchema": SCHEMA}, "name"),
        ({"name": "   ", "jsonSchema": SCHEMA}, "name"),
        ({"name": 5, "jsonSchema": SCHEMA}, "name"),
        ({"name": "x" * 256, "jsonSchema": SCHEMA}, "name"),
        ({"name": "bad\nname", "jsonSchema": SCHEMA}, "name"),
        ({"name": "a/b", "jsonSchema": SCHEMA}, "name"),
        ({"name": "f"}, "jsonSchema"),
        ({"name": "f", "jsonSchema": None}, "jsonSchema"),
        ({"name": "f", "jsonSchema": "string"}, "jsonSchema"),
        ({"name": "f", "jsonSchema": [1, 2]}, "jsonSchema"),
        ({"name": "f", "jsonSchema": {"type": 5}}, "jsonSchema.type"),
        ({"name": "f", "jsonSchema": {"$ref": "#/definitions/nope"}}, "jsonSchema.$ref"),
        ({"name": "f", "jsonSchema": {}, "templateUI": "VerticalLayout"}, "templateUI"),
        ({"name": "f", "jsonSchema": {}, "version": 0}, "version"),
        ({"name": "f", "jsonSchema": {}, "version": -1}, "version"),
        ({"name": "f", "jsonSchema": {}, "version": "2"}, "version"),
        ({"name": "f", "jsonSchema": {}, "version": 1.5}, "version"),
        ({"name": "f", "jsonSchema": {}, "version": True}, "version"),
        ({"name": "f", "jsonSchema": {}, "version": 2**31}, "version"),
        ({"name": "f", "jsonSchema": {}, "tags": "x"}, "tags"),
        ({"name": "f", "jsonSchema": {}, "tags": [{"key": "", "value": "v"}]}, "tags[0].key"),
        ({"name": "f", "jsonSchema": {}, "tags": [{"key": "k", "value": 1}]}, "tags[0].value"),
    ],
)
def test_bad_templates_are_refused_with_the_field(api: Api, body: Any, path: str) -> None:
    response = api.client.post(BASE, json=body, headers=api.admin)
    assert response.status_code == 400, response.text
    found = response.json()
    assert path in [e["path"] for e in found["validationErrors"]], found
    assert found["message"]
    assert _all(api) == []


def test_every_problem_is_reported_at_once(api: Api) -> None:
    body = {"name": "", "jsonSchema": {"type": 5}, "version": 0, "templateUI": []}
    response = api.client.post(BASE, json=body, headers=api.admin)
    assert response.status_code == 400
    paths = {e["path"] for e in response.json()["validationErrors"]}
    assert paths == {"name", "jsonSchema.type", "version", "templateUI"}


def test_malformed_requests_are_400(api: Api) -> None:
    headers = {**api.admin, "Content-Type": "application/json"}
    for url in (BASE, f"{BASE}/bulk"):
        response = api.client.post(url, content=b'{"name": "x", ', headers=headers)
        assert response.status_code == 400, response.text
        assert "malformed JSON" in response.json()["message"]
    not_object = api.client.post(BASE, json=[_template()], headers=api.admin)
    assert not_object.status_code == 400
    no_body = api.client.post(BASE, headers=api.admin)
    assert no_body.status_code == 400
    bad_flag = api.client.post(
        BASE, json=_template(), params={"newVersion": "perhaps"}, headers=api.admin
    )
    assert bad_flag.status_code == 400
    assert "newVersion" in bad_flag.text
    assert _all(api) == []


# ---------------------------------------------------------------- reading


def test_list_filters(api: Api) -> None:
    _save(api, _template("a"))
    _save(api, _template("a"), newVersion="true")
    _save(api, _template("b"))
    assert _all(api) == [("a", 1), ("a", 2), ("b", 1)]

    def listed(**query: Any) -> list[tuple[str, int]]:
        response = api.client.get(BASE, params=query, headers=api.admin)
        assert response.status_code == 200, response.text
        return [(t["name"], t["version"]) for t in response.json()]

    assert listed(name="a") == [("a", 1), ("a", 2)]
    assert listed(name="a", version=2) == [("a", 2)]
    assert listed(version=1) == [("a", 1), ("b", 1)]
    assert listed(version=5) == []
    assert api.client.get(BASE, params={"name": "ghost"}, headers=api.admin).status_code == 404
    missing_version = api.client.get(BASE, params={"name": "a", "version": 3}, headers=api.admin)
    assert missing_version.status_code == 404
    for bad in ("x", "0", "-2"):
        response = api.client.get(BASE, params={"version": bad}, headers=api.admin)
        assert response.status_code == 400, (bad, response.text)


def test_get_one_version(api: Api) -> None:
    _save(api, _template())
    _save(api, _template(), newVersion="true")
    one = api.client.get(f"{BASE}/assetWatchlist/1", headers=api.admin)
    assert one.status_code == 200 and one.json()["version"] == 1
    latest = api.client.get(f"{BASE}/assetWatchlist/0", headers=api.admin)
    assert latest.status_code == 200 and latest.json()["version"] == 2
    for missing in (f"{BASE}/assetWatchlist/3", f"{BASE}/ghost/1", f"{BASE}/ghost/0"):
        assert api.client.get(missing, headers=api.admin).status_code == 404, missing
    huge = api.client.get(f"{BASE}/assetWatchlist/{2**40}", headers=api.admin)
    assert huge.status_code == 404
    for bad in ("abc", "-1", "1.5"):
        response = api.client.get(f"{BASE}/assetWatchlist/{bad}", headers=api.admin)
        assert response.status_code == 400, (bad, response.text)


def test_template_of_a_human_task(api: Api, ctx: ServiceContext) -> None:
    _save(api, _template())
    _save(api, _template(), newVersion="true")
    _human_task(ctx, "task-v1", "assetWatchlist", 1)
    _human_task(ctx, "task-latest", "assetWatchlist", 0)
    _human_task(ctx, "task-null-version", "assetWatchlist", None)
    _human_task(ctx, "task-no-form", None, None)
    _human_task(ctx, "task-gone-form", "deleted", 1)
    user = api.create_user("reader")
    found = api.client.get(f"{BASE}/task-v1", headers=user)
    assert found.status_code == 200, found.text
    assert (found.json()["name"], found.json()["version"]) == ("assetWatchlist", 1)
    assert api.client.get(f"{BASE}/task-latest", headers=user).json()["version"] == 2
    assert api.client.get(f"{BASE}/task-null-version", headers=user).json()["version"] == 2
    for task_id in ("task-no-form", "task-gone-form", "no-such-task"):
        response = api.client.get(f"{BASE}/{task_id}", headers=user)
        assert response.status_code == 404, task_id
        assert task_id in response.json()["message"]


def test_resolve_for_the_human_task_service(api: Api, ctx: ServiceContext) -> None:
    _save(api, _template())
    _save(api, _template(), newVersion="true")
    assert templates.resolve(ctx, "assetWatchlist", 0) is not None
    latest = templates.resolve(ctx, "assetWatchlist", None)
    assert latest is not None and latest["version"] == 2
    assert latest["json_schema"] == SCHEMA
    with ctx.db.read() as conn:
        first = templates.resolve(conn, "assetWatchlist", 1)
        assert first is not None and first["version"] == 1
        assert templates.resolve(conn, "assetWatchlist", 3) is None
        assert templates.resolve(conn, "ghost", 0) is None
    assert latest == templates.resolve(ctx, "assetWatchlist", 0)
    assert templates.resolve(ctx, "ghost", 1) is None
    assert templates.resolve(ctx, "assetWatchlist", -1) is None


# ---------------------------------------------------------------- tags


def test_tags_are_shared_by_every_version(api: Api) -> None:
    _save(api, _template())
    _save(api, _template(), newVersion="true")
    url = f"{BASE}/assetWatchlist/tags"
    assert api.client.get(url, headers=api.admin).json() == []
    put = api.client.put(
        url,
        json=[{"key": "team", "value": "ops"}, {"key": "tier", "value": "1"}],
        headers=api.admin,
    )
    assert put.status_code == 204, put.text
    upsert = api.client.put(url, json=[{"key": "team", "value": "finance"}], headers=api.admin)
    assert upsert.status_code == 204
    expected = [{"key": "team", "value": "finance"}, {"key": "tier", "value": "1"}]
    assert api.client.get(url, headers=api.admin).json() == expected
    for version in (1, 2):
        one = api.client.get(f"{BASE}/assetWatchlist/{version}", headers=api.admin).json()
        assert one["tags"] == expected
    newer = _save(api, _template(), newVersion="true")
    assert newer["tags"] == expected

    removed = api.client.request(
        "DELETE", url, json=[{"key": "tier", "value": "1"}], headers=api.admin
    )
    assert removed.status_code == 204, removed.text
    kept = api.client.request(  # the value differs: not removed
        "DELETE", url, json=[{"key": "team", "value": "ops"}], headers=api.admin
    )
    assert kept.status_code == 204
    assert api.client.get(url, headers=api.admin).json() == [{"key": "team", "value": "finance"}]
    by_key = api.client.request("DELETE", url, json=[{"key": "team"}], headers=api.admin)
    assert by_key.status_code == 204
    assert api.client.get(url, headers=api.admin).json() == []
    assert api.client.get(f"{BASE}/assetWatchlist/1", headers=api.admin).json()["tags"] == []


def test_tags_in_a_saved_template_replace_the_names_tags(api: Api) -> None:
    _save(api, _template(tags=[{"key": "a", "value": "1"}]))
    saved = _save(api, _template(tags=[{"key": "b", "value": "2"}]), newVersion="true")
    assert saved["tags"] == [{"key": "b", "value": "2"}]
    first = api.client.get(f"{BASE}/assetWatchlist/1", headers=api.admin).json()
    assert first["tags"] == [{"key": "b", "value": "2"}]


def test_tags_errors(api: Api) -> None:
    _save(api, _template())
    url = f"{BASE}/assetWatchlist/tags"
    assert api.client.get(f"{BASE}/ghost/tags", headers=api.admin).status_code == 404
    tag = [{"key": "k", "value": "v"}]
    assert api.client.put(f"{BASE}/ghost/tags", json=tag, headers=api.admin).status_code == 404
    gone = api.client.request("DELETE", f"{BASE}/ghost/tags", json=tag, headers=api.admin)
    assert gone.status_code == 404
    for bad, path in (
        ({"key": "k", "value": "v"}, "body"),
        ([{"key": "k"}], "[0].value"),
        ([{"value": "v"}], "[0].key"),
        (["k"], "[0]"),
        ([{"key": "k", "value": "v" * 1025}], "[0].value"),
    ):
        response = api.client.put(url, json=bad, headers=api.admin)
        assert response.status_code == 400, (bad, response.text)
        assert path in [e["path"] for e in response.json()["validationErrors"]], response.text
    headers = {**api.admin, "Content-Type": "application/json"}
    assert api.client.put(url, content=b"[{", headers=headers).status_code == 400
    too_many = [{"key": f"k{i}", "value": "v"} for i in range(101)]
    assert api.client.put(url, json=too_many, headers=api.admin).status_code == 400
    assert api.client.get(url, headers=api.admin).json() == []


# ---------------------------------------------------------------- deleting


def test_delete_one_version_and_all_versions(api: Api) -> None:
    _save(api, _template("a"))
    _save(api, _template("a"), newVersion="true")
    _save(api, _template("b"))
    response = api.client.delete(f"{BASE}/a/1", headers=api.admin)
    assert response.status_code == 204 and response.content == b""
    assert api.client.get(f"{BASE}/a/1", headers=api.admin).status_code == 404
    assert api.client.delete(f"{BASE}/a/1", headers=api.admin).status_code == 404
    assert _all(api) == [("a", 2), ("b", 1)]
    _save(api, _template("a"), newVersion="true")
    assert api.client.delete(f"{BASE}/a", headers=api.admin).status_code == 204
    assert _all(api) == [("b", 1)]
    assert api.client.delete(f"{BASE}/a", headers=api.admin).status_code == 404
    assert api.client.delete(f"{BASE}/b/x", headers=api.admin).status_code == 400
    assert api.client.delete(f"{BASE}/b/0", headers=api.admin).status_code == 400
    assert _all(api) == [("b", 1)]


# ---------------------------------------------------------------- who may do what


def test_plain_users_read_but_cannot_write(api: Api) -> None:
    _save(api, _template())
    user = api.create_user("jane", roles=["USER"])
    assert api.client.get(BASE, headers=user).status_code == 200
    assert api.client.get(f"{BASE}/assetWatchlist/1", headers=user).status_code == 200
    assert api.client.get(f"{BASE}/assetWatchlist/tags", headers=user).status_code == 200
    tag = [{"key": "k", "value": "v"}]
    forbidden = [
        api.client.post(BASE, json=_template(), headers=user),
        api.client.post(BASE, json=_template("other"), headers=user),
        api.client.post(f"{BASE}/bulk", json=[_template("other")], headers=user),
        api.client.put(f"{BASE}/assetWatchlist/tags", json=tag, headers=user),
        api.client.request("DELETE", f"{BASE}/assetWatchlist/tags", json=tag, headers=user),
        api.client.delete(f"{BASE}/assetWatchlist/1", headers=user),
        api.client.delete(f"{BASE}/assetWatchlist", headers=user),
        api.client.delete(f"{BASE}/ghost", headers=user),
    ]
    for response in forbidden:
        assert response.status_code == 403, response.text
    assert _all(api) == [("assetWatchlist", 1)]
    one = api.client.get(f"{BASE}/assetWatchlist/1", headers=api.admin).json()
    assert one["tags"] == [] and one["updatedBy"].startswith("APPLICATION:")


def test_metadata_managers_may_write(api: Api) -> None:
    manager = api.create_user("mm", roles=["METADATA_MANAGER"])
    assert _save(api, _template(), manager)["createdBy"] == "USER:mm"
    tag = [{"key": "k", "value": "v"}]
    url = f"{BASE}/assetWatchlist/tags"
    assert api.client.put(url, json=tag, headers=manager).status_code == 204
    assert api.client.delete(f"{BASE}/assetWatchlist", headers=manager).status_code == 204


def test_a_grant_on_the_template_allows_writing_it(api: Api) -> None:
    user = api.create_user("grantee", roles=["USER"])
    grant = {
        "subject": {"type": "USER", "id": "grantee"},
        "target": {"type": "USER_FORM_TEMPLATE", "id": "granted"},
        "access": ["UPDATE"],
    }
    response = api.client.post("/api/auth/authorization", json=grant, headers=api.admin)
    assert response.status_code == 204, response.text
    assert _save(api, _template("granted"), user)["version"] == 1
    assert api.client.post(BASE, json=_template("other"), headers=user).status_code == 403


def test_anonymous_callers_are_refused(api: Api) -> None:
    _save(api, _template())
    for method, url in (
        ("GET", BASE),
        ("GET", f"{BASE}/assetWatchlist/1"),
        ("GET", f"{BASE}/some-task"),
        ("GET", f"{BASE}/assetWatchlist/tags"),
        ("DELETE", f"{BASE}/assetWatchlist"),
    ):
        response = api.client.request(method, url)
        assert response.status_code == 401, (method, url)
    assert api.client.post(BASE, json=_template("new")).status_code == 401
    assert (
        api.client.post(BASE, json=_template(), headers={"X-Authorization": "junk"}).status_code
        == 401
    )
    assert _all(api) == [("assetWatchlist", 1)]


# ---------------------------------------------------------------- concurrency


def test_concurrent_new_versions_never_overwrite_each_other(ctx: ServiceContext) -> None:
    caller = Caller(CallerKind.USER, "mm", "mm", frozenset({Role.METADATA_MANAGER}))
    saved: list[int] = []
    failed: list[BaseException] = []

    def register() -> None:
        for _ in range(5):
            try:
                body = {"name": "busy", "jsonSchema": {}}
                found = templates.save_template(ctx, caller, body, new_version=True)
                saved.append(found["version"])
            except BaseException as exc:
                failed.append(exc)

    threads = [threading.Thread(target=register) for _ in range(6)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert failed == []
    assert sorted(saved) == list(range(1, 31))


def test_inserting_an_existing_version_changes_nothing(ctx: ServiceContext) -> None:
    fields: dict[str, Any] = {
        "name": "once",
        "json_schema": {},
        "template_ui": {},
        "tags": [],
        "now": 1,
        "by": "USER:a",
        "owner_app": None,
    }
    with ctx.db.write() as conn:
        assert template_store.insert(conn, version=1, **fields) is not None
        assert template_store.insert(conn, version=1, **{**fields, "by": "USER:b"}) is None
        assert template_store.insert(conn, version=2, **fields) is not None  # still usable
    with ctx.db.read() as conn:
        first = template_store.get(conn, "once", 1)
        assert first is not None and first["created_by"] == "USER:a"
        assert template_store.latest_version(conn, "once") == 2


def test_the_routes_are_registered_once(client: TestClient) -> None:
    app = client.app
    assert isinstance(app, FastAPI)
    assert _has_template_routes(app)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        paths = app.openapi()["paths"]
    assert not [w for w in caught if "Duplicate Operation ID" in str(w.message)]
    assert set(paths[BASE]) == {"get", "post"}
    assert set(paths[f"{BASE}/{{name}}/{{version}}"]) == {"get", "delete"}

"""Errors are JSON `{status, message, ...}`; bad requests never give a 500."""

from __future__ import annotations

import json

from support import Api


def test_unknown_endpoint_is_json_404(api: Api) -> None:
    response = api.client.get("/api/nothing-here", headers=api.admin)
    assert response.status_code == 404
    assert response.json()["status"] == 404


def test_wrong_method_is_json_405(api: Api) -> None:
    response = api.client.patch("/api/users", headers=api.admin)
    assert response.status_code == 405
    assert response.json()["status"] == 405


def test_malformed_json_is_400(api: Api) -> None:
    response = api.client.put(
        "/api/users/x",
        content=b'{"name": ',
        headers={**api.admin, "Content-Type": "application/json"},
    )
    assert response.status_code == 400
    assert response.json()["validationErrors"][0]["message"].startswith("malformed JSON")


def test_non_object_body_is_400(api: Api) -> None:
    response = api.client.put("/api/users/x", json=[1, 2], headers=api.admin)
    assert response.status_code == 400


def test_oversized_body_is_413_and_changes_nothing(api: Api) -> None:
    big = {"name": "x" * 300_000}
    response = api.client.put("/api/users/big", json=big, headers=api.admin)
    assert response.status_code == 413
    assert response.json()["status"] == 413
    assert api.client.get("/api/users/big", headers=api.admin).status_code == 404


def test_oversized_chunked_body_is_413(api: Api) -> None:
    def chunks():  # type: ignore[no-untyped-def]
        yield b'{"name": "'
        for _ in range(40):
            yield b"x" * 10_000
        yield b'"}'

    response = api.client.put(
        "/api/users/big",
        content=chunks(),
        headers={**api.admin, "Content-Type": "application/json"},
    )
    assert response.status_code == 413
    assert api.client.get("/api/users/big", headers=api.admin).status_code == 404


def test_chunked_body_is_accepted(api: Api) -> None:
    payload = json.dumps({"name": "Chunky", "roles": ["USER"]}).encode()

    def chunks():  # type: ignore[no-untyped-def]
        yield payload[:5]
        yield payload[5:]

    response = api.client.put(
        "/api/users/chunky",
        content=chunks(),
        headers={**api.admin, "Content-Type": "application/json"},
    )
    assert response.status_code == 200, response.text
    assert response.json()["name"] == "Chunky"


def test_control_characters_in_ids_are_refused(api: Api) -> None:
    response = api.client.put("/api/users/bad%0Aid", json={"name": "x"}, headers=api.admin)
    assert response.status_code == 400


def test_health_and_openapi(api: Api) -> None:
    assert api.client.get("/health").json() == {"healthy": True, "database": "ok"}
    spec = api.client.get("/openapi.json").json()
    assert "/api/token" in spec["paths"]
    assert api.client.get("/docs").status_code == 200

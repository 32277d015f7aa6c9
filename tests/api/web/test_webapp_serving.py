"""The web app and the API docs are served from the package, with nothing loaded from
outside the server."""

from __future__ import annotations

import re

import pytest

from baton.webapp.serve import DIST

from support import Api

BUILT = (DIST / "index.html").is_file()


@pytest.mark.parametrize("path", ["/", "/login", "/tasklist", "/tasklist/t-1", "/operate/x/y"])
def test_the_app_routes_answer_the_page(api: Api, path: str) -> None:
    response = api.client.get(path)
    assert response.headers["content-type"].startswith("text/html")
    assert response.status_code == (200 if BUILT else 503)


def test_paths_outside_the_app_stay_json_404s(api: Api) -> None:
    response = api.client.get("/api/no-such-thing")
    assert response.status_code == 404
    assert response.headers["content-type"].startswith("application/json")


@pytest.mark.skipif(not BUILT, reason="web/ is not built (make web)")
def test_the_built_page_loads_only_local_assets_cached_for_good(api: Api) -> None:
    page = api.client.get("/").text
    sources = re.findall(r'(?:src|href)="([^"]+)"', page)
    assert sources
    assert all(s.startswith("/") and not s.startswith("//") for s in sources), sources
    script = next(s for s in sources if s.endswith(".js"))
    asset = api.client.get(script)
    assert asset.status_code == 200
    assert "immutable" in asset.headers["cache-control"]


def test_docs_load_their_assets_from_this_server(api: Api) -> None:
    page = api.client.get("/docs")
    assert page.status_code == 200
    urls = re.findall(r"""(?:src|href|url)\s*[=:]\s*['"]([^'"]+)['"]""", page.text)
    assert urls
    assert all(u.startswith("/") for u in urls), urls
    if BUILT:
        for asset in ("/docs-assets/swagger-ui-bundle.js", "/docs-assets/swagger-ui.css"):
            assert api.client.get(asset).status_code == 200


def test_the_openapi_document_declares_how_to_authenticate(api: Api) -> None:
    spec = api.client.get("/openapi.json").json()
    schemes = spec["components"]["securitySchemes"]
    assert schemes["XAuthorization"] == {
        "type": "apiKey",
        "in": "header",
        "name": "X-Authorization",
        "description": schemes["XAuthorization"]["description"],
    }
    assert schemes["bearerAuth"]["scheme"] == "bearer"
    assert {"XAuthorization": []} in spec["security"]
    assert spec["paths"]["/api/token"]["post"]["security"] == []

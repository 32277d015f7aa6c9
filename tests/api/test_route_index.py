"""`api.route_index` picks the same route FastAPI's own scan picks, for every path the app
serves, and leaves everything else (405, redirects, 404, the web app) to the scan."""

from __future__ import annotations

import asyncio
import re
from typing import Any

import pytest
from fastapi import FastAPI, routing
from fastapi.testclient import TestClient

from baton.api.route_index import RouteIndex
from baton.app import create_app
from baton.services.context import ServiceContext


def _served(app: FastAPI) -> list[tuple[str, str]]:
    """(method, concrete path) for every route of the app, parameters filled in."""
    found: list[tuple[str, str]] = []
    for route in app.router.routes:
        contexts = getattr(route, "effective_route_contexts", None)
        for context in contexts() if contexts else [route]:
            path = getattr(context, "path_format", None) or getattr(context, "path", None)
            if not isinstance(path, str):
                continue
            concrete = re.sub(r"\{[^}]*\}", "x1", path)
            for method in getattr(context, "methods", None) or {"GET"}:
                found.append((method, concrete))
    return found


def _chosen(app: FastAPI, dispatch: Any, method: str, path: str) -> str:
    handled: list[str] = []

    async def stub(self: routing.APIRoute, scope: Any, receive: Any, send: Any) -> None:
        handled.append(f"{self.name}:{sorted(scope.get('path_params', {}).items())}")

    async def receive() -> dict[str, Any]:
        return {"type": "http.request", "body": b"", "more_body": False}

    async def send(message: Any) -> None:
        if message["type"] == "http.response.start":
            handled.append(f"status {message['status']}")

    scope = {
        "type": "http",
        "method": method,
        "path": path,
        "raw_path": path.encode(),
        "root_path": "",
        "query_string": b"",
        "headers": [],
        "app": app,
    }
    original = routing.APIRoute.handle
    routing.APIRoute.handle = stub  # type: ignore[method-assign]
    try:
        asyncio.run(dispatch(scope, receive, send))
    except Exception as error:  # a mount's own 404 (no exception handlers here)
        handled.append(repr(error))
    finally:
        routing.APIRoute.handle = original  # type: ignore[method-assign]
    return handled[0] if handled else "nothing"


@pytest.fixture
def app(ctx: ServiceContext) -> FastAPI:
    return create_app(ctx)


def test_the_index_picks_what_the_scan_picks_for_every_served_path(app: FastAPI) -> None:
    index = app.router.middleware_stack
    assert isinstance(index, RouteIndex)
    served = _served(app)
    assert len(served) > 80
    extra = [
        ("GET", "/api/human/tasks/search"),  # a POST route: the scan's 405
        ("POST", "/api/users/"),  # trailing slash: redirect
        ("GET", "/nowhere/at/all"),
        ("GET", "/"),
        ("GET", "/tasks/some/deep/page"),
        ("DELETE", "/health"),
    ]
    for method, path in served + extra:
        assert _chosen(app, index, method, path) == _chosen(app, app.router.app, method, path), (
            method,
            path,
        )


def test_few_routes_are_tried_for_the_hot_paths(app: FastAPI) -> None:
    index = app.router.middleware_stack
    assert isinstance(index, RouteIndex)
    assert len(index.candidates("/api/human/tasks/t1/claim")) <= 2
    assert len(index.candidates("/api/workflow/w")) == 1
    assert len(app.router.routes) > 20


def test_routes_added_later_are_served(app: FastAPI) -> None:
    with TestClient(app) as client:
        assert client.get("/health").status_code == 200
        app.add_api_route("/late/route", lambda: {"late": True}, methods=["GET"])
        assert client.get("/late/route").json() == {"late": True}
        assert client.post("/health").status_code == 405
        assert client.get("/api/nothing-here", headers={}).status_code == 404

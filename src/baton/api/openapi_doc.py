"""The OpenAPI document, with the ways to authenticate declared so "Authorize" works in
`/docs`: the Orkes `X-Authorization` header, a bearer token, HTTP Basic (Camunda clients)
and the web app's session cookie."""

from __future__ import annotations

from typing import Any

from fastapi import FastAPI
from fastapi.openapi.utils import get_openapi

SECURITY_SCHEMES: dict[str, dict[str, Any]] = {
    "XAuthorization": {
        "type": "apiKey",
        "in": "header",
        "name": "X-Authorization",
        "description": "A token from `POST /api/token` (Orkes clients).",
    },
    "bearerAuth": {
        "type": "http",
        "scheme": "bearer",
        "bearerFormat": "JWT",
        "description": "A token from `POST /api/token` or `POST /oauth/token`.",
    },
    "basicAuth": {
        "type": "http",
        "scheme": "basic",
        "description": "A user's id and password (the `/v2` Camunda API only).",
    },
    "session": {
        "type": "apiKey",
        "in": "cookie",
        "name": "baton_session",
        "description": "The web app's sign-in (`POST /api/web/session`); unsafe requests "
        "also send `X-CSRF-Token`.",
    },
}
OPEN_PATHS = frozenset({"/api/token", "/oauth/token", "/health", "/health/ready"})


def install(app: FastAPI) -> None:
    def openapi() -> dict[str, Any]:
        if app.openapi_schema is not None:
            return app.openapi_schema
        schema = get_openapi(
            title=app.title,
            version=app.version,
            description=app.description,
            routes=app.routes,
        )
        schema.setdefault("components", {})["securitySchemes"] = SECURITY_SCHEMES
        schema["security"] = [{"XAuthorization": []}, {"bearerAuth": []}, {"basicAuth": []}]
        for path, operations in schema.get("paths", {}).items():
            if path in OPEN_PATHS or path.startswith("/health"):
                for operation in operations.values():
                    operation["security"] = []
        app.openapi_schema = schema
        return schema

    app.openapi = openapi  # type: ignore[method-assign]

"""Signing in to the web API from tests: a separate client per user, with the session
cookie and the CSRF token on every unsafe request (as the app sends them)."""

from __future__ import annotations

from fastapi.testclient import TestClient

from support import Api


class WebUser:
    """A browser session of one user: `get`/`post`/`put`/`patch`/`delete` like TestClient."""

    def __init__(self, api: Api, user_id: str, password: str = "pw") -> None:
        self.client = TestClient(api.client.app)
        response = self.client.post(
            "/api/web/session", json={"username": user_id, "password": password}
        )
        assert response.status_code == 200, response.text
        self.csrf: str = response.json()["csrfToken"]
        self.client.headers["X-CSRF-Token"] = self.csrf
        self.id = user_id

    def __getattr__(self, name: str) -> object:
        return getattr(self.client, name)


def web_user(
    api: Api,
    user_id: str,
    *,
    roles: list[str] | None = None,
    groups: list[str] | None = None,
    password: str = "pw",
) -> WebUser:
    """Create the user (as admin), sign them in, and return their browser session."""
    api.create_user(user_id, password=password, roles=roles, groups=groups)
    return WebUser(api, user_id, password)

"""Failed logins are throttled per identity and per client address (429 + Retry-After,
without hashing), and password hashing runs a bounded number at a time (503 beyond)."""

from __future__ import annotations

import base64
import dataclasses
from collections.abc import Callable

import pytest
from fastapi.testclient import TestClient

from baton.clock import FakeClock
from baton.services import login_guard
from baton.services.context import ServiceContext
from baton.services.login_guard import HashingGate
from baton.settings import Settings

from support import ADMIN_KEY_ID, ADMIN_KEY_SECRET, Api

LIMIT = 3
ADDRESS_LIMIT = 7
WINDOW = 60
LOCK = 120


@pytest.fixture
def settings(settings: Settings) -> Settings:
    return dataclasses.replace(
        settings,
        login_max_failures=LIMIT,
        login_max_failures_per_address=ADDRESS_LIMIT,
        login_window_seconds=WINDOW,
        login_lock_seconds=LOCK,
    )


@pytest.fixture
def hashes(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The secrets Argon2 was asked to check, in order."""
    seen: list[str] = []
    real: Callable[[str | None, str], bool] = login_guard.verify_secret

    def counting(stored: str | None, secret: str) -> bool:
        seen.append(secret)
        return real(stored, secret)

    monkeypatch.setattr(login_guard, "verify_secret", counting)
    return seen


def _login(client: TestClient, user: str, password: str) -> int:
    return client.post("/api/token", json={"email": user, "password": password}).status_code


def _basic(user: str, password: str) -> dict[str, str]:
    return {"Authorization": "Basic " + base64.b64encode(f"{user}:{password}".encode()).decode()}


def test_wrong_passwords_lock_the_identity_until_the_lock_expires(
    api: Api, clock: FakeClock, hashes: list[str]
) -> None:
    api.create_user("ann", password="right")
    hashes.clear()
    assert [_login(api.client, "ann", f"guess-{i}") for i in range(LIMIT)] == [401] * LIMIT

    locked = api.client.post("/api/token", json={"email": "ann", "password": "right"})
    assert locked.status_code == 429
    assert locked.headers["Retry-After"] == str(LOCK)
    body = locked.json()
    assert body["code"] == "TOO_MANY_REQUESTS"
    assert body["retryAfterSeconds"] == LOCK
    assert body["retryable"] is True
    assert len(hashes) == LIMIT  # the refused attempt was not hashed

    clock.advance(LOCK - 1)
    retry = api.client.post("/api/token", json={"email": "ann", "password": "right"})
    assert retry.status_code == 429
    assert retry.headers["Retry-After"] == "1"
    clock.advance(1)
    assert _login(api.client, "ann", "right") == 200


def test_a_success_resets_the_identity_count(api: Api) -> None:
    api.create_user("ann", password="right")
    for _ in range(3):
        assert [_login(api.client, "ann", "wrong") for _ in range(LIMIT - 1)] == [401] * (LIMIT - 1)
        assert _login(api.client, "ann", "right") == 200


def test_failures_older_than_the_window_are_forgotten(api: Api, clock: FakeClock) -> None:
    api.create_user("ann", password="right")
    assert [_login(api.client, "ann", "wrong") for _ in range(LIMIT - 1)] == [401] * (LIMIT - 1)
    clock.advance(WINDOW)
    assert [_login(api.client, "ann", "wrong") for _ in range(LIMIT - 1)] == [401] * (LIMIT - 1)
    assert _login(api.client, "ann", "right") == 200


def test_one_address_guessing_across_many_identities_is_locked(
    api: Api, clock: FakeClock, hashes: list[str]
) -> None:
    api.create_user("ann", password="right")
    hashes.clear()
    codes = [_login(api.client, f"user-{i}", "guess") for i in range(ADDRESS_LIMIT)]
    assert codes == [401] * ADDRESS_LIMIT  # no identity reached its own limit

    # the address is locked: even a correct login from it waits, unhashed
    locked = api.client.post("/api/token", json={"email": "ann", "password": "right"})
    assert locked.status_code == 429
    assert "address" in locked.json()["message"]
    assert len(hashes) == ADDRESS_LIMIT
    clock.advance(LOCK)
    assert _login(api.client, "ann", "right") == 200


def test_key_secrets_are_throttled_too(api: Api, clock: FakeClock) -> None:
    wrong = {"keyId": ADMIN_KEY_ID, "keySecret": "guess"}
    assert [api.client.post("/api/token", json=wrong).status_code for _ in range(LIMIT)] == [
        401
    ] * LIMIT
    right = {"keyId": ADMIN_KEY_ID, "keySecret": ADMIN_KEY_SECRET}
    assert api.client.post("/api/token", json=right).status_code == 429
    clock.advance(LOCK)
    assert api.client.post("/api/token", json=right).status_code == 200


def test_basic_auth_failures_count_towards_the_same_lock(api: Api, clock: FakeClock) -> None:
    api.create_user("ann", password="right")
    for _ in range(LIMIT):
        assert api.client.get("/v2/topology", headers=_basic("ann", "wrong")).status_code == 401

    locked = api.client.get("/v2/topology", headers=_basic("ann", "right"))
    assert locked.status_code == 429
    assert locked.headers["content-type"] == "application/problem+json"
    assert locked.headers["Retry-After"] == str(LOCK)
    assert _login(api.client, "ann", "right") == 429  # the same identity on /api/token
    clock.advance(LOCK)
    assert api.client.get("/v2/topology", headers=_basic("ann", "right")).status_code == 200


def test_busy_hashing_is_refused_at_once_and_token_calls_go_on(
    api: Api, ctx: ServiceContext
) -> None:
    headers = api.create_user("ann", password="right")
    assert api.client.get("/v2/topology", headers=_basic("ann", "right")).status_code == 200
    ctx.logins.hashing = HashingGate(slots=1, waiters=0)

    with ctx.logins.hashing.slot():  # another login is hashing
        busy = api.client.post("/api/token", json={"email": "ann", "password": "right"})
        assert busy.status_code == 503
        assert busy.headers["Retry-After"] == "1"
        assert busy.json()["code"] == "SERVER_BUSY"
        # calls that need no hashing are not held up: a token, a remembered Basic login
        assert api.client.get("/api/token/userInfo", headers=headers).status_code == 200
        assert api.client.get("/v2/topology", headers=_basic("ann", "right")).status_code == 200
    assert _login(api.client, "ann", "right") == 200

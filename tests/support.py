"""Helpers for tests that run a real Baton server process."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import httpx
from fastapi.testclient import TestClient

BATON = str(Path(sys.executable).with_name("baton"))
ADMIN_KEY_ID = "admin-key"
ADMIN_KEY_SECRET = "admin-secret"
SECRET_KEY = "test-signing-key-0123456789abcdef"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


def wait_healthy(base_url: str, process: subprocess.Popen[bytes], timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            output = process.stdout.read().decode() if process.stdout else ""
            raise AssertionError(f"server exited with {process.returncode}:\n{output}")
        try:
            if httpx.get(f"{base_url}/health", timeout=1).status_code == 200:
                return
        except httpx.HTTPError:
            pass
        time.sleep(0.1)
    raise AssertionError(f"server at {base_url} not healthy after {timeout}s")


@contextmanager
def running_server(
    env: Mapping[str, str], *args: str, port: int | None = None
) -> Iterator[tuple[str, subprocess.Popen[bytes]]]:
    """`baton serve` in a child process; yields (base URL, process) once it is healthy."""
    port = port or free_port()
    process = subprocess.Popen(
        [BATON, "serve", "--host", "127.0.0.1", "--port", str(port), *args],
        env={**os.environ, **env},
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
    )
    base_url = f"http://127.0.0.1:{port}"
    try:
        wait_healthy(base_url, process)
        yield base_url, process
    finally:
        if process.poll() is None:
            process.send_signal(signal.SIGTERM)
            try:
                process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()
        if process.stdout:
            process.stdout.close()


class Api:
    """A test client plus helpers to log in as the admin key or as a user."""

    def __init__(self, client: TestClient) -> None:
        self.client = client
        self._admin_token: str | None = None

    def token(self, **body: Any) -> str:
        response = self.client.post("/api/token", json=body)
        assert response.status_code == 200, response.text
        token: str = response.json()["token"]
        return token

    @property
    def admin(self) -> dict[str, str]:
        if self._admin_token is None:
            self._admin_token = self.token(keyId=ADMIN_KEY_ID, keySecret=ADMIN_KEY_SECRET)
        return {"X-Authorization": self._admin_token}

    def as_user(self, user_id: str, password: str) -> dict[str, str]:
        return {"X-Authorization": self.token(email=user_id, password=password)}

    def create_user(
        self,
        user_id: str,
        *,
        password: str = "pw",
        roles: list[str] | None = None,
        groups: list[str] | None = None,
    ) -> dict[str, str]:
        """Create (as admin) a user and return that user's auth headers."""
        body: dict[str, Any] = {"name": user_id, "roles": roles or ["USER"], "password": password}
        if groups is not None:
            body["groups"] = groups
        response = self.client.put(f"/api/users/{user_id}", json=body, headers=self.admin)
        assert response.status_code == 200, response.text
        return self.as_user(user_id, password)

    def create_group(self, group_id: str, roles: list[str] | None = None) -> None:
        response = self.client.put(
            f"/api/groups/{group_id}",
            json={"description": group_id, "roles": roles or []},
            headers=self.admin,
        )
        assert response.status_code == 200, response.text


def at_once(actions: list[Callable[[], Any]]) -> list[Any]:
    """Run the actions in threads released together; each one's result, or what it raised."""
    barrier = threading.Barrier(len(actions))
    results: list[Any] = [None] * len(actions)

    def run(i: int) -> None:
        barrier.wait()
        try:
            results[i] = actions[i]()
        except Exception as exc:
            results[i] = exc

    threads = [threading.Thread(target=run, args=(i,)) for i in range(len(actions))]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return results

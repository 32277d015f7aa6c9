"""Helpers for tests that run a real Baton server process."""

from __future__ import annotations

import os
import queue
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


class ServerOutput:
    """What a server process writes (stdout and stderr), drained line by line in a thread:
    a busy server's log (one access line per request) must never fill the pipe and block it."""

    def __init__(self, process: subprocess.Popen[bytes]) -> None:
        self._lines: queue.Queue[str] = queue.Queue()
        self.seen: list[str] = []
        self._stream = process.stdout
        threading.Thread(target=self._drain, daemon=True).start()

    def _drain(self) -> None:
        assert self._stream is not None
        for raw in iter(self._stream.readline, b""):
            self._lines.put(raw.decode(errors="replace"))

    def until(self, last: str, timeout: float = 30) -> str:
        """The output up to the first line containing `last` (fails after `timeout`)."""
        read: list[str] = []
        deadline = time.monotonic() + timeout
        while not read or last not in read[-1]:
            try:
                line = self._lines.get(timeout=max(0.0, deadline - time.monotonic()))
            except queue.Empty:
                raise AssertionError(f"no {last!r} in the output:\n{''.join(read)}") from None
            read.append(line)
            self.seen.append(line)
        return "".join(read)

    def rest(self, timeout: float = 1) -> str:
        """Everything written so far that `until` has not returned."""
        try:
            while True:
                self.seen.append(self._lines.get(timeout=timeout))
        except queue.Empty:
            return "".join(self.seen)


class ServerProcess(subprocess.Popen[bytes]):
    output: ServerOutput


def until(predicate: Callable[[], Any], timeout: float = 60) -> Any:
    """Poll `predicate` until it gives something truthy, and return that. For state another
    process changes (no injectable clock reaches it); the limit is only there so a broken
    server fails the test instead of hanging it."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(0.1)
    raise AssertionError("condition not met in time")


def wait_healthy(base_url: str, process: ServerProcess, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise AssertionError(
                f"server exited with {process.returncode}:\n{process.output.rest()}"
            )
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
) -> Iterator[tuple[str, ServerProcess]]:
    """`baton serve` in a child process; yields (base URL, process) once it is healthy.
    Its output is in `process.output`."""
    port = port or free_port()
    process = ServerProcess(
        [BATON, "serve", "--host", "127.0.0.1", "--port", str(port), *args],
        env={**os.environ, **env},
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
    )
    process.output = ServerOutput(process)
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

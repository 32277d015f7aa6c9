"""Live task events (`GET /api/web/events`) against real server processes: a browser
session's stream tells its user what happens to the tasks they may see, and only those,
whichever server process of the database the change went through."""

from __future__ import annotations

import json
import queue
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import httpx
import pytest

from support import running_server

pytestmark = pytest.mark.slow  # real server processes

KEY = {"BATON_ADMIN_KEY_ID": "live-key", "BATON_ADMIN_KEY_SECRET": "live-secret"}
WAIT = 20.0  # the longest an expected event may take (it normally takes milliseconds)


def _admin(base: str) -> dict[str, str]:
    response = httpx.post(
        f"{base}/api/token", json={"keyId": "live-key", "keySecret": "live-secret"}
    )
    assert response.status_code == 200, response.text
    return {"X-Authorization": response.json()["token"]}


def _setup(base: str) -> dict[str, str]:
    """Users ana and bob in group crew, eve in group others; a workflow whose HUMAN task is
    offered to a group given at start."""
    admin = _admin(base)
    for group in ("crew", "others"):
        response = httpx.put(
            f"{base}/api/groups/{group}", json={"description": group, "roles": []}, headers=admin
        )
        assert response.status_code == 200, response.text
    for user, group in (("ana", "crew"), ("bob", "crew"), ("eve", "others")):
        response = httpx.put(
            f"{base}/api/users/{user}",
            json={"name": user, "roles": ["USER"], "password": "pw", "groups": [group]},
            headers=admin,
        )
        assert response.status_code == 200, response.text
    workflow = {
        "name": "live_review",
        "version": 1,
        "tasks": [
            {
                "name": "review",
                "taskReferenceName": "review",
                "type": "HUMAN",
                "inputParameters": {
                    "__humanTaskDefinition": {
                        "displayName": "Review",
                        "assignmentCompletionStrategy": "LEAVE_OPEN",
                        "assignments": [
                            {
                                "assignee": {
                                    "user": "${workflow.input.group}",
                                    "userType": "CONDUCTOR_GROUP",
                                },
                                "slaMinutes": 0,
                            }
                        ],
                    }
                },
            }
        ],
    }
    response = httpx.post(f"{base}/api/metadata/workflow", json=workflow, headers=admin)
    assert response.status_code in (200, 204), response.text
    return admin


def _start(base: str, admin: dict[str, str], group: str) -> str:
    response = httpx.post(f"{base}/api/workflow/live_review", json={"group": group}, headers=admin)
    assert response.status_code == 200, response.text
    return response.text


def _headers(base: str, user: str) -> dict[str, str]:
    response = httpx.post(f"{base}/api/token", json={"email": user, "password": "pw"})
    assert response.status_code == 200, response.text
    return {"X-Authorization": response.json()["token"]}


class Stream:
    """A signed-in browser session reading `/api/web/events` in a thread."""

    def __init__(self, base: str, user: str, since: int | None = None) -> None:
        self.since = since
        self.client = httpx.Client(base_url=base, timeout=httpx.Timeout(10, read=None))
        response = self.client.post("/api/web/session", json={"username": user, "password": "pw"})
        assert response.status_code == 200, response.text
        self.events: queue.Queue[dict[str, Any] | str] = queue.Queue()
        self._connected = threading.Event()
        self.headers: dict[str, str] = {}
        self.ids: list[int | None] = []  # the id of each task event, in order
        self._thread = threading.Thread(target=self._read, daemon=True)
        self._thread.start()
        assert self._connected.wait(WAIT), "the event stream did not open"

    def _read(self) -> None:
        try:
            query = {"since": self.since} if self.since is not None else None
            with self.client.stream("GET", "/api/web/events", params=query) as response:
                self.headers = dict(response.headers)
                kind, seq = None, None
                for line in response.iter_lines():
                    if line.startswith(": connected"):
                        self._connected.set()
                    elif line.startswith("id: "):
                        seq = int(line.removeprefix("id: "))
                    elif line.startswith("event: "):
                        kind = line.removeprefix("event: ")
                    elif line.startswith("data: ") and kind == "task":
                        self.ids.append(seq)
                        self.events.put(json.loads(line.removeprefix("data: ")))
                    elif line.startswith("event: expired"):
                        self.events.put("expired")
            self.events.put("closed")
        except httpx.HTTPError:
            self.events.put("closed")

    def next(self, timeout: float = WAIT) -> dict[str, Any] | str:
        try:
            return self.events.get(timeout=timeout)
        except queue.Empty:
            raise AssertionError(f"no event within {timeout}s") from None

    def next_about(self, task_id: str) -> dict[str, Any]:
        """The next event about `task_id`, skipping those about other tasks."""
        while True:
            event = self.next()
            assert isinstance(event, dict), event
            if event["taskId"] == task_id:
                return event

    def next_about_close(self) -> str:
        """What ends the stream, skipping the events before it."""
        while isinstance(event := self.next(), dict):
            pass
        return event

    def close(self) -> None:
        self.client.close()


def _task_of(base: str, headers: dict[str, str], workflow_id: str) -> str:
    response = httpx.get(f"{base}/api/workflow/{workflow_id}", headers=headers)
    assert response.status_code == 200, response.text
    return str(response.json()["tasks"][0]["taskId"])


@contextmanager
def _streams(base: str, *users: str, since: int | None = None) -> Iterator[list[Stream]]:
    opened = [Stream(base, user, since) for user in users]
    try:
        yield opened
    finally:
        for stream in opened:
            stream.close()


def test_offer_claim_and_nothing_for_others(database_url: str) -> None:
    env = {"BATON_DATABASE_URL": database_url, **KEY}
    with running_server(env) as (base, server):
        assert httpx.get(f"{base}/api/web/events").status_code == 401  # signed in only
        admin = _setup(base)
        with _streams(base, "ana", "eve") as (ana, eve):
            assert ana.headers["content-type"].startswith("text/event-stream")
            workflow_id = _start(base, admin, "crew")
            offered = ana.next()
            assert isinstance(offered, dict)
            task_id = offered["taskId"]
            assert offered == {
                "kind": "offered",
                "taskId": task_id,
                "instanceId": workflow_id,
                "assignee": None,
            }
            assert task_id == _task_of(base, admin, workflow_id)

            response = httpx.post(
                f"{base}/api/human/tasks/{task_id}/claim", headers=_headers(base, "bob")
            )
            assert response.status_code == 200, response.text
            claimed = ana.next_about(task_id)
            assert (claimed["kind"], claimed["assignee"]) == ("claimed", "bob")

            # a browser reconnecting after the offer is sent what it missed first
            offered_id = ana.ids[0]
            assert offered_id is not None
            with _streams(base, "ana", since=offered_id) as (again,):
                missed = again.next()
                assert isinstance(missed, dict)
                assert (missed["kind"], missed["taskId"]) == ("claimed", task_id)

            # eve sees her own group's task, and nothing before it about crew's
            _start(base, admin, "others")
            first = eve.next()
            assert isinstance(first, dict)
            assert first["kind"] == "offered"
            assert first["taskId"] != task_id

            response = httpx.post(
                f"{base}/api/human/tasks/{task_id}/update?complete=true",
                json={"ok": True},
                headers=_headers(base, "bob"),
            )
            assert response.status_code == 204, response.text
            assert ana.next_about(task_id)["kind"] == "completed"

            # the server stops: open streams end instead of holding its shutdown up
            server.terminate()
            assert ana.next_about_close() == "closed"
            server.wait(timeout=WAIT)


def test_a_change_through_one_process_reaches_a_stream_on_another(database_url: str) -> None:
    env = {"BATON_DATABASE_URL": database_url, **KEY}
    with running_server(env) as (first, _a), running_server(env) as (second, _b):
        admin = _setup(first)
        with _streams(second, "ana") as (ana,):
            workflow_id = _start(first, admin, "crew")
            offered = ana.next()
            assert isinstance(offered, dict)
            assert (offered["kind"], offered["instanceId"]) == ("offered", workflow_id)
            task_id = offered["taskId"]
            response = httpx.post(
                f"{first}/api/human/tasks/{task_id}/claim", headers=_headers(first, "bob")
            )
            assert response.status_code == 200, response.text
            claimed = ana.next_about(task_id)
            assert (claimed["kind"], claimed["assignee"]) == ("claimed", "bob")

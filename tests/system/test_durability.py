"""A 2xx means durable: a server killed with SIGKILL while many clients write loses none of
the writes it acknowledged (on SQLite they were committed in groups)."""

from __future__ import annotations

import os
import signal
import threading

import httpx
import pytest

from baton.store import instances
from baton.store.db import Database

from support import free_port, running_server

pytestmark = pytest.mark.slow

KEY = {"BATON_ADMIN_KEY_ID": "dur-key", "BATON_ADMIN_KEY_SECRET": "dur-secret"}
GATE = {
    "name": "gate",
    "version": 1,
    "tasks": [{"name": "approve", "taskReferenceName": "approve_ref", "type": "HUMAN"}],
}


def test_acknowledged_starts_survive_a_kill_during_load(database_url: str) -> None:
    env = {"BATON_DATABASE_URL": database_url, **KEY}
    acknowledged: list[str] = []
    lock = threading.Lock()
    enough = threading.Event()
    with running_server(env, port=free_port()) as (base, process):
        token = httpx.post(
            f"{base}/api/token", json={"keyId": "dur-key", "keySecret": "dur-secret"}
        ).json()["token"]
        headers = {"X-Authorization": token}
        assert (
            httpx.post(f"{base}/api/metadata/workflow", json=GATE, headers=headers).status_code
            == 200
        )

        def client() -> None:
            with httpx.Client(base_url=base, headers=headers, timeout=10) as http:
                while True:
                    try:
                        response = http.post("/api/workflow/gate", json={"n": 1})
                    except httpx.HTTPError:
                        return  # the server is gone
                    if response.status_code != 200:
                        return
                    with lock:
                        acknowledged.append(response.text)
                        if len(acknowledged) >= 150:
                            enough.set()

        clients = [threading.Thread(target=client) for _ in range(12)]
        for thread in clients:
            thread.start()
        enough.wait(timeout=120)
        os.kill(process.pid, signal.SIGKILL)  # mid-load: requests are in flight
        for thread in clients:
            thread.join()
    assert len(acknowledged) >= 150
    db = Database(database_url)
    try:
        with db.read() as conn:
            missing = [i for i in acknowledged if instances.load_instance(conn, i) is None]
    finally:
        db.dispose()
    assert missing == []

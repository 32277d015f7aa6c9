"""Graceful shutdown with real processes: on SIGTERM a server finishes the request in flight,
gives its timer leases to the other server at once, and exits 0."""

from __future__ import annotations

import signal
import time
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import httpx
import pytest
import sqlalchemy as sa

from baton.store.db import Database
from baton.store.schema import timers

from support import running_server, until

pytestmark = pytest.mark.slow

KEY = {"BATON_ADMIN_KEY_ID": "stop-key", "BATON_ADMIN_KEY_SECRET": "stop-secret"}
HOUR_MS = 3_600_000

APPROVAL_BPMN = b"""<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL"
    xmlns:zeebe="http://camunda.org/schema/zeebe/1.0" id="d" targetNamespace="t">
  <bpmn:process id="approval" isExecutable="true">
    <bpmn:startEvent id="start"/>
    <bpmn:sequenceFlow id="f1" sourceRef="start" targetRef="approve"/>
    <bpmn:userTask id="approve" name="Approve">
      <bpmn:extensionElements><zeebe:userTask/></bpmn:extensionElements>
    </bpmn:userTask>
    <bpmn:sequenceFlow id="f2" sourceRef="approve" targetRef="done"/>
    <bpmn:endEvent id="done"/>
  </bpmn:process>
</bpmn:definitions>
"""

NAP = {
    "name": "nap",
    "version": 1,
    "tasks": [
        {
            "name": "nap",
            "taskReferenceName": "nap_ref",
            "type": "WAIT",
            "inputParameters": {"duration": "1h"},
        }
    ],
}


def _headers(base: str) -> dict[str, str]:
    token = httpx.post(
        f"{base}/api/token", json={"keyId": "stop-key", "keySecret": "stop-secret"}
    ).json()["token"]
    return {"X-Authorization": token}


def _hold_timer(database_url: str, instance_id: str, owner: str) -> None:
    """Make `owner` hold the instance's timer, due now, under a lease of an hour: as if its
    scheduler had leased it in a batch and not fired it yet. Only a release frees it early."""
    db = Database(database_url)
    try:
        now = int(time.time() * 1000)
        with db.write() as conn:
            held = conn.execute(
                timers.update()
                .where(timers.c.instance_id == instance_id)
                .values(due_at=now, lease_owner=owner, lease_until=now + HOUR_MS)
            ).rowcount
        assert held == 1
    finally:
        db.dispose()


def _lease_owners(database_url: str) -> list[str | None]:
    db = Database(database_url)
    try:
        with db.read() as conn:
            return list(conn.execute(sa.select(timers.c.lease_owner)).scalars())
    finally:
        db.dispose()


def test_sigterm_finishes_the_request_in_flight_and_hands_over_the_timers(
    database_url: str,
) -> None:
    env = {"BATON_DATABASE_URL": database_url, **KEY}
    with running_server(env) as (a, server_a), running_server(env) as (b, _server_b):
        headers = _headers(b)
        files = {"resources": ("approval.bpmn", APPROVAL_BPMN, "application/xml")}
        assert httpx.post(f"{b}/v2/deployments", files=files, headers=headers).is_success
        assert httpx.post(f"{b}/api/metadata/workflow", json=NAP, headers=headers).is_success
        napping = httpx.post(f"{b}/api/workflow/nap", json={}, headers=headers).text
        owner_a = httpx.get(f"{a}/health/ready").json()["checks"]["scheduler"]["owner"]
        _hold_timer(database_url, napping, owner_a)

        # the slow request: A answers once the instance it started has completed
        with ThreadPoolExecutor(1) as pool:
            awaiting = pool.submit(
                httpx.post,
                f"{a}/v2/process-instances",
                json={"processDefinitionId": "approval", "awaitCompletion": True},
                headers=headers,
                timeout=120,
            )

            def user_task() -> list[dict[str, Any]]:
                found = httpx.post(f"{b}/v2/user-tasks/search", json={}, headers=headers)
                items: list[dict[str, Any]] = found.json()["items"]
                return items

            [task] = until(user_task)  # A started it and now waits for its end
            server_a.send_signal(signal.SIGTERM)

            # A gave its lease back at the signal, while its request is still in flight:
            # B fires the timer an hour before the lease would have run out
            def nap_done() -> bool:
                found = httpx.get(f"{b}/api/workflow/{napping}", headers=headers).json()
                return bool(found["status"] == "COMPLETED")

            until(nap_done)
            assert not awaiting.done()
            assert server_a.poll() is None  # still finishing that request

            completed = httpx.post(
                f"{b}/v2/user-tasks/{task['userTaskKey']}/completion", json={}, headers=headers
            )
            assert completed.status_code == 204, completed.text
            answer = awaiting.result()
        assert answer.status_code == 200, answer.text
        assert answer.json()["processInstanceKey"] == task["processInstanceKey"]
        assert server_a.wait(timeout=30) == 0
        assert "released 1 timer leases" in server_a.output.rest()
        assert _lease_owners(database_url) == []

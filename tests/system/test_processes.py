"""Crash and scale-out behaviour with real processes: a worker killed with SIGKILL loses no
work, and two server processes on one database fire each timer once."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
from typing import Any

import httpx
import pytest

from baton.store import instances
from baton.store.db import Database

from support import free_port, running_server, until

pytestmark = pytest.mark.slow

KEY = {"BATON_ADMIN_KEY_ID": "proc-key", "BATON_ADMIN_KEY_SECRET": "proc-secret"}


def _headers(base: str) -> dict[str, str]:
    token = httpx.post(
        f"{base}/api/token", json={"keyId": "proc-key", "keySecret": "proc-secret"}
    ).json()["token"]
    return {"X-Authorization": token}


WORKER = textwrap.dedent(
    """
    import sys, time, httpx
    base, token = sys.argv[1], sys.argv[2]
    while True:
        got = httpx.get(f"{base}/api/tasks/poll/batch/slow?workerid=doomed&count=1&timeout=500",
                        headers={"X-Authorization": token}).json()
        if got:
            print("TOOK", got[0]["taskId"], flush=True)
            time.sleep(3600)  # "working" until killed
    """
)


def test_killed_worker_task_is_redelivered_and_workflow_completes(database_url: str) -> None:
    env = {"BATON_DATABASE_URL": database_url, **KEY}
    with running_server(env) as (base, _server):
        headers = _headers(base)
        task_def = [
            {"name": "slow", "responseTimeoutSeconds": 2, "retryCount": 1, "retryDelaySeconds": 0}
        ]
        httpx.post(f"{base}/api/metadata/taskdefs", json=task_def, headers=headers)
        definition = {
            "name": "crashy",
            "version": 1,
            "tasks": [{"name": "slow", "taskReferenceName": "slow_ref", "type": "SIMPLE"}],
        }
        httpx.post(f"{base}/api/metadata/workflow", json=definition, headers=headers)
        workflow_id = httpx.post(f"{base}/api/workflow/crashy", json={}, headers=headers).text

        worker = subprocess.Popen(
            [sys.executable, "-c", WORKER, base, headers["X-Authorization"]],
            stdout=subprocess.PIPE,
            text=True,
        )
        assert worker.stdout is not None
        line = worker.stdout.readline()
        assert line.startswith("TOOK"), line
        first_task = line.split()[1]
        os.kill(worker.pid, signal.SIGKILL)
        worker.wait()

        def redelivered() -> dict[str, Any] | None:
            got = httpx.get(
                f"{base}/api/tasks/poll/batch/slow?workerid=survivor&count=1&timeout=500",
                headers=headers,
            ).json()
            return got[0] if got else None

        task = until(redelivered)
        assert task["taskId"] != first_task
        assert task["retryCount"] == 1
        result = {
            "taskId": task["taskId"],
            "workflowInstanceId": workflow_id,
            "status": "COMPLETED",
            "outputData": {"done": True},
        }
        assert httpx.post(f"{base}/api/tasks", json=result, headers=headers).status_code == 200
        found = httpx.get(f"{base}/api/workflow/{workflow_id}", headers=headers).json()
        assert found["status"] == "COMPLETED"
        assert [t["status"] for t in found["tasks"]] == ["TIMED_OUT", "COMPLETED"]


def test_two_servers_fire_each_timer_once(database_url: str) -> None:
    env = {"BATON_DATABASE_URL": database_url, **KEY}
    with running_server(env, port=free_port()) as (base, _a), running_server(env) as (other, _b):
        headers = _headers(base)
        definition = {
            "name": "nap",
            "version": 1,
            "tasks": [
                {
                    "name": "nap",
                    "taskReferenceName": "nap_ref",
                    "type": "WAIT",
                    "inputParameters": {"duration": "1s"},
                }
            ],
        }
        httpx.post(f"{base}/api/metadata/workflow", json=definition, headers=headers)
        ids = [
            httpx.post(f"{(base, other)[i % 2]}/api/workflow/nap", json={}, headers=headers).text
            for i in range(30)
        ]

        def all_done() -> bool:
            return all(
                httpx.get(f"{base}/api/workflow/{i}?includeTasks=false", headers=headers).json()[
                    "status"
                ]
                == "COMPLETED"
                for i in ids
            )

        until(all_done, timeout=60)
    db = Database(database_url)
    try:
        with db.read() as conn:
            for workflow_id in ids:
                events = [e["event"] for e in instances.audit_trail(conn, workflow_id)]
                assert events.count("FireTimer") == 1, (workflow_id, events)
    finally:
        db.dispose()


REMINDER_BPMN = b"""<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL"
    xmlns:zeebe="http://camunda.org/schema/zeebe/1.0" id="d" targetNamespace="t">
  <bpmn:process id="remind" isExecutable="true">
    <bpmn:startEvent id="start"/>
    <bpmn:sequenceFlow id="f1" sourceRef="start" targetRef="review"/>
    <bpmn:userTask id="review" name="Review">
      <bpmn:extensionElements><zeebe:userTask/></bpmn:extensionElements>
    </bpmn:userTask>
    <bpmn:boundaryEvent id="late" attachedToRef="review" cancelActivity="true">
      <bpmn:timerEventDefinition><bpmn:timeDuration>PT1S</bpmn:timeDuration>
      </bpmn:timerEventDefinition>
    </bpmn:boundaryEvent>
    <bpmn:sequenceFlow id="f2" sourceRef="review" targetRef="done"/>
    <bpmn:sequenceFlow id="f3" sourceRef="late" targetRef="escalated"/>
    <bpmn:endEvent id="done"/>
    <bpmn:endEvent id="escalated"/>
  </bpmn:process>
</bpmn:definitions>
"""


def test_timer_boundary_on_a_user_task_fires_once_with_two_servers(database_url: str) -> None:
    env = {"BATON_DATABASE_URL": database_url, **KEY}
    with running_server(env) as (base, _a), running_server(env) as (other, _b):
        headers = _headers(base)
        files = {"resources": ("remind.bpmn", REMINDER_BPMN, "application/xml")}
        deployed = httpx.post(f"{base}/v2/deployments", files=files, headers=headers)
        assert deployed.status_code == 200, deployed.text
        keys = [
            httpx.post(
                f"{(base, other)[i % 2]}/v2/process-instances",
                json={"processDefinitionId": "remind"},
                headers=headers,
            ).json()["processInstanceKey"]
            for i in range(10)
        ]

        def all_done() -> bool:
            return all(
                httpx.get(f"{base}/v2/process-instances/{k}", headers=headers).json()["state"]
                == "COMPLETED"
                for k in keys
            )

        until(all_done, timeout=60)
        for key in keys:
            task = httpx.get(f"{base}/api/workflow/{key}", headers=headers).json()["tasks"]
            review = next(t for t in task if t["referenceTaskName"] == "review")
            assert review["status"] == "CANCELED"  # the interrupting timer ended it
    db = Database(database_url)
    try:
        with db.read() as conn:
            for key in keys:
                events = [e["event"] for e in instances.audit_trail(conn, key)]
                assert events.count("FireTimer") == 1, (key, events)
    finally:
        db.dispose()

"""Human-task benchmark.

(1) N concurrent HTTP clients against a live `baton serve` (SQLite), each looping: start a
workflow with a HUMAN task for its group → search its INBOX → claim → complete. Prints
lifecycles/s and claim/complete latency p50/p99, next to the raw rate of the database at the
same kind of guarded single-row UPDATE commit (the physical limit). Then the same clients
through the Camunda v2 API: create instance → search user tasks → assign → complete (or
"skipped: <reason>" while `/v2/user-tasks` is not there).
(2) INBOX search over 1,000,000 human tasks (a group member, newest first, first page):
p50/p99 latency, in process.
"""

from __future__ import annotations

import multiprocessing
import os
import sqlite3
import sys
import tempfile
import threading
import time
from pathlib import Path

import httpx

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))

from support import free_port, running_server

CLIENTS = int(os.environ.get("BENCH_CLIENTS", "32"))
SECONDS = float(os.environ.get("BENCH_SECONDS", "20"))
SEARCH_TASKS = int(os.environ.get("BENCH_SEARCH_TASKS", "1000000"))
PROCESSES = int(os.environ.get("BENCH_PROCESSES", "4"))


def _pct(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))] * 1000


GATE_WORKFLOW = {
    "name": "bench_gate",
    "version": 1,
    "tasks": [
        {
            "name": "gate",
            "taskReferenceName": "gate",
            "type": "HUMAN",
            "inputParameters": {
                "__humanTaskDefinition": {
                    "assignments": [
                        {
                            "assignee": {
                                "user": "${workflow.input.group}",
                                "userType": "CONDUCTOR_GROUP",
                            }
                        }
                    ]
                }
            },
        }
    ],
}


def setup(http: httpx.Client, clients: int) -> tuple[dict[str, str], list[str]]:
    """As the admin key (bench / bench-secret), through `http` (a client with the server's
    base URL, or a TestClient): register GATE_WORKFLOW, make a group g<i> and a user u<i> in
    it per client; (admin headers, each user's token)."""
    admin = {
        "X-Authorization": http.post(
            "/api/token", json={"keyId": "bench", "keySecret": "bench-secret"}
        ).json()["token"]
    }
    http.post("/api/metadata/workflow", json=GATE_WORKFLOW, headers=admin)
    tokens = []
    for i in range(clients):
        http.put(f"/api/groups/g{i}", json={"description": "bench"}, headers=admin)
        http.put(
            f"/api/users/u{i}",
            json={"name": f"u{i}", "roles": ["USER"], "groups": [f"g{i}"], "password": "pw"},
            headers=admin,
        )
        tokens.append(
            http.post("/api/token", json={"email": f"u{i}", "password": "pw"}).json()["token"]
        )
    return admin, tokens


def lifecycles(folder: str) -> None:
    env = {
        "BATON_DATABASE_URL": f"sqlite:///{folder}/bench.db",
        "BATON_ADMIN_KEY_ID": "bench",
        "BATON_ADMIN_KEY_SECRET": "bench-secret",
    }
    with running_server(env, port=free_port()) as (base, _process):
        with httpx.Client(base_url=base, timeout=60) as http:
            admin, tokens = setup(http, CLIENTS)
        # the clients run in several processes, so the load generator's own GIL is not
        # what the figures measure
        processes = min(PROCESSES, CLIENTS)
        share = [list(range(p, CLIENTS, processes)) for p in range(processes)]
        with multiprocessing.get_context("spawn").Pool(processes) as pool:
            parts = pool.starmap(
                _client_process,
                [(base, admin, [tokens[i] for i in ids], ids, SECONDS) for ids in share],
            )
        elapsed = SECONDS  # each process measures its own window of SECONDS
        claims = [c for part in parts for c in part[0]]
        completes = [c for part in parts for c in part[1]]
        done = [sum(part[2] for part in parts)]
        rate = done[0] / elapsed
        _print_orkes(done[0], elapsed, rate, claims, completes)
        camunda_lifecycles(base, admin, tokens, processes)
    raw = guarded_update_rate(folder)
    print(f"raw guarded single-row UPDATE commits/s (SQLite, synchronous=FULL): {raw:8,.0f}")
    print(f"ratio commits per Orkes lifecycle at the physical limit: {raw / max(rate, 1):.1f}")


def _print_orkes(
    done: int, elapsed: float, rate: float, claims: list[float], completes: list[float]
) -> None:
    print("orkes:")
    print(
        f"clients: {CLIENTS}, {done} lifecycles in {elapsed:.1f} s (start, search, claim, complete)"
    )
    print(f"lifecycles/s:             {rate:8,.0f}")
    print(f"claim latency p50/p99:    {_pct(claims, 0.5):6.1f} / {_pct(claims, 0.99):6.1f} ms")
    print(
        f"complete latency p50/p99: {_pct(completes, 0.5):6.1f} / {_pct(completes, 0.99):6.1f} ms"
    )


def _client_process(
    base: str,
    admin: dict[str, str],
    tokens: list[str],
    groups: list[int],
    seconds: float,
    flavor: str = "orkes",
) -> tuple[list[float], list[float], int]:
    """One load process: a thread per client, each looping over whole lifecycles (the Orkes
    API, or with `flavor="camunda"` the Camunda v2 API)."""
    claims: list[float] = []
    completes: list[float] = []
    done = [0]
    lock = threading.Lock()
    stop = time.monotonic() + seconds

    def client(token: str, group: int) -> None:
        headers = {"X-Authorization": token}
        with httpx.Client(base_url=base, timeout=60) as http:
            while time.monotonic() < stop:
                if flavor == "camunda":
                    claim_s, complete_s = _camunda_lifecycle(http, admin, headers, group)
                    with lock:
                        claims.append(claim_s)
                        completes.append(complete_s)
                        done[0] += 1
                    continue
                http.post("/api/workflow/bench_gate", json={"group": f"g{group}"}, headers=admin)
                found = http.post("/api/human/tasks/search", json={"size": 1}, headers=headers)
                task_id = found.json()["results"][0]["taskId"]
                began = time.perf_counter()
                claimed = http.post(f"/api/human/tasks/{task_id}/claim", headers=headers)
                claim_s = time.perf_counter() - began
                began = time.perf_counter()
                completed = http.post(
                    f"/api/human/tasks/{task_id}/update?complete=true",
                    json={"ok": True},
                    headers=headers,
                )
                complete_s = time.perf_counter() - began
                assert claimed.status_code == 200 and completed.status_code == 204
                with lock:
                    claims.append(claim_s)
                    completes.append(complete_s)
                    done[0] += 1

    threads = [
        threading.Thread(target=client, args=(t, g)) for t, g in zip(tokens, groups, strict=True)
    ]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return claims, completes, done[0]


CAMUNDA_GATE = """<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL"
    xmlns:zeebe="http://camunda.org/schema/zeebe/1.0" id="d" targetNamespace="bench">
  <bpmn:process id="bench_camunda_gate" isExecutable="true">
    <bpmn:startEvent id="s"/>
    <bpmn:sequenceFlow id="f1" sourceRef="s" targetRef="gate"/>
    <bpmn:userTask id="gate" name="Gate">
      <bpmn:extensionElements>
        <zeebe:userTask/>
        <zeebe:assignmentDefinition candidateGroups="=group"/>
      </bpmn:extensionElements>
    </bpmn:userTask>
    <bpmn:sequenceFlow id="f2" sourceRef="gate" targetRef="e"/>
    <bpmn:endEvent id="e"/>
  </bpmn:process>
</bpmn:definitions>
"""


def _camunda_lifecycle(
    http: httpx.Client, admin: dict[str, str], headers: dict[str, str], group: int
) -> tuple[float, float]:
    """Create instance → search the group's open user task → assign to me → complete;
    (assign seconds, complete seconds)."""
    started = http.post(
        "/v2/process-instances",
        json={"processDefinitionId": "bench_camunda_gate", "variables": {"group": f"g{group}"}},
        headers=admin,
    )
    instance = started.json()["processInstanceKey"]
    found = http.post(
        "/v2/user-tasks/search",
        json={"filter": {"processInstanceKey": instance, "state": "CREATED"}, "page": {"limit": 1}},
        headers=headers,
    )
    task = found.json()["items"][0]["userTaskKey"]
    began = time.perf_counter()
    assigned = http.post(
        f"/v2/user-tasks/{task}/assignment", json={"assignee": f"u{group}"}, headers=headers
    )
    assign_s = time.perf_counter() - began
    began = time.perf_counter()
    completed = http.post(
        f"/v2/user-tasks/{task}/completion", json={"variables": {"ok": True}}, headers=headers
    )
    complete_s = time.perf_counter() - began
    assert assigned.status_code == 204 and completed.status_code == 204, (
        assigned.text,
        completed.text,
    )
    return assign_s, complete_s


def camunda_lifecycles(base: str, admin: dict[str, str], tokens: list[str], processes: int) -> None:
    """The same load through the Camunda v2 API (next to the Orkes figures)."""
    probe = httpx.post(f"{base}/v2/user-tasks/search", json={}, headers=admin)
    if probe.status_code in (404, 405):
        print(
            "camunda user-task lifecycle: skipped: POST /v2/user-tasks/search answers "
            f"{probe.status_code} (not built yet)"
        )
        return
    deployed = httpx.post(
        f"{base}/v2/deployments",
        files=[("resources", ("gate.bpmn", CAMUNDA_GATE.encode(), "application/xml"))],
        headers=admin,
    )
    assert deployed.status_code == 200, deployed.text
    share = [list(range(p, CLIENTS, processes)) for p in range(processes)]
    with multiprocessing.get_context("spawn").Pool(processes) as pool:
        parts = pool.starmap(
            _client_process,
            [(base, admin, [tokens[i] for i in ids], ids, SECONDS, "camunda") for ids in share],
        )
    assigns = [c for part in parts for c in part[0]]
    completes = [c for part in parts for c in part[1]]
    done = sum(part[2] for part in parts)
    print(
        f"camunda v2: {done} lifecycles in {SECONDS:.1f} s "
        "(create instance, search, assign, complete)"
    )
    print(f"lifecycles/s:             {done / SECONDS:8,.0f}")
    print(f"assign latency p50/p99:   {_pct(assigns, 0.5):6.1f} / {_pct(assigns, 0.99):6.1f} ms")
    print(
        f"complete latency p50/p99: {_pct(completes, 0.5):6.1f} / {_pct(completes, 0.99):6.1f} ms"
    )


def guarded_update_rate(folder: str, commits: int = 3000, path: str | None = None) -> float:
    """Commits/s of one guarded single-row UPDATE per transaction, WAL + synchronous=FULL as
    the server sets SQLite; in `path` (a scratch table in that file) or `folder`/raw.db."""
    db = sqlite3.connect(path or f"{folder}/raw.db", isolation_level=None)
    db.execute("PRAGMA journal_mode=WAL")
    db.execute("PRAGMA synchronous=FULL")
    db.execute("DROP TABLE IF EXISTS bench_raw_commit")
    db.execute(
        "CREATE TABLE bench_raw_commit"
        " (id TEXT PRIMARY KEY, state TEXT, revision INTEGER, doc TEXT)"
    )
    db.execute("INSERT INTO bench_raw_commit VALUES ('x', 'ASSIGNED', 0, ?)", ("x" * 1500,))
    started = time.perf_counter()
    for i in range(commits):
        db.execute("BEGIN IMMEDIATE")
        db.execute(
            "UPDATE bench_raw_commit SET state = ?, revision = ? WHERE id = 'x' AND revision = ?",
            ("IN_PROGRESS" if i % 2 else "ASSIGNED", i + 1, i),
        )
        db.execute("COMMIT")
    rate = commits / (time.perf_counter() - started)
    db.execute("DROP TABLE bench_raw_commit")
    db.close()
    return rate


def search_at_scale(folder: str) -> None:
    from baton.app import build_context
    from baton.model.identity import Caller, CallerKind, Role
    from baton.services.human import search
    from baton.settings import Settings
    from baton.store.schema import human_task_candidates, human_tasks, instances

    ctx = build_context(Settings(database_url=f"sqlite:///{folder}/search.db", secret_key="s" * 32))
    groups = 100
    began = time.monotonic()
    with ctx.db.write() as conn:
        conn.execute(
            instances.insert().values(
                id="bench",
                def_name="bench",
                def_version=1,
                def_stamp=0,
                status="RUNNING",
                state="{}",
                revision=1,
                created_at=0,
                updated_at=0,
            )
        )
        batch_tasks, batch_candidates = [], []
        for i in range(SEARCH_TASKS):
            task_id = f"t{i:08d}"
            batch_tasks.append(
                {
                    "id": task_id,
                    "instance_id": "bench",
                    "workflow_name": "bench",
                    "ref_name": "gate",
                    "iteration": 0,
                    "definition_name": "gate",
                    "display_name": "Gate",
                    "state": "ASSIGNED",
                    "assignee": None,
                    "claimant": None,
                    "owner": "APPLICATION:x",
                    "form_name": None,
                    "form_version": None,
                    "document": "{}",
                    "input": "{}",
                    "output": "{}",
                    "revision": 1,
                    "created_at": i,
                    "updated_at": i,
                }
            )
            batch_candidates.append(
                {
                    "task_id": task_id,
                    "kind": "CONDUCTOR_GROUP",
                    "principal": f"g{i % groups}",
                    "updated_at": i,
                }
            )
            if len(batch_tasks) == 20_000:
                conn.execute(human_tasks.insert(), batch_tasks)
                conn.execute(human_task_candidates.insert(), batch_candidates)
                batch_tasks, batch_candidates = [], []
        if batch_tasks:
            conn.execute(human_tasks.insert(), batch_tasks)
            conn.execute(human_task_candidates.insert(), batch_candidates)
    print(f"loaded {SEARCH_TASKS:,} human tasks in {time.monotonic() - began:.0f} s")
    member = Caller(CallerKind.USER, "u7", "u7", frozenset({Role.USER}), frozenset({"g7"}))
    timings = []
    for _ in range(200):
        began = time.perf_counter()
        where, start, size = search.parse(member, {"size": 15})
        with ctx.db.read() as conn:
            from baton.store import human_tasks as store

            total, rows = store.search(conn, where, start=start, size=size)
        timings.append(time.perf_counter() - began)
    assert len(rows) == min(15, total)
    print(
        f"INBOX search over {SEARCH_TASKS:,} tasks (group member, newest first, first page of 15; "
        f"{total:,} hits): p50 {_pct(timings, 0.5):.1f} ms, p99 {_pct(timings, 0.99):.1f} ms"
    )


if __name__ == "__main__":
    with tempfile.TemporaryDirectory() as folder:
        lifecycles(folder)
        search_at_scale(folder)

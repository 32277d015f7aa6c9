"""Engine benchmark: N instances of start → wait at a human gate → complete → end, run by
Baton's engine in-process with a durable SQLite commit per command (WAL, synchronous=FULL),
against SpiffWorkflow 3.2 running the same process with its state serialized to JSON and
back between the two steps (not durable). Prints instances/s for both, the ratio and peak
memory, and issue 13's target: durable Baton at least 2x Spiff in the same run."""

from __future__ import annotations

import os
import resource
import sqlite3
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

from spiff_baseline import run as run_spiff
from targets import Target, print_targets

from baton.app import build_context
from baton.engine.commands import CompleteTask, StartInstance
from baton.model.identity import Caller, CallerKind, Role
from baton.services import metadata, runtime
from baton.settings import Settings

GATE = {
    "name": "gate",
    "version": 1,
    "tasks": [{"name": "approve", "taskReferenceName": "approve_ref", "type": "HUMAN"}],
}
THREADS = int(os.environ.get("BENCH_ENGINE_THREADS", "8"))
ADMIN = Caller(CallerKind.APPLICATION, "bench", "bench", frozenset({Role.ADMIN}))


def run_baton(instances: int, folder: str, *, human_tasks: bool = True, threads: int = 1) -> float:
    """With `human_tasks` the gate is a full human task (row, candidate index, action log),
    as in production; without, only the engine and its process tables are measured. With
    `threads` > 1, that many callers run instances at once (a server's request threads): the
    only way past one fsync per command is to share commits between callers."""
    settings = Settings(database_url=f"sqlite:///{folder}/bench.db", secret_key="b" * 32)
    ctx = build_context(settings)
    if not human_tasks:
        ctx.engine_hooks.clear()
    metadata.register_workflows(ctx, ADMIN, [GATE], overwrite=True)
    db = ctx.db

    def one(i: int) -> None:
        with db.write() as conn:
            result = runtime.start_instance(
                ctx, conn, name="gate", version=1, command=StartInstance({"i": i}), actor=None
            )
        state = result.state
        (task_id,) = state.open
        with db.write() as conn:
            done = runtime.run_command(
                ctx, conn, state.instance_id, CompleteTask(task_id, {"ok": True}), actor=None
            )
        assert done.state.status.value == "COMPLETED"

    started = time.perf_counter()
    if threads <= 1:
        for i in range(instances):
            one(i)
    else:
        with ThreadPoolExecutor(threads) as pool:
            list(pool.map(one, range(instances)))
    rate = instances / (time.perf_counter() - started)
    db.dispose()
    return rate


def durable_commit_ceiling(folder: str, commits: int = 2000) -> float:
    """Commits/s of the smallest durable write (WAL, synchronous=FULL) on this disk: with
    two commits per instance, half of this bounds any engine that commits each command."""
    connection = sqlite3.connect(f"{folder}/ceiling.db", isolation_level=None)
    connection.execute("PRAGMA journal_mode=WAL")
    connection.execute("PRAGMA synchronous=FULL")
    connection.execute("CREATE TABLE t (id INTEGER PRIMARY KEY, v TEXT)")
    started = time.perf_counter()
    for i in range(commits):
        connection.execute("BEGIN IMMEDIATE")
        connection.execute("INSERT INTO t (v) VALUES (?)", (str(i),))
        connection.execute("COMMIT")
    rate = commits / (time.perf_counter() - started)
    connection.close()
    return rate


def main() -> None:
    count = int(os.environ.get("BENCH_INSTANCES", "2000"))
    with tempfile.TemporaryDirectory() as folder:
        warm = tempfile.mkdtemp(dir=folder)
        run_baton(100, warm)  # warm-up: imports, caches
        measured = tempfile.mkdtemp(dir=folder)
        baton = run_baton(count, measured)
        engine_only = run_baton(count, tempfile.mkdtemp(dir=folder), human_tasks=False)
        threaded = run_baton(count, tempfile.mkdtemp(dir=folder), threads=THREADS)
        ceiling = durable_commit_ceiling(tempfile.mkdtemp(dir=folder))
    spiff = run_spiff(max(count // 4, 200))
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"instances: {count} (start -> human gate -> complete -> end, 2 durable commits each)")
    print(f"Baton, gate = full human task:            {baton:8,.0f} instances/s")
    print(f"Baton engine + process tables only:       {engine_only:8,.0f} instances/s")
    print(f"Baton, human task, {THREADS:2} threads at once:    {threaded:8,.0f} instances/s")
    print(f"SpiffWorkflow 3.2 (JSON round trip):      {spiff:8,.0f} instances/s")
    print(
        f"ratio Baton / Spiff (full, engine only):  {baton / spiff:8.2f}x "
        f"{engine_only / spiff:.2f}x"
    )
    print(
        f"durable commit ceiling (1-row txn):       {ceiling:8,.0f} commits/s "
        f"= {ceiling / 2:,.0f} instances/s at 2 commits each"
    )
    print(f"peak memory (RSS):                        {peak_mb:8,.0f} MiB")
    print_targets(
        [
            Target("in process, durable Baton (human task) / Spiff", 2, baton / spiff, True, "x"),
            Target("in process, Baton engine only / Spiff", 2, engine_only / spiff, True, "x"),
            Target(
                f"in process, Baton (human task, {THREADS} threads) / Spiff",
                2,
                threaded / spiff,
                True,
                "x",
            ),
        ]
    )


if __name__ == "__main__":
    main()

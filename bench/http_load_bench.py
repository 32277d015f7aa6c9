"""HTTP load generator: what the server does, not what the client costs.

One asyncio process speaks raw HTTP/1.1 over keep-alive sockets (hand-written request bytes;
the response parsed only as far as the status line and Content-Length / chunked body), so
the client stays a few percent of a core (printed as its own CPU share). Each lifecycle goes
through the Orkes API as human_bench does it: start a Conductor workflow whose HUMAN task is
offered to the client's group → POST /api/human/tasks/search (INBOX) → claim → complete, each
client its own user with a token, against a live `baton serve` (one process, SQLite).

Runs: a closed loop of BENCH_CLIENTS_HIGH (32) clients for throughput, a closed loop of
BENCH_CLIENTS_LOW (8) for latency, and an open loop that starts BENCH_RATE (200) lifecycles/s
on schedule for BENCH_SECONDS (10) whether or not earlier ones have finished, its latency
measured from the scheduled start (so queueing shows). Then the raw durable commit rate of
the same database file, the closed loop of 32 against `baton serve --processes 2` on SQLite
(several processes, one database file), the closed loop of 32 on PostgreSQL
(BATON_BENCH_PG_URL) when it answers, and SQL statements, commits and WAL pages per
lifecycle, in process. Last, a table of issue 13's targets: figure, target, measured, met.

BENCH_ONLY (comma-separated: sqlite, processes, postgres, inprocess) runs only those parts.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import os
import sys
import tempfile
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import httpx

sys.path.insert(0, str(Path(__file__).resolve().parent))

from human_bench import guarded_update_rate, setup
from targets import Target, print_targets

from support import free_port, running_server

SECONDS = float(os.environ.get("BENCH_SECONDS", "10"))
RATE = float(os.environ.get("BENCH_RATE", "200"))
CLIENTS_HIGH = int(os.environ.get("BENCH_CLIENTS_HIGH", "32"))
CLIENTS_LOW = int(os.environ.get("BENCH_CLIENTS_LOW", "8"))
# identities for the open loop: a lifecycle holds one (its user's INBOX) from search to
# complete, so two in flight never race for the same task
OPEN_USERS = int(os.environ.get("BENCH_OPEN_USERS", "128"))
PG_URL = os.environ.get("BATON_BENCH_PG_URL", "postgresql://postgres@localhost/test_bench")
INPROC_LIFECYCLES = int(os.environ.get("BENCH_INPROC_LIFECYCLES", "200"))
PARTS = ("sqlite", "processes", "postgres", "inprocess")
ONLY = {p.strip() for p in os.environ.get("BENCH_ONLY", ",".join(PARTS)).split(",") if p.strip()}
STEPS = ("start", "search", "claim", "complete")
_CONTROL = {"BEGIN", "COMMIT", "ROLLBACK", "END", "SAVEPOINT", "RELEASE"}
ADMIN_ENV = {"BATON_ADMIN_KEY_ID": "bench", "BATON_ADMIN_KEY_SECRET": "bench-secret"}


class HttpError(Exception):
    def __init__(self, status: int | str) -> None:
        super().__init__(status)
        self.status = status


class Connection:
    """One keep-alive HTTP/1.1 connection; requests one at a time."""

    def __init__(self, host: str, port: int) -> None:
        self.host, self.port = host, port
        self.reader: asyncio.StreamReader | None = None
        self.writer: asyncio.StreamWriter | None = None

    async def request(
        self, method: str, path: str, token: str, body: bytes = b""
    ) -> tuple[int, bytes]:
        if self.writer is None:
            self.reader, self.writer = await asyncio.open_connection(self.host, self.port)
        assert self.reader is not None
        head = (
            f"{method} {path} HTTP/1.1\r\nHost: {self.host}\r\nX-Authorization: {token}\r\n"
            f"Content-Type: application/json\r\nContent-Length: {len(body)}\r\n\r\n"
        )
        self.writer.write(head.encode() + body)
        try:
            return await self._response(self.reader)
        except (asyncio.IncompleteReadError, ConnectionError):
            await self.close()
            raise HttpError("connection") from None

    async def _response(self, reader: asyncio.StreamReader) -> tuple[int, bytes]:
        status = int((await reader.readuntil(b"\r\n")).split(b" ", 2)[1])
        length, chunked, close = 0, False, False
        while True:
            line = await reader.readuntil(b"\r\n")
            if line == b"\r\n":
                break
            name, _, value = line.partition(b":")
            name = name.strip().lower()
            if name == b"content-length":
                length = int(value)
            elif name == b"transfer-encoding" and b"chunked" in value.lower():
                chunked = True
            elif name == b"connection" and b"close" in value.lower():
                close = True
        if chunked:
            parts = []
            while True:
                size = int((await reader.readuntil(b"\r\n")).split(b";")[0], 16)
                if size == 0:
                    while await reader.readuntil(b"\r\n") != b"\r\n":
                        pass  # trailers
                    break
                parts.append(await reader.readexactly(size + 2))
            body = b"".join(p[:-2] for p in parts)
        else:
            body = await reader.readexactly(length) if length else b""
        if close:
            await self.close()
        return status, body

    async def close(self) -> None:
        if self.writer is not None:
            self.writer.close()
            with contextlib.suppress(ConnectionError):
                await self.writer.wait_closed()
        self.reader = self.writer = None


@dataclass
class Client:
    token: str
    group: str
    conn: Connection


@dataclass
class Results:
    steps: dict[str, list[float]] = field(default_factory=lambda: {s: [] for s in STEPS})
    lifecycle: list[float] = field(default_factory=list)
    waits: list[float] = field(default_factory=list)
    errors: Counter[str] = field(default_factory=Counter)
    done: int = 0
    lag: float = 0.0  # open loop: how late the scheduler itself started a lifecycle, at most


async def lifecycle(admin: str, client: Client, results: Results, began: float) -> None:
    """start → search INBOX → claim → complete; latencies per step, and of the whole lifecycle
    from `began` (the moment it was due: the open loop's scheduled start)."""
    conn = client.conn
    step = "start"
    try:
        t0 = time.perf_counter()
        status, _ = await conn.request(
            "POST", "/api/workflow/bench_gate", admin, b'{"group":"%s"}' % client.group.encode()
        )
        if status != 200:
            raise HttpError(status)
        t1 = time.perf_counter()
        step = "search"
        status, body = await conn.request(
            "POST", "/api/human/tasks/search", client.token, b'{"size":1}'
        )
        if status != 200:
            raise HttpError(status)
        found = json.loads(body)["results"]
        if not found:
            raise HttpError("empty")
        task = found[0]["taskId"]
        t2 = time.perf_counter()
        step = "claim"
        status, _ = await conn.request("POST", f"/api/human/tasks/{task}/claim", client.token)
        if status != 200:
            raise HttpError(status)
        t3 = time.perf_counter()
        step = "complete"
        status, _ = await conn.request(
            "POST", f"/api/human/tasks/{task}/update?complete=true", client.token, b'{"ok":true}'
        )
        if status != 204:
            raise HttpError(status)
        t4 = time.perf_counter()
    except HttpError as error:
        results.errors[f"{step} {error.status}"] += 1
        return
    for name, a, b in zip(STEPS, (t0, t1, t2, t3), (t1, t2, t3, t4), strict=True):
        results.steps[name].append(b - a)
    results.lifecycle.append(t4 - began)
    results.done += 1


async def closed_loop(base: str, admin: str, tokens: list[str], seconds: float) -> Results:
    host, port = _host_port(base)
    results = Results()
    stop = time.perf_counter() + seconds

    async def run(i: int) -> None:
        client = Client(tokens[i], f"g{i}", Connection(host, port))
        while time.perf_counter() < stop:
            await lifecycle(admin, client, results, time.perf_counter())
        await client.conn.close()

    await asyncio.gather(*(run(i) for i in range(len(tokens))))
    return results


async def open_loop(
    base: str, admin: str, tokens: list[str], rate: float, seconds: float
) -> Results:
    """Start a lifecycle every 1/rate s on schedule; each waits for a free identity (with
    its connection) and counts its latency from the scheduled moment."""
    host, port = _host_port(base)
    results = Results()
    idle: asyncio.Queue[Client] = asyncio.Queue()
    for i, token in enumerate(tokens):
        idle.put_nowait(Client(token, f"g{i}", Connection(host, port)))

    async def one(due: float) -> None:
        client = await idle.get()
        results.waits.append(time.perf_counter() - due)
        try:
            await lifecycle(admin, client, results, due)
        finally:
            idle.put_nowait(client)

    tasks = []
    began = time.perf_counter()
    n = int(rate * seconds)
    for i in range(n):
        due = began + i / rate
        delay = due - time.perf_counter()
        if delay > 0:
            await asyncio.sleep(delay)
        results.lag = max(results.lag, time.perf_counter() - due)
        tasks.append(asyncio.create_task(one(due)))
    await asyncio.gather(*tasks)
    while not idle.empty():
        await idle.get_nowait().conn.close()
    return results


def _host_port(base: str) -> tuple[str, int]:
    parts = urlsplit(base)
    return parts.hostname or "127.0.0.1", parts.port or 80


def _ms(values: list[float], q: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))] * 1000


@dataclass(frozen=True)
class Measured:
    rate: float  # lifecycles/s over the run's wall time
    results: Results

    def p99(self, step: str) -> float:
        return _ms(self.results.steps[step], 0.99)


def _report(title: str, results: Results, wall: float, cpu: float) -> float:
    rate = results.done / wall
    print(f"-- {title}")
    print(
        f"   {results.done} lifecycles in {wall:.1f} s: {rate:,.0f} lifecycles/s; "
        f"client CPU {cpu / wall:.1%} of a core"
    )
    rows = [(s, results.steps[s]) for s in STEPS]
    rows.append(("lifecycle", results.lifecycle))
    if results.waits:
        rows.append(("queue wait", results.waits))
    for name, values in rows:
        print(
            f"   {name:<10} p50 {_ms(values, 0.5):7.1f}  p99 {_ms(values, 0.99):7.1f}  "
            f"max {_ms(values, 1.0):7.1f} ms"
        )
    errors = ", ".join(f"{k}: {v}" for k, v in sorted(results.errors.items())) or "none"
    print(f"   errors by step and status: {errors}")
    return rate


def _tree_cpu(pid: int) -> float | None:
    """CPU seconds (user + system) of a process and its descendants, from /proc (Linux);
    None elsewhere. Processes that exited meanwhile are not counted."""
    tick = os.sysconf("SC_CLK_TCK") if hasattr(os, "sysconf") else 100
    stats: dict[int, tuple[int, float]] = {}  # pid -> (parent, cpu seconds)
    for entry in Path("/proc").glob("[0-9]*/stat"):
        try:
            text = entry.read_text()
        except OSError:
            continue
        fields = text[text.rindex(")") + 2 :].split()
        stats[int(entry.parent.name)] = (int(fields[1]), (int(fields[11]) + int(fields[12])) / tick)
    if pid not in stats:
        return None
    total, frontier = 0.0, [pid]
    while frontier:
        current = frontier.pop()
        total += stats[current][1]
        frontier += [child for child, (parent, _) in stats.items() if parent == current]
    return total


def _measure(title: str, run: Any, server: int | None = None) -> Measured:
    """Run one load and print its report; with `server` (a pid), also the server's CPU."""
    before = _tree_cpu(server) if server else None
    cpu, wall = time.process_time(), time.perf_counter()
    results = asyncio.run(run)
    elapsed = time.perf_counter() - wall
    rate = _report(title, results, elapsed, time.process_time() - cpu)
    after = _tree_cpu(server) if server else None
    if before is not None and after is not None and results.done:
        used = after - before
        print(
            f"   server CPU {used / elapsed:.2f} cores: "
            f"{used / results.done * 1000:.1f} ms per lifecycle"
        )
    return Measured(rate, results)


def _open_measure(base: str, admin: str, tokens: list[str]) -> Measured:
    cpu, wall = time.process_time(), time.perf_counter()
    results = asyncio.run(open_loop(base, admin, tokens, RATE, SECONDS))
    elapsed = time.perf_counter() - wall
    _report(
        f"open loop at {RATE:,.0f} lifecycles/s for {SECONDS:.0f} s "
        f"({len(tokens)} identities; latency from the scheduled start)",
        results,
        elapsed,
        time.process_time() - cpu,
    )
    print(
        f"   offered {int(RATE * SECONDS)} at {RATE:,.0f}/s (scheduler at most "
        f"{results.lag * 1000:.1f} ms late); achieved {results.done / elapsed:,.0f} "
        f"lifecycles/s ({results.done} done, the last {elapsed:.1f} s after the first was due)"
    )
    return Measured(results.done / elapsed, results)


def sqlite_runs(folder: str) -> list[Target]:
    database = f"{folder}/bench.db"
    env = {"BATON_DATABASE_URL": f"sqlite:///{database}", **ADMIN_ENV}
    users = max(CLIENTS_HIGH, CLIENTS_LOW, OPEN_USERS)
    print(f"SQLite ({database}), one `baton serve` process")
    with running_server(env, port=free_port()) as (base, process):
        with httpx.Client(base_url=base, timeout=60) as http:
            admin, tokens = setup(http, users)
        token = admin["X-Authorization"]
        high = _measure(
            f"closed loop, {CLIENTS_HIGH} clients",
            closed_loop(base, token, tokens[:CLIENTS_HIGH], SECONDS),
            process.pid,
        )
        low = _measure(
            f"closed loop, {CLIENTS_LOW} clients",
            closed_loop(base, token, tokens[:CLIENTS_LOW], SECONDS),
            process.pid,
        )
        opened = _open_measure(base, token, tokens[:OPEN_USERS])
    # the server has stopped: the same file, one guarded single-row UPDATE per transaction,
    # WAL + synchronous=FULL as baton.store.db configures SQLite
    raw = guarded_update_rate(folder, path=database)
    print(f"-- raw durable commits/s of {database} (WAL, synchronous=FULL): {raw:,.0f}")
    print(
        f"   Baton at {CLIENTS_HIGH} clients: {high.rate:,.0f} lifecycles/s = "
        f"{high.rate / raw:.1%} of the raw commit rate (which is "
        f"{raw / max(high.rate, 1e-9):.0f}x Baton's rate)"
    )
    return [
        Target(f"SQLite, {CLIENTS_HIGH} clients", 300, high.rate, True, "lifecycles/s"),
        Target(f"SQLite, claim p99 at {CLIENTS_LOW} clients", 25, low.p99("claim"), False, "ms"),
        Target(
            f"SQLite, claim p99 open loop at {RATE:,.0f}/s", 50, opened.p99("claim"), False, "ms"
        ),
        Target(  # the rate over the run counts the last lifecycle's own time: 199.7 of 200
            f"SQLite, open loop at {RATE:,.0f}/s: offered lifecycles done",
            100,
            100 * opened.results.done / max(1, int(RATE * SECONDS)),
            True,
            "%",
        ),
    ]


def processes_run(folder: str, processes: int = 2) -> None:
    """`baton serve --processes N` on one SQLite file: several processes share its writer.
    No target: it must run and say how fast (and with which errors)."""
    database = f"{folder}/processes.db"
    env = {"BATON_DATABASE_URL": f"sqlite:///{database}", **ADMIN_ENV}
    print(f"SQLite ({database}), `baton serve --processes {processes}`")
    with running_server(env, "--processes", str(processes), port=free_port()) as (base, server):
        with httpx.Client(base_url=base, timeout=60) as http:
            admin, tokens = setup(http, CLIENTS_HIGH)
        _measure(
            f"closed loop, {CLIENTS_HIGH} clients, {processes} processes",
            closed_loop(base, admin["X-Authorization"], tokens, SECONDS),
            server.pid,
        )


def postgres_run() -> list[Target]:
    figure = f"PostgreSQL, {CLIENTS_HIGH} clients"
    try:
        import psycopg

        target = urlsplit(PG_URL)
        name = target.path.lstrip("/")
        maintenance = target._replace(path="/postgres").geturl()
        with psycopg.connect(maintenance, autocommit=True, connect_timeout=3) as conn:
            if not conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", (name,)).fetchone():
                conn.execute(f'CREATE DATABASE "{name}"')
            durable = conn.execute("SHOW synchronous_commit").fetchone()
            fsync = conn.execute("SHOW fsync").fetchone()
    except Exception as error:  # any failure: not reachable here
        reason = " ".join(str(error).split())[:120]
        print(f"PostgreSQL: skipped ({PG_URL} unreachable: {reason})")
        return [Target(figure, 200, None, True, "lifecycles/s")]
    print(f"PostgreSQL ({PG_URL}), one `baton serve` process")
    settings = (
        f"synchronous_commit={durable[0] if durable else '?'}, fsync={fsync[0] if fsync else '?'}"
    )
    print(f"   server settings: {settings} (a 2xx is durable only with both on)")
    env = {"BATON_DATABASE_URL": PG_URL, **ADMIN_ENV}
    with running_server(env, port=free_port()) as (base, process):
        with httpx.Client(base_url=base, timeout=60) as http:
            admin, tokens = setup(http, CLIENTS_HIGH)
        high = _measure(
            f"closed loop, {CLIENTS_HIGH} clients",
            closed_loop(base, admin["X-Authorization"], tokens, SECONDS),
            process.pid,
        )
    return [Target(figure, 200, high.rate, True, "lifecycles/s")]


def in_process(folder: str) -> None:
    """Statements, commits and WAL pages per lifecycle, in process (TestClient)."""
    from fastapi.testclient import TestClient
    from sqlalchemy import event

    from baton.app import build_context, create_app
    from baton.settings import Settings
    from baton.store.db import Database

    database = f"{folder}/inproc.db"
    url = f"sqlite:///{database}"
    db = Database(url)

    # WAL pages come from the growth of the -wal file. A checkpoint would copy the WAL into
    # the database and let the next writer restart the WAL from its beginning, so the file
    # would stop growing and undercount; autocheckpoint is turned off on every connection of
    # this engine (this listener runs after baton's own connect listener), and the WAL is only
    # measured while the app holds its connections open (the last close checkpoints).
    counts = Counter[str]()

    def traced(sql: str) -> None:
        word = sql.lstrip().split(None, 1)[0].upper() if sql.strip() else ""
        counts["sqlite transaction control" if word in _CONTROL else "sqlite statements"] += 1

    def on_connect(dbapi_connection: Any, _record: Any) -> None:
        dbapi_connection.execute("PRAGMA wal_autocheckpoint=0")
        dbapi_connection.set_trace_callback(traced)

    event.listen(db.engine, "connect", on_connect)
    ctx = build_context(
        Settings(
            database_url=url,
            secret_key="s" * 32,
            admin_key_id="bench",
            admin_key_secret="bench-secret",
        ),
        db=db,
    )

    # Two counts: every statement SQLAlchemy sends through a cursor (BEGIN included), as its
    # `before_cursor_execute` event sees them; and every statement SQLite itself runs (its
    # trace callback, a row of an executemany counted once each), because the hot paths
    # (baton.store.prepared) run compiled SQL straight on the DB-API cursor, past SQLAlchemy's
    # events. Plus the transactions that end in COMMIT.
    def statement(*_args: Any) -> None:
        counts["sqlalchemy statements"] += 1

    def commit(_conn: Any) -> None:
        counts["commits"] += 1

    event.listen(ctx.db.engine, "before_cursor_execute", statement)
    event.listen(ctx.db.engine, "commit", commit)
    with TestClient(create_app(ctx)) as http:
        admin, tokens = setup(http, 1)
        with ctx.db.engine.connect() as conn:
            page = conn.exec_driver_sql("PRAGMA page_size").scalar() or 4096
        wal = Path(f"{database}-wal")
        wal_before = wal.stat().st_size if wal.exists() else 0
        counts.clear()
        _lifecycles(http, admin, tokens[0], INPROC_LIFECYCLES)
        wal_after = wal.stat().st_size
    # each WAL frame is one page plus a 24-byte frame header (the file has a 32-byte header)
    pages = (wal_after - wal_before) / (page + 24)
    n = INPROC_LIFECYCLES
    print(f"-- per lifecycle, in process ({n} lifecycles, SQLite, page size {page})")
    print(
        f"   SQL statements: {counts['sqlalchemy statements'] / n:.1f} seen by SQLAlchemy's "
        f"before_cursor_execute, {counts['sqlite statements'] / n:.1f} run by SQLite "
        f"(+ {counts['sqlite transaction control'] / n:.1f} BEGIN/COMMIT/ROLLBACK)"
    )
    print(
        f"   commits {counts['commits'] / n:.1f}, WAL pages written {pages / n:.1f} "
        f"({pages * (page + 24) / n / 1024:.0f} KiB)"
    )


def _lifecycles(http: Any, admin: dict[str, str], token: str, n: int) -> None:
    """`n` lifecycles one after another, as the load generator runs them."""
    user = {"X-Authorization": token}
    for _ in range(n):
        http.post("/api/workflow/bench_gate", json={"group": "g0"}, headers=admin)
        found = http.post("/api/human/tasks/search", json={"size": 1}, headers=user)
        task = found.json()["results"][0]["taskId"]
        http.post(f"/api/human/tasks/{task}/claim", headers=user)
        http.post(f"/api/human/tasks/{task}/update?complete=true", json={"ok": True}, headers=user)


def in_process_postgres() -> None:
    """Round trips per lifecycle on PostgreSQL, in process (TestClient): every statement
    sent through a psycopg cursor (SQLAlchemy's and the prepared hot paths' alike; an
    executemany counted once, as psycopg pipelines it), plus each transaction's BEGIN and
    COMMIT/ROLLBACK, which psycopg sends as statements of their own (none in autocommit)."""
    import psycopg
    from fastapi.testclient import TestClient
    from sqlalchemy import event

    from baton.app import build_context, create_app
    from baton.settings import Settings

    try:
        with psycopg.connect(PG_URL, connect_timeout=3):
            pass
    except Exception:  # not reachable: the closed loop above says why
        return
    counts = Counter[str]()

    idle = psycopg.pq.TransactionStatus.IDLE

    class Counting(psycopg.Cursor[Any]):
        def _count(self, kind: str) -> None:
            counts[kind] += 1
            if not self.connection.autocommit and self.connection.info.transaction_status == idle:
                counts["BEGIN"] += 1  # psycopg sends it before this statement

        def execute(self, *args: Any, **kwargs: Any) -> Any:
            self._count("statements")
            return super().execute(*args, **kwargs)

        def executemany(self, *args: Any, **kwargs: Any) -> Any:
            self._count("executemany")
            return super().executemany(*args, **kwargs)

    ctx = build_context(
        Settings(
            database_url=PG_URL,
            secret_key="s" * 32,
            admin_key_id="bench",
            admin_key_secret="bench-secret",
        )
    )

    def on_connect(dbapi_connection: Any, _record: Any) -> None:
        dbapi_connection.cursor_factory = Counting

    def ended(conn: Any) -> None:
        if conn.connection.dbapi_connection.info.transaction_status != idle:
            counts["COMMIT/ROLLBACK"] += 1  # a round trip only when a transaction is open

    ctx.db.engine.dispose()  # connections opened from now on count
    event.listen(ctx.db.engine, "connect", on_connect)
    event.listen(ctx.db.engine, "commit", ended)
    event.listen(ctx.db.engine, "rollback", ended)
    with TestClient(create_app(ctx)) as http:
        admin, tokens = setup(http, 1)
        _lifecycles(http, admin, tokens[0], 5)  # warm: caches, prepared statements
        counts.clear()
        _lifecycles(http, admin, tokens[0], INPROC_LIFECYCLES)
    ctx.db.dispose()
    n = INPROC_LIFECYCLES
    control = counts["BEGIN"] + counts["COMMIT/ROLLBACK"]
    trips = counts["statements"] + counts["executemany"] + control
    print(f"-- per lifecycle, in process ({n} lifecycles, PostgreSQL)")
    print(
        f"   statements {counts['statements'] / n:.1f} + executemany "
        f"{counts['executemany'] / n:.1f} + BEGIN/COMMIT/ROLLBACK {control / n:.1f}: "
        f"~{trips / n:.1f} round trips"
    )


def main() -> None:
    unknown = ONLY - set(PARTS)
    if unknown:
        sys.exit(f"BENCH_ONLY: unknown part(s) {', '.join(sorted(unknown))}; known: {PARTS}")
    targets: list[Target] = []
    with tempfile.TemporaryDirectory() as folder:
        if "sqlite" in ONLY:
            targets += sqlite_runs(folder)
        if "processes" in ONLY:
            processes_run(folder)
        if "postgres" in ONLY:
            targets += postgres_run()
        if "inprocess" in ONLY:
            in_process(folder)
            in_process_postgres()
    if targets:
        print_targets(targets)


if __name__ == "__main__":
    main()

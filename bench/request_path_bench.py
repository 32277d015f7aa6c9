"""The request path's fixed costs, in process: what each request pays before and around
its endpoint's own work.

- route selection for the lifecycle's four hot requests, FastAPI's scan of every route
  (`RouteIndex` bypassed) against `baton.api.route_index` (route handlers stubbed out, so
  only selection and dispatch are timed);
- authentication: `services.auth.authenticate` (JWT check + one read transaction, what a
  cache miss costs) against an `AuthCache` hit;
- one thread hop: `run_in_threadpool` of a no-op, as FastAPI runs a sync dependency or
  endpoint.
Figures are µs per call (best of BENCH_REPEATS runs of BENCH_CALLS calls).
"""

from __future__ import annotations

import asyncio
import os
import sys
import tempfile
import time
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any

from fastapi import routing
from fastapi.testclient import TestClient
from starlette.concurrency import run_in_threadpool

sys.path.insert(0, str(Path(__file__).resolve().parent))

from human_bench import setup

from baton.api.route_index import RouteIndex
from baton.app import build_context, create_app
from baton.services.auth import authenticate
from baton.settings import Settings

CALLS = int(os.environ.get("BENCH_CALLS", "2000"))
REPEATS = int(os.environ.get("BENCH_REPEATS", "5"))
ADMIN = {"admin_key_id": "bench", "admin_key_secret": "bench-secret"}
HOT = [
    ("POST", "/api/workflow/bench_gate", b""),
    ("POST", "/api/human/tasks/search", b""),
    ("POST", "/api/human/tasks/0190a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b/claim", b""),
    ("POST", "/api/human/tasks/0190a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b/update", b"complete=true"),
]


def best_us(run: Callable[[], None]) -> float:
    best = float("inf")
    for _ in range(REPEATS):
        began = time.perf_counter()
        for _ in range(CALLS):
            run()
        best = min(best, time.perf_counter() - began)
    return best / CALLS * 1e6


async def abest_us(run: Callable[[], Awaitable[Any]]) -> float:
    best = float("inf")
    for _ in range(REPEATS):
        began = time.perf_counter()
        for _ in range(CALLS):
            await run()
        best = min(best, time.perf_counter() - began)
    return best / CALLS * 1e6


def routing_costs(app: Any) -> None:
    index = app.router.middleware_stack
    assert isinstance(index, RouteIndex), "create_app installs the route index"
    scan = app.router.app
    handled: list[str] = []

    async def stub(self: routing.APIRoute, scope: Any, receive: Any, send: Any) -> None:
        handled.append(self.name)

    async def receive() -> dict[str, Any]:
        return {"type": "http.request", "body": b"", "more_body": False}

    async def send(_message: Any) -> None:
        return None

    def scope_of(method: str, path: str, query: bytes) -> dict[str, Any]:
        return {
            "type": "http",
            "method": method,
            "path": path,
            "raw_path": path.encode(),
            "root_path": "",
            "query_string": query,
            "headers": [],
            "app": app,
        }

    original = routing.APIRoute.handle
    routing.APIRoute.handle = stub  # type: ignore[method-assign]
    try:
        print(f"-- route selection, µs per request ({len(app.router.routes)} top-level routes)")
        for method, path, query in HOT:
            scope = scope_of(method, path, query)
            timings = [
                asyncio.run(abest_us(lambda d=dispatch, s=scope: d(dict(s), receive, send)))
                for dispatch in (scan, index)
            ]
            print(
                f"   {method} {path[:44]:44s} FastAPI scan {timings[0]:6.1f}   "
                f"index {timings[1]:6.1f}   ({handled[-1]})"
            )
    finally:
        routing.APIRoute.handle = original  # type: ignore[method-assign]


def auth_costs(ctx: Any, token: str) -> None:
    def miss() -> None:
        ctx.auth_cache.clear()
        authenticate(ctx, token)

    authenticate(ctx, token)
    hit = best_us(lambda: ctx.auth_cache.get(token))
    print("-- authentication, µs per request")
    print(f"   cache miss (JWT check + read transaction) {best_us(miss):7.1f}")
    print(f"   cache hit                                 {hit:7.1f}")


def hop_cost() -> None:
    def nothing() -> None:
        return None

    async def hops() -> float:
        return await abest_us(lambda: run_in_threadpool(nothing))

    print("-- one thread hop (run_in_threadpool of a no-op), µs")
    print(f"   {asyncio.run(hops()):.1f}")


def main() -> None:
    with tempfile.TemporaryDirectory() as folder:
        settings = Settings(
            database_url=f"sqlite:///{folder}/bench.db", secret_key="k" * 32, **ADMIN
        )
        ctx = build_context(settings)
        app = create_app(ctx)
        with TestClient(app) as http:
            _admin, tokens = setup(http, 1)
        routing_costs(app)
        auth_costs(ctx, tokens[0])
        hop_cost()


if __name__ == "__main__":
    main()

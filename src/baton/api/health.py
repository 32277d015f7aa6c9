"""Health for people and orchestrators.

- `GET /health`: the database answers (kept for existing probes).
- `GET /health/live`: the process serves requests (a liveness probe: restart when it fails).
- `GET /health/ready`: the database answers, its schema is at this build's newest migration,
  and the timer scheduler runs where this server runs one (a readiness probe: send traffic
  only when it passes). Each check is reported by name; the scheduler's names the lease
  owner its timer leases carry (which server holds a timer). A server that received SIGTERM
  stops its scheduler at once, so it is no longer ready while it finishes its requests.
"""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse
from sqlalchemy.exc import SQLAlchemyError

from baton.api.deps import Ctx
from baton.api.errors import error_body
from baton.store import migrate
from baton.store.db import StoreUnavailable

router = APIRouter(tags=["health"])

SCHEDULER_EXPECTED = "scheduler_expected"
"""`app.state` flag a serving process sets: its scheduler must be running to be ready."""


@router.get("/health", summary="Liveness and database check")
def health(ctx: Ctx) -> JSONResponse:
    try:
        ctx.db.ping()
    except StoreUnavailable as exc:
        return JSONResponse(error_body(503, exc.message, healthy=False), status_code=503)
    return JSONResponse({"healthy": True, "database": "ok"})


@router.get("/health/live", summary="Liveness: the process answers")
async def live() -> JSONResponse:
    return JSONResponse({"status": "UP"})


@router.get("/health/ready", summary="Readiness: database, migrations and scheduler")
def ready(request: Request, ctx: Ctx) -> JSONResponse:
    checks: dict[str, dict[str, Any]] = {}
    try:
        ctx.db.ping()
        checks["database"] = {"status": "UP"}
        current, head = migrate.current_revision(ctx.db), migrate.head_revision()
        checks["migrations"] = (
            {"status": "UP", "revision": current}
            if current == head
            else {"status": "DOWN", "revision": current, "expected": head}
        )
    except (StoreUnavailable, SQLAlchemyError) as exc:
        message = exc.message if isinstance(exc, StoreUnavailable) else type(exc).__name__
        checks["database"] = {"status": "DOWN", "error": message}
        checks["migrations"] = {"status": "UNKNOWN"}
    expected = getattr(request.app.state, SCHEDULER_EXPECTED, False)
    running = ctx.scheduler is not None and ctx.scheduler.running
    checks["scheduler"] = {"status": "UP" if running or not expected else "DOWN"}
    if ctx.scheduler is not None:
        checks["scheduler"]["owner"] = ctx.scheduler.owner
    up = all(check["status"] == "UP" for check in checks.values())
    return JSONResponse(
        {"status": "UP" if up else "DOWN", "checks": checks}, status_code=200 if up else 503
    )

"""`GET /health`: answers 200 when the database answers."""

from __future__ import annotations

from fastapi import APIRouter
from fastapi.responses import JSONResponse

from baton.api.deps import Ctx
from baton.api.errors import error_body
from baton.store.db import StoreUnavailable

router = APIRouter(tags=["health"])


@router.get("/health", summary="Liveness and database check")
def health(ctx: Ctx) -> JSONResponse:
    try:
        ctx.db.ping()
    except StoreUnavailable as exc:
        return JSONResponse(error_body(503, exc.message, healthy=False), status_code=503)
    return JSONResponse({"healthy": True, "database": "ok"})

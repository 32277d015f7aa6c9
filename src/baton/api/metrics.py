"""`GET /metrics`: this server process's Prometheus metrics (see `baton.metrics`).

Counts per candidate group name what waits in the Tasklist, so it is not public by default:
an ADMIN caller (Prometheus' `basic_auth` with an admin user's id and password, or a
bearer token) reads it; `BATON_METRICS_PUBLIC=true` opens it to a scraper
on a private network.
"""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import Response
from starlette.concurrency import run_in_threadpool

from baton.api.deps import current_caller, service_context
from baton.metrics import CONTENT_TYPE
from baton.services import authz

router = APIRouter(tags=["health"])


@router.get("/metrics", summary="Prometheus metrics of this server process")
async def metrics(request: Request) -> Response:
    ctx = await service_context(request)
    if not ctx.settings.metrics_public:
        authz.require_admin(await current_caller(request, ctx), "only an ADMIN may read metrics")
    body = await run_in_threadpool(ctx.metrics.render)
    return Response(body, media_type=CONTENT_TYPE)

"""Live human-task events for the web app: `GET /api/web/events` (server-sent events).

One `event: task` per change the caller may see (`services.task_feed`), data shaped like
web/src/live/events.ts `TaskEvent`; a comment every `HEARTBEAT_SECONDS` keeps proxies
from closing an idle stream and notices a browser that went away. The caller is checked
again at every heartbeat: an expired session ends the stream with `event: expired` (the
app then finds the 401 and signs in again). The stream ends when the server stops.
A reconnecting browser passes the last event id (`?since=` or `Last-Event-ID`) and is sent
what it missed first, as far as the bounded log still holds it.
"""

from __future__ import annotations

import asyncio
import json
from collections.abc import AsyncIterator
from typing import Annotated

from fastapi import APIRouter, Query, Request
from fastapi.responses import StreamingResponse

from baton.api.deps import Ctx, CurrentCaller, current_caller
from baton.model.errors import BatonError
from baton.services.task_feed import TaskEvent, TaskFeed

router = APIRouter(prefix="/api/web", tags=["web"])

HEARTBEAT_SECONDS = 15.0
RETRY_MS = 3_000  # the browser's reconnection delay after a dropped stream


def feed_of(request: Request) -> TaskFeed:
    feed: TaskFeed = request.app.state.task_feed
    return feed


def _last_event_id(request: Request) -> int | None:
    """What a browser's own EventSource reconnection sends."""
    value = request.headers.get("last-event-id", "")
    return int(value) if value.isdigit() and len(value) < 19 else None


def task_message(event: TaskEvent) -> str:
    data = {
        "kind": event.kind,
        "taskId": event.task_id,
        "instanceId": event.instance_id,
        "assignee": event.assignee,
    }
    return f"id: {event.seq}\nevent: task\ndata: {json.dumps(data, separators=(',', ':'))}\n\n"


@router.get(
    "/events",
    summary="Live human-task events (text/event-stream)",
    response_class=StreamingResponse,
    responses={200: {"content": {"text/event-stream": {}}, "description": "An event stream"}},
)
async def events(
    request: Request,
    ctx: Ctx,
    caller: CurrentCaller,
    since: Annotated[
        int | None,
        Query(ge=0, description="The id of the last event seen: what came after it is sent first"),
    ] = None,
) -> StreamingResponse:
    feed = feed_of(request)
    resume = since if since is not None else _last_event_id(request)

    async def stream() -> AsyncIterator[str]:
        sub = await feed.subscribe(caller)
        try:
            yield f"retry: {RETRY_MS}\n: connected\n\n"
            if resume is not None:
                for missed in await feed.missed(sub, resume):
                    yield task_message(missed)
            while True:
                try:
                    event = await asyncio.wait_for(sub.queue.get(), timeout=HEARTBEAT_SECONDS)
                except TimeoutError:
                    if await request.is_disconnected():
                        return
                    try:
                        await current_caller(request, ctx)
                    except BatonError:
                        yield "event: expired\ndata: {}\n\n"
                        return
                    yield ": heartbeat\n\n"
                    continue
                if event is None:  # dropped (too far behind) or the server is stopping
                    return
                yield task_message(event)
        finally:
            feed.unsubscribe(sub)

    return StreamingResponse(
        stream(),
        media_type="text/event-stream",
        headers={"Cache-Control": "no-cache", "X-Accel-Buffering": "no"},
    )

"""Request ids and the access log.

Every HTTP request gets an id: the caller's `X-Request-Id` when it is a plausible id (up to
128 characters of letters, digits and `-_.:/+=@`), a new one otherwise. The id is returned in
the response's `X-Request-Id`, stamped on every log line written while the request runs
(`baton.logs`), and closes the request in one access log line (logger `baton.access`): method,
route template, status, duration and caller. A plain ASGI middleware: no thread hop, no copy
of the body.
"""

from __future__ import annotations

import logging
import re
import time
import uuid

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from baton.logs import RequestRecord, current_request, fields
from baton.metrics import Metrics

HEADER = b"x-request-id"
_VALID = re.compile(rb"[A-Za-z0-9\-_.:/+=@]{1,128}")

UNROUTED = "(unrouted)"

access_log = logging.getLogger("baton.access")


def accepted_request_id(scope: Scope) -> str:
    """The caller's request id when it is a plausible one, else a new one."""
    for name, value in scope.get("headers", ()):
        if name == HEADER and _VALID.fullmatch(value):
            return bytes(value).decode("ascii")
    return uuid.uuid4().hex


class RequestLogMiddleware:
    def __init__(
        self, app: ASGIApp, *, access: bool = True, metrics: Metrics | None = None
    ) -> None:
        self.app = app
        self.access = access
        self.metrics = metrics

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        record = RequestRecord(accepted_request_id(scope))
        token = current_request.set(record)
        header = (HEADER, record.request_id.encode("ascii"))
        status = 500  # what the server answers when the app raises before starting
        started = time.perf_counter()

        async def send_with_id(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = message["status"]
                message["headers"] = [*message.get("headers", ()), header]
            await send(message)

        try:
            await self.app(scope, receive, send_with_id)
        finally:
            seconds = time.perf_counter() - started
            route = scope.get("route")
            template = getattr(route, "path_format", None) or getattr(route, "path", None)
            if self.metrics is not None:
                # a path no route took is one label value, not one per path asked for
                self.metrics.request(scope["method"], template or UNROUTED, status, seconds)
            if self.access:
                self._log(scope, template, record, status, seconds)
            current_request.reset(token)

    @staticmethod
    def _log(
        scope: Scope, template: str | None, record: RequestRecord, status: int, seconds: float
    ) -> None:
        access_log.info(
            "request",
            extra=fields(
                method=scope["method"],
                route=template or scope["path"],
                status=status,
                duration_ms=round(seconds * 1000, 2),
                caller=record.caller,
            ),
        )

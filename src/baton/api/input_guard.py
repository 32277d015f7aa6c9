"""Validation at the door, for every endpoint: header sizes (431), NUL or surrogates in the
path or query (400), and every JSON body checked by `model.json_guard` (400) before any
route sees it. Also opens the per-request commit record the error handler reads."""

from __future__ import annotations

import json
from typing import Any
from urllib.parse import parse_qsl

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from baton.api.errors import COMMIT_RECORD, error_response
from baton.model.errors import BatonError, InvalidInput
from baton.model.json_guard import check_json, text_problem
from baton.store.commits import open_record


class HeadersTooLarge(BatonError):
    def __init__(self, message: str) -> None:
        super().__init__(message=message, status=431, code="HEADERS_TOO_LARGE")


BODY_METHODS = frozenset({"POST", "PUT", "PATCH", "DELETE"})


class InputGuardMiddleware:
    def __init__(
        self, app: ASGIApp, *, max_header_bytes: int, max_head_bytes: int, max_json_depth: int
    ) -> None:
        self.app = app
        self.max_header_bytes = max_header_bytes
        self.max_head_bytes = max_head_bytes
        self.max_json_depth = max_json_depth

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        scope[COMMIT_RECORD] = open_record()
        try:
            self._check_headers(scope)
            _check_target(scope)
        except BatonError as exc:
            await error_response(exc, scope.get("path", ""))(scope, receive, send)
            return
        if scope["method"] not in BODY_METHODS or not _is_json(scope):
            await self.app(scope, receive, send)
            return
        body, complete = await _read_body(receive)
        if not complete:
            return  # the client went away
        try:
            self._check_body(body)
        except BatonError as exc:
            await error_response(exc, scope.get("path", ""))(scope, receive, send)
            return
        replayed = False

        async def replay() -> Message:
            nonlocal replayed
            if not replayed:
                replayed = True
                return {"type": "http.request", "body": body, "more_body": False}
            return await receive()

        await self.app(scope, replay, send)

    def _check_headers(self, scope: Scope) -> None:
        total = 0
        for name, value in scope.get("headers", []):
            size = len(name) + len(value)
            total += size
            if size > self.max_header_bytes:
                shown = name.decode("latin-1")[:100]
                raise HeadersTooLarge(f"the {shown} header is over {self.max_header_bytes} bytes")
        if total > self.max_head_bytes:
            raise HeadersTooLarge(
                f"the request headers are over {self.max_head_bytes} bytes in all"
            )

    def _check_body(self, body: bytes) -> None:
        if not body.strip():
            return
        try:
            value: Any = json.loads(body)
        except RecursionError:
            raise InvalidInput(
                f"the JSON body is nested too deeply (more than {self.max_json_depth} levels)"
            ) from None
        except ValueError:
            return  # malformed JSON: the route's parser answers it with its usual message
        check_json(value, max_depth=self.max_json_depth, where="body")


def _check_target(scope: Scope) -> None:
    problem = text_problem(scope.get("path", ""))
    if problem is not None:
        raise InvalidInput(f"the URL path {problem}")
    query = scope.get("query_string", b"")
    if not query:
        return
    for name, value in parse_qsl(query.decode("latin-1"), keep_blank_values=True):
        problem = text_problem(name) or text_problem(value)
        if problem is not None:
            raise InvalidInput(f"query parameter {name[:100]!r} {problem}")


def _is_json(scope: Scope) -> bool:
    """What FastAPI reads as JSON: no content type, `application/json` or `…+json`."""
    for name, value in scope.get("headers", []):
        if name == b"content-type":
            media = value.split(b";", 1)[0].strip().lower()
            return media in (b"", b"application/json") or media.endswith(b"+json")
    return True


async def _read_body(receive: Receive) -> tuple[bytes, bool]:
    """The whole body (its size is already capped by `BodyLimitMiddleware`), and whether it
    arrived whole (False when the client went away)."""
    chunks: list[bytes] = []
    while True:
        message = await receive()
        if message["type"] != "http.request":
            return b"".join(chunks), False
        chunks.append(message.get("body", b""))
        if not message.get("more_body", False):
            return b"".join(chunks), True

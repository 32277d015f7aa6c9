"""The one place where errors become HTTP responses.

Body: `{status, message, code, retryable, ...}` (the Orkes/Conductor error shape), plus
`validationErrors: [{path, message}]` for bad input and `error` (`INVALID_TOKEN` /
`EXPIRED_TOKEN`) on 401, which the Orkes SDKs read to refresh their token. Refusals that
pass (429/503 from `TooManyRequests`) carry a `Retry-After` header.
"""

from __future__ import annotations

import logging
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException as StarletteHTTPException

from baton.model.errors import (
    BatonError,
    FieldError,
    InvalidInput,
    TooManyRequests,
    Unauthenticated,
)

log = logging.getLogger("baton.api")

_STATUS_CODES = {
    400: "INVALID_INPUT",
    401: "UNAUTHENTICATED",
    403: "FORBIDDEN",
    404: "NOT_FOUND",
    405: "METHOD_NOT_ALLOWED",
    409: "CONFLICT",
    413: "PAYLOAD_TOO_LARGE",
    415: "UNSUPPORTED_MEDIA_TYPE",
    429: "TOO_MANY_REQUESTS",
    431: "HEADERS_TOO_LARGE",
}

# where `input_guard` keeps the request's `store.commits.CommitRecord` in the ASGI scope
COMMIT_RECORD = "baton.commit_record"


def _committed(request: Request) -> bool:
    record = request.scope.get(COMMIT_RECORD)
    return bool(getattr(record, "committed", False))


def error_body(status: int, message: str, **extra: Any) -> dict[str, Any]:
    body: dict[str, Any] = {
        "status": status,
        "code": extra.pop("code", None) or _STATUS_CODES.get(status, "ERROR"),
        "message": message,
        "retryable": status >= 500 or status == 429,
    }
    body.update(extra)
    return body


PROBLEM_PREFIX = "/v2/"


def problem_response(
    status: int,
    title: str,
    detail: str,
    instance: str,
    headers: dict[str, str] | None = None,
) -> JSONResponse:
    """RFC 7807 problem details, the error shape of the Camunda API."""
    return JSONResponse(
        {
            "type": "about:blank",
            "title": title,
            "status": status,
            "detail": detail,
            "instance": instance,
        },
        status_code=status,
        media_type="application/problem+json",
        headers=headers,
    )


def error_response(exc: BatonError, path: str = "", *, committed: bool = False) -> JSONResponse:
    """`committed`: something was written before the error, so a retry is not safe."""
    headers = None
    if isinstance(exc, TooManyRequests):
        headers = {"Retry-After": str(exc.retry_after)}
    if path.startswith(PROBLEM_PREFIX):
        return problem_response(exc.status, exc.code, exc.message, path, headers)
    extra: dict[str, Any] = {"code": exc.code, **exc.details}
    if committed:
        extra["retryable"] = False
    if isinstance(exc, InvalidInput):
        extra["validationErrors"] = [e.to_dict() for e in exc.errors]
    if isinstance(exc, Unauthenticated):
        extra["error"] = exc.error
    if isinstance(exc, TooManyRequests):
        extra["retryAfterSeconds"] = exc.retry_after
    return JSONResponse(
        error_body(exc.status, exc.message, **extra), status_code=exc.status, headers=headers
    )


def _loc_to_path(loc: tuple[Any, ...]) -> str:
    parts = list(loc)
    if parts and parts[0] in ("body", "query", "path", "header"):
        parts = parts[1:]
    path = ""
    for part in parts:
        if isinstance(part, int):
            path += f"[{part}]"
        else:
            path += ("." if path else "") + str(part)
    return path or str(loc[0] if loc else "body")


def validation_errors(exc: RequestValidationError) -> list[FieldError]:
    found = []
    for err in exc.errors():
        loc = tuple(err.get("loc", ()))
        if err.get("type") == "json_invalid":
            message = "malformed JSON: " + str(err.get("ctx", {}).get("error", "cannot parse"))
            found.append(FieldError("body", message))
            continue
        found.append(FieldError(_loc_to_path(loc), str(err.get("msg", "invalid"))))
    return found


def install(app: FastAPI) -> None:
    @app.exception_handler(BatonError)
    async def _baton_error(request: Request, exc: BatonError) -> JSONResponse:
        return error_response(exc, request.url.path, committed=_committed(request))

    @app.exception_handler(RequestValidationError)
    async def _validation(_request: Request, exc: RequestValidationError) -> JSONResponse:
        errors = validation_errors(exc)
        summary = "; ".join(f"{e.path}: {e.message}" for e in errors[:5])
        invalid = InvalidInput(f"invalid request: {summary}", errors=errors)
        return error_response(invalid, _request.url.path)

    @app.exception_handler(StarletteHTTPException)
    async def _http(_request: Request, exc: StarletteHTTPException) -> JSONResponse:
        message = exc.detail if isinstance(exc.detail, str) else "request failed"
        if exc.status_code == 404 and message == "Not Found":
            message = "no such endpoint"
        if _request.url.path.startswith(PROBLEM_PREFIX):
            title = _STATUS_CODES.get(exc.status_code, "ERROR")
            return problem_response(exc.status_code, title, message, _request.url.path)
        return JSONResponse(
            error_body(exc.status_code, message),
            status_code=exc.status_code,
            headers=getattr(exc, "headers", None),
        )

    @app.exception_handler(Exception)
    async def _unexpected(request: Request, exc: Exception) -> JSONResponse:
        log.exception("unhandled error on %s %s", request.method, request.url.path)
        # once something was committed, a retry would do it twice
        body = error_body(500, "internal server error", retryable=not _committed(request))
        return JSONResponse(body, status_code=500)

"""Server logs: one line per record, as `key=value` text or JSON, each carrying the id of the
request it belongs to.

The request id lives in a context variable set by `baton.api.request_log` for the whole
request; worker threads started for the request (FastAPI's thread pool copies the context)
see it too, so a service's log line names the request that caused it. Fields beyond the
message go in `extra={"fields": {...}}` (see `fields`); nothing here ever reads a request's
headers or body, so secrets reach a log only if a caller passes one in a field.
"""

from __future__ import annotations

import json
import logging
import sys
import time
from contextvars import ContextVar
from dataclasses import dataclass
from typing import Any, Literal

LogFormat = Literal["text", "json"]
LOG_FORMATS: tuple[LogFormat, ...] = ("text", "json")


@dataclass(slots=True)
class RequestRecord:
    """What the access log line says about the request in progress; the authentication
    dependency fills in the caller (shared by reference with the request's worker threads)."""

    request_id: str
    caller: str | None = None


current_request: ContextVar[RequestRecord | None] = ContextVar("baton_request", default=None)


def request_id() -> str | None:
    record = current_request.get()
    return record.request_id if record is not None else None


def note_caller(caller: str) -> None:
    """Name the caller of the request in progress (for its access log line)."""
    record = current_request.get()
    if record is not None:
        record.caller = caller


def fields(**values: Any) -> dict[str, Any]:
    """`extra=` for a log call: `log.info("task claimed", extra=fields(task_id=...))`."""
    return {"fields": values}


def _stamp_request_ids() -> None:
    """Every log record, from any logger, carries `request_id` (None outside a request),
    set where it is made: in the request's own task or worker thread."""
    make = logging.getLogRecordFactory()
    if getattr(make, "stamps_request_id", False):
        return

    def stamped(*args: Any, **kwargs: Any) -> logging.LogRecord:
        record = make(*args, **kwargs)
        record.request_id = request_id()
        return record

    stamped.stamps_request_id = True  # type: ignore[attr-defined]
    logging.setLogRecordFactory(stamped)


_stamp_request_ids()


def _timestamp(record: logging.LogRecord) -> str:
    seconds = time.strftime("%Y-%m-%dT%H:%M:%S", time.gmtime(record.created))
    return f"{seconds}.{int(record.msecs):03d}Z"


def _record_fields(record: logging.LogRecord) -> dict[str, Any]:
    out: dict[str, Any] = {}
    request = getattr(record, "request_id", None)
    if request is not None:
        out["request_id"] = request
    extra = getattr(record, "fields", None)
    if isinstance(extra, dict):
        out.update(extra)
    return out


class JsonFormatter(logging.Formatter):
    """One JSON object per line: ts, level, logger, message, request_id, the fields, error."""

    def format(self, record: logging.LogRecord) -> str:
        line: dict[str, Any] = {
            "ts": _timestamp(record),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
        }
        line.update(_record_fields(record))
        if record.exc_info:
            line["error"] = self.formatException(record.exc_info)
        return json.dumps(line, default=str, ensure_ascii=False)


class KeyValueFormatter(logging.Formatter):
    """`ts=… level=INFO logger=baton.access msg="…" request_id=… key=value …`: readable and
    still split by any log shipper; values with spaces or quotes are quoted."""

    def format(self, record: logging.LogRecord) -> str:
        parts = [
            f"ts={_timestamp(record)}",
            f"level={record.levelname}",
            f"logger={record.name}",
            f"msg={_quote(record.getMessage())}",
        ]
        parts += [f"{key}={_quote(value)}" for key, value in _record_fields(record).items()]
        line = " ".join(parts)
        if record.exc_info:
            line += "\n" + self.formatException(record.exc_info)
        return line


def _quote(value: object) -> str:
    text = "" if value is None else str(value)
    if text and not any(c in text for c in ' "=\n\t\\'):
        return text
    return json.dumps(text, ensure_ascii=False)


def configure(level: str = "INFO", fmt: LogFormat = "text") -> None:
    """Route every logger (Baton's, uvicorn's, the libraries') to standard error in `fmt`."""
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(JsonFormatter() if fmt == "json" else KeyValueFormatter())
    root = logging.getLogger()
    for old in list(root.handlers):
        root.removeHandler(old)
    root.addHandler(handler)
    root.setLevel(level.upper())
    for name in ("uvicorn", "uvicorn.error", "uvicorn.access"):
        logger = logging.getLogger(name)
        logger.handlers.clear()
        logger.propagate = True

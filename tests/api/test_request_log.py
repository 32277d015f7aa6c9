"""Request ids travel in and out; every request leaves one access log line naming it."""

from __future__ import annotations

import io
import json
import logging

import pytest

from baton.logs import JsonFormatter, KeyValueFormatter, fields

from support import Api

ACCESS = "baton.access"


def access_lines(caplog: pytest.LogCaptureFixture) -> list[logging.LogRecord]:
    return [r for r in caplog.records if r.name == ACCESS]


def test_request_id_is_returned_as_sent(api: Api) -> None:
    response = api.client.get("/health/live", headers={"X-Request-Id": "order-42:retry/1"})
    assert response.headers["x-request-id"] == "order-42:retry/1"


@pytest.mark.parametrize("sent", [None, "", "has space", "x" * 129, "semi;colon<>"])
def test_a_missing_or_implausible_request_id_is_replaced(api: Api, sent: str | None) -> None:
    headers = {} if sent is None else {"X-Request-Id": sent}
    response = api.client.get("/health/live", headers=headers)
    returned = response.headers["x-request-id"]
    assert returned != sent and len(returned) == 32


def test_every_request_gets_its_own_id(api: Api) -> None:
    ids = {api.client.get("/health/live").headers["x-request-id"] for _ in range(3)}
    assert len(ids) == 3


def test_access_line_has_method_route_status_duration_and_caller(
    api: Api, caplog: pytest.LogCaptureFixture
) -> None:
    headers = {**api.admin, "X-Request-Id": "req-1"}
    caplog.set_level(logging.INFO, logger=ACCESS)
    response = api.client.get("/api/users/nobody", headers=headers)
    assert response.status_code == 404
    (line,) = [r for r in access_lines(caplog) if r.request_id == "req-1"]  # type: ignore[attr-defined]
    logged = line.fields  # type: ignore[attr-defined]
    assert logged["method"] == "GET"
    assert logged["route"] == "/api/users/{user_id}"
    assert logged["status"] == 404
    assert logged["duration_ms"] >= 0
    assert logged["caller"].startswith("APPLICATION:")  # the admin key's application


def test_unauthenticated_and_unrouted_requests_are_logged_too(
    api: Api, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.INFO, logger=ACCESS)
    api.client.get("/api/users", headers={"X-Request-Id": "anon"})
    api.client.get("/nowhere/at/all", headers={"X-Request-Id": "lost"})
    by_id = {r.request_id: r.fields for r in access_lines(caplog)}  # type: ignore[attr-defined]
    assert by_id["anon"]["status"] == 401 and by_id["anon"]["caller"] is None
    assert by_id["lost"]["route"] == "/nowhere/at/all"


def test_log_lines_written_during_a_request_carry_its_id(
    api: Api, caplog: pytest.LogCaptureFixture
) -> None:
    """A line written in the worker thread that serves the request names the request."""
    app = api.client.app

    @app.get("/test/logs-something")  # type: ignore[attr-defined, untyped-decorator]
    def logs_something() -> dict[str, str]:  # a sync endpoint: FastAPI runs it in a thread
        logging.getLogger("baton.test").info("working on it")
        return {}

    caplog.set_level(logging.INFO)
    api.client.get("/test/logs-something", headers={"X-Request-Id": "busy"})
    (line,) = [r for r in caplog.records if r.name == "baton.test"]
    assert line.request_id == "busy"  # type: ignore[attr-defined]
    assert line.threadName != "MainThread"


def _format(formatter: logging.Formatter, **extra: object) -> str:
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.setFormatter(formatter)
    logger = logging.getLogger("baton.test.format")
    logger.addHandler(handler)
    logger.propagate = False
    try:
        logger.warning("task claimed", extra=fields(**extra))
    finally:
        logger.removeHandler(handler)
    return stream.getvalue().strip()


def test_json_lines_are_one_object_each() -> None:
    line = json.loads(_format(JsonFormatter(), task_id="t-1", note='say "hi"'))
    assert line["message"] == "task claimed"
    assert line["level"] == "WARNING" and line["logger"] == "baton.test.format"
    assert line["task_id"] == "t-1" and line["note"] == 'say "hi"'
    assert line["ts"].endswith("Z")


def test_key_value_lines_quote_what_needs_it() -> None:
    line = _format(KeyValueFormatter(), task_id="t-1", note='say "hi"')
    assert 'msg="task claimed"' in line
    assert "task_id=t-1" in line
    assert 'note="say \\"hi\\""' in line

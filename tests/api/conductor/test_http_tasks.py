"""HTTP tasks through /api: made by the server only to hosts the operator allows, checked
with local HTTP servers that record every request they get."""

from __future__ import annotations

import dataclasses
import json
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import pytest

from baton.services import http_tasks
from baton.services.context import ServiceContext

from conductor_helpers import poll, register, start, workflow
from support import Api


class Recorder:
    """A local HTTP server: answers JSON, or a redirect at /redirect?to=URL."""

    def __init__(self) -> None:
        self.requests: list[dict[str, Any]] = []
        recorder = self

        class Handler(BaseHTTPRequestHandler):
            def _answer(self) -> None:
                length = int(self.headers.get("Content-Length") or 0)
                body = self.rfile.read(length).decode() if length else ""
                recorder.requests.append(
                    {
                        "method": self.command,
                        "path": self.path,
                        "body": body,
                        "host": self.headers["Host"],
                        "trace": self.headers.get("X-Trace"),
                    }
                )
                if self.path.startswith("/redirect?to="):
                    self.send_response(302)
                    self.send_header("Location", self.path.split("=", 1)[1])
                    self.end_headers()
                    return
                status = 500 if self.path == "/broken" else 200
                payload = json.dumps({"seen": self.path, "got": body}).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(payload)))
                self.end_headers()
                self.wfile.write(payload)

            do_GET = do_POST = _answer

            def log_message(self, *args: Any) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.port = self.server.server_address[1]
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def url(self, path: str, host: str = "127.0.0.1") -> str:
        return f"http://{host}:{self.port}{path}"

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def target() -> Iterator[Recorder]:
    server = Recorder()
    yield server
    server.close()


@pytest.fixture
def other() -> Iterator[Recorder]:
    server = Recorder()
    yield server
    server.close()


def allow(ctx: ServiceContext, *hosts: str) -> None:
    ctx.settings = dataclasses.replace(ctx.settings, http_allowed_hosts=hosts)


def call(uri: str, **request: Any) -> dict[str, Any]:
    return {
        "name": "caller",
        "version": 1,
        "tasks": [
            {
                "name": "call",
                "taskReferenceName": "call",
                "type": "HTTP",
                "retryCount": 0,
                "inputParameters": {"http_request": {"uri": uri, **request}},
            }
        ],
        "outputParameters": {"answer": "${call.output.response.body}"},
    }


def run(api: Api, ctx: ServiceContext, definition: dict[str, Any]) -> dict[str, Any]:
    register(api, definition)
    workflow_id = start(api, "caller", {"n": 1})
    assert workflow(api, workflow_id)["tasks"][0]["status"] == "SCHEDULED"
    assert http_tasks.work_once(ctx) == 1
    return workflow(api, workflow_id)


def test_allowed_host_is_called_and_the_answer_is_the_output(
    api: Api, ctx: ServiceContext, target: Recorder
) -> None:
    allow(ctx, "127.0.0.1/32")
    request = {"method": "POST", "body": {"n": 2}, "headers": {"X-Trace": ["a", "b"]}}
    found = run(api, ctx, call(target.url("/orders?x=1"), **request))
    assert found["status"] == "COMPLETED", found.get("reasonForIncompletion")
    assert target.requests == [
        {
            "method": "POST",
            "path": "/orders?x=1",
            "body": '{"n": 2}',
            "host": f"127.0.0.1:{target.port}",
            "trace": "a, b",
        }
    ]
    assert found["output"] == {"answer": {"seen": "/orders?x=1", "got": '{"n": 2}'}}
    response = found["tasks"][0]["outputData"]["response"]
    assert response["statusCode"] == 200


def test_host_outside_the_allow_list_gets_no_request(
    api: Api, ctx: ServiceContext, target: Recorder
) -> None:
    allow(ctx, "10.0.0.0/8", "api.example.com")
    found = run(api, ctx, call(target.url("/secret", host="localhost")))
    assert target.requests == []
    assert found["status"] == "FAILED"
    task = found["tasks"][0]
    assert task["status"] == "FAILED_WITH_TERMINAL_ERROR"
    assert "allow-list" in task["reasonForIncompletion"]


def test_empty_allow_list_refuses_every_call(
    api: Api, ctx: ServiceContext, target: Recorder
) -> None:
    found = run(api, ctx, call(target.url("/x")))
    assert target.requests == []
    assert "BATON_HTTP_ALLOWED_HOSTS" in found["tasks"][0]["reasonForIncompletion"]


def test_an_allowed_name_is_called_at_the_address_checked(
    api: Api, ctx: ServiceContext, target: Recorder
) -> None:
    allow(ctx, "localhost")
    found = run(api, ctx, call(target.url("/named", host="localhost")))
    assert found["status"] == "COMPLETED", found.get("reasonForIncompletion")
    assert target.requests[0]["host"] == f"localhost:{target.port}"


def test_redirects_are_not_followed(
    api: Api, ctx: ServiceContext, target: Recorder, other: Recorder
) -> None:
    allow(ctx, "127.0.0.1")
    found = run(api, ctx, call(target.url(f"/redirect?to={other.url('/elsewhere')}")))
    assert [r["path"] for r in target.requests] == [f"/redirect?to={other.url('/elsewhere')}"]
    assert other.requests == []
    assert found["status"] == "FAILED"
    assert "302" in found["tasks"][0]["reasonForIncompletion"]


def test_an_error_answer_fails_the_attempt(api: Api, ctx: ServiceContext, target: Recorder) -> None:
    allow(ctx, "127.0.0.1")
    found = run(api, ctx, call(target.url("/broken")))
    task = found["tasks"][0]
    assert task["status"] == "FAILED"
    assert task["outputData"]["response"]["statusCode"] == 500


def test_workers_cannot_take_baton_http_tasks(api: Api, ctx: ServiceContext) -> None:
    register(api, call("http://127.0.0.1:9/x"))
    start(api, "caller")
    response = api.client.get(
        "/api/tasks/poll/batch/$baton.http?workerid=w&count=1&timeout=0", headers=api.admin
    )
    assert response.status_code == 403, response.text
    assert poll(api, "call") == []

"""A real server with `BATON_OTLP_ENDPOINT` exports its spans over OTLP/HTTP, the last ones
when it stops (SIGTERM flushes the batch)."""

from __future__ import annotations

import signal
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, HTTPServer

import httpx
import pytest
from opentelemetry.proto.collector.trace.v1.trace_service_pb2 import ExportTraceServiceRequest

from support import running_server

pytestmark = pytest.mark.slow


@pytest.fixture
def collector() -> Iterator[tuple[str, list[tuple[str, bytes]]]]:
    """A stand-in OTLP/HTTP collector: records each POST (path, body) and answers 200."""
    received: list[tuple[str, bytes]] = []

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            body = self.rfile.read(int(self.headers.get("content-length", "0")))
            received.append((self.path, body))
            self.send_response(200)
            self.send_header("content-type", "application/x-protobuf")
            self.send_header("content-length", "0")
            self.end_headers()

        def log_message(self, *_args: object) -> None:
            pass

    server = HTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}", received
    finally:
        server.shutdown()
        server.server_close()


def test_a_server_exports_its_request_spans_to_the_collector(
    database_url: str, collector: tuple[str, list[tuple[str, bytes]]]
) -> None:
    endpoint, received = collector
    env = {"BATON_DATABASE_URL": database_url, "BATON_OTLP_ENDPOINT": endpoint}
    with running_server(env) as (base, process):
        assert httpx.get(f"{base}/api/users").status_code == 401
        process.send_signal(signal.SIGTERM)
        assert process.wait(timeout=60) == 0
    names = []
    for path, body in received:
        assert path == "/v1/traces"
        request = ExportTraceServiceRequest.FromString(body)
        for resource in request.resource_spans:
            service = {a.key: a.value.string_value for a in resource.resource.attributes}
            assert service["service.name"] == "baton"
            names += [s.name for scope in resource.scope_spans for s in scope.spans]
    assert "GET /api/users" in names

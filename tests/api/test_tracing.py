"""OpenTelemetry traces: with an OTLP endpoint set, a request is a server span named by its
route with the database statements it ran as children; unset, none of OpenTelemetry's SDK,
instrumentation or exporter is imported (FastAPI itself imports the no-op API)."""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient
from opentelemetry.sdk.trace.export.in_memory_span_exporter import InMemorySpanExporter
from opentelemetry.trace import SpanKind

from baton import tracing
from baton.app import create_app
from baton.services.context import ServiceContext
from baton.settings import Settings

from support import Api


@pytest.fixture
def spans(ctx: ServiceContext) -> Iterator[tuple[Api, InMemorySpanExporter]]:
    exporter = InMemorySpanExporter()
    app = create_app(ctx)
    tracing.install(app, ctx.db.engine, endpoint="http://127.0.0.1:1", exporter=exporter)
    try:
        with TestClient(app) as client:
            yield Api(client), exporter
    finally:
        tracing.uninstall(app)


def test_a_request_is_a_server_span_with_its_database_spans(
    spans: tuple[Api, InMemorySpanExporter],
) -> None:
    api, exporter = spans
    headers = api.admin  # the token request is traced too: start counting after it
    exporter.clear()
    response = api.client.get("/api/users/nobody", headers=headers)
    assert response.status_code == 404
    finished = exporter.get_finished_spans()
    [server] = [s for s in finished if s.kind is SpanKind.SERVER]
    assert server.name == "GET /api/users/{user_id}"
    assert (server.attributes or {})["http.route"] == "/api/users/{user_id}"
    assert (server.attributes or {})["http.status_code"] == 404
    database = [s for s in finished if "db.system" in (s.attributes or {})]
    statements = [str((s.attributes or {}).get("db.statement")) for s in database]
    assert any("FROM users" in text for text in statements), statements
    assert server.context is not None
    for span in database:
        assert span.kind is SpanKind.CLIENT
        assert span.parent is not None and span.parent.span_id == server.context.span_id


def test_probes_and_metrics_are_not_traced(spans: tuple[Api, InMemorySpanExporter]) -> None:
    api, exporter = spans
    assert api.client.get("/health/live").status_code == 200
    assert exporter.get_finished_spans() == ()


def test_the_endpoint_setting() -> None:
    assert Settings.from_env({}).otlp_endpoint is None
    ours = {"BATON_OTLP_ENDPOINT": "http://a:4318", "OTEL_EXPORTER_OTLP_ENDPOINT": "http://b"}
    assert Settings.from_env(ours).otlp_endpoint == "http://a:4318"
    standard = {"OTEL_EXPORTER_OTLP_ENDPOINT": "http://b:4318"}
    assert Settings.from_env(standard).otlp_endpoint == "http://b:4318"


PROBE = """
import json, sys, tempfile
from fastapi.testclient import TestClient
from baton.app import build_context, create_app
from baton.settings import Settings

folder = tempfile.mkdtemp()
env = {"BATON_DATABASE_URL": f"sqlite:///{folder}/b.db", **json.loads(sys.argv[1])}
settings = Settings.from_env(env)
with TestClient(create_app(build_context(settings))) as client:
    assert client.get("/health/ready").status_code == 200
loaded = [m for m in sys.modules if m.startswith(("opentelemetry", "baton.tracing"))]
print(json.dumps(sorted(loaded)))
"""


def _otel_modules(env: dict[str, str]) -> list[str]:
    done = subprocess.run(
        [sys.executable, "-c", PROBE, json.dumps(env)], capture_output=True, text=True
    )
    assert done.returncode == 0, done.stderr
    loaded: list[str] = json.loads(done.stdout.splitlines()[-1])
    return loaded


# FastAPI imports the API itself (its telemetry hooks, no-ops while no provider is set)
COSTLY = ("opentelemetry.sdk", "opentelemetry.instrumentation", "opentelemetry.exporter")


def test_without_an_endpoint_no_opentelemetry_sdk_is_imported() -> None:
    loaded = _otel_modules({})
    assert "baton.tracing" not in loaded
    assert [m for m in loaded if m.startswith(COSTLY)] == []


def test_with_an_endpoint_the_app_is_instrumented() -> None:
    loaded = _otel_modules({"BATON_OTLP_ENDPOINT": "http://127.0.0.1:1"})
    assert "opentelemetry.instrumentation.fastapi" in loaded
    assert "opentelemetry.instrumentation.sqlalchemy" in loaded
    assert "opentelemetry.exporter.otlp.proto.http.trace_exporter" in loaded
    assert "opentelemetry.sdk.trace" in loaded

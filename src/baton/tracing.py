"""OpenTelemetry traces, only when asked for.

With `BATON_OTLP_ENDPOINT` (or the standard `OTEL_EXPORTER_OTLP_ENDPOINT`) set, `install`
instruments the app (a server span per request, named by its route) and the database engine
(a span per SQL statement, the child of the request it serves) and exports the spans in
batches over OTLP/HTTP to `<endpoint>/v1/traces`; the other `OTEL_EXPORTER_OTLP_*` variables
(headers, timeout) and `OTEL_SERVICE_NAME` apply as usual. Unset, nothing imports this
module: no OpenTelemetry SDK, instrumentation or exporter is loaded and a request pays
nothing for them (FastAPI imports the OpenTelemetry API itself, a no-op without a provider;
this module never sets the global provider, so FastAPI's own hooks stay no-ops).

The packages are the optional extra `baton[otel]`. Statements that SQLite's group-commit
writer runs on its own thread serve several requests at once: their spans have no parent.
"""

from __future__ import annotations

import os
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from fastapi import FastAPI
    from opentelemetry.sdk.trace import TracerProvider
    from opentelemetry.sdk.trace.export import SpanExporter
    from sqlalchemy.engine import Engine

SERVICE_NAME = "baton"


def install(
    app: FastAPI, engine: Engine, *, endpoint: str, exporter: SpanExporter | None = None
) -> TracerProvider:
    """Trace `app` and `engine`: spans go to `exporter` as they end (tests), else in batches
    to the OTLP endpoint. The provider is kept on `app.state` for `shutdown`."""
    try:
        from opentelemetry.instrumentation.fastapi import FastAPIInstrumentor
        from opentelemetry.instrumentation.sqlalchemy import SQLAlchemyInstrumentor
        from opentelemetry.sdk.resources import Resource
        from opentelemetry.sdk.trace import TracerProvider
        from opentelemetry.sdk.trace.export import BatchSpanProcessor, SimpleSpanProcessor
    except ImportError as exc:
        raise SystemExit(
            f"tracing is configured (BATON_OTLP_ENDPOINT) but OpenTelemetry is missing "
            f"({exc.name}): pip install 'baton[otel]'"
        ) from None

    attributes = {} if os.environ.get("OTEL_SERVICE_NAME") else {"service.name": SERVICE_NAME}
    provider = TracerProvider(resource=Resource.create(attributes))
    if exporter is not None:
        provider.add_span_processor(SimpleSpanProcessor(exporter))
    else:
        provider.add_span_processor(BatchSpanProcessor(_otlp_exporter(endpoint)))
    FastAPIInstrumentor.instrument_app(
        app, tracer_provider=provider, excluded_urls="/health,/health/live,/health/ready,/metrics"
    )
    instrumentor = SQLAlchemyInstrumentor()
    if instrumentor.is_instrumented_by_opentelemetry:  # one engine per server process
        instrumentor.uninstrument()
    instrumentor.instrument(engine=engine, tracer_provider=provider)
    app.state.tracer_provider = provider
    return provider


def uninstall(app: FastAPI) -> None:
    """Undo `install` (tests build several apps in one process)."""
    from opentelemetry.instrumentation.fastapi import FastAPIInstrumentor
    from opentelemetry.instrumentation.sqlalchemy import SQLAlchemyInstrumentor

    FastAPIInstrumentor.uninstrument_app(app)
    SQLAlchemyInstrumentor().uninstrument()
    shutdown(app)


def shutdown(app: FastAPI) -> None:
    """Export the spans still buffered (a server's last step)."""
    provider: Any = getattr(app.state, "tracer_provider", None)
    if provider is not None:
        provider.shutdown()


def _otlp_exporter(endpoint: str) -> SpanExporter:
    from opentelemetry.exporter.otlp.proto.http.trace_exporter import OTLPSpanExporter

    return OTLPSpanExporter(endpoint=endpoint.rstrip("/") + "/v1/traces")

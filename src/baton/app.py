"""Building a Baton server: the service context (database, clock, tokens) and the ASGI app."""

from __future__ import annotations

from fastapi import FastAPI

from baton import __version__
from baton.api import errors, openapi_doc, route_index
from baton.api.admin import incidents
from baton.api.body_limit import BodyLimitMiddleware
from baton.api.camunda import element_instances, job_records, v2
from baton.api.camunda import incidents as camunda_incidents
from baton.api.camunda import user_tasks as camunda_user_tasks
from baton.api.camunda import variables as camunda_variables
from baton.api.conductor import events, metadata, tasks, workflows
from baton.api.health import router as health_router
from baton.api.human import tasks as human_tasks
from baton.api.human import templates as human_templates
from baton.api.identity import applications, authorization, groups, oauth, token, users
from baton.api.input_guard import InputGuardMiddleware
from baton.api.metrics import router as metrics_router
from baton.api.request_log import RequestLogMiddleware
from baton.api.web import events as web_events
from baton.api.web import models as web_models
from baton.api.web import operate as web_operate
from baton.api.web import processes as web_processes
from baton.api.web import saved_filters as web_saved_filters
from baton.api.web import session as web_session
from baton.api.web import tasks as web_tasks
from baton.clock import Clock, SystemClock
from baton.services import (
    call_activities,
    demo,
    event_handlers,
    event_subscriptions,
    process_instances,
    workflow_runs,
    workflow_tasks,
)
from baton.services.bootstrap import ensure_admin_key, ensure_demo_user, resolve_secret_key
from baton.services.context import ServiceContext, engine_for
from baton.services.human import lifecycle, task_listeners
from baton.services.task_feed import TaskFeed
from baton.services.timer_handlers import new_scheduler
from baton.services.tokens import TokenIssuer
from baton.settings import Settings
from baton.store import migrate
from baton.store.db import Database
from baton.webapp import serve as webapp


def build_context(
    settings: Settings, *, clock: Clock | None = None, db: Database | None = None
) -> ServiceContext:
    """Connect, migrate, and make sure the configured admin key exists."""
    clock = clock or SystemClock()
    db = db or Database(settings.database_url)
    migrate.upgrade(db)
    tokens = TokenIssuer(
        resolve_secret_key(settings, db),
        clock,
        settings.token_ttl_seconds,
        max_ttl_seconds=settings.max_token_ttl_seconds,
    )
    ctx = ServiceContext(
        db=db, clock=clock, settings=settings, tokens=tokens, engine=engine_for(settings)
    )
    ctx.scheduler = new_scheduler(ctx)
    ctx.engine_hooks.append(lifecycle.on_engine_changes)
    ctx.engine_hooks.append(task_listeners.on_engine_changes)  # after the task exists
    ctx.engine_hooks.append(call_activities.on_engine_changes)
    ctx.event_publisher = event_handlers.deliver  # EVENT tasks reach Baton's event handlers
    ctx.engine_hooks.append(workflow_tasks.on_engine_changes)
    ctx.engine_hooks.append(process_instances.on_engine_changes)
    ctx.engine_hooks.append(workflow_runs.on_engine_changes)
    # last: it may run further commands (a message or signal delivered), after the other
    # hooks have kept their rows in step with this one
    ctx.engine_hooks.append(event_subscriptions.on_engine_changes)
    if settings.admin_key_id and settings.admin_key_secret:
        ensure_admin_key(db, clock, settings.admin_key_id, settings.admin_key_secret)
    if settings.demo:
        ensure_demo_user(ctx)
        demo.install(ctx)
    return ctx


def create_app(ctx: ServiceContext) -> FastAPI:
    app = FastAPI(
        title="Baton",
        version=__version__,
        description=(
            "Human-task orchestration: the Orkes Conductor human-task API and the Camunda 8 "
            "user-task API over one engine. Authenticate with `POST /api/token`, then send "
            "the token in `X-Authorization`."
        ),
        docs_url=None,
        redoc_url=None,
    )
    app.state.ctx = ctx
    app.state.task_feed = TaskFeed(ctx)
    errors.install(app)
    for module in (
        token,
        oauth,
        users,
        groups,
        applications,
        authorization,
        metadata,
        workflows,
        tasks,
        events,
        human_tasks,
        human_templates,
        job_records,  # before v2: /v2/jobs/search is not a job key
        v2,
        camunda_user_tasks,
        element_instances,
        camunda_variables,
        camunda_incidents,
        incidents,
        web_session,
        web_tasks,
        web_processes,
        web_models,
        web_saved_filters,
        web_events,
        web_operate,
    ):
        app.include_router(module.router)
    app.include_router(health_router)
    app.include_router(metrics_router)
    openapi_doc.install(app)
    webapp.install(app)  # last: its routes answer only what no API route took
    # the last added runs first: the request log, the size limit, the input guard, the routes
    app.add_middleware(
        InputGuardMiddleware,
        max_header_bytes=ctx.settings.max_header_bytes,
        max_head_bytes=ctx.settings.max_head_bytes,
        max_json_depth=ctx.settings.max_json_depth,
    )
    app.add_middleware(BodyLimitMiddleware, max_bytes=ctx.settings.max_body_bytes)
    # outermost: the request id covers everything below, errors included
    app.add_middleware(RequestLogMiddleware, access=ctx.settings.access_log, metrics=ctx.metrics)
    route_index.install(app)  # routes added later (tests) rebuild the index
    if ctx.settings.otlp_endpoint:  # otherwise no OpenTelemetry module is even imported
        from baton import tracing

        tracing.install(app, ctx.db.engine, endpoint=ctx.settings.otlp_endpoint)
    return app

"""`baton serve`: the server, in one process or several."""

from __future__ import annotations

import contextlib
import os
import signal
import socket
from collections.abc import AsyncIterator, Callable, Iterator
from contextlib import asynccontextmanager
from types import FrameType
from typing import TYPE_CHECKING, Any

import click

from baton import logs
from baton.cli.database import announce, database_errors
from baton.settings import ENV_HELP, Settings

if TYPE_CHECKING:
    from fastapi import FastAPI

    from baton.services.context import ServiceContext


def settings_epilog() -> str:
    """`serve --help`'s list of every BATON_* setting (from baton.settings)."""
    lines = [f"{name}: {what}" for name, what in ENV_HELP.items()]
    return "Settings, read from the environment:\n\n\b\n" + "\n".join(lines)


@click.command(epilog=settings_epilog())
@click.option("--host", default="0.0.0.0", show_default=True, help="Interface to bind.")
@click.option("--port", type=int, default=8080, show_default=True, help="Port to listen on.")
@click.option(
    "--demo/--no-demo",
    default=False,
    help="Local demo: bind 127.0.0.1, create the demo/demo admin.",
)
@click.option(
    "--workers", type=int, default=40, show_default=True, help="Threads for request handling."
)
@click.option(
    "--processes",
    type=click.IntRange(1, 64),
    default=1,
    show_default=True,
    help="Server processes on this port (Python runs one core per process; they share "
    "the database like servers on several machines; on SQLite their writers take turns "
    "on one lock, each committing its queued writes together).",
)
def serve(host: str, port: int, demo: bool, workers: int, processes: int) -> None:
    """Start the server (applies pending migrations first)."""
    import uvicorn

    from baton.app import build_context

    settings = Settings.from_env(demo=demo)
    logs.configure(settings.log_level, settings.log_format)
    if demo:
        host = "127.0.0.1"
    # before the context: the database sizes its PostgreSQL pool to the request threads
    os.environ[_THREADS_ENV] = str(workers)
    # migrations, the admin key and demo content are done once, here, before any worker
    announce(settings.database_url)
    with database_errors(settings.database_url):
        ctx = build_context(settings)
    ready = demo_banner(port) if demo else f"Baton on http://{host}:{port}  (API docs: /docs)"
    if processes > 1:
        say(ready)
        ctx.db.dispose()
        uvicorn.run(
            "baton.cli.server:worker_app",
            factory=True,
            workers=processes,
            host=host,
            port=port,
            log_level=settings.log_level.lower(),
            log_config=None,  # baton.logs configured every logger
            access_log=False,  # Baton's own access log has the request id and the caller
            **_http_limits(settings),
        )
        return
    _run_one(ctx, host, port, ready)


DEMO_USERS = (
    ("demo", "admin: every task, Operate, start any process"),
    ("ria", "group reviewers: expense reviews, Dinner tasks"),
    ("raj", "group reviewers: the same tasks as ria (race her to a claim)"),
    ("mia", "group managers: leave requests, escalated expenses, Dinner tasks"),
)


def demo_banner(port: int) -> str:
    """What `serve --demo` prints once the server is up: where to go and who to be."""
    url = f"http://localhost:{port}"
    width = max(len(user) for user, _ in DEMO_USERS)
    users = "\n".join(
        f"  {user:<{width}}  password {user:<{width}}  {can}" for user, can in DEMO_USERS
    )
    return (
        f"\nBaton is ready: open {url}\n\n"
        f"Sign in as a demo user (for local use only):\n{users}\n\n"
        f'Try it: Start process > "Dinner", then in Tasklist claim and complete '
        f'"Decide what\'s for dinner"; Operate shows where every process waits.\n'
        f"API docs: {url}/docs\n"
    )


def say(text: str) -> None:
    """A line for the operator on stderr (the server's own output)."""
    from rich.console import Console

    Console(stderr=True).print(text, highlight=False, soft_wrap=True)


def _http_limits(settings: Settings) -> dict[str, Any]:
    """httptools parses HTTP in C; its protocol here stops reading a request head over
    `max_head_bytes` (answering 431) instead of buffering it whole. The app's input guard
    answers 431 to any header line over `max_header_bytes`."""
    from baton.api.http_protocol import HeadLimitedHttpToolsProtocol

    return {
        "http": HeadLimitedHttpToolsProtocol,
        "h11_max_incomplete_event_size": settings.max_head_bytes,
    }


_THREADS_ENV = "BATON_REQUEST_THREADS"  # baton.store.db sizes its PostgreSQL pool by it


def _serving_app(ctx: ServiceContext) -> FastAPI:
    """The app of one server process, with its scheduler and request threads."""
    import anyio.to_thread

    from baton.api.health import SCHEDULER_EXPECTED
    from baton.app import create_app
    from baton.services import demo
    from baton.services.demo_worker import DemoWorker
    from baton.services.http_tasks import HttpTaskWorker

    threads = int(os.environ.get(_THREADS_ENV, "40"))

    @asynccontextmanager
    async def lifespan(_app: FastAPI) -> AsyncIterator[None]:
        anyio.to_thread.current_default_thread_limiter().total_tokens = threads
        on_exit = [server_app.state.task_feed.stop, ctx.queues.close]  # streams, long polls
        if ctx.scheduler is not None:
            on_exit.append(ctx.scheduler.request_stop)  # its leases go to the other servers
            ctx.scheduler.start()
        _on_exit_signal(on_exit)
        worker = DemoWorker(ctx, demo.DEMO_ADMIN) if ctx.settings.demo else None
        if worker is not None:
            worker.start()  # takes the demo processes' listener jobs
        http_worker = HttpTaskWorker(ctx)
        http_worker.start()  # makes the requests of Conductor HTTP tasks
        try:
            yield
        finally:
            http_worker.stop()
            if worker is not None:
                worker.stop()
            if ctx.scheduler is not None:
                ctx.scheduler.stop()
            if ctx.settings.otlp_endpoint:
                from baton import tracing

                tracing.shutdown(server_app)  # the spans still buffered

    server_app = create_app(ctx)
    server_app.router.lifespan_context = lifespan
    setattr(server_app.state, SCHEDULER_EXPECTED, ctx.scheduler is not None)
    return server_app


def _on_exit_signal(actions: list[Callable[[], None]]) -> None:
    """What a server does the moment it is told to stop, before uvicorn's own handler (which
    stops listening and waits for the requests in flight, then ends the lifespan): event
    streams end (they never end by themselves, so uvicorn would wait forever), workers' long
    polls answer with no work instead of waiting out their timeout, and the scheduler stops
    and gives back its timer leases, so another server fires those timers now rather than
    when the leases run out. Called while uvicorn has its handlers installed (lifespan
    startup); each action must return at once."""
    for sig in (signal.SIGINT, signal.SIGTERM):
        previous = signal.getsignal(sig)
        if not callable(previous):
            continue

        def chained(
            signum: int, frame: FrameType | None, previous: Callable[..., Any] = previous
        ) -> None:
            for action in actions:
                action()
            previous(signum, frame)

        with contextlib.suppress(ValueError):  # not the main thread: nothing to chain
            signal.signal(sig, chained)


def worker_app() -> FastAPI:
    """Factory for each process of `serve --processes N` (uvicorn imports it by name)."""
    from baton.app import build_context

    settings = Settings.from_env()
    logs.configure(settings.log_level, settings.log_format)
    return _serving_app(build_context(settings))


def _run_one(ctx: ServiceContext, host: str, port: int, ready: str) -> None:
    import uvicorn

    class Server(uvicorn.Server):
        async def startup(self, sockets: list[socket.socket] | None = None) -> None:
            await super().startup(sockets)
            if self.started:  # listening: say where to go now, not before
                say(ready)

    config = uvicorn.Config(
        _serving_app(ctx),
        host=host,
        port=port,
        log_level=ctx.settings.log_level.lower(),
        log_config=None,
        access_log=False,
        **_http_limits(ctx.settings),
    )
    server = Server(config)
    with _stopped_by_signal_exits_zero():
        server.run()
    if not server.started:
        raise SystemExit(3)  # uvicorn's STARTUP_FAILURE


@contextlib.contextmanager
def _stopped_by_signal_exits_zero() -> Iterator[None]:
    """uvicorn stops gracefully on SIGTERM/SIGINT, then raises the signal again for the
    handler that was there before it: with the default one the process would die of the
    signal (exit 143) after a clean stop. Here that handler does nothing, so `serve` returns
    and exits 0, the status an orchestrator expects of a graceful shutdown."""
    previous = {sig: signal.signal(sig, _ignore) for sig in (signal.SIGINT, signal.SIGTERM)}
    try:
        yield
    finally:
        for sig, handler in previous.items():
            signal.signal(sig, handler)


def _ignore(_signum: int, _frame: FrameType | None) -> None:
    """A signal received after the server stopped: it is already stopping."""

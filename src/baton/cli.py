"""The `baton` command line."""

from __future__ import annotations

import contextlib
import os
import signal
import socket
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from pathlib import Path
from types import FrameType
from typing import TYPE_CHECKING, Annotated, Any

import typer
from rich.console import Console

from baton import __version__, logs
from baton.model.identity import Caller, CallerKind, Role
from baton.settings import Settings

if TYPE_CHECKING:
    from fastapi import FastAPI

    from baton.services.context import ServiceContext

app = typer.Typer(help="Baton: human-task orchestration.", no_args_is_help=True)
db_app = typer.Typer(help="Database maintenance.", no_args_is_help=True)
admin_app = typer.Typer(help="Administration.", no_args_is_help=True)
app.add_typer(db_app, name="db")
app.add_typer(admin_app, name="admin")

console = Console(stderr=True)


def _print_version(value: bool) -> None:
    if value:
        typer.echo(f"baton {__version__}")
        raise typer.Exit()


@app.callback()
def main(
    version: Annotated[
        bool,
        typer.Option(
            "--version", callback=_print_version, is_eager=True, help="Print the version and exit."
        ),
    ] = False,
) -> None:
    """Baton: human-task orchestration."""


@app.command()
def serve(
    host: Annotated[str, typer.Option(help="Interface to bind.")] = "0.0.0.0",
    port: Annotated[int, typer.Option(help="Port to listen on.")] = 8080,
    demo: Annotated[
        bool, typer.Option(help="Local demo: bind 127.0.0.1, create the demo/demo admin.")
    ] = False,
    workers: Annotated[int, typer.Option(help="Threads for request handling.")] = 40,
    processes: Annotated[
        int,
        typer.Option(
            min=1,
            max=64,
            help="Server processes on this port (Python runs one core per process; they share "
            "the database like servers on several machines; on SQLite their writers take turns "
            "on one lock, each committing its queued writes together).",
        ),
    ] = 1,
) -> None:
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
    ctx = build_context(settings)
    ready = demo_banner(port) if demo else f"Baton on http://{host}:{port}  (API docs: /docs)"
    if processes > 1:
        console.print(ready, highlight=False, soft_wrap=True)
        ctx.db.dispose()
        uvicorn.run(
            "baton.cli:worker_app",
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

    threads = int(os.environ.get(_THREADS_ENV, "40"))

    @asynccontextmanager
    async def lifespan(_app: FastAPI) -> AsyncIterator[None]:
        anyio.to_thread.current_default_thread_limiter().total_tokens = threads
        _end_streams_on_exit(server_app.state.task_feed.stop)
        if ctx.scheduler is not None:
            ctx.scheduler.start()
        worker = DemoWorker(ctx, demo.DEMO_ADMIN) if ctx.settings.demo else None
        if worker is not None:
            worker.start()  # takes the demo processes' listener jobs
        try:
            yield
        finally:
            if worker is not None:
                worker.stop()
            if ctx.scheduler is not None:
                ctx.scheduler.stop()

    server_app = create_app(ctx)
    server_app.router.lifespan_context = lifespan
    setattr(server_app.state, SCHEDULER_EXPECTED, ctx.scheduler is not None)
    return server_app


def _end_streams_on_exit(end: Callable[[], None]) -> None:
    """uvicorn waits for open responses before it stops, and an event stream never ends by
    itself: on its exit signals, end the streams first (uvicorn's own handler still runs).
    Called while uvicorn has its handlers installed (lifespan startup)."""
    for sig in (signal.SIGINT, signal.SIGTERM):
        previous = signal.getsignal(sig)
        if not callable(previous):
            continue

        def chained(
            signum: int, frame: FrameType | None, previous: Callable[..., Any] = previous
        ) -> None:
            end()
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
                console.print(ready, highlight=False, soft_wrap=True)

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
    server.run()
    if not server.started:
        raise typer.Exit(3)  # uvicorn's STARTUP_FAILURE


@db_app.command("upgrade")
def db_upgrade() -> None:
    """Apply pending migrations to BATON_DATABASE_URL."""
    from baton.store import migrate
    from baton.store.db import Database

    db = Database(Settings.from_env().database_url)
    migrate.upgrade(db)
    console.print(f"database at revision {migrate.current_revision(db)}")


@admin_app.command("create-key")
def create_key() -> None:
    """Create an ADMIN access key and print its id and secret (shown only this once)."""
    from baton.clock import SystemClock
    from baton.services.bootstrap import create_admin_key
    from baton.store import migrate
    from baton.store.db import Database

    db = Database(Settings.from_env().database_url)
    migrate.upgrade(db)
    key_id, secret = create_admin_key(db, SystemClock())
    typer.echo(f"keyId:     {key_id}")
    typer.echo(f"keySecret: {secret}")
    console.print("Store the secret now: Baton keeps only its hash.")


def _local_context() -> ServiceContext:
    from baton.app import build_context

    return build_context(Settings.from_env())


_CLI_ADMIN_ID = "baton-cli"


def _cli_caller() -> Caller:
    """Whoever can run the CLI on the server's database is its administrator."""
    return Caller(CallerKind.APPLICATION, _CLI_ADMIN_ID, "baton cli", frozenset({Role.ADMIN}))


@app.command()
def deploy(
    files: Annotated[list[Path], typer.Argument(help=".bpmn and .form files", exists=True)],
) -> None:
    """Deploy BPMN models and Camunda forms (one deployment: all or nothing)."""
    from baton.model.errors import BatonError
    from baton.services import deployments

    ctx = _local_context()
    try:
        result = deployments.deploy(ctx, _cli_caller(), [(f.name, f.read_bytes()) for f in files])
    except BatonError as exc:
        console.print(f"[red]{exc.message}[/red]")
        raise typer.Exit(1) from exc
    for entry in result.resources:
        if isinstance(entry, deployments.DeployedProcess):
            typer.echo(f"process {entry.process_id} version {entry.version} (key {entry.key})")
        else:
            typer.echo(f"form {entry.form_id} version {entry.version} (key {entry.key})")


@app.command()
def start(
    process_id: Annotated[str, typer.Argument(help="BPMN process id")],
    var: Annotated[
        list[str] | None, typer.Option("--var", help="k=v (v read as JSON when it parses)")
    ] = None,
    version: Annotated[int | None, typer.Option(help="Version (default: latest)")] = None,
) -> None:
    """Start an instance of a deployed BPMN process; prints its key."""
    import json

    from baton.model.errors import BatonError
    from baton.services import process_instances

    variables: dict[str, Any] = {}
    for item in var or []:
        name, sep, raw = item.partition("=")
        if not sep or not name:
            console.print(f"[red]--var needs k=v, got {item!r}[/red]")
            raise typer.Exit(2)
        try:
            variables[name] = json.loads(raw)
        except json.JSONDecodeError:
            variables[name] = raw
    ref = process_instances.DefinitionRef(process_id=process_id, version=version)
    try:
        started = process_instances.create(_local_context(), _cli_caller(), ref, variables)
    except BatonError as exc:
        console.print(f"[red]{exc.message}[/red]")
        raise typer.Exit(1) from exc
    typer.echo(started.key)


if __name__ == "__main__":
    app()

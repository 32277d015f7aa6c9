"""The `baton` application object and its global options."""

from __future__ import annotations

import sys
from typing import Annotated, Any

import typer

from baton import __version__
from baton.cli.errors import CliError
from baton.cli.profiles import Connection
from baton.cli.session import OutputFormat, Session


class App(typer.Typer):
    """Typer, with every CliError said in one line on stderr instead of a traceback."""

    def __call__(self, *args: Any, **kwargs: Any) -> Any:
        try:
            return super().__call__(*args, **kwargs)
        except CliError as exc:
            print(f"error: {exc.message}", file=sys.stderr)
            sys.exit(exc.exit_code)


def _print_version(value: bool) -> None:
    if value:
        typer.echo(f"baton {__version__}")
        raise typer.Exit()


def main(
    ctx: typer.Context,
    url: Annotated[
        str | None,
        typer.Option(
            envvar="BATON_URL",
            help="The Baton server (default: the profile's, else http://localhost:8080).",
        ),
    ] = None,
    token: Annotated[
        str | None, typer.Option(envvar="BATON_TOKEN", help="A token from POST /api/token.")
    ] = None,
    key_id: Annotated[
        str | None,
        typer.Option(envvar="BATON_KEY_ID", help="An access key id, exchanged for a token."),
    ] = None,
    key_secret: Annotated[
        str | None, typer.Option(envvar="BATON_KEY_SECRET", help="The access key's secret.")
    ] = None,
    profile: Annotated[
        str | None,
        typer.Option(
            envvar="BATON_PROFILE",
            help="A profile of ~/.config/baton/config.toml for what the options leave unset.",
        ),
    ] = None,
    output: Annotated[
        str, typer.Option("--output", "-o", help="table or json.", case_sensitive=False)
    ] = "table",
    version: Annotated[
        bool,
        typer.Option(
            "--version", callback=_print_version, is_eager=True, help="Print the version and exit."
        ),
    ] = False,
) -> None:
    """Baton: human-task orchestration. Client commands call a running server; serve, db
    and admin work on the server's database here."""
    if output.lower() not in ("table", "json"):
        raise CliError(f"--output must be table or json, got {output!r}", exit_code=2)
    chosen: OutputFormat = "json" if output.lower() == "json" else "table"
    ctx.obj = Session(Connection(url, token, key_id, key_secret), profile, chosen)


def new_app() -> App:
    app = App(
        help="Baton: human-task orchestration.",
        no_args_is_help=True,
        rich_markup_mode=None,
        pretty_exceptions_enable=False,
    )
    app.callback()(main)
    return app

"""The `baton` command group, its global options, and the lazy loading of its commands.

Built on click alone (no typer, no pydantic): a client command imports only the module
that defines it, so it starts in a fraction of the half second it is allowed."""

from __future__ import annotations

import importlib
import sys
from typing import Any

import click

from baton import __version__
from baton.cli.errors import CliError
from baton.cli.profiles import Connection
from baton.cli.session import OutputFormat, Session

# name -> (module, attribute, one-line help); the module is imported only when the command
# runs or its own help is asked for
COMMANDS: dict[str, tuple[str, str, str]] = {
    "serve": ("baton.cli.server", "serve", "Start the server (applies pending migrations)."),
    "db": ("baton.cli.local", "db_app", "Database maintenance (this machine's database)."),
    "admin": ("baton.cli.local", "admin_app", "Administration (this machine's database)."),
    "deploy": ("baton.cli.remote", "deploy", "Deploy BPMN models and Camunda forms."),
    "start": ("baton.cli.remote", "start", "Start an instance of a deployed BPMN process."),
    "instances": ("baton.cli.instances", "app", "Process instances."),
    "tasks": ("baton.cli.tasks", "app", "User tasks."),
    "incidents": ("baton.cli.incidents", "app", "Incidents."),
    "users": ("baton.cli.identity", "users_app", "Users (administrators)."),
    "groups": ("baton.cli.identity", "groups_app", "Groups (administrators)."),
}


class LazyGroup(click.Group):
    """A group whose subcommands are imported on first use; each CliError is said in one
    line on stderr instead of a traceback."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        return list(COMMANDS)

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        found = COMMANDS.get(cmd_name)
        if found is None:
            return None
        module, attribute, _help = found
        command = getattr(importlib.import_module(module), attribute)
        assert isinstance(command, click.Command)
        return command

    def format_commands(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        """The command list from the table, without importing every command."""
        rows = [(name, short) for name, (_m, _a, short) in COMMANDS.items()]
        with formatter.section("Commands"):
            formatter.write_dl(rows)

    def main(self, *args: Any, **kwargs: Any) -> Any:
        try:
            return super().main(*args, **kwargs)
        except CliError as exc:
            print(f"error: {exc.message}", file=sys.stderr)
            sys.exit(exc.exit_code)


def _print_version(ctx: click.Context, _param: click.Parameter, value: bool) -> None:
    if value and not ctx.resilient_parsing:
        click.echo(f"baton {__version__}")
        ctx.exit()


@click.group(cls=LazyGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.option(
    "--url",
    envvar="BATON_URL",
    help="The Baton server (default: the profile's, else http://localhost:8080).",
)
@click.option("--token", envvar="BATON_TOKEN", help="A token from POST /api/token.")
@click.option("--key-id", envvar="BATON_KEY_ID", help="An access key id, exchanged for a token.")
@click.option("--key-secret", envvar="BATON_KEY_SECRET", help="The access key's secret.")
@click.option(
    "--profile",
    envvar="BATON_PROFILE",
    help="A profile of ~/.config/baton/config.toml for what the options leave unset.",
)
@click.option("--output", "-o", default="table", show_default=True, help="table or json.")
@click.option(
    "--version",
    is_flag=True,
    is_eager=True,
    expose_value=False,
    callback=_print_version,
    help="Print the version and exit.",
)
@click.pass_context
def app(
    ctx: click.Context,
    url: str | None,
    token: str | None,
    key_id: str | None,
    key_secret: str | None,
    profile: str | None,
    output: str,
) -> None:
    """Baton: human-task orchestration. Client commands call a running server; serve, db
    and admin work on the server's database here."""
    if output.lower() not in ("table", "json"):
        raise CliError(f"--output must be table or json, got {output!r}", exit_code=2)
    chosen: OutputFormat = "json" if output.lower() == "json" else "table"
    ctx.obj = Session(Connection(url, token, key_id, key_secret), profile, chosen)

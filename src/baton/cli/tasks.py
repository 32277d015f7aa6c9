"""`baton tasks list/claim/unclaim/complete` (the Camunda /v2 user-task endpoints)."""

from __future__ import annotations

from collections.abc import Sequence

import click

from baton.cli import output
from baton.cli.client import Client
from baton.cli.errors import CliError
from baton.cli.search import limit_option, search
from baton.cli.session import client, session
from baton.cli.variables import gather, var_option, variables_file_option


@click.group(help="User tasks.")
def app() -> None:
    pass


_COLUMNS = (
    ("KEY", "userTaskKey"),
    ("NAME", "name"),
    ("STATE", "state"),
    ("ASSIGNEE", "assignee"),
    ("GROUPS", "candidateGroups"),
    ("PROCESS", "processDefinitionId"),
    ("INSTANCE", "processInstanceKey"),
    ("CREATED", "creationDate"),
)

key_argument = click.argument("key")


@app.command("list")
@click.option("--state", help="CREATED, COMPLETED or CANCELED (default: all).")
@click.option("--assignee", help="Only tasks assigned to this user.")
@click.option("--instance", help="Only this process instance's.")
@limit_option
@click.pass_context
def list_tasks(
    ctx: click.Context, state: str | None, assignee: str | None, instance: str | None, limit: int
) -> None:
    """User tasks the caller may see."""
    with client(ctx) as baton:
        found = search(
            baton,
            "/v2/user-tasks/search",
            limit,
            state=state.upper() if state else None,
            assignee=assignee,
            processInstanceKey=instance,
        )
    output.rows(found, _COLUMNS, session(ctx).output, empty="no user tasks")


@app.command("claim")
@key_argument
@click.option("--assignee", help="Who takes it (default: the caller).")
@click.pass_context
def claim(ctx: click.Context, key: str, assignee: str | None) -> None:
    """Assign a task (to yourself by default); refused if someone else has it."""
    with client(ctx) as baton:
        who = assignee or _caller_id(baton)
        body = {"assignee": who, "allowOverride": False}
        baton.call("POST", f"/v2/user-tasks/{key}/assignment", json=body)
    click.echo(f"task {key} assigned to {who}", err=True)


def _caller_id(baton: Client) -> str:
    info = baton.call("GET", "/api/token/userInfo")
    found = info.get("id") if isinstance(info, dict) else None
    if not isinstance(found, str):
        raise CliError("cannot tell who the caller is: pass --assignee")
    return found


@app.command("unclaim")
@key_argument
@click.pass_context
def unclaim(ctx: click.Context, key: str) -> None:
    """Return a task to its candidates."""
    with client(ctx) as baton:
        baton.call("DELETE", f"/v2/user-tasks/{key}/assignee")
    click.echo(f"task {key} unassigned", err=True)


@app.command("complete")
@key_argument
@var_option
@variables_file_option
@click.pass_context
def complete(ctx: click.Context, key: str, var: Sequence[str], variables_file: str | None) -> None:
    """Complete a task with variables."""
    body = {"variables": gather(var, variables_file)}
    with client(ctx) as baton:
        baton.call("POST", f"/v2/user-tasks/{key}/completion", json=body)
    click.echo(f"task {key} completed", err=True)

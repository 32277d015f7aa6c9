"""`baton tasks list/claim/unclaim/complete` (the Camunda /v2 user-task endpoints)."""

from __future__ import annotations

from typing import Annotated

import typer

from baton.cli import output
from baton.cli.client import Client
from baton.cli.errors import CliError
from baton.cli.search import LimitOption, search
from baton.cli.session import client, session
from baton.cli.variables import VariablesFileOption, VarOption, gather

app = typer.Typer(help="User tasks.", no_args_is_help=True)

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

KeyArgument = Annotated[str, typer.Argument(help="User task key")]


@app.command("list")
def list_tasks(
    ctx: typer.Context,
    state: Annotated[
        str | None,
        typer.Option(help="CREATED, COMPLETED or CANCELED (default: all).", case_sensitive=False),
    ] = None,
    assignee: Annotated[str | None, typer.Option(help="Only tasks assigned to this user.")] = None,
    instance: Annotated[str | None, typer.Option(help="Only this process instance's.")] = None,
    limit: LimitOption = 50,
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
def claim(
    ctx: typer.Context,
    key: KeyArgument,
    assignee: Annotated[
        str | None, typer.Option(help="Who takes it (default: the caller).")
    ] = None,
) -> None:
    """Assign a task (to yourself by default); refused if someone else has it."""
    with client(ctx) as baton:
        who = assignee or _caller_id(baton)
        body = {"assignee": who, "allowOverride": False}
        baton.call("POST", f"/v2/user-tasks/{key}/assignment", json=body)
    typer.echo(f"task {key} assigned to {who}", err=True)


def _caller_id(baton: Client) -> str:
    info = baton.call("GET", "/api/token/userInfo")
    found = info.get("id") if isinstance(info, dict) else None
    if not isinstance(found, str):
        raise CliError("cannot tell who the caller is: pass --assignee")
    return found


@app.command("unclaim")
def unclaim(ctx: typer.Context, key: KeyArgument) -> None:
    """Return a task to its candidates."""
    with client(ctx) as baton:
        baton.call("DELETE", f"/v2/user-tasks/{key}/assignee")
    typer.echo(f"task {key} unassigned", err=True)


@app.command("complete")
def complete(
    ctx: typer.Context,
    key: KeyArgument,
    var: VarOption = None,
    variables_file: VariablesFileOption = None,
) -> None:
    """Complete a task with variables."""
    body = {"variables": gather(var, variables_file)}
    with client(ctx) as baton:
        baton.call("POST", f"/v2/user-tasks/{key}/completion", json=body)
    typer.echo(f"task {key} completed", err=True)

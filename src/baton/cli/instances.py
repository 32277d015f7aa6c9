"""`baton instances list/show/cancel`."""

from __future__ import annotations

from typing import Annotated

import typer

from baton.cli import output
from baton.cli.search import LimitOption, search
from baton.cli.session import client, session

app = typer.Typer(help="Process instances.", no_args_is_help=True)

_COLUMNS = (
    ("KEY", "processInstanceKey"),
    ("PROCESS", "processDefinitionId"),
    ("VERSION", "processDefinitionVersion"),
    ("STATE", "state"),
    ("INCIDENT", "hasIncident"),
    ("STARTED", "startDate"),
)


@app.command("list")
def list_instances(
    ctx: typer.Context,
    state: Annotated[
        str | None, typer.Option(help="ACTIVE, COMPLETED or TERMINATED.", case_sensitive=False)
    ] = None,
    process: Annotated[str | None, typer.Option(help="Only this BPMN process id.")] = None,
    limit: LimitOption = 50,
) -> None:
    """Process instances, newest first."""
    with client(ctx) as baton:
        found = search(
            baton,
            "/v2/process-instances/search",
            limit,
            state=state.upper() if state else None,
            processDefinitionId=process,
        )
    output.rows(found, _COLUMNS, session(ctx).output, empty="no process instances")


@app.command("show")
def show(ctx: typer.Context, key: Annotated[str, typer.Argument(help="Instance key")]) -> None:
    """One process instance, with its variables."""
    with client(ctx) as baton:
        found = baton.call("GET", f"/v2/process-instances/{key}")
    output.record(found, session(ctx).output)


@app.command("cancel")
def cancel(ctx: typer.Context, key: Annotated[str, typer.Argument(help="Instance key")]) -> None:
    """Cancel a running process instance."""
    with client(ctx) as baton:
        baton.call("POST", f"/v2/process-instances/{key}/cancellation", json={})
    typer.echo(f"instance {key} canceled", err=True)

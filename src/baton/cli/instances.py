"""`baton instances list/show/cancel`."""

from __future__ import annotations

import click

from baton.cli import output
from baton.cli.search import limit_option, search
from baton.cli.session import client, session


@click.group(help="Process instances.")
def app() -> None:
    pass


_COLUMNS = (
    ("KEY", "processInstanceKey"),
    ("PROCESS", "processDefinitionId"),
    ("VERSION", "processDefinitionVersion"),
    ("STATE", "state"),
    ("INCIDENT", "hasIncident"),
    ("STARTED", "startDate"),
)


@app.command("list")
@click.option("--state", help="ACTIVE, COMPLETED or TERMINATED.")
@click.option("--process", help="Only this BPMN process id.")
@limit_option
@click.pass_context
def list_instances(ctx: click.Context, state: str | None, process: str | None, limit: int) -> None:
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
@click.argument("key")
@click.pass_context
def show(ctx: click.Context, key: str) -> None:
    """One process instance, with its variables."""
    with client(ctx) as baton:
        found = baton.call("GET", f"/v2/process-instances/{key}")
    output.record(found, session(ctx).output)


@app.command("cancel")
@click.argument("key")
@click.pass_context
def cancel(ctx: click.Context, key: str) -> None:
    """Cancel a running process instance."""
    with client(ctx) as baton:
        baton.call("POST", f"/v2/process-instances/{key}/cancellation", json={})
    click.echo(f"instance {key} canceled", err=True)

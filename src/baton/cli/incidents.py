"""`baton incidents list/resolve`."""

from __future__ import annotations

from typing import Annotated

import typer

from baton.cli import output
from baton.cli.search import LimitOption, search
from baton.cli.session import client, session

app = typer.Typer(help="Incidents.", no_args_is_help=True)

_COLUMNS = (
    ("KEY", "incidentKey"),
    ("TYPE", "errorType"),
    ("STATE", "state"),
    ("PROCESS", "processDefinitionId"),
    ("INSTANCE", "processInstanceKey"),
    ("ELEMENT", "elementId"),
    ("MESSAGE", "errorMessage"),
)


@app.command("list")
def list_incidents(
    ctx: typer.Context,
    state: Annotated[
        str | None, typer.Option(help="ACTIVE or RESOLVED (default: all).", case_sensitive=False)
    ] = None,
    instance: Annotated[str | None, typer.Option(help="Only this process instance's.")] = None,
    limit: LimitOption = 50,
) -> None:
    """Incidents."""
    with client(ctx) as baton:
        found = search(
            baton,
            "/v2/incidents/search",
            limit,
            state=state.upper() if state else None,
            processInstanceKey=instance,
        )
    output.rows(found, _COLUMNS, session(ctx).output, empty="no incidents")


@app.command("resolve")
def resolve(ctx: typer.Context, key: Annotated[str, typer.Argument(help="Incident key")]) -> None:
    """Resolve an incident (the engine retries what failed)."""
    with client(ctx) as baton:
        baton.call("POST", f"/v2/incidents/{key}/resolution", json={})
    typer.echo(f"incident {key} resolved", err=True)

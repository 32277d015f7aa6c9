"""`baton incidents list/resolve`."""

from __future__ import annotations

import click

from baton.cli import output
from baton.cli.search import limit_option, search
from baton.cli.session import client, session


@click.group(help="Incidents.")
def app() -> None:
    pass


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
@click.option("--state", help="ACTIVE or RESOLVED (default: all).")
@click.option("--instance", help="Only this process instance's.")
@limit_option
@click.pass_context
def list_incidents(ctx: click.Context, state: str | None, instance: str | None, limit: int) -> None:
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
@click.argument("key")
@click.pass_context
def resolve(ctx: click.Context, key: str) -> None:
    """Resolve an incident (the engine retries what failed)."""
    with client(ctx) as baton:
        baton.call("POST", f"/v2/incidents/{key}/resolution", json={})
    click.echo(f"incident {key} resolved", err=True)

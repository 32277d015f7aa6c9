"""`baton deploy` and `baton start`: models onto the server and instances of them."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

import click

from baton.cli import output
from baton.cli.errors import CliError
from baton.cli.session import client, session
from baton.cli.variables import gather, var_option, variables_file_option


@click.command()
@click.argument("files", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.pass_context
def deploy(ctx: click.Context, files: tuple[Path, ...]) -> None:
    """Deploy BPMN models and Camunda forms, FILES being .bpmn and .form files (one
    deployment: all or nothing)."""
    resources = _read(files)
    with client(ctx) as baton:
        if len(files) > 1:
            with _stderr().status(f"deploying {len(files)} files to {baton.url}"):
                answer = baton.call("POST", "/v2/deployments", files=resources)
        else:
            answer = baton.call("POST", "/v2/deployments", files=resources)
    if session(ctx).output == "json":
        output.emit_json(answer)
        return
    for entry in answer.get("deployments", []):
        if entry.get("processDefinition"):
            p = entry["processDefinition"]
            click.echo(
                f"process {p['processDefinitionId']} version {p['processDefinitionVersion']} "
                f"(key {p['processDefinitionKey']})"
            )
        elif entry.get("form"):
            f = entry["form"]
            click.echo(f"form {f['formId']} version {f['version']} (key {f['formKey']})")


def _read(files: Sequence[Path]) -> list[tuple[str, tuple[str, bytes, str]]]:
    """The multipart parts; each file read here so a missing one fails before any upload.
    Several files show a progress bar on stderr."""
    parts: list[tuple[str, tuple[str, bytes, str]]] = []

    def read(path: Path) -> None:
        try:
            parts.append(("resources", (path.name, path.read_bytes(), "application/xml")))
        except OSError as exc:
            raise CliError(f"cannot read {path}: {exc.strerror or exc}", exit_code=2) from None

    if len(files) < 2:
        for path in files:
            read(path)
        return parts
    from rich.progress import Progress

    with Progress(transient=True, console=_stderr()) as progress:
        reading = progress.add_task("reading", total=len(files))
        for path in files:
            read(path)
            progress.advance(reading)
    return parts


def _stderr() -> Any:
    from rich.console import Console

    return Console(stderr=True)


@click.command()
@click.argument("process_id")
@var_option
@variables_file_option
@click.option("--version", type=int, help="Version (default: latest)")
@click.pass_context
def start(
    ctx: click.Context,
    process_id: str,
    var: Sequence[str],
    variables_file: str | None,
    version: int | None,
) -> None:
    """Start an instance of a deployed BPMN process (PROCESS_ID, its BPMN id); prints its
    key."""
    body: dict[str, Any] = {
        "processDefinitionId": process_id,
        "variables": gather(var, variables_file),
    }
    if version is not None:
        body["processDefinitionVersion"] = version
    with client(ctx) as baton:
        answer = baton.call("POST", "/v2/process-instances", json=body)
    if session(ctx).output == "json":
        output.emit_json(answer)
    else:
        click.echo(answer["processInstanceKey"])

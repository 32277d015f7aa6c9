"""What client commands print on stdout: the server's JSON as is (`--output json`) or a
table of chosen columns (`--output table`, the default)."""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any

import click

from baton.cli.session import OutputFormat


def emit_json(value: Any) -> None:
    click.echo(json.dumps(value, indent=2, sort_keys=False))


def rows(
    items: Sequence[dict[str, Any]],
    columns: Sequence[tuple[str, str]],
    output: OutputFormat,
    *,
    empty: str,
) -> None:
    """A list: each item a row, `columns` as (heading, field); whole values, never wrapped,
    so each row stays one line for grep and awk."""
    if output == "json":
        emit_json(list(items))
        return
    if not items:
        click.echo(empty, err=True)
        return
    cells = [[_cell(item.get(field)) for _heading, field in columns] for item in items]
    headings = [heading for heading, _field in columns]
    widths = [max(len(row[i]) for row in [headings, *cells]) for i in range(len(columns))]
    for row in [headings, *cells]:
        click.echo("  ".join(c.ljust(w) for c, w in zip(row, widths, strict=True)).rstrip())


def record(item: dict[str, Any], output: OutputFormat) -> None:
    """One object: a `field  value` line per field."""
    if output == "json":
        emit_json(item)
        return
    width = max((len(name) for name in item), default=0)
    for name, value in item.items():
        click.echo(f"{name:<{width}}  {_cell(value)}")


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, (dict, list)):
        return json.dumps(value)
    return str(value)

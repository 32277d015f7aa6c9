"""Camunda /v2 searches from the command line: a filter of the options given, one page."""

from __future__ import annotations

from typing import Any

import click

from baton.cli.client import Client

limit_option = click.option(
    "--limit",
    type=click.IntRange(1, 1000),
    default=50,
    show_default=True,
    help="At most this many.",
)


def search(baton: Client, path: str, limit: int, **filters: Any) -> list[dict[str, Any]]:
    """The items of one page of `path`, filtered by the options that were set."""
    body = {
        "filter": {name: value for name, value in filters.items() if value is not None},
        "page": {"limit": limit},
    }
    answer = baton.call("POST", path, json=body)
    items = answer.get("items", []) if isinstance(answer, dict) else []
    return [item for item in items if isinstance(item, dict)]

"""Camunda /v2 searches from the command line: a filter of the options given, one page."""

from __future__ import annotations

from typing import Annotated, Any

import typer

from baton.cli.client import Client

LimitOption = Annotated[int, typer.Option(min=1, max=1000, help="At most this many.")]


def search(baton: Client, path: str, limit: int, **filters: Any) -> list[dict[str, Any]]:
    """The items of one page of `path`, filtered by the options that were set."""
    body = {
        "filter": {name: value for name, value in filters.items() if value is not None},
        "page": {"limit": limit},
    }
    answer = baton.call("POST", path, json=body)
    items = answer.get("items", []) if isinstance(answer, dict) else []
    return [item for item in items if isinstance(item, dict)]

"""`baton users list` and `baton groups list` (administrators)."""

from __future__ import annotations

from typing import Any

import typer

from baton.cli import output
from baton.cli.session import client, session

users_app = typer.Typer(help="Users (administrators).", no_args_is_help=True)
groups_app = typer.Typer(help="Groups (administrators).", no_args_is_help=True)


@users_app.command("list")
def list_users(ctx: typer.Context) -> None:
    """Every user."""
    with client(ctx) as baton:
        found = baton.call("GET", "/api/users")
    items = [_with_names(u) for u in _list(found)]
    columns = (("ID", "id"), ("NAME", "name"), ("GROUPS", "groupNames"), ("ROLES", "roleNames"))
    output.rows(items, columns, session(ctx).output, empty="no users")


@groups_app.command("list")
def list_groups(ctx: typer.Context) -> None:
    """Every group."""
    with client(ctx) as baton:
        found = baton.call("GET", "/api/groups")
    items = [_with_names(g) for g in _list(found)]
    columns = (("ID", "id"), ("DESCRIPTION", "description"), ("ROLES", "roleNames"))
    output.rows(items, columns, session(ctx).output, empty="no groups")


def _list(found: Any) -> list[dict[str, Any]]:
    return [item for item in found if isinstance(item, dict)] if isinstance(found, list) else []


def _with_names(item: dict[str, Any]) -> dict[str, Any]:
    """Table cells for the nested lists: `groups` and `roles` as comma-separated names."""
    shown = dict(item)
    for field, name_key in (("groups", "id"), ("roles", "name")):
        values = item.get(field)
        if isinstance(values, list):
            names = [v.get(name_key) if isinstance(v, dict) else v for v in values]
            shown[f"{field[:-1]}Names"] = ", ".join(str(n) for n in names)
    return shown

"""`baton users list` and `baton groups list` (administrators)."""

from __future__ import annotations

from typing import Any

import click

from baton.cli import output
from baton.cli.session import client, session


@click.group(help="Users (administrators).")
def users_app() -> None:
    pass


@click.group(help="Groups (administrators).")
def groups_app() -> None:
    pass


@users_app.command("list")
@click.pass_context
def list_users(ctx: click.Context) -> None:
    """Every user."""
    with client(ctx) as baton:
        found = baton.call("GET", "/api/users")
    items = [_with_names(u) for u in _list(found)]
    columns = (("ID", "id"), ("NAME", "name"), ("GROUPS", "groupNames"), ("ROLES", "roleNames"))
    output.rows(items, columns, session(ctx).output, empty="no users")


@groups_app.command("list")
@click.pass_context
def list_groups(ctx: click.Context) -> None:
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

"""Element instances and variables of process instances (the runtime history), as searches
and single reads for those who may see the instance; setting variables to fix an incident."""

from __future__ import annotations

from typing import Any

from baton.engine.commands import SetVariables
from baton.model.errors import NotFound
from baton.model.identity import Caller
from baton.model.query import Page, Query
from baton.services import authz, runtime
from baton.services.context import ServiceContext
from baton.store import history, instances


def _visible(ctx: ServiceContext, caller: Caller, row: dict[str, Any] | None) -> bool:
    return row is not None and authz.may_see_instance(
        ctx, caller, row["def_name"], row["created_by"]
    )


def search(ctx: ServiceContext, caller: Caller, query: Query) -> Page[dict[str, Any]]:
    owner = authz.instance_search_owner(caller)
    with ctx.db.read() as conn:
        return history.search_elements(conn, query, owner=owner)


def get(ctx: ServiceContext, caller: Caller, key: int) -> dict[str, Any]:
    with ctx.db.read() as conn:
        row = history.element_instance(conn, key)
    if row is None or not _visible(ctx, caller, row):
        raise NotFound(f"Element instance {key} not found")
    return row


def search_variables(ctx: ServiceContext, caller: Caller, query: Query) -> Page[dict[str, Any]]:
    owner = authz.instance_search_owner(caller)
    with ctx.db.read() as conn:
        return history.search_variables(conn, query, owner=owner)


def get_variable(ctx: ServiceContext, caller: Caller, key: int) -> dict[str, Any]:
    with ctx.db.read() as conn:
        row = history.variable(conn, key)
    if row is None or not _visible(ctx, caller, row):
        raise NotFound(f"Variable {key} not found")
    return row


def set_variables(
    ctx: ServiceContext, caller: Caller, key: int, values: dict[str, Any], *, local: bool
) -> None:
    """Set variables of the process instance, or `local` to an open element instance (its
    process instance when the key is one)."""
    element = get(ctx, caller, key)
    instance_id = element["instance_id"]
    with ctx.db.write() as conn:
        found = instances.load_instance(conn, instance_id, for_update=True)
        if found is None:
            raise NotFound(f"Element instance {key} not found")
        authz.require_instance_control(ctx, caller, instance_id, found.def_name, found.created_by)
        scope = str(key) if local and str(key) != instance_id else None
        result = runtime.run_command(
            ctx, conn, instance_id, SetVariables(values, scope), actor=caller.actor
        )
    runtime.after_commit(ctx, [result])

"""Tasklist filters saved on the server: a person's own, and those shared with their groups.

The query is the web app's filter document (a JSON object); the api layer checks its fields,
this service stores it as text within `MAX_QUERY_BYTES`. Names are unique per owner. Who may
see, change or share a filter is asked of `authz`; a filter the caller may not change is
reported like a missing one.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from baton.ids import new_id
from baton.model.errors import Conflict, FieldError, InvalidInput, NotFound
from baton.model.identity import Caller
from baton.services import authz
from baton.services.context import ServiceContext
from baton.store import identity
from baton.store import saved_filters as store
from baton.store.saved_filters import SavedFilterRow

MAX_QUERY_BYTES = 16 * 1024
MAX_NAME = 200


@dataclass(frozen=True)
class SavedFilter:
    id: str
    owner_id: str
    name: str
    shared_group: str | None
    query: dict[str, Any]
    created_at: int
    updated_at: int
    mine: bool


def _view(caller: Caller, row: SavedFilterRow) -> SavedFilter:
    query = json.loads(row.query)
    return SavedFilter(
        id=row.id,
        owner_id=row.owner_id,
        name=row.name,
        shared_group=row.shared_group,
        query=query if isinstance(query, dict) else {},
        created_at=row.created_at,
        updated_at=row.updated_at,
        mine=row.owner_id == caller.id,
    )


def _checked(name: str, query: dict[str, Any]) -> tuple[str, str]:
    name = name.strip()
    if not name or len(name) > MAX_NAME:
        message = f"must be 1 to {MAX_NAME} characters"
        raise InvalidInput(f"name {message}", errors=[FieldError("name", message)])
    text = json.dumps(query, separators=(",", ":"), ensure_ascii=False)
    if len(text.encode()) > MAX_QUERY_BYTES:
        message = f"must be at most {MAX_QUERY_BYTES} bytes as JSON"
        raise InvalidInput(f"query {message}", errors=[FieldError("query", message)])
    return name, text


def _check_share(ctx: ServiceContext, caller: Caller, group: str | None) -> None:
    if group is None:
        return
    with ctx.db.read() as conn:
        exists = identity.get_group(conn, group) is not None
    authz.require_share_with(caller, group, exists)


def visible(ctx: ServiceContext, caller: Caller) -> list[SavedFilter]:
    """The caller's filters and those shared with the caller's groups, by name."""
    authz.require_filter_user(caller)
    with ctx.db.read() as conn:
        rows = store.visible_to(conn, caller.id, sorted(caller.groups))
    return [_view(caller, row) for row in rows]


def create(
    ctx: ServiceContext,
    caller: Caller,
    *,
    name: str,
    query: dict[str, Any],
    shared_group: str | None,
) -> SavedFilter:
    authz.require_filter_user(caller)
    name, text = _checked(name, query)
    _check_share(ctx, caller, shared_group)
    now = ctx.now_ms()
    row = SavedFilterRow(new_id(), caller.id, name, shared_group, text, now, now)
    with ctx.db.write() as conn:
        if store.name_taken(conn, caller.id, name, other_than=None):
            raise Conflict(f"you already have a filter named {name!r}")
        store.insert(conn, row)
    return _view(caller, row)


def _changeable(ctx: ServiceContext, caller: Caller, filter_id: str) -> SavedFilterRow:
    authz.require_filter_user(caller)
    with ctx.db.read() as conn:
        row = store.get(conn, filter_id)
    if row is None or not authz.may_change_filter(caller, row.owner_id):
        raise NotFound(f"Saved filter {filter_id} not found")
    return row


def update(
    ctx: ServiceContext,
    caller: Caller,
    filter_id: str,
    *,
    name: str,
    query: dict[str, Any],
    shared_group: str | None,
) -> SavedFilter:
    row = _changeable(ctx, caller, filter_id)
    name, text = _checked(name, query)
    if shared_group != row.shared_group:
        _check_share(ctx, caller, shared_group)
    now = ctx.now_ms()
    with ctx.db.write() as conn:
        if store.name_taken(conn, row.owner_id, name, other_than=row.id):
            raise Conflict(f"a filter named {name!r} already exists")
        store.update(conn, row.id, name=name, shared_group=shared_group, query=text, now=now)
    changed = row._replace(name=name, shared_group=shared_group, query=text, updated_at=now)
    return _view(caller, changed)


def delete(ctx: ServiceContext, caller: Caller, filter_id: str) -> None:
    row = _changeable(ctx, caller, filter_id)
    with ctx.db.write() as conn:
        store.delete(conn, row.id)

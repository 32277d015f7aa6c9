"""Shared pieces of `/v2` wire JSON: keys as strings of digits, ISO 8601 dates, the tenant,
the search-result envelope."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any, TypeVar

from baton.api.camunda.search import encode_cursor
from baton.clock import iso_ms
from baton.model.query import Page
from baton.services.tenants import DEFAULT_TENANT

T = TypeVar("T")

TENANT = DEFAULT_TENANT


def key(value: int | str | None) -> str | None:
    """A Camunda key: int64 digits as a string (None stays None)."""
    return None if value is None else str(value)


def iso(ms: int | None) -> str | None:
    """Epoch ms as ISO 8601 UTC (`2025-01-02T03:04:05.678Z`); None stays None."""
    return None if ms is None else iso_ms(ms)


def page_info(total: int, offset: int, count: int, capped: bool = False) -> dict[str, Any]:
    """`page` of a search result: cursors point at the first and last row returned;
    `hasMoreTotalItems` says `totalItems` is a lower bound (the count stopped at its cap)."""
    return {
        "totalItems": total,
        "hasMoreTotalItems": capped,
        "startCursor": encode_cursor(offset) if count else None,
        "endCursor": encode_cursor(offset + count - 1) if count else None,
    }


def search_result(page: Page[T], render: Callable[[T], dict[str, Any]]) -> dict[str, Any]:
    """`{items, page}` for one page of domain views."""
    items = [render(item) for item in page.items]
    return {"items": items, "page": page_info(page.total, page.offset, len(items), page.capped)}


def items_result(items: Iterable[dict[str, Any]], total: int, offset: int) -> dict[str, Any]:
    """`{items, page}` for items already rendered."""
    shown = list(items)
    return {"items": shown, "page": page_info(total, offset, len(shown))}

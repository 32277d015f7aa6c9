"""Camunda v2 search requests (`{filter, sort, page}`) into a `SearchQuery`, and the `page`
of the answer. Each resource names its filterable fields: wire name → (store field, how a wire
value becomes a stored one). Cursors are opaque to clients (here: the offset, encoded)."""

from __future__ import annotations

import base64
import binascii
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from baton.model.errors import FieldError, InvalidInput
from baton.model.search import Condition, Op, SearchPage, SearchQuery

MAX_LIMIT = 10_000
DEFAULT_LIMIT = 100

Convert = Callable[[Any], Any]


def text(value: Any) -> Any:
    if not isinstance(value, str):
        raise ValueError("must be a string")
    return value


def key(value: Any) -> int:
    """A Camunda key: a string (or number) of int64 digits."""
    if isinstance(value, bool) or not isinstance(value, str | int):
        raise ValueError("must be a key (a string of digits)")
    digits = str(value)
    if not digits.isdigit() or len(digits) > 19:
        raise ValueError("must be a key (a string of digits)")
    return int(digits)


def key_text(value: Any) -> str:
    return str(key(value))


def date_ms(value: Any) -> int:
    if not isinstance(value, str):
        raise ValueError("must be an ISO-8601 date-time")
    return int(datetime.fromisoformat(value.replace("Z", "+00:00")).timestamp() * 1000)


def whole(value: Any) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise ValueError("must be a whole number")
    return value


def boolean(value: Any) -> bool:
    if not isinstance(value, bool):
        raise ValueError("must be true or false")
    return value


def one_of(values: Mapping[str, Any]) -> Convert:
    """An enum: the wire value's stored value(s) (a list: any of them)."""

    def convert(value: Any) -> Any:
        if value not in values:
            raise ValueError(f"must be one of {', '.join(sorted(values))}")
        return values[value]

    return convert


@dataclass(frozen=True, slots=True)
class Field:
    store: str
    convert: Convert = text
    # a wire filter that is not a column condition (e.g. hasIncident → incident key exists)
    special: Callable[[Any], Condition] | None = None


_OPS = {op.value: op for op in Op}


def parse(body: Any, fields: Mapping[str, Field], sortable: Mapping[str, str]) -> SearchQuery:
    if body is None:
        body = {}
    if not isinstance(body, dict):
        raise InvalidInput("the search must be a JSON object")
    conditions = _filters(body.get("filter"), fields)
    sort = _sort(body.get("sort"), sortable)
    offset, limit = _page(body.get("page"))
    return SearchQuery(tuple(conditions), tuple(sort), offset, limit)


def page_json(page: SearchPage, query: SearchQuery) -> dict[str, Any]:
    count = len(page.rows)
    return {
        "totalItems": page.total,
        "hasMoreTotalItems": False,
        "startCursor": _cursor(query.offset) if count else None,
        "endCursor": _cursor(query.offset + count) if count else None,
    }


def _bad(path: str, message: str) -> InvalidInput:
    return InvalidInput(f"{path}: {message}", errors=[FieldError(path, message)])


def _filters(raw: Any, fields: Mapping[str, Field]) -> list[Condition]:
    if raw is None:
        return []
    if not isinstance(raw, dict):
        raise _bad("filter", "must be an object")
    conditions: list[Condition] = []
    for name, value in raw.items():
        field = fields.get(name)
        path = f"filter.{name}"
        if field is None:
            raise _bad(path, f"unknown filter (known: {', '.join(sorted(fields))})")
        try:
            if field.special is not None:
                conditions.append(field.special(value))
            elif isinstance(value, dict):
                conditions.extend(_advanced(field, value, path))
            else:
                conditions.append(_exact(field, value))
        except ValueError as exc:
            raise _bad(path, str(exc)) from None
    return conditions


def _exact(field: Field, value: Any) -> Condition:
    stored = field.convert(value)
    if isinstance(stored, list):
        return Condition(field.store, Op.IN, stored)
    return Condition(field.store, Op.EQ, stored)


def _advanced(field: Field, value: dict[str, Any], path: str) -> list[Condition]:
    conditions = []
    for name, operand in value.items():
        op = _OPS.get(name)
        if op is None:
            raise ValueError(f"unknown operator {name!r}")
        if op is Op.EXISTS:
            conditions.append(Condition(field.store, op, boolean(operand)))
        elif op in (Op.IN, Op.NOT_IN):
            if not isinstance(operand, list):
                raise ValueError(f"{name} needs a list")
            values: list[Any] = []
            for item in operand:
                stored = field.convert(item)
                values.extend(stored if isinstance(stored, list) else [stored])
            conditions.append(Condition(field.store, op, values))
        elif op is Op.LIKE:
            conditions.append(Condition(field.store, op, text(operand)))
        else:
            stored = field.convert(operand)
            if isinstance(stored, list):
                op = Op.IN if op is Op.EQ else Op.NOT_IN
            conditions.append(Condition(field.store, op, stored))
    return conditions


def _sort(raw: Any, sortable: Mapping[str, str]) -> list[tuple[str, bool]]:
    if raw is None:
        return []
    if not isinstance(raw, list):
        raise _bad("sort", "must be a list of {field, order}")
    out = []
    for i, item in enumerate(raw):
        name = item.get("field") if isinstance(item, dict) else None
        if not isinstance(name, str) or name not in sortable:
            raise _bad(f"sort[{i}].field", f"must be one of {', '.join(sorted(sortable))}")
        order = str(item.get("order") or "ASC").upper()
        if order not in ("ASC", "DESC"):
            raise _bad(f"sort[{i}].order", "must be ASC or DESC")
        out.append((sortable[name], order == "DESC"))
    return out


def _page(raw: Any) -> tuple[int, int]:
    if raw is None:
        return 0, DEFAULT_LIMIT
    if not isinstance(raw, dict):
        raise _bad("page", "must be an object")
    limit = raw.get("limit", DEFAULT_LIMIT)
    if isinstance(limit, bool) or not isinstance(limit, int) or not 1 <= limit <= MAX_LIMIT:
        raise _bad("page.limit", f"must be a whole number from 1 to {MAX_LIMIT}")
    if raw.get("after") is not None:
        return _offset(raw["after"], "page.after"), limit
    if raw.get("before") is not None:
        return max(_offset(raw["before"], "page.before") - limit, 0), limit
    start = raw.get("from", 0)
    if isinstance(start, bool) or not isinstance(start, int) or start < 0:
        raise _bad("page.from", "must be a whole number from 0")
    return start, limit


def _cursor(offset: int) -> str:
    return base64.urlsafe_b64encode(f"o:{offset}".encode()).decode()


def _offset(cursor: Any, path: str) -> int:
    try:
        decoded = base64.urlsafe_b64decode(str(cursor).encode()).decode()
    except (binascii.Error, UnicodeDecodeError, ValueError):
        decoded = ""
    if not decoded.startswith("o:") or not decoded[2:].isdigit():
        raise _bad(path, "is not a cursor this server gave")
    return int(decoded[2:])

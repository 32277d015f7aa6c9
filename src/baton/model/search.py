"""A search over rows, notation- and SQL-free: conditions on named fields, a sort, a page.

API adapters parse their wire queries into this; the store turns it into SQL over the fields
it knows (an unknown field is refused before any query runs)."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any


class Op(StrEnum):
    EQ = "$eq"
    NEQ = "$neq"
    IN = "$in"
    NOT_IN = "$notIn"
    EXISTS = "$exists"
    LIKE = "$like"  # `*` any run of characters, `?` one character
    GT = "$gt"
    GTE = "$gte"
    LT = "$lt"
    LTE = "$lte"


@dataclass(frozen=True, slots=True)
class Condition:
    field: str
    op: Op
    value: Any


@dataclass(frozen=True, slots=True)
class SearchQuery:
    conditions: tuple[Condition, ...] = ()
    sort: tuple[tuple[str, bool], ...] = ()  # (field, descending)
    offset: int = 0
    limit: int = 100
    owner: str | None = None  # only instances started by this principal (authorization)


@dataclass(frozen=True, slots=True)
class SearchPage:
    rows: list[dict[str, Any]] = field(default_factory=list)
    total: int = 0

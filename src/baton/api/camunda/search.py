"""The request half of every `/v2/.../search`: `{filter, sort, page}` into a `Query`.

Each resource declares a `SearchSpec`: its filter fields (wire name → kind and domain
name), its sortable fields and its variable-list filters. A filter value is a literal
(meaning `$eq`) or an object of operators — strings `$eq $neq $exists $in $notIn $like`,
numbers and dates also `$gt $gte $lt $lte`. Variable lists (`[{name, value}]`) take the
variable's JSON text or operators on it, compared as JSON values (`model.query.json_matches`).
Sort is `[{field, order}]` with order ASC/DESC in either case. Page is `{from, limit}`,
`{after, limit}` or `{before, limit}`;
cursors are opaque to clients (here: a position, encoded). Everything wrong is reported at
once as one 400 that changes nothing; an unknown filter or sort field is wrong (as in Camunda),
a null filter value is no filter, and a tenant other than the default one matches nothing.
"""

from __future__ import annotations

import base64
import binascii
import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from enum import Enum
from typing import Any

from baton.clock import epoch_ms
from baton.model.errors import FieldError, InvalidInput
from baton.model.query import (
    NEVER,
    Condition,
    Op,
    PageRequest,
    Query,
    SortKey,
    VariableCondition,
    like_regex,
    matches,
)
from baton.services.tenants import DEFAULT_TENANT

DEFAULT_LIMIT = 100
MAX_LIMIT = 10_000  # Camunda's page limit
MAX_OFFSET = 1_000_000
MAX_IN_VALUES = 1000
MAX_KEY = 2**63 - 1


class Kind(Enum):
    STRING = "string"
    KEY = "key"  # an int64 key: a string of digits (numbers tolerated), kept as text
    INT = "int"
    DATE = "date"  # ISO 8601 date-time, kept as epoch ms
    BOOL = "bool"
    ENUM = "enum"  # one of `values`
    TENANT = "tenant"  # only the default tenant exists: it matches all, others nothing
    TAGS = "tags"  # a list of tags; nothing here has tags, so only [] matches


_OPS: dict[Kind, frozenset[Op]] = {
    Kind.STRING: frozenset({Op.EQ, Op.NEQ, Op.EXISTS, Op.IN, Op.NOT_IN, Op.LIKE}),
    Kind.KEY: frozenset({Op.EQ, Op.NEQ, Op.EXISTS, Op.IN, Op.NOT_IN}),
    Kind.INT: frozenset({Op.EQ, Op.NEQ, Op.EXISTS, Op.IN, Op.GT, Op.GTE, Op.LT, Op.LTE}),
    Kind.DATE: frozenset({Op.EQ, Op.NEQ, Op.EXISTS, Op.IN, Op.GT, Op.GTE, Op.LT, Op.LTE}),
    Kind.BOOL: frozenset({Op.EQ, Op.NEQ, Op.EXISTS}),
    Kind.ENUM: frozenset({Op.EQ, Op.NEQ, Op.EXISTS, Op.IN, Op.NOT_IN, Op.LIKE}),
    Kind.TENANT: frozenset({Op.EQ, Op.NEQ, Op.EXISTS, Op.IN, Op.NOT_IN, Op.LIKE}),
    Kind.TAGS: frozenset({Op.EQ}),
}
_VARIABLE_OPS = _OPS[Kind.STRING] | {Op.GT, Op.GTE, Op.LT, Op.LTE}
_BY_WIRE = {f"${op.value}": op for op in Op}


@dataclass(frozen=True)
class FilterField:
    kind: Kind
    to: str | None = None  # the domain field name; defaults to the wire name
    values: frozenset[str] = frozenset()  # for ENUM
    # for ENUM: the domain values each wire value stands for (conditions become IN/NOT_IN)
    means: Mapping[str, Sequence[Any]] | None = None


def enum(means: Mapping[str, Sequence[Any]], to: str | None = None) -> FilterField:
    """An ENUM whose wire values stand for (possibly several) domain values."""
    return FilterField(Kind.ENUM, to=to, values=frozenset(means), means=means)


@dataclass(frozen=True)
class SearchSpec:
    filters: Mapping[str, FilterField]
    sort: Mapping[str, str]  # wire field -> domain field
    variables: Mapping[str, str] = field(default_factory=dict)  # wire list -> domain name
    default_sort: tuple[SortKey, ...] = ()


def encode_cursor(position: int) -> str:
    """Standard padded base64: the Camunda clients check cursors against that alphabet."""
    return base64.b64encode(json.dumps([position]).encode()).decode()


def decode_cursor(cursor: Any) -> int | None:
    if not isinstance(cursor, str) or not cursor:
        return None
    try:
        raw = base64.b64decode(cursor + "=" * (-len(cursor) % 4), validate=True)
        value = json.loads(raw)
    except (binascii.Error, ValueError):
        return None
    if (
        isinstance(value, list)
        and len(value) == 1
        and isinstance(value[0], int)
        and not isinstance(value[0], bool)
        and 0 <= value[0] <= MAX_OFFSET
    ):
        return value[0]
    return None


def parse_search(body: Any, spec: SearchSpec) -> Query:
    """A search body (None or `{}` = everything, first page) as a `Query`, or one 400."""
    errors: list[FieldError] = []
    if body is None:
        body = {}
    if not isinstance(body, dict):
        raise InvalidInput("a search request is a JSON object {filter, sort, page}")
    for extra in sorted(set(body) - {"filter", "sort", "page"}):
        errors.append(FieldError(extra, "unknown property: send filter, sort and page"))
    conditions, variables = _filter(body.get("filter"), spec, errors)
    sort = _sort(body.get("sort"), spec, errors)
    page = _page(body.get("page"), errors)
    if errors:
        summary = "; ".join(f"{e.path}: {e.message}" for e in errors[:5])
        raise InvalidInput(f"invalid search request: {summary}", errors=errors)
    return Query(
        conditions=tuple(conditions),
        variables=variables,
        sort=sort or spec.default_sort,
        page=page,
    )


def _filter(
    raw: Any, spec: SearchSpec, errors: list[FieldError]
) -> tuple[list[Condition], dict[str, tuple[VariableCondition, ...]]]:
    conditions: list[Condition] = []
    variables: dict[str, tuple[VariableCondition, ...]] = {}
    if raw is None:
        return conditions, variables
    if not isinstance(raw, dict):
        errors.append(FieldError("filter", "must be an object"))
        return conditions, variables
    for name, value in raw.items():
        path = f"filter.{name}"
        if name in spec.variables:
            variables[spec.variables[name]] = tuple(_variables(value, path, errors))
            continue
        declared = spec.filters.get(name)
        if declared is None:
            known = ", ".join(sorted([*spec.filters, *spec.variables]))
            errors.append(FieldError(path, f"unknown filter; known: {known}"))
            continue
        if value is None:
            continue
        for op, operand in _operators(value, _OPS[declared.kind], path, errors):
            typed = _typed(op, operand, declared, path, errors)
            if typed is _BAD:
                continue
            condition = Condition(declared.to or name, op, typed)
            if declared.kind in (Kind.TENANT, Kind.TAGS):
                # every row is in the one tenant and has no tags
                actual = DEFAULT_TENANT if declared.kind is Kind.TENANT else ()
                if not matches(condition, actual):
                    conditions.append(NEVER)
            elif declared.means is not None:
                conditions.append(_meant(condition, declared.means))
            else:
                conditions.append(condition)
    return conditions, variables


def _meant(condition: Condition, means: Mapping[str, Sequence[Any]]) -> Condition:
    """A condition on an enum's wire values as one on the domain values they stand for."""
    op, value = condition.op, condition.value
    if op is Op.EXISTS:
        return condition
    if op is Op.LIKE:
        op, value = Op.IN, tuple(name for name in means if like_regex(value).fullmatch(name))
    names = value if op in (Op.IN, Op.NOT_IN) else (value,)
    stored = tuple(dict.fromkeys(v for name in names for v in means[name]))
    negative = op in (Op.NEQ, Op.NOT_IN)
    return Condition(condition.field, Op.NOT_IN if negative else Op.IN, stored)


_BAD = object()


def _operators(
    value: Any, ops: frozenset[Op], path: str, errors: list[FieldError]
) -> list[tuple[Op, Any]]:
    if not isinstance(value, dict):
        return [(Op.EQ, value)]
    found: list[tuple[Op, Any]] = []
    for wire, operand in value.items():
        op = _BY_WIRE.get(wire)
        if op is None or op not in ops:
            allowed = " ".join(sorted(f"${o.value}" for o in ops))
            errors.append(FieldError(f"{path}.{wire}", f"unknown operator; use {allowed}"))
            continue
        found.append((op, operand))
    if not value:
        errors.append(FieldError(path, "an empty operator object"))
    return found


def _typed(op: Op, operand: Any, declared: FilterField, path: str, errors: list[FieldError]) -> Any:
    where = f"{path}.${op.value}" if op is not Op.EQ else path
    if op is Op.EXISTS:
        if not isinstance(operand, bool):
            errors.append(FieldError(where, "must be true or false"))
            return _BAD
        return operand
    if op in (Op.IN, Op.NOT_IN):
        if not isinstance(operand, list) or len(operand) > MAX_IN_VALUES:
            errors.append(FieldError(where, f"must be a list of at most {MAX_IN_VALUES} values"))
            return _BAD
        items = [_scalar(item, declared, where, errors) for item in operand]
        return _BAD if any(i is _BAD for i in items) else tuple(items)
    if op is Op.LIKE:
        if not isinstance(operand, str):
            errors.append(FieldError(where, "must be a text pattern (* and ? wildcards)"))
            return _BAD
        return operand
    return _scalar(operand, declared, where, errors)


def _scalar(value: Any, declared: FilterField, path: str, errors: list[FieldError]) -> Any:
    kind = declared.kind
    if kind is Kind.STRING and isinstance(value, str):
        return value
    if kind is Kind.KEY:
        text = str(value) if isinstance(value, int) and not isinstance(value, bool) else value
        if isinstance(text, str) and text.isdigit() and int(text) <= MAX_KEY:
            return text
        errors.append(FieldError(path, "must be a key: a string of digits"))
        return _BAD
    if kind is Kind.INT and isinstance(value, int) and not isinstance(value, bool):
        return value
    if kind is Kind.BOOL and isinstance(value, bool):
        return value
    if kind is Kind.DATE:
        moment = parse_date(value)
        if moment is None:
            errors.append(FieldError(path, "must be an ISO 8601 date-time with an offset"))
            return _BAD
        return moment
    if kind is Kind.ENUM and isinstance(value, str):
        if value in declared.values:
            return value
        errors.append(FieldError(path, f"must be one of {', '.join(sorted(declared.values))}"))
        return _BAD
    if kind is Kind.TENANT and isinstance(value, str):
        return value
    if kind is Kind.TAGS and isinstance(value, list) and all(isinstance(t, str) for t in value):
        return tuple(value)
    errors.append(FieldError(path, f"must be a {kind.value}"))
    return _BAD


def parse_date(value: Any) -> int | None:
    """An ISO 8601 date-time with a zone (`Z` or an offset) as epoch ms."""
    if not isinstance(value, str):
        return None
    try:
        moment = datetime.fromisoformat(value.replace("Z", "+00:00").replace("z", "+00:00"))
    except ValueError:
        return None
    if moment.tzinfo is None:
        return None
    return epoch_ms(moment)


def _variables(raw: Any, path: str, errors: list[FieldError]) -> list[VariableCondition]:
    """`[{name, value}]`: value is the variable's JSON text, or operators whose operands
    are JSON texts (a `$like` pattern, on string values, bare or in JSON quotes)."""
    if not isinstance(raw, list):
        errors.append(FieldError(path, "must be a list of {name, value}"))
        return []
    found: list[VariableCondition] = []
    text = FilterField(Kind.STRING)
    for index, item in enumerate(raw):
        where = f"{path}[{index}]"
        if not isinstance(item, dict) or not isinstance(item.get("name"), str):
            errors.append(FieldError(where, "must be {name, value} with a text name"))
            continue
        if "value" not in item or item["value"] is None:
            errors.append(FieldError(f"{where}.value", "required"))
            continue
        at = f"{where}.value"
        for op, operand in _operators(item["value"], _VARIABLE_OPS, at, errors):
            typed = _typed(op, operand, text, at, errors)
            if typed is _BAD:
                continue
            if op in (Op.IN, Op.NOT_IN):
                typed = tuple(json_value(v) for v in typed)
            elif op is Op.LIKE:  # on string values: JSON quotes around the pattern drop
                typed = typed.removeprefix('"').removesuffix('"')
            elif op is not Op.EXISTS:
                typed = json_value(typed)
            if op in (Op.GT, Op.GTE, Op.LT, Op.LTE) and (
                isinstance(typed, bool) or not isinstance(typed, int | float | str)
            ):
                errors.append(FieldError(f"{at}.${op.value}", "compares with a number or a string"))
                continue
            found.append(VariableCondition(item["name"], Condition("value", op, typed)))
    return found


def json_value(text: str) -> Any:
    """A variable value as sent, JSON text; a bare word that is not JSON is that string."""
    try:
        return json.loads(text)
    except ValueError:
        return text


def _sort(raw: Any, spec: SearchSpec, errors: list[FieldError]) -> tuple[SortKey, ...]:
    if raw is None:
        return ()
    if not isinstance(raw, list):
        errors.append(FieldError("sort", "must be a list of {field, order}"))
        return ()
    keys: list[SortKey] = []
    for index, item in enumerate(raw):
        where = f"sort[{index}]"
        if not isinstance(item, dict) or item.get("field") not in spec.sort:
            known = ", ".join(sorted(spec.sort))
            errors.append(FieldError(f"{where}.field", f"must be one of {known}"))
            continue
        order = item.get("order") or "ASC"
        if not isinstance(order, str) or order.upper() not in ("ASC", "DESC"):
            errors.append(FieldError(f"{where}.order", "must be ASC or DESC"))
            continue
        keys.append(SortKey(spec.sort[item["field"]], descending=order.upper() == "DESC"))
    return tuple(keys)


def _page(raw: Any, errors: list[FieldError]) -> PageRequest:
    if raw is None:
        return PageRequest(0, DEFAULT_LIMIT)
    if not isinstance(raw, dict):
        errors.append(FieldError("page", "must be an object {from|after|before, limit}"))
        return PageRequest()
    for extra in sorted(set(raw) - {"from", "limit", "after", "before"}):
        errors.append(FieldError(f"page.{extra}", "unknown property"))
    limit = raw.get("limit", DEFAULT_LIMIT)
    if not isinstance(limit, int) or isinstance(limit, bool) or not 1 <= limit <= MAX_LIMIT:
        errors.append(FieldError("page.limit", f"must be a whole number from 1 to {MAX_LIMIT}"))
        limit = DEFAULT_LIMIT
    given = [name for name in ("from", "after", "before") if raw.get(name) is not None]
    if len(given) > 1:
        errors.append(FieldError("page", "send one of from, after and before"))
        return PageRequest(0, limit)
    if not given:
        return PageRequest(0, limit)
    name = given[0]
    if name == "from":
        start = raw["from"]
        if not isinstance(start, int) or isinstance(start, bool) or not 0 <= start <= MAX_OFFSET:
            errors.append(FieldError("page.from", f"must be a whole number from 0 to {MAX_OFFSET}"))
            return PageRequest(0, limit)
        return PageRequest(start, limit)
    position = decode_cursor(raw[name])
    if position is None:
        errors.append(FieldError(f"page.{name}", "not a cursor this server gave out"))
        return PageRequest(0, limit)
    if name == "after":
        return PageRequest(position + 1, limit)
    # before: the `limit` rows just ahead of the cursor's row (none before the first)
    return PageRequest(max(position - limit, 0), min(limit, position))

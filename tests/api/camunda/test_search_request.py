"""The shared `/v2` search-request parser: filters (literal or operators), sort, paging."""

from __future__ import annotations

import pytest

from baton.api.camunda.render import page_info
from baton.api.camunda.search import (
    FilterField,
    Kind,
    SearchSpec,
    decode_cursor,
    encode_cursor,
    parse_search,
)
from baton.model.errors import InvalidInput
from baton.model.query import NEVER, Condition, Op, PageRequest, SortKey, json_matches, matches

SPEC = SearchSpec(
    filters={
        "processInstanceKey": FilterField(Kind.KEY, to="instance_key"),
        "name": FilterField(Kind.STRING),
        "version": FilterField(Kind.INT),
        "startDate": FilterField(Kind.DATE, to="started"),
        "hasIncident": FilterField(Kind.BOOL),
        "state": FilterField(Kind.ENUM, values=frozenset({"ACTIVE", "COMPLETED"})),
        "tenantId": FilterField(Kind.TENANT),
    },
    sort={"startDate": "started", "name": "name"},
    variables={"variables": "process"},
)


def test_literal_filters_mean_eq_and_keys_become_digit_strings() -> None:
    query = parse_search(
        {"filter": {"processInstanceKey": 2251799813685249, "name": "a", "hasIncident": False}},
        SPEC,
    )
    assert query.conditions == (
        Condition("instance_key", Op.EQ, "2251799813685249"),
        Condition("name", Op.EQ, "a"),
        Condition("hasIncident", Op.EQ, False),
    )


def test_advanced_operators_are_typed() -> None:
    query = parse_search(
        {
            "filter": {
                "version": {"$gte": 2, "$in": [2, 3]},
                "startDate": {"$lt": "2025-01-01T00:00:00Z"},
                "name": {"$like": "ord*", "$exists": True},
                "state": {"$notIn": ["COMPLETED"]},
            }
        },
        SPEC,
    )
    assert Condition("version", Op.GTE, 2) in query.conditions
    assert Condition("version", Op.IN, (2, 3)) in query.conditions
    assert Condition("started", Op.LT, 1735689600000) in query.conditions
    assert Condition("name", Op.LIKE, "ord*") in query.conditions
    assert Condition("state", Op.NOT_IN, ("COMPLETED",)) in query.conditions


def test_every_problem_is_reported_at_once() -> None:
    with pytest.raises(InvalidInput) as caught:
        parse_search(
            {
                "filter": {
                    "nope": 1,
                    "version": {"$like": "x"},
                    "startDate": "yesterday",
                    "state": "RUNNING",
                    "processInstanceKey": "abc",
                },
                "sort": [{"field": "color"}],
                "page": {"limit": 0},
                "extra": True,
            },
            SPEC,
        )
    paths = {e.path for e in caught.value.errors}
    assert paths == {
        "extra",
        "filter.nope",
        "filter.version.$like",
        "filter.startDate",
        "filter.state",
        "filter.processInstanceKey",
        "sort[0].field",
        "page.limit",
    }


def test_other_tenants_match_nothing_the_default_one_matches_all() -> None:
    """As in Camunda, a tenant filter is a filter: another tenant finds nothing (not a 400)."""
    assert parse_search({"filter": {"tenantId": "<default>"}}, SPEC).conditions == ()
    assert (
        parse_search({"filter": {"tenantId": {"$in": ["<default>", "b"]}}}, SPEC).conditions == ()
    )
    assert parse_search({"filter": {"tenantId": "acme"}}, SPEC).conditions == (NEVER,)
    assert parse_search({"filter": {"tenantId": {"$neq": "<default>"}}}, SPEC).conditions == (
        NEVER,
    )


def test_sort_accepts_lower_case_order_and_defaults_ascending() -> None:
    query = parse_search(
        {"sort": [{"field": "startDate", "order": "desc"}, {"field": "name"}]}, SPEC
    )
    assert query.sort == (SortKey("started", True), SortKey("name", False))
    with pytest.raises(InvalidInput):
        parse_search({"sort": [{"field": "name", "order": "up"}]}, SPEC)


def test_variable_filters_compare_json_values() -> None:
    query = parse_search(
        {
            "filter": {
                "variables": [
                    {"name": "order", "value": '{"id": 1}'},
                    {"name": "city", "value": {"$like": '"Ber*'}},
                    {"name": "amount", "value": {"$gt": "250"}},
                ]
            }
        },
        SPEC,
    )
    order, city, amount = query.variables["process"]
    assert order.test == Condition("value", Op.EQ, {"id": 1})
    assert json_matches(city.test, "Berlin", present=True)
    assert not json_matches(city.test, "Paris", present=True)
    assert json_matches(amount.test, 300.5, present=True)
    assert not json_matches(amount.test, "300", present=True)  # a string is not a number
    assert not json_matches(Condition("value", Op.EQ, 1), True, present=True)


def test_variable_ranges_take_a_number_or_a_string() -> None:
    with pytest.raises(InvalidInput, match="number or a string"):
        parse_search({"filter": {"variables": [{"name": "a", "value": {"$lt": "[1]"}}]}}, SPEC)


def test_paging_from_and_cursors_walk_the_results() -> None:
    assert parse_search({}, SPEC).page == PageRequest(0, 100)
    assert parse_search({"page": {"from": 20, "limit": 10}}, SPEC).page == PageRequest(20, 10)
    first = page_info(total=25, offset=0, count=10)
    after = parse_search({"page": {"after": first["endCursor"], "limit": 10}}, SPEC).page
    assert after == PageRequest(10, 10)
    second = page_info(total=25, offset=10, count=10)
    before = parse_search({"page": {"before": second["startCursor"], "limit": 10}}, SPEC).page
    assert before == PageRequest(0, 10)
    assert decode_cursor(encode_cursor(7)) == 7
    with pytest.raises(InvalidInput, match="cursor"):
        parse_search({"page": {"after": "garbage!"}}, SPEC)
    with pytest.raises(InvalidInput):
        parse_search({"page": {"from": 0, "after": first["endCursor"]}}, SPEC)


def test_empty_result_page_has_null_cursors() -> None:
    assert page_info(0, 0, 0) == {
        "totalItems": 0,
        "hasMoreTotalItems": False,
        "startCursor": None,
        "endCursor": None,
    }


@pytest.mark.parametrize(
    ("op", "want", "actual", "present", "expected"),
    [
        (Op.EXISTS, True, None, False, False),
        (Op.EXISTS, False, None, False, True),
        (Op.NEQ, "a", None, False, True),
        (Op.GT, 3, 4, True, True),
        (Op.GT, 3, "x", True, False),
        (Op.LIKE, r"a\*", "a*", True, True),
        (Op.LIKE, "a?c", "abc", True, True),
    ],
)
def test_in_memory_matching(
    op: Op, want: object, actual: object, present: bool, expected: bool
) -> None:
    assert matches(Condition("f", op, want), actual, present=present) is expected
